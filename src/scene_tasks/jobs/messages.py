"""Delivering messages: one job per recorded message, the code fallback check, and the stalled sweep."""

from __future__ import annotations

from uuid import UUID

from scene_api.domain.messaging import delivery
from scene_tasks.context import JobContext


async def deliver_message(ctx: JobContext, *, delivery_id: str) -> str:
    """Send one recorded message; a second run (or a duplicate job) finds it claimed and does nothing."""
    return await delivery.deliver(ctx["runtime"], UUID(delivery_id))


async def check_code_delivery(ctx: JobContext, *, delivery_id: str) -> str:
    """A sign-in code still undelivered after the fallback delay goes on the next channel."""
    return await delivery.check_code(ctx["runtime"], UUID(delivery_id))


async def requeue_stalled_messages(ctx: JobContext) -> int:
    """Every minute: messages whose job died mid-send, or never reached the queue, are queued again."""
    return await delivery.requeue_stalled(ctx["runtime"])

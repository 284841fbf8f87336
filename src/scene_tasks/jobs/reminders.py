"""Reminders before things with a time: which are due and to whom is `ReminderService`
(`scene_api.domain.notifications.reminders`); these jobs only run it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from scene_api.services import provide_services
from scene_tasks.context import JobContext


async def remind_activity(ctx: JobContext, *, activity_id: str, starts_at: str) -> int:
    """Scheduled when an activity is created: its host and everyone approved, unless it was
    cancelled or moved."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.reminders.remind_activity(UUID(activity_id), datetime.fromisoformat(starts_at))


async def sweep_reminders(ctx: JobContext) -> int:
    """Every minute: every reminder that is due and not sent yet."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.reminders.sweep()

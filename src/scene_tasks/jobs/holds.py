"""Court holds that were not confirmed in time: expired at their deadline, and swept up every minute."""

from __future__ import annotations

from uuid import UUID

from scene_api.services import provide_services
from scene_tasks.context import JobContext


async def expire_hold(ctx: JobContext, *, booking_id: str) -> bool:
    """Scheduled at the hold's deadline: expire it if it is still held. A confirmed, cancelled or
    already expired booking is left alone, so a second run changes nothing."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.bookings.expire_hold(UUID(booking_id))


async def sweep_expired_holds(ctx: JobContext) -> int:
    """Expire every hold past its deadline: those whose job never ran (the worker was down)."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.bookings.expire_stale_holds()

"""Activities still not full at their host's cut-off (1 or 2 hours before the start) are called off."""

from __future__ import annotations

import logging
from uuid import UUID

from scene_api.lib.errors import DomainError
from scene_api.services import provide_services
from scene_tasks.context import JobContext

log = logging.getLogger(__name__)


async def cancel_underfilled_activity(ctx: JobContext, *, activity_id: str) -> bool:
    """Scheduled at the cut-off: cancel the activity if it is still not full. An activity that filled
    up, was moved, cancelled or already called off is left alone, so a second run changes nothing."""
    async with provide_services(ctx["runtime"]) as services:
        return await services.underfill.cancel_if_underfilled(UUID(activity_id))


async def sweep_underfilled_activities(ctx: JobContext) -> int:
    """Every minute: the activities whose cut-off passed without their job (the worker was down),
    each cancelled in a unit of work of its own so that one refusal does not hold up the others."""
    async with provide_services(ctx["runtime"]) as services:
        due = await services.underfill.due()
    cancelled = 0
    for activity_id in due:
        try:
            async with provide_services(ctx["runtime"]) as services:
                cancelled += await services.underfill.cancel_if_underfilled(activity_id)
        except DomainError:
            log.exception("could not call off under-filled activity %s", activity_id)
    return cancelled

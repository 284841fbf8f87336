"""Under-filled activities are called off: a host may choose to cancel automatically when the
activity is still not full 1 or 2 hours before it starts (`underfill_cancel_hours`).

A job is scheduled at each activity's cut-off (again whenever the host moves the activity or changes
the choice; a job for an old cut-off finds nothing to do) and a sweep every minute catches what a
stopped worker missed. Cancelling locks the activity, so it never races a join or a host's own
cancel; everyone in and the host are told once (dedupe key), the court hold is released and shares
paid online are refunded. Running twice changes nothing: a cancelled activity is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services


def underfill_cutoff(activity: m.Activity) -> datetime | None:
    """When the activity is cancelled unless it is full by then; None when the host did not ask."""
    if activity.underfill_cancel_hours is None:
        return None
    return activity.starts_at - timedelta(hours=activity.underfill_cancel_hours)


def check_underfill_choice(starts_at: datetime, hours: int | None) -> None:
    """The cut-off must still be ahead, or the activity would be cancelled the moment it is saved."""
    if hours is not None and starts_at - timedelta(hours=hours) <= utcnow():
        raise InvalidInput(
            Message("errors_activities.cutoff_passed", hours=hours),
            field="underfill_cancel_hours",
        )


def underfilled(activity: m.Activity) -> bool:
    return activity.seats_taken < activity.capacity


class UnderfillService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    def schedule(self, activity: m.Activity) -> None:
        """A job at the activity's cut-off (none when the host did not ask for one)."""
        cutoff = underfill_cutoff(activity)
        if cutoff is None:
            return
        self.services.jobs.add(
            "cancel_underfilled_activity",
            key=f"activity:{activity.id}:underfill:{int(cutoff.timestamp())}",
            scheduled=cutoff.timestamp(),
            activity_id=str(activity.id),
        )

    async def cancel_if_underfilled(self, activity_id: UUID) -> bool:
        """Cancel the activity if its cut-off has passed, it has not started and it is not full;
        answers whether it did."""
        activity = await self.session.scalar(
            sa.select(m.Activity).where(m.Activity.id == activity_id).with_for_update()
        )
        now = utcnow()
        if activity is None or activity.status != m.ActivityStatus.OPEN or activity.starts_at <= now:
            return False
        cutoff = underfill_cutoff(activity)
        if cutoff is None or cutoff > now or not underfilled(activity):
            return False
        await self.services.activities.call_off(activity, actor=None)
        await self.services.activities.tell_participants(
            activity,
            "activity_underfilled",
            Message("notify.cancelled", title=activity.title),
            body=Message(
                "notify.underfilled", taken=activity.seats_taken, capacity=activity.capacity, cutoff=cutoff
            ),
            dedupe_key=f"activity_underfilled:{activity.id}",
            with_host=True,
        )
        return True

    async def due(self) -> list[UUID]:
        """Open, under-filled activities past their cut-off that have not started: the sweep cancels
        each in a unit of work of its own (the worker may have been down at the cut-off)."""
        now = utcnow()
        hours_before = sa.func.make_interval(0, 0, 0, 0, m.Activity.underfill_cancel_hours)
        due = await self.session.scalars(
            sa.select(m.Activity.id)
            .where(
                m.Activity.status == m.ActivityStatus.OPEN,
                m.Activity.underfill_cancel_hours.is_not(None),
                m.Activity.starts_at > now,
                m.Activity.starts_at - hours_before <= now,
                m.Activity.seats_taken < m.Activity.capacity,
            )
            .order_by(m.Activity.starts_at)
        )
        return list(due)

"""Match + court in one flow: the host of an activity at a venue holds one of its courts for it.

The court is an ordinary booking of the host's with `activity_id` set, made through the bookings
service under the court's row lock. Its hold lasts while the activity fills instead of the usual
minutes: `hold_expires_at` is moved to the activity's under-fill cut-off (or, without one, to the
start), so the booking stays `held` all along and the exclusion constraint keeps guarding the
court; no new state is needed, and the expiry job and sweep release it at that deadline if the
host never confirmed it. The host confirms it like any hold: paying online (payments, purpose
`booking`) or choosing pay at venue. Cancelling the activity (the host, or the under-fill job)
releases a court still on hold; a confirmed court stays the host's booking, cancelled under the
usual policy. An activity holds at most one live court (`uq_bookings_live_activity`), and while it
does its time cannot move.

Lock order: the activity row, then the court row (holding) or the booking row (releasing).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.underfill import underfill_cutoff
from scene_api.domain.bookings import schemas as bs
from scene_api.domain.bookings.services import check_slot_start
from scene_api.domain.bookings.states import BOOKINGS
from scene_api.domain.venues.availability import interval
from scene_api.i18n import Message, words
from scene_api.lib.errors import Conflict, InvalidInput, NotFound
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.BookingStatus
LIVE = (Status.HELD, Status.CONFIRMED, Status.CHECKED_IN)


def slot_during(slot_start: datetime, slot_end: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether an activity (`starts_at` to `ends_at`) may hold this court slot: they overlap."""
    return slot_start < ends_at and slot_end > starts_at


class ActivityCourtService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    async def hold(self, actor: m.User, activity_id: UUID, data: bs.BookingCreate) -> bs.Booking:
        """Hold a court of the activity's venue for it, until the activity's cut-off."""
        activity = await self.services.activities.load_hosted(actor, activity_id, for_update=True)
        if activity.status != m.ActivityStatus.OPEN or activity.starts_at <= utcnow():
            raise Conflict(Message("errors_activities.not_open"), code="activity_closed")
        if activity.venue_id is None:
            raise Conflict(Message("errors_activities.needs_venue"), code="no_venue")
        check_slot_start(data.starts_at)
        slot_end = data.starts_at + timedelta(minutes=data.duration_minutes)
        if not slot_during(data.starts_at, slot_end, activity.starts_at, activity.ends_at):
            raise InvalidInput(Message("errors_activities.slot_during_activity"), field="starts_at")
        held = await self.live_booking(activity)
        if held is not None:
            raise Conflict(
                Message("errors_activities.court_already_held", status=words.status(held.status)),
                code="court_already_held",
            )
        court, venue = await self.services.bookings.lock_court(data.court_id)
        if court.venue_id != activity.venue_id:
            raise InvalidInput(Message("errors_activities.court_elsewhere"), field="court_id")
        booking = await self.services.bookings.place_hold(
            actor,
            court,
            venue,
            data.starts_at,
            data.duration_minutes,
            hold_until=self._deadline(activity, data.starts_at),
            activity_id=activity.id,
        )
        self.services.bookings.schedule_expiry(booking, renewed=True)
        return await self.services.bookings.to_schema(booking, viewer=actor)

    def _deadline(self, activity: m.Activity, slot_start: datetime) -> datetime:
        """Until the cut-off (or the start of the activity or the slot, whichever is first), and at
        least an ordinary hold's minutes."""
        until = min(underfill_cutoff(activity) or activity.starts_at, activity.starts_at, slot_start)
        return max(until, utcnow() + timedelta(minutes=self.settings.hold_minutes))

    async def get(self, actor: m.User, activity_id: UUID) -> bs.Booking:
        """The court the activity holds, for its host."""
        activity = await self.services.activities.load_hosted(actor, activity_id)
        booking = await self.live_booking(activity)
        if booking is None:
            raise NotFound(Message("errors_activities.no_court"))
        return await self.services.bookings.to_schema(booking, viewer=actor)

    async def release(self, actor: m.User, activity_id: UUID) -> bs.Booking:
        """The host lets the court go: cancelled like any of their bookings (a confirmed one only
        within the free cancellation window, refunded when it was paid online)."""
        activity = await self.services.activities.load_hosted(actor, activity_id, for_update=True)
        booking = await self.live_booking(activity)
        if booking is None:
            raise NotFound(Message("errors_activities.no_court"))
        return await self.services.bookings.cancel(actor, booking.id)

    async def live_booking(self, activity: m.Activity) -> m.Booking | None:
        return await self.session.scalar(
            sa.select(m.Booking).where(m.Booking.activity_id == activity.id, m.Booking.status.in_(LIVE))
        )

    async def check_can_move(self, activity: m.Activity) -> None:
        if await self.live_booking(activity) is not None:
            raise Conflict(
                Message("errors_activities.court_booked_for_time"),
                code="court_booked",
            )

    async def follow(self, activity: m.Activity) -> None:
        """The host changed the cut-off: a court still on hold now lasts until the new one."""
        booking = await self._locked_hold(activity)
        if booking is None or booking.hold_expires_at is None or booking.hold_expires_at <= utcnow():
            return  # a hold past its deadline is not brought back
        booking.hold_expires_at = self._deadline(activity, interval(booking.period)[0])
        self.services.bookings.schedule_expiry(booking, renewed=True)

    async def release_for(self, activity: m.Activity) -> None:
        """The activity was cancelled: a court still on hold goes back on sale."""
        booking = await self._locked_hold(activity)
        if booking is None:
            return
        BOOKINGS.move(booking, Status.CANCELLED)
        booking.cancelled_at = utcnow()

    async def _locked_hold(self, activity: m.Activity) -> m.Booking | None:
        return await self.session.scalar(
            sa.select(m.Booking)
            .where(m.Booking.activity_id == activity.id, m.Booking.status == Status.HELD)
            .with_for_update()
        )

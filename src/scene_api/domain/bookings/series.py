"""Weekly series: the same court at the same local time for 2 to 12 weeks, booked in one request.

A preview says which weeks are free and why the others are not (taken, blocked by the venue,
outside the hours of that date). Booking a series locks the court, like any hold, and books the
chosen weeks together: if one of them was taken since the preview, the answer is a 409 naming
that week and nothing is booked (the transaction rolls back; the exclusion constraint is the last
line). The bookings are confirmed to be paid at the venue week by week, share one `series_id`,
and each can be cancelled alone like any booking. A series may reach past the usual booking
horizon: only its first week must be within it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as s
from scene_api.domain.bookings.services import check_slot_start, confirm_at_venue, venue_ref
from scene_api.domain.venues.availability import interval
from scene_api.domain.venues.runners import runs_venue
from scene_api.domain.venues.services import court_schema
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, DomainError, InvalidInput, NotFound
from scene_api.lib.timezone import to_local, utcnow

if TYPE_CHECKING:
    from scene_api.services import Services


def week_starts(first: datetime, weeks: int) -> list[datetime]:
    """The same local time on the same weekday, `weeks` weeks in a row."""
    local = to_local(first)
    return [local + timedelta(weeks=n) for n in range(weeks)]


WEEK_CONFLICTS = frozenset(conflict.value for conflict in s.SeriesConflict)
"""The refusals that make one week of a series unavailable (the preview names them per week)."""


class SeriesService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def preview(self, actor: m.User, data: s.SeriesAsk) -> s.SeriesPreview:
        """Each week of the series: free at its price, or why not. Books nothing."""
        check_slot_start(data.starts_at)
        court, venue = await self.services.bookings.lock_court(data.court_id)
        weeks = []
        for number, starts_at in enumerate(week_starts(data.starts_at, data.weeks), start=1):
            price: int | None = None
            conflict: s.SeriesConflict | None = None
            message: str | None = None
            try:
                price, _ = await self.services.bookings.check_slot(
                    court, venue, starts_at, data.duration_minutes
                )
            except DomainError as error:
                if error.code not in WEEK_CONFLICTS:  # not about this week's slot: refuse as is
                    raise
                conflict, message = s.SeriesConflict(error.code), error.message
            weeks.append(
                s.SeriesWeek(
                    week=number,
                    starts_at=starts_at,
                    ends_at=to_local(starts_at + timedelta(minutes=data.duration_minutes)),
                    free=conflict is None,
                    price_pkr=price,
                    conflict=conflict,
                    message=message,
                )
            )
        return s.SeriesPreview(
            court=court_schema(court),
            venue=venue_ref(venue),
            duration_minutes=data.duration_minutes,
            weeks=weeks,
            free_weeks=[week.week for week in weeks if week.free],
            total_pkr=sum(week.price_pkr or 0 for week in weeks),
        )

    async def book(self, actor: m.User, data: s.SeriesCreate) -> s.Series:
        """Book the chosen weeks (every week by default), all or none."""
        chosen = sorted(set(data.weeks_chosen or range(1, data.weeks + 1)))
        if chosen[-1] > data.weeks:
            raise InvalidInput(
                Message("errors_bookings.series_weeks", weeks=data.weeks), field="weeks_chosen"
            )
        check_slot_start(data.starts_at)
        court, venue = await self.services.bookings.lock_court(data.court_id)
        series_id = uuid.uuid4()
        starts = week_starts(data.starts_at, data.weeks)
        for number in chosen:
            try:
                booking = await self.services.bookings.place_hold(
                    actor, court, venue, starts[number - 1], data.duration_minutes, series_id=series_id
                )
            except DomainError as error:
                raise Conflict(
                    Message("errors_bookings.series_week", number=number, reason=error.said),
                    code="series_week_unavailable",
                    details={
                        "week": number,
                        "starts_at": starts[number - 1].isoformat(),
                        "conflict": error.code,
                    }
                    | error.details,
                ) from error
            confirm_at_venue(booking)
        await self.services.flush()
        await self.services.notifications.notify(
            [venue.owner_id],
            kind="booking_series_confirmed",
            title=Message(
                "notify.new_weekly_booking",
                slot=Message("notify.slot", court=court.name, at=starts[chosen[0] - 1]),
            ),
            body=Message("notify.weekly_booking_body", weeks=len(chosen), venue=venue.name),
            link=f"/owner/venues/{venue.id}",
            dedupe_key=f"booking_series_confirmed:{series_id}",
        )
        return await self.get(actor, series_id)

    async def cancel_upcoming(self, actor: m.User, series_id: UUID) -> s.Series:
        """The member cancels every week still ahead that can be cancelled free, oldest first; weeks
        past their free-cancellation time stay booked (the usual policy), as do weeks another call
        cancelled a moment ago. Refused when no week could be cancelled."""
        mine = (
            await self.session.execute(
                sa.select(m.Booking.id, m.Booking.status, m.Booking.period)
                .where(m.Booking.series_id == series_id, m.Booking.user_id == actor.id)
                .order_by(m.Booking.period)
            )
        ).all()
        if not mine:
            raise NotFound(Message("errors_bookings.no_such_series"))
        now = utcnow()
        live = (m.BookingStatus.HELD, m.BookingStatus.CONFIRMED)
        upcoming = [
            booking_id for booking_id, status, period in mine if status in live and interval(period)[0] > now
        ]
        cancelled = 0
        for booking_id in upcoming:
            try:
                await self.services.bookings.cancel(actor, booking_id)
            except Conflict as error:
                if error.code not in {"too_late_to_cancel", "invalid_transition"}:
                    raise
            else:
                cancelled += 1
        series = await self.get(actor, series_id)
        if cancelled == 0:
            raise Conflict(Message("errors_bookings.series_nothing_to_cancel"), code="nothing_to_cancel")
        return series

    async def get(self, actor: m.User, series_id: UUID) -> s.Series:
        """A series' bookings in date order, for their member or the venue's managers."""
        bookings = (
            await self.session.scalars(
                sa.select(m.Booking)
                .join(m.Venue, m.Venue.id == m.Booking.venue_id)
                .where(
                    m.Booking.series_id == series_id,
                    sa.or_(m.Booking.user_id == actor.id, runs_venue(actor)),
                )
                .order_by(m.Booking.period)
            )
        ).all()
        if not bookings:
            raise NotFound(Message("errors_bookings.no_such_series"))
        court = await self.session.get_one(m.Court, bookings[0].court_id)
        venue = await self.session.get_one(m.Venue, bookings[0].venue_id)
        return s.Series(
            id=series_id,
            court=court_schema(court),
            venue=venue_ref(venue),
            bookings=[await self.services.bookings.to_schema(booking, viewer=actor) for booking in bookings],
            total_pkr=sum(b.price_pkr for b in bookings if b.status != m.BookingStatus.CANCELLED),
        )

"""The venue's desk: the week calendar, checking members in, marking cash paid, no-shows.

Every method works only on venues the actor runs (an admin runs them all); for anyone else a
booking or venue does not exist (404). Money actions leave an audit row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as s
from scene_api.domain.bookings.services import shown_fields
from scene_api.domain.bookings.states import BOOKINGS, LABELS, holds_slot
from scene_api.domain.venues.availability import interval
from scene_api.domain.venues.day import load_hours
from scene_api.domain.venues.runners import runs_venue
from scene_api.domain.venues.services import court_schema
from scene_api.i18n import Message, clock_message
from scene_api.lib.errors import Conflict, InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.qr import read_booking_token
from scene_api.lib.timezone import MINUTES_PER_DAY, at_local_minute, to_local, utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.BookingStatus
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)
REVENUE_WEEKS = 4
MAX_REVENUE_WEEKS = 26
NO_SUCH_BOOKING = Message("errors_bookings.not_at_your_venues")


class OwnerBookingService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def _load(self, actor: m.User, *where: sa.ColumnElement[bool]) -> m.Booking:
        """The booking matching `where` at a venue `actor` runs, locked for the change to come."""
        booking = await self.session.scalar(
            sa.select(m.Booking)
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .where(runs_venue(actor), *where)
            .with_for_update(of=m.Booking)
        )
        if booking is None:
            raise NotFound(NO_SUCH_BOOKING)
        return booking

    async def mark_paid(self, actor: m.User, booking_id: UUID) -> s.Booking:
        """The member paid cash at the desk for a pay-at-venue booking."""
        booking = await self._load(actor, m.Booking.id == booking_id)
        if booking.payment_method != m.PaymentMethod.PAY_AT_VENUE:
            raise Conflict(Message("errors_bookings.desk_pay_only"), code="not_pay_at_venue")
        if booking.paid_at is not None:
            raise Conflict(
                Message("errors_bookings.already_paid", time=clock_message(booking.paid_at)),
                code="already_paid",
            )
        if booking.status not in (Status.CONFIRMED, Status.CHECKED_IN):
            raise Conflict(Message("errors_bookings.nothing_to_collect", state=LABELS[booking.status]))
        booking.paid_at = utcnow()
        self.services.audit.record(
            actor, "booking.mark_paid", "booking", booking.id, {"amount_pkr": booking.price_pkr}
        )
        return await self.services.bookings.to_schema(booking, viewer=actor)

    async def check_in(self, actor: m.User, data: s.CheckIn) -> s.Booking:
        """Check a member in by the QR token or the short code. Once only: the second scan is a 409
        saying when it was used. A forged token is refused before anything is looked up."""
        if (data.token is None) == (data.code is None):
            raise InvalidInput(Message("errors_bookings.token_or_code"), field="token")
        if data.token is not None:
            read = read_booking_token(self.services.settings.qr_signing_key, data.token)
            if read is None:
                raise InvalidInput(Message("errors_bookings.not_a_booking_qr"), field="token")
            booking_id, code = read
            booking = await self._load(actor, m.Booking.id == booking_id, m.Booking.code == code)
        else:
            assert data.code is not None
            booking = await self._load(actor, m.Booking.code == data.code.strip().upper())
        now = utcnow()
        if booking.status == Status.CHECKED_IN and booking.checked_in_at is not None:
            used = booking.checked_in_at
            raise Conflict(
                Message("errors_bookings.already_checked_in", at=used),
                code="already_checked_in",
            )
        starts_at, ends_at = interval(booking.period)
        if booking.status == Status.CONFIRMED and now < starts_at - CHECK_IN_OPENS_BEFORE:
            opens = starts_at - CHECK_IN_OPENS_BEFORE
            raise Conflict(Message("errors_bookings.check_in_opens", at=opens), code="too_early")
        if booking.status == Status.CONFIRMED and now >= ends_at:
            raise Conflict(Message("errors_bookings.slot_over"), code="slot_over")
        BOOKINGS.move(booking, Status.CHECKED_IN)
        booking.checked_in_at = now
        self.services.audit.record(
            actor, "booking.check_in", "booking", booking.id, {"by": "qr" if data.token else "code"}
        )
        return await self.services.bookings.to_schema(booking, viewer=actor)

    async def no_show(self, actor: m.User, booking_id: UUID) -> s.Booking:
        booking = await self._load(actor, m.Booking.id == booking_id)
        starts_at, _ = interval(booking.period)
        if booking.status == Status.CONFIRMED and utcnow() < starts_at:
            raise Conflict(Message("errors_bookings.no_show_too_early"), code="too_early")
        BOOKINGS.move(booking, Status.NO_SHOW)
        self.services.audit.record(actor, "booking.no_show", "booking", booking.id)
        return await self.services.bookings.to_schema(booking, viewer=actor)

    async def calendar(self, actor: m.User, venue_id: UUID, week_start: date) -> s.Calendar:
        """Seven local days from `week_start`, per court: live holds, bookings and blocked periods."""
        venue = await self.services.venues.load_managed(actor, venue_id)
        business_days = [week_start + timedelta(days=offset) for offset in range(7)]
        hours = (await load_hours(self.session, [venue.id], business_days))[venue.id]
        windows = {day: hours.on(day) for day in business_days}
        days = [
            s.CalendarDay(
                day=day,
                opens_at=to_local(at_local_minute(day, window.opens)) if window else None,
                closes_at=to_local(at_local_minute(day, window.closes)) if window else None,
            )
            for day, window in windows.items()
        ]
        starts_at = at_local_minute(week_start, 0)
        ends_at = max(
            [at_local_minute(week_start + timedelta(days=7), 0)]
            + [day.closes_at for day in days if day.closes_at is not None]
        )
        week = Range(starts_at, ends_at)
        courts = (
            await self.session.scalars(
                sa.select(m.Court).where(m.Court.venue_id == venue.id).order_by(m.Court.name)
            )
        ).all()
        entries: dict[UUID, list[s.CalendarEntry]] = defaultdict(list)
        bookings = await self.session.execute(
            sa.select(m.Booking, m.User)
            .join(m.User, m.User.id == m.Booking.user_id)
            .where(
                m.Booking.venue_id == venue.id,
                m.Booking.period.overlaps(week),
                sa.or_(holds_slot(utcnow()), m.Booking.status == Status.NO_SHOW),
            )
        )
        for booking, member in bookings:
            entries[booking.court_id].append(
                from_row(s.CalendarEntry, booking, kind=s.EntryKind.BOOKING, **_desk_fields(booking, member))
            )
        blackouts = await self.session.scalars(
            sa.select(m.Blackout).where(m.Blackout.venue_id == venue.id, m.Blackout.period.overlaps(week))
        )
        for blackout in blackouts:
            start, end = interval(blackout.period)
            entry = s.CalendarEntry(
                kind=s.EntryKind.BLACKOUT,
                id=blackout.id,
                starts_at=to_local(start),
                ends_at=to_local(end),
                reason=blackout.reason,
                whole_venue=blackout.court_id is None,
            )
            for court_id in (
                [court.id for court in courts] if blackout.court_id is None else [blackout.court_id]
            ):
                entries[court_id].append(entry)
        return s.Calendar(
            venue_id=venue.id,
            week_start=week_start,
            starts_at=to_local(starts_at),
            ends_at=to_local(ends_at),
            courts=[
                s.CalendarCourt(
                    court=court_schema(court), entries=sorted(entries[court.id], key=lambda e: e.starts_at)
                )
                for court in courts
            ],
            days=days,
        )

    async def agenda(self, actor: m.User, day: date) -> list[s.AgendaEntry]:
        """The bookings of one business day at every venue `actor` runs, by start time: live holds,
        confirmed, checked in and no-shows. The day runs from its local midnight to the latest closing
        among those venues that day, so at 11:30 pm the desk still lists tonight's 12:30 am game."""
        venue_ids = list(await self.session.scalars(sa.select(m.Venue.id).where(runs_venue(actor))))
        hours = await load_hours(self.session, venue_ids, [day])
        closes = max((window.closes for each in hours.values() if (window := each.on(day))), default=0)
        span = Range(at_local_minute(day, 0), at_local_minute(day, max(closes, MINUTES_PER_DAY)))
        rows = await self.session.execute(
            sa.select(m.Booking, m.Venue.name, m.Court.name, m.User)
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .join(m.Court, m.Court.id == m.Booking.court_id)
            .join(m.User, m.User.id == m.Booking.user_id)
            .where(
                runs_venue(actor),
                m.Booking.period.overlaps(span),
                sa.or_(holds_slot(utcnow()), m.Booking.status == Status.NO_SHOW),
            )
            .order_by(m.Booking.period, m.Venue.name, m.Court.name)
        )
        return [
            from_row(
                s.AgendaEntry,
                booking,
                venue_name=venue_name,
                court_name=court_name,
                **_desk_fields(booking, member),
            )
            for booking, venue_name, court_name, member in rows
        ]

    async def revenue(
        self, actor: m.User, *, weeks: int = REVENUE_WEEKS, venue_id: UUID | None = None
    ) -> list[s.WeekRevenue]:
        """Per local week (Monday first), this week and the `weeks - 1` before it, newest first: what the
        slots played at `actor`'s venues (or one of them) brought in, and the cash still to collect."""
        if not 1 <= weeks <= MAX_REVENUE_WEEKS:
            raise InvalidInput(
                Message("errors_bookings.revenue_weeks", weeks=MAX_REVENUE_WEEKS), field="weeks"
            )
        if venue_id is not None:
            await self.services.venues.load_managed(actor, venue_id)
        this_week = to_local(utcnow()).date()
        this_week -= timedelta(days=this_week.weekday())
        first_week = this_week - timedelta(weeks=weeks - 1)
        span = Range(at_local_minute(first_week, 0), at_local_minute(this_week + timedelta(days=7), 0))
        local_start = sa.func.timezone("Asia/Karachi", sa.func.lower(m.Booking.period))
        week = sa.cast(sa.func.date_trunc("week", local_start), sa.Date)
        paid = m.Booking.paid_at.is_not(None)
        owed = sa.and_(
            m.Booking.paid_at.is_(None),
            m.Booking.payment_method == m.PaymentMethod.PAY_AT_VENUE,
            m.Booking.status.in_([Status.CONFIRMED, Status.CHECKED_IN]),
        )
        rows = await self.session.execute(
            sa.select(
                week,
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(sa.case((paid, m.Booking.price_pkr), else_=0)), 0),
                sa.func.coalesce(sa.func.sum(sa.case((owed, m.Booking.price_pkr), else_=0)), 0),
            )
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .where(
                runs_venue(actor),
                sa.true() if venue_id is None else m.Booking.venue_id == venue_id,
                m.Booking.status.in_([Status.CONFIRMED, Status.CHECKED_IN, Status.NO_SHOW]),
                sa.func.lower(m.Booking.period) >= span.lower,
                sa.func.lower(m.Booking.period) < span.upper,
            )
            .group_by(week)
        )
        found = {row[0]: row for row in rows}
        summary = []
        for offset in range(weeks):
            start = this_week - timedelta(weeks=offset)
            _, count, collected, owed_pkr = found.get(start, (start, 0, 0, 0))
            summary.append(
                s.WeekRevenue(
                    week_start=start,
                    bookings=int(count),
                    collected_pkr=int(collected),
                    to_collect_pkr=int(owed_pkr),
                )
            )
        return summary


def _desk_fields(booking: m.Booking, member: m.User) -> dict[str, Any]:
    """A booking as the desk's calendar and agenda show it: the code is shown once it is no longer
    a hold."""
    return shown_fields(booking, member) | {"code": booking.code if booking.status != Status.HELD else None}

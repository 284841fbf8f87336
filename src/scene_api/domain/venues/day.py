"""A venue's business day, read once: its opening hours (special hours over the weekly ones), its
prices, its active courts, and per court the bookings that hold a slot and the blocked periods.

`load_venue_days` reads all of it for some venues and business days in one query per table, and
everything that asks about a venue's day works on what it returns: the free slots (a venue's page,
discovery by date), the hold and its checks (hours, length sold, blocked, taken), a series'
preview week by week. The rules themselves are the pure functions of `availability.py`; `Hours`
is the one place special hours replace weekly ones, for the database rows and the pages' copies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.bookings.states import holds_slot
from scene_api.domain.venues import availability as av
from scene_api.lib.timezone import at_local_minute, utcnow

DAY_SPAN = timedelta(days=2)
"""What a business day's slots may reach from its local midnight: hours close by minute 2880 (a CHECK)."""


class WeeklyHours(Protocol):
    """A row of weekly hours: the table's, or a page's copy from the venue's detail."""

    @property
    def weekday(self) -> int: ...
    @property
    def opens_minute(self) -> int: ...
    @property
    def closes_minute(self) -> int: ...


class DayHours(Protocol):
    """A row of special hours for one date (closed, or open other hours than the week's)."""

    @property
    def day(self) -> date: ...
    @property
    def closed(self) -> bool: ...
    @property
    def opens_minute(self) -> int | None: ...
    @property
    def closes_minute(self) -> int | None: ...


@dataclass(frozen=True)
class Hours:
    """A venue's weekly hours and its special days."""

    weekly: dict[int, av.Window]
    special: dict[date, av.Window | None]

    @classmethod
    def of(cls, weekly: Iterable[WeeklyHours], special: Iterable[DayHours]) -> Hours:
        return cls(
            weekly={row.weekday: av.Window(row.opens_minute, row.closes_minute) for row in weekly},
            special={
                row.day: (
                    None
                    if row.closed or row.opens_minute is None or row.closes_minute is None
                    else av.Window(row.opens_minute, row.closes_minute)
                )
                for row in special
            },
        )

    def on(self, day: date) -> av.Window | None:
        """When the venue is open on a business day (None: closed)."""
        return av.window_on(day, self.weekly, self.special)


@dataclass(frozen=True)
class VenueDay:
    """One venue on one business day, as read by `load_venue_days`."""

    venue: m.Venue
    day: date
    hours: av.Window | None
    prices: dict[int, av.Prices]
    """By length in minutes; a length missing is not sold."""
    courts: list[m.Court]
    """The active courts (of the sport asked for), by name."""
    bookings: dict[UUID, list[av.Interval]]
    """Per court: the bookings that hold their slot at `now` (confirmed, checked in, live holds)."""
    blackouts: dict[UUID | None, list[av.Interval]]
    """Per court, and under None the ones of the whole venue."""
    now: datetime

    @property
    def peak(self) -> tuple[int, int] | None:
        venue = self.venue
        if venue.peak_start_minute is None or venue.peak_end_minute is None:
            return None
        return venue.peak_start_minute, venue.peak_end_minute

    def price_at(self, minute: int, duration: int) -> int | None:
        """The price of a slot starting `minute` after this day's midnight; None: length not sold."""
        prices = self.prices.get(duration)
        return None if prices is None else av.price_at(minute, prices, self.peak)

    def blocked(self, court_id: UUID, start: datetime, end: datetime) -> bool:
        return av.overlaps(start, end, [*self.blackouts.get(court_id, []), *self.blackouts.get(None, [])])

    def taken(self, court_id: UUID, start: datetime, end: datetime) -> bool:
        return av.overlaps(start, end, self.bookings.get(court_id, []))

    def free_slots(self, court: m.Court, duration: int) -> list[av.Slot]:
        """The court's slots of `duration` that have not started and are neither blocked nor taken."""
        prices = self.prices.get(duration)
        if self.hours is None or prices is None:
            return []
        taken = [
            *self.bookings.get(court.id, []),
            *self.blackouts.get(court.id, []),
            *self.blackouts.get(None, []),
        ]
        return av.free_slots(
            self.day, self.hours, duration, prices=prices, peak=self.peak, taken=taken, now=self.now
        )


VENUE_IDS: sa.BindParameter[list[UUID]] = sa.bindparam("venue_ids", expanding=True)
SPAN: sa.BindParameter[Range[datetime]] = sa.bindparam("span")
NOW: sa.BindParameter[datetime] = sa.bindparam("now")
OPENING_HOURS = sa.select(m.OpeningHours).where(m.OpeningHours.venue_id.in_(VENUE_IDS))
SPECIAL_HOURS = sa.select(m.SpecialHours).where(
    m.SpecialHours.venue_id.in_(VENUE_IDS), m.SpecialHours.day.in_(sa.bindparam("days", expanding=True))
)
COURTS = sa.select(m.Court).where(m.Court.venue_id.in_(VENUE_IDS), m.Court.active).order_by(m.Court.name)
COURTS_OF_SPORT = COURTS.where(m.Court.sport == sa.bindparam("sport"))
PRICE_RULES = sa.select(m.PriceRule).where(m.PriceRule.venue_id.in_(VENUE_IDS))
BOOKED = sa.select(m.Booking.venue_id, m.Booking.court_id, m.Booking.period).where(
    m.Booking.venue_id.in_(VENUE_IDS), m.Booking.period.overlaps(SPAN), holds_slot(NOW)
)
BLACKED_OUT = sa.select(m.Blackout.venue_id, m.Blackout.court_id, m.Blackout.period).where(
    m.Blackout.venue_id.in_(VENUE_IDS), m.Blackout.period.overlaps(SPAN)
)
"""A venue day's reads, built once with bound parameters: every slot list and every hold makes them,
and building them per request cost a third of the slots path's CPU (bench/RESULTS.md, section 11)."""


async def load_hours(
    session: AsyncSession, venue_ids: Sequence[UUID], days: Sequence[date]
) -> dict[UUID, Hours]:
    """Each venue's weekly hours and its special hours on `days`."""
    weekly: dict[UUID, list[m.OpeningHours]] = defaultdict(list)
    for row in await session.scalars(OPENING_HOURS, {"venue_ids": venue_ids}):
        weekly[row.venue_id].append(row)
    special: dict[UUID, list[m.SpecialHours]] = defaultdict(list)
    for day_row in await session.scalars(SPECIAL_HOURS, {"venue_ids": venue_ids, "days": days}):
        special[day_row.venue_id].append(day_row)
    return {venue_id: Hours.of(weekly[venue_id], special[venue_id]) for venue_id in venue_ids}


async def load_venue_days(
    session: AsyncSession,
    venues: Sequence[m.Venue],
    days: Sequence[date],
    *,
    sport: m.ActivityType | None = None,
) -> dict[UUID, dict[date, VenueDay]]:
    """Per venue and business day, its `VenueDay`: one read of each table for all of them."""
    venue_ids = [venue.id for venue in venues]
    now = utcnow()
    span = Range(at_local_minute(min(days), 0), at_local_minute(max(days), 0) + DAY_SPAN)
    courts: dict[UUID, list[m.Court]] = defaultdict(list)
    if sport is None:
        found_courts = await session.scalars(COURTS, {"venue_ids": venue_ids})
    else:
        found_courts = await session.scalars(COURTS_OF_SPORT, {"venue_ids": venue_ids, "sport": sport})
    for court in found_courts:
        courts[court.venue_id].append(court)
    hours = await load_hours(session, venue_ids, days)
    prices: dict[UUID, dict[int, av.Prices]] = defaultdict(dict)
    for rule in await session.scalars(PRICE_RULES, {"venue_ids": venue_ids}):
        prices[rule.venue_id][rule.duration_minutes] = av.Prices(rule.price_pkr, rule.peak_price_pkr)
    bookings: dict[UUID, dict[UUID, list[av.Interval]]] = defaultdict(lambda: defaultdict(list))
    for venue_id, court_id, period in await session.execute(
        BOOKED, {"venue_ids": venue_ids, "span": span, "now": now}
    ):
        bookings[venue_id][court_id].append(av.interval(period))
    blackouts: dict[UUID, dict[UUID | None, list[av.Interval]]] = defaultdict(lambda: defaultdict(list))
    for venue_id, blocked_court_id, period in await session.execute(
        BLACKED_OUT, {"venue_ids": venue_ids, "span": span}
    ):
        blackouts[venue_id][blocked_court_id].append(av.interval(period))
    return {
        venue.id: {
            day: VenueDay(
                venue=venue,
                day=day,
                hours=hours[venue.id].on(day),
                prices=prices[venue.id],
                courts=courts[venue.id],
                bookings=bookings[venue.id],
                blackouts=blackouts[venue.id],
                now=now,
            )
            for day in days
        }
        for venue in venues
    }


async def load_venue_day(session: AsyncSession, venue: m.Venue, day: date) -> VenueDay:
    return (await load_venue_days(session, [venue], [day]))[venue.id][day]

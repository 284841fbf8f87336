"""A venue's day read once (venues/day.py): special hours over the weekly ones, blackouts, prices, and
the bookings that hold a slot (a live hold does; a hold past its deadline, not yet expired, does not)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.venues import schemas as s
from scene_api.domain.venues.availability import Slot, Window
from scene_api.domain.venues.day import Hours, load_venue_day, load_venue_days
from scene_api.lib.timezone import at_local_minute, to_local, utcnow
from tests.factories import (
    BlackoutFactory,
    BookingFactory,
    CourtFactory,
    OpeningHoursFactory,
    PriceRuleFactory,
    SpecialHoursFactory,
    VenueFactory,
    persist,
)

WEEK_AHEAD = to_local(utcnow()).date() + timedelta(days=7)
"""A business day with nothing started yet, whatever the hour the test runs."""


def at(day: date, hour: int, minutes: int = 60) -> tuple[datetime, datetime]:
    start = at_local_minute(day, hour * 60)
    return start, start + timedelta(minutes=minutes)


def starts(slots: list[Slot]) -> list[int]:
    return [slot.minute for slot in slots]


async def test_special_hours_replace_the_weekly_ones_for_their_date(db: AsyncSession) -> None:
    venue = VenueFactory.build()
    special_day, closed_day = WEEK_AHEAD + timedelta(days=1), WEEK_AHEAD + timedelta(days=2)
    await persist(
        db,
        *(
            OpeningHoursFactory.build(
                venue=venue, weekday=weekday, opens_minute=9 * 60, closes_minute=23 * 60
            )
            for weekday in range(7)
        ),
        SpecialHoursFactory.build(venue=venue, day=special_day, opens_minute=21 * 60, closes_minute=27 * 60),
        SpecialHoursFactory.build(
            venue=venue, day=closed_day, closed=True, opens_minute=None, closes_minute=None
        ),
    )

    days = await load_venue_days(db, [venue], [WEEK_AHEAD, special_day, closed_day])

    hours = {day: venue_day.hours for day, venue_day in days[venue.id].items()}
    assert hours == {
        WEEK_AHEAD: Window(9 * 60, 23 * 60),
        special_day: Window(21 * 60, 27 * 60),
        closed_day: None,
    }
    page_hours = Hours.of(  # what a page has: the venue's detail
        [s.Hours(weekday=weekday, opens_minute=9 * 60, closes_minute=23 * 60) for weekday in range(7)],
        [s.SpecialHours(day=closed_day, closed=True, opens_minute=None, closes_minute=None, note="Eid")],
    )
    assert page_hours.on(WEEK_AHEAD) == Window(9 * 60, 23 * 60), (
        "a page's copy of the hours reads the same rule"
    )
    assert page_hours.on(closed_day) is None


async def test_blackouts_bookings_and_prices_of_a_day(db: AsyncSession) -> None:
    venue = VenueFactory.build(peak_start_minute=18 * 60, peak_end_minute=24 * 60)
    court, other_court = (
        CourtFactory.build(venue=venue, name="Court 1"),
        CourtFactory.build(venue=venue, name="Court 2"),
    )
    day = WEEK_AHEAD
    await persist(db, court, other_court, CourtFactory.build(venue=venue, name="Court 3", active=False))
    await persist(
        db,
        OpeningHoursFactory.build(
            venue_id=venue.id, weekday=day.weekday(), opens_minute=16 * 60, closes_minute=22 * 60
        ),
        PriceRuleFactory.build(venue_id=venue.id, duration_minutes=60, price_pkr=5000, peak_price_pkr=7000),
        BlackoutFactory.build(venue_id=venue.id, court_id=court.id, period=Range(*at(day, 16, 120))),
        BlackoutFactory.build(venue_id=venue.id, court_id=None, period=Range(*at(day, 21))),
        BookingFactory.build(
            court_id=court.id, venue_id=venue.id, status=m.BookingStatus.HELD, period=Range(*at(day, 18))
        ),
        BookingFactory.build(
            court_id=court.id,
            venue_id=venue.id,
            status=m.BookingStatus.HELD,
            period=Range(*at(day, 19)),
            hold_expires_at=utcnow() - timedelta(minutes=1),
        ),
        BookingFactory.build(
            court_id=other_court.id,
            venue_id=venue.id,
            status=m.BookingStatus.CANCELLED,
            period=Range(*at(day, 18)),
        ),
    )

    venue_day = await load_venue_day(db, venue, day)

    assert [c.name for c in venue_day.courts] == ["Court 1", "Court 2"], "active courts, by name"
    assert venue_day.taken(court.id, *at(day, 18)), "a live hold holds its slot"
    assert not venue_day.taken(court.id, *at(day, 19)), "a hold past its deadline does not"
    assert not venue_day.taken(other_court.id, *at(day, 18)), "nor does a cancelled booking"
    assert venue_day.blocked(court.id, *at(day, 17)), "the court's blackout"
    assert not venue_day.blocked(other_court.id, *at(day, 17))
    assert venue_day.blocked(other_court.id, *at(day, 21)), "the whole venue's blackout"

    hour = 60
    assert starts(venue_day.free_slots(court, 60)) == [19 * hour, 19 * hour + 30, 20 * hour]
    assert starts(venue_day.free_slots(other_court, 60)) == [16 * hour + 30 * n for n in range(9)]
    assert venue_day.free_slots(court, 90) == [], "a length the venue does not sell"
    assert [slot.price_pkr for slot in venue_day.free_slots(other_court, 60)][3:6] == [5000, 7000, 7000]
    assert venue_day.price_at(17 * hour, 60) == 5000
    assert venue_day.price_at(18 * hour, 60) == 7000, "peak from 18:00"
    assert venue_day.price_at(18 * hour, 120) is None

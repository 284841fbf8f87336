"""Which times the venue's picker shows first (`scene_ui.components.slot_times`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import uuid4

from scene_api.db import models as m
from scene_api.domain.venues import schemas as s
from scene_api.lib.timezone import KARACHI
from scene_ui.components.slot_times import Period, arrange_times, period_of, times_across_courts

DAY = date(2026, 12, 9)


def at(hour: int, minute: int = 0, *, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), KARACHI)


def court(name: str) -> s.Court:
    return s.Court(id=uuid4(), name=name, sport=m.ActivityType.PADEL, indoor=True, active=True)


def slot(starts_at: datetime, price: int = 6000) -> s.Slot:
    return s.Slot(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), price_pkr=price, peak=False)


def venue_slots(*courts: tuple[s.Court, list[datetime]]) -> s.VenueSlots:
    return s.VenueSlots(
        venue_id=uuid4(),
        date=DAY,
        duration_minutes=60,
        opens_at=at(7),
        closes_at=at(1, day=DAY + timedelta(days=1)),
        courts=[s.CourtSlots(court=c, slots=[slot(t) for t in starts]) for c, starts in courts],
    )


def test_times_gather_the_courts_free_then_in_court_order():
    one, two = court("Court 1"), court("Court 2")
    times = times_across_courts(venue_slots((one, [at(19), at(20)]), (two, [at(20), at(8)])))

    assert [choice.starts_at for choice in times] == [at(8), at(19), at(20)]
    assert [c.name for c, _ in times[2].courts] == ["Court 1", "Court 2"]
    assert [c.name for c, _ in times[0].courts] == ["Court 2"]


def test_the_evening_runs_past_midnight():
    assert period_of(at(11, 30), DAY) is Period.MORNING
    assert period_of(at(12), DAY) is Period.AFTERNOON
    assert period_of(at(17), DAY) is Period.EVENING
    assert period_of(at(0, 30, day=DAY + timedelta(days=1)), DAY) is Period.EVENING


def test_the_evening_opens_first_and_nothing_is_soon_on_another_day():
    one = court("Court 1")
    times = times_across_courts(venue_slots((one, [at(7), at(13), at(18), at(21)])))

    shown = arrange_times(times, DAY, now=at(9, day=DAY - timedelta(days=1)))

    assert shown.opened is Period.EVENING
    assert list(shown.periods) == [Period.MORNING, Period.AFTERNOON, Period.EVENING]
    assert [c.starts_at for c in shown.periods[Period.EVENING]] == [at(18), at(21)]
    assert shown.soon == []


def test_late_at_night_the_next_day_s_first_times_are_not_soon():
    """At 10:20 pm, tomorrow's 12:00 am is within two hours, but it is not today's: tomorrow shows no
    soonest times (a venue open around the clock lists it on both days)."""
    one = court("Court 1")
    times = times_across_courts(venue_slots((one, [at(0), at(0, 30), at(9), at(20)])))

    shown = arrange_times(times, DAY, now=at(22, 20, day=DAY - timedelta(days=1)))

    assert shown.soon == []


def test_today_the_next_free_times_within_two_hours_come_first_too():
    one = court("Court 1")
    starts = [at(10, 30), at(11), at(11, 30), at(12), at(12, 30), at(13), at(16, 30), at(17), at(20)]
    times = times_across_courts(venue_slots((one, starts)))

    shown = arrange_times(times, DAY, now=at(10, 10))

    assert [c.starts_at for c in shown.soon] == [at(10, 30), at(11), at(11, 30), at(12)]
    assert shown.opened is Period.EVENING
    late = arrange_times(times, DAY, now=at(16, 5))
    assert [c.starts_at for c in late.soon] == [at(16, 30)], "the evening's own times stay in the evening"


def test_without_an_evening_the_first_part_with_free_times_opens():
    times = times_across_courts(venue_slots((court("Court 1"), [at(13), at(14)])))

    assert arrange_times(times, DAY, now=at(8)).opened is Period.AFTERNOON
    assert arrange_times([], DAY, now=at(8)).opened is None

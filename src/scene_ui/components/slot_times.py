"""Which start times the venue's slot picker offers first: the one rule behind the time-first picker.

The service lists free slots court by court; members choose a time first and a court second, so the
picker turns the list around (a time, the courts free then with their prices) and decides which times
open first. Pure functions: no database, no UI.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from scene_api.domain.venues import schemas as s
from scene_api.lib.timezone import at_local_minute, to_local


class Period(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


AFTERNOON_FROM = 12 * 60
EVENING_FROM = 17 * 60
"""Minutes after the business day's local midnight; the evening runs on past midnight (a 00:30 game
belongs to the evening before, as the venue's hours do)."""
SOON_WITHIN = timedelta(hours=2)
SOON_COUNT = 4


@dataclass(frozen=True)
class TimeChoice:
    """One start time and the courts free then, each with its slot (price, peak)."""

    starts_at: datetime
    courts: list[tuple[s.Court, s.Slot]]


@dataclass(frozen=True)
class TimesShown:
    soon: list[TimeChoice]
    """Today only: the next free times near now that come before the evening."""
    periods: dict[Period, list[TimeChoice]] = field(default_factory=dict)
    """Every free time of the day by part of day, in order; parts with nothing free are left out."""
    opened: Period | None = None
    """The part of the day shown first."""


def times_across_courts(slots: s.VenueSlots) -> list[TimeChoice]:
    """Every start time free on at least one court, in order, with the courts free then (in the
    service's court order)."""
    by_time: dict[datetime, list[tuple[s.Court, s.Slot]]] = defaultdict(list)
    for court_slots in slots.courts:
        for slot in court_slots.slots:
            by_time[slot.starts_at].append((court_slots.court, slot))
    return [TimeChoice(starts_at, courts) for starts_at, courts in sorted(by_time.items())]


def period_of(starts_at: datetime, day: date) -> Period:
    """The part of the business `day` a start time falls in."""
    minute = (starts_at - at_local_minute(day, 0)) // timedelta(minutes=1)
    if minute >= EVENING_FROM:
        return Period.EVENING
    return Period.AFTERNOON if minute >= AFTERNOON_FROM else Period.MORNING


def arrange_times(times: list[TimeChoice], day: date, now: datetime) -> TimesShown:
    """What the picker shows first. People book the evening, so the evening's times open first, on
    any day and at any hour (a whole day of half hours would push them far down); the morning and
    the afternoon are one tap away. On the business day under way, the next few free times within
    `SOON_WITHIN` of now come first too, for a member who wants to play now; evening ones among
    them are left to the evening, which is open already."""
    periods: dict[Period, list[TimeChoice]] = {}
    for choice in times:
        periods.setdefault(period_of(choice.starts_at, day), []).append(choice)
    ordered = {period: periods[period] for period in Period if period in periods}
    opened = Period.EVENING if Period.EVENING in ordered else next(iter(ordered), None)
    today = day == to_local(now).date()  # late at night tomorrow's first times are near, but not today's
    soon = [
        choice
        for choice in times
        if today
        and now < choice.starts_at <= now + SOON_WITHIN
        and period_of(choice.starts_at, day) is not Period.EVENING
    ][:SOON_COUNT]
    return TimesShown(soon=soon, periods=ordered, opened=opened)


def day_over(slots: s.VenueSlots, now: datetime) -> bool:
    """No game of the length asked can start any more this business day (late at night): not the
    same as every court being taken."""
    last_start = slots.closes_at and slots.closes_at - timedelta(minutes=slots.duration_minutes)
    return last_start is not None and last_start <= now

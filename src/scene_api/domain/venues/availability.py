"""Free slots, computed on demand (never stored): opening hours minus what is taken, each priced.

Opening hours count minutes after local (Asia/Karachi) midnight of a venue's *business day*: a
venue open from 07:00 until 01:00 closes at minute 1500, so its 00:30 slot is listed under the
evening before, the way people in Pakistan speak of a late game. Pure functions: no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.dialects.postgresql import Range

from scene_api.i18n import Message
from scene_api.lib.timezone import at_local_minute, to_local

SLOT_STEP_MINUTES = 30
"""Slots start on the hour and the half hour."""
DURATIONS = (60, 90, 120)

Interval = tuple[datetime, datetime]
"""A taken stretch of time, [start, end)."""


def interval(period: Range[datetime]) -> Interval:
    """A stored period (a booking's, a blackout's) as an interval."""
    assert period.lower is not None  # never empty (a CHECK) nor unbounded (we write both ends)
    assert period.upper is not None
    return period.lower, period.upper


@dataclass(frozen=True)
class Window:
    """When a venue is open on one business day, in minutes after that day's local midnight."""

    opens: int
    closes: int


@dataclass(frozen=True)
class Prices:
    off_peak: int
    peak: int


@dataclass(frozen=True)
class Slot:
    minute: int
    """Minutes after the business day's local midnight."""
    starts_at: datetime
    ends_at: datetime
    price_pkr: int
    peak: bool


def window_on(day: date, weekly: dict[int, Window], special: dict[date, Window | None]) -> Window | None:
    """Special hours for the date replace the weekly ones (None there means closed that day)."""
    if day in special:
        return special[day]
    return weekly.get(day.weekday())


def start_minutes(window: Window, duration: int) -> range:
    """Every slot start on the half-hour grid from opening until the slot would end after closing."""
    first = -(-window.opens // SLOT_STEP_MINUTES) * SLOT_STEP_MINUTES
    return range(first, window.closes - duration + 1, SLOT_STEP_MINUTES)


def is_peak(minute: int, peak: tuple[int, int] | None) -> bool:
    """A slot is priced at peak when it starts inside the venue's peak window."""
    return peak is not None and peak[0] <= minute < peak[1]


def price_at(minute: int, prices: Prices, peak: tuple[int, int] | None) -> int:
    return prices.peak if is_peak(minute, peak) else prices.off_peak


def overlaps(start: datetime, end: datetime, taken: Iterable[Interval]) -> bool:
    return any(taken_start < end and start < taken_end for taken_start, taken_end in taken)


def free_slots(
    day: date,
    window: Window,
    duration: int,
    *,
    prices: Prices,
    peak: tuple[int, int] | None,
    taken: list[Interval],
    now: datetime,
) -> list[Slot]:
    """The slots of one court on one business day that have not started and overlap nothing taken."""
    slots = []
    for minute in start_minutes(window, duration):
        starts_at = at_local_minute(day, minute)
        ends_at = starts_at + timedelta(minutes=duration)
        if starts_at > now and not overlaps(starts_at, ends_at, taken):
            slots.append(
                Slot(minute, starts_at, ends_at, price_at(minute, prices, peak), is_peak(minute, peak))
            )
    return slots


def on_grid(moment: datetime) -> bool:
    local = to_local(moment)
    return local.minute % SLOT_STEP_MINUTES == 0 and local.second == 0 and local.microsecond == 0


def place_in_hours(
    starts_at: datetime, duration: int, window_of: Callable[[date], Window | None]
) -> tuple[date, int] | None:
    """The business day and minute a booking from `starts_at` belongs to, or None when it does not fit
    the opening hours: the calendar day's own hours first, then the evening before's past midnight."""
    calendar_day = to_local(starts_at).date()
    for day in (calendar_day, calendar_day - timedelta(days=1)):
        window = window_of(day)
        minute = int((starts_at - at_local_minute(day, 0)).total_seconds() // 60)
        if window is not None and window.opens <= minute and minute + duration <= window.closes:
            return day, minute
    return None


def slot_label(court_name: str, starts_at: datetime) -> Message:
    """`Court 2 at 8:00 pm on Fri 27 Nov`: how refusals and payments name a slot."""
    return Message("errors_venues.slot", court=court_name, at=starts_at)

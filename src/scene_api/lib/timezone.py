"""Pakistan time: store UTC, show Asia/Karachi."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KARACHI = ZoneInfo("Asia/Karachi")
MINUTES_PER_DAY = 24 * 60


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(KARACHI)


def clock(moment: datetime) -> str:
    """`8:00 pm` in Pakistan time."""
    local = to_local(moment)
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def short_date(day: date) -> str:
    """`Fri 27 Nov`."""
    return f"{day:%a} {day.day} {day:%b}"


def at_local_minute(day: date, minute: int) -> datetime:
    """The UTC moment `minute` minutes after local midnight of `day` (past 1440 it is the next day)."""
    return datetime.combine(day, time(), KARACHI).astimezone(UTC) + timedelta(minutes=minute)


def clock_on_day(moment: datetime) -> str:
    """`8:00 pm on Fri 27 Nov` in Pakistan time."""
    return f"{clock(moment)} on {short_date(to_local(moment).date())}"

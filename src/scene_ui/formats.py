"""How money and time read on screen: whole rupees, and Asia/Karachi wall-clock time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from scene_api import i18n as catalogues
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_ui.i18n import locale, texts

__all__ = ["clock", "day_heading", "rupees", "short_date", "today", "when"]

tx = texts("formats")
"""The words these read in the member's language."""


def clock(moment: datetime) -> str:
    """`8:00 pm` in Pakistan time (`رات 8:00` in Urdu)."""
    return catalogues.clock(moment, locale())


def short_date(day: date) -> str:
    """`Fri 27 Nov`."""
    return catalogues.short_date(day, locale())


def rupees(amount: int) -> str:
    """`Rs 2,500`; nothing to pay reads `Free`."""
    return tx.free if amount == 0 else tx("rupees", amount=f"{amount:,}")


def today(now: datetime | None = None) -> date:
    """The calendar day it is in Pakistan."""
    return to_local(now or utcnow()).date()


def day_heading(day: date, *, now: datetime | None = None) -> str:
    """`Today`, `Tomorrow`, a weekday within the coming week (`Saturday`), else `Sat 5 Dec`."""
    days_ahead = (day - today(now)).days
    if days_ahead <= 0:
        return tx.today
    if days_ahead == 1:
        return tx.tomorrow
    if days_ahead < 7:
        return tx(f"day_{day.weekday()}")
    return short_date(day)


def when(moment: datetime, *, now: datetime | None = None) -> str:
    """`Today, 8:00 pm`, `Tomorrow, 8:00 pm`, else `Fri 27 Nov, 8:00 pm`."""
    day = to_local(moment).date()
    current = today(now)
    if day == current:
        label = tx.today
    elif day == current + timedelta(days=1):
        label = tx.tomorrow
    else:
        label = short_date(day)
    return tx("when", day=label, time=clock(moment))


def time_range(starts_at: datetime, ends_at: datetime) -> str:
    """`8:00 pm - 9:30 pm` in Pakistan time."""
    return tx("time_range", start=clock(starts_at), end=clock(ends_at))


def long_day(moment: datetime, *, now: datetime | None = None) -> str:
    """`Today`, `Tomorrow`, else `Saturday 28 November`."""
    day = to_local(moment).date()
    days_ahead = (day - today(now)).days
    if days_ahead == 0:
        return tx.today
    if days_ahead == 1:
        return tx.tomorrow
    return tx(
        "long_day", weekday=tx(f"day_{day.weekday()}"), day=day.day, month=tx(f"month_long_{day.month}")
    )


def duration(minutes: int) -> str:
    """`45 min`, `1 hr`, `1 hr 30 min`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return tx("minutes", minutes=rest)
    if not rest:
        return tx("hours", hours=hours)
    return tx("hours_minutes", hours=hours, minutes=rest)


def local_moment(day: str, wall_clock: str) -> datetime:
    """A date input's `2026-11-28` and a time input's `20:00` as Pakistan time; ValueError if unreadable."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(wall_clock), tzinfo=KARACHI)


def date_input_value(moment: datetime) -> str:
    return to_local(moment).date().isoformat()


def time_input_value(moment: datetime) -> str:
    return f"{to_local(moment):%H:%M}"


def ago(moment: datetime, *, now: datetime | None = None) -> str:
    """`just now`, `5 min ago`, `3 hr ago`, `2 days ago`, else the date."""
    seconds = int(((now or utcnow()) - moment).total_seconds())
    if seconds < 60:
        return tx.just_now
    if seconds < 3600:
        return tx("minutes_ago", count=seconds // 60)
    if seconds < 86400:
        return tx("hours_ago", count=seconds // 3600)
    if seconds < 7 * 86400:
        days = seconds // 86400
        return tx("day_ago") if days == 1 else tx("days_ago", count=days)
    return short_date(to_local(moment).date())


def countdown(seconds: float) -> str:
    """`9:05` minutes and seconds left; from an hour up (a court held while an activity fills) the
    hours and minutes, `38 hr 50 min`, where ticking seconds say nothing; `0:00` once it has run out."""
    whole = max(0, int(seconds))
    if whole >= 3600:
        return duration(whole // 60)
    return f"{whole // 60}:{whole % 60:02d}"

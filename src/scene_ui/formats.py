"""How money and time read on screen: whole rupees, and Asia/Karachi wall-clock time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from scene_api.lib.timezone import clock, short_date, to_local, utcnow

FREE = "Free"
TODAY = "Today"
TOMORROW = "Tomorrow"

__all__ = ["FREE", "TODAY", "TOMORROW", "clock", "day_heading", "rupees", "today", "when"]


def rupees(amount: int) -> str:
    """`Rs 2,500`; nothing to pay reads `Free`."""
    return FREE if amount == 0 else f"Rs {amount:,}"


def today(now: datetime | None = None) -> date:
    """The calendar day it is in Pakistan."""
    return to_local(now or utcnow()).date()


def day_heading(day: date, *, now: datetime | None = None) -> str:
    """`Today`, `Tomorrow`, a weekday within the coming week (`Saturday`), else `Sat 5 Dec`."""
    days_ahead = (day - today(now)).days
    if days_ahead <= 0:
        return TODAY
    if days_ahead == 1:
        return TOMORROW
    if days_ahead < 7:
        return f"{day:%A}"
    return short_date(day)


def when(moment: datetime, *, now: datetime | None = None) -> str:
    """`Today, 8:00 pm`, `Tomorrow, 8:00 pm`, else `Fri 27 Nov, 8:00 pm`."""
    day = to_local(moment).date()
    current = today(now)
    if day == current:
        label = TODAY
    elif day == current + timedelta(days=1):
        label = TOMORROW
    else:
        label = short_date(day)
    return f"{label}, {clock(moment)}"

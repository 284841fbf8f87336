"""Every user-facing string, one catalogue per language: `en.py` and `ur.py`, grouped per page.

The catalogues live here, free of any UI import, because the server writes text too: notifications
and their SMS go out in the recipient's language (`render`). Pages read them through `scene_ui.i18n`,
which adds the language of the request being served. An Urdu string that is missing falls back to
the English one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from scene_api.i18n import en, ur
from scene_api.lib.timezone import to_local

Locale = Literal["en", "ur"]
LOCALES: tuple[Locale, ...] = ("en", "ur")
DEFAULT: Locale = "en"
RTL: frozenset[str] = frozenset({"ur"})
CATALOGUES: dict[str, dict[str, dict[str, str]]] = {"en": en.MESSAGES, "ur": ur.MESSAGES}


def valid(value: object) -> Locale | None:
    return value if value in LOCALES else None


def lookup(page: str, key: str, language: str) -> str:
    """One string: the language's own, else English; KeyError when English has none either."""
    own = CATALOGUES.get(language, {}).get(page, {}).get(key)
    return own if own is not None else en.MESSAGES[page][key]


class Message:
    """A sentence written later in its reader's language: `Message("notify.cancelled", title=...)`.

    Values stay as they are (names and titles people typed), except a `datetime`, which reads as
    `8:00 pm on Fri 27 Nov` in the reader's language, and another `Message`, rendered in turn."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.values!r})"


def render(text: Message | str, language: str) -> str:
    """`text` in `language` (English when the language is unknown); a plain string is kept as is."""
    if isinstance(text, str):
        return text
    language = valid(language) or DEFAULT
    page, _, name = text.key.partition(".")
    values = {key: _value(value, language) for key, value in text.values.items()}
    return lookup(page, name, language).format(**values)


def _value(value: Any, language: str) -> Any:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, datetime):
        return on_day(value, language)
    return value


def day_part(hour: int) -> str:
    """Which part of the day a local hour falls in (Urdu names it before the time: `رات 8:00`)."""
    return (
        "night_am"
        if hour < 5
        else "morning"
        if hour < 12
        else "noon"
        if hour < 16
        else "evening"
        if hour < 20
        else "night_pm"
    )


def clock_message(moment: datetime) -> Message:
    """`8:00 pm` in Pakistan time, to be read in its reader's language (`رات 8:00` in Urdu)."""
    local = to_local(moment)
    return Message(
        "formats.clock",
        hour=local.hour % 12 or 12,
        minute=f"{local.minute:02d}",
        period=Message(f"formats.period_{day_part(local.hour)}"),
    )


def clock(moment: datetime, language: str) -> str:
    """`8:00 pm` in Pakistan time (`رات 8:00` in Urdu)."""
    return render(clock_message(moment), language)


def short_date(day: date, language: str) -> str:
    """`Fri 27 Nov`."""
    return lookup("formats", "short_date", language).format(
        weekday=lookup("formats", f"weekday_{day.weekday()}", language),
        day=day.day,
        month=lookup("formats", f"month_{day.month}", language),
    )


def on_day(moment: datetime, language: str) -> str:
    """`8:00 pm on Fri 27 Nov` in Pakistan time."""
    return lookup("formats", "on_day", language).format(
        time=clock(moment, language), day=short_date(to_local(moment).date(), language)
    )

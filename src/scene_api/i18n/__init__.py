"""Every user-facing string, one catalogue per language: `en.py` and `ur.py`, grouped per page.

The catalogues live here, free of any UI import, because the server writes text too: notifications
and their SMS go out in the recipient's language (`render`). Pages read them through `scene_ui.i18n`,
which adds the language of the request being served. An Urdu string that is missing falls back to
the English one.
"""

from __future__ import annotations

from typing import Any, Literal

from scene_api.i18n import en, ur

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


def render(key: str, language: str, **values: Any) -> str:
    """`render("notify.order_expired_title", "ur", event="Padel night")`: one filled-in string."""
    page, _, name = key.partition(".")
    text = lookup(page, name, valid(language) or DEFAULT)
    return text.format(**values) if values else text

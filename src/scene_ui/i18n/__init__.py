"""The pages' side of the catalogues in `scene_api.i18n` (one per language, grouped per page).

Pages look strings up while they build (never at import time, which cannot follow the member's
language): `tx = texts("welcome")` then `tx.heading` or `tx("cta_message", host=name)`; a single
string reads `t("welcome.heading")`. The language is the signed-in member's `User.locale`; for
visitors a `?lang=ur` query parameter (remembered in `app.storage.user`) or an earlier choice;
English otherwise. An Urdu string that is missing falls back to the English one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from nicegui import app, ui
from nicegui.slot import Slot

from scene_api import i18n as catalogues
from scene_api.i18n import DEFAULT, LOCALES, RTL, Locale, valid
from scene_ui.stylesheet import TEXT_STACK, URDU_FAMILY

__all__ = ["DEFAULT", "LOCALES", "RTL", "Locale", "valid"]

LOCALE_KEY = "locale"
"""In `app.storage.client`: the signed-in member's language, put there by `session.current_member`."""
CHOICE_KEY = "lang"
"""In `app.storage.user` and the query string: a visitor's language."""

_SERVED: ContextVar[Locale | None] = ContextVar("served_language", default=None)
"""The language of a plain (server-rendered, non-NiceGUI) page being written: see `speaking`."""

URDU_FONTS = f"'{URDU_FAMILY}', {TEXT_STACK}"
"""Urdu letters in our own Naskh (`scene_ui.stylesheet.URDU_FACES`, fetched on Urdu pages only); the Latin
words and digits in Urdu text in the app's Latin fonts (a phone's Nastaliq drew digits in a serif), and an
Arabic letter Urdu does not use in whatever font the phone finds for it."""


def locale() -> Locale:
    """The language of the page being built (English outside a page: asking NiceGUI for the page's
    client there would start its script mode, which `ui.run` then refuses)."""
    if not Slot.get_stack():
        return _SERVED.get() or DEFAULT
    try:
        member_choice = valid(app.storage.client.get(LOCALE_KEY))
        request = ui.context.client.request
    except RuntimeError:
        return DEFAULT
    if member_choice:
        return member_choice
    return visitor_language(request.query_params.get(CHOICE_KEY))


def visitor_language(asked: str | None) -> Locale:
    """`?lang=` (`asked`, remembered on this browser), else what this browser chose before (a member's
    profile language, once they signed in here), else English. Needs a request (NiceGUI's middleware
    gives every HTTP request one, plain routes too)."""
    asked_for = valid(asked)
    try:
        remembered = valid(app.storage.user.get(CHOICE_KEY))
        if asked_for and asked_for != remembered:
            app.storage.user[CHOICE_KEY] = asked_for
    except RuntimeError:
        remembered = None
    return asked_for or remembered or DEFAULT


@contextmanager
def speaking(language: Locale) -> Iterator[None]:
    """`with speaking("ur"):` every look-up (texts, formats) outside a NiceGUI page reads Urdu: the plain
    public pages (`scene_ui.public`) are written in a FastAPI route, where no page client exists."""
    token = _SERVED.set(language)
    try:
        yield
    finally:
        _SERVED.reset(token)


def use(language: str) -> None:
    """The signed-in member's language for the page being built (from their profile)."""
    app.storage.client[LOCALE_KEY] = valid(language) or DEFAULT


def is_rtl(language: str | None = None) -> bool:
    return (language or locale()) in RTL


def lookup(page: str, key: str, language: str | None = None) -> str:
    """One string in `language` (the request's by default), else English; KeyError when English has none."""
    return catalogues.lookup(page, key, language or locale())


class Texts:
    """One page's strings: `tx.title`, `tx("count", count=3)`. Without a fixed `language` each look-up
    reads the language of the request being served, so a module can keep `tx = texts("home")` at the
    top and use it inside its page functions."""

    __slots__ = ("_language", "_page")

    def __init__(self, page: str, language: str | None = None) -> None:
        self._page = page
        self._language = language

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):  # Python's own questions (abc, copy, pickle), never a string
            raise AttributeError(key)
        try:
            return lookup(self._page, key, self._language)
        except KeyError:
            raise AttributeError(f"no string {self._page}.{key}") from None

    def __call__(self, key: str, **values: Any) -> str:
        text = lookup(self._page, key, self._language)
        return text.format(**values) if values else text


K = TypeVar("K", bound=Hashable)


class Labels(Mapping[K, str]):
    """Names of a fixed set of things (enum members) in the reader's language, read at each look-up:
    `LABELS[kind]` and `LABELS.get(kind)` work as they did on a plain dict of English names."""

    def __init__(self, page: str, keys: Mapping[K, str]) -> None:
        self._page = page
        self._keys = dict(keys)

    def __getitem__(self, item: K) -> str:
        return lookup(self._page, self._keys[item])

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def labels(page: str, prefix: str, keys: Iterable[K]) -> Labels[K]:
    """Names of `keys` (enum members or plain strings) from catalogue `page`, each at `<prefix><value>`:
    `labels("admin_queues", "status_", m.ReportStatus)` reads `admin_queues.status_open` and so on."""
    return Labels(page, {key: f"{prefix}{getattr(key, 'value', key)}" for key in keys})


def texts(page: str, language: str | None = None) -> Texts:
    """The strings of `page` in `language`, or in the language of each request as it is served."""
    return Texts(page, language)


def t(key: str, **values: Any) -> str:
    """`t("welcome.heading")`, `t("share.cta_message", host="Ayesha")`."""
    page, _, name = key.partition(".")
    return texts(page)(name, **values)


def shared_link(url: str, language: str | None = None) -> str:
    """A share link in the sharer's language: `?lang=ur` when they read Scene in Urdu, so the link
    preview (Open Graph) and the page a visitor opens speak it too."""
    language = language or locale()
    if language == DEFAULT:
        return url
    return f"{url}{'&' if '?' in url else '?'}{CHOICE_KEY}={language}"

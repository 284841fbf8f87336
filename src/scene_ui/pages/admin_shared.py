"""Pieces the ops tabs share: the panel contract, a paged list, table rows, pills, stat tiles, filter chips,
`Show more`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any, Generic, TypeVar

import phonenumbers
from nicegui import ui

from scene_api.lib.pagination import Page
from scene_api.services import Services
from scene_ui import feedback, session
from scene_ui.components.chips import chip, mark
from scene_ui.components.section import scroller
from scene_ui.i18n import t, texts

tx = texts("admin_shared")
PAGE_SIZE = 25

K = TypeVar("K")
T = TypeVar("T")

PILL_TONES = {
    "good": "bg-accent-soft text-accent",
    "warn": "bg-warning/15 text-warning",
    "bad": "bg-danger/15 text-danger",
    "quiet": "bg-raised text-muted",
}


class Panel:
    """One ops tab: `load` before the first render, `render` into the tab's column."""

    async def load(self) -> None:
        raise NotImplementedError

    def render(self) -> None:
        raise NotImplementedError


async def as_admin(action: Callable[[Services, Any], Awaitable[Any]]) -> Any:
    """`await as_admin(lambda services, me: services.admin.members(me))`: one unit of work as the
    signed-in admin (the service checks they are one)."""
    async with session.member_services() as (services, me):
        return await action(services, me.user)


async def attempt(action: Callable[[Services, Any], Awaitable[Any]], done: str | None = None) -> Any | None:
    """Like `as_admin`, but through `feedback.attempt`: a refusal becomes a toast and None."""
    result = await feedback.attempt(lambda services, me: action(services, me.user), success=done or None)
    if result is feedback.REFUSED:
        return None
    return result if result is not None else True


def money(amount: int) -> str:
    """`Rs 2,500`; unlike prices, nothing reads `Rs 0`, not `Free`."""
    return t("formats.rupees", amount=f"{amount:,}")


def phone_number(e164: str) -> str:
    """`+92 300 1234567`: a stored number the way people read it."""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def pill(text: str, tone: str = "quiet") -> ui.label:
    return ui.label(text).classes(
        f"h-6 px-2 rounded-full text-label font-bold uppercase tracking-wide whitespace-nowrap "
        f"flex items-center shrink-0 {PILL_TONES[tone]}"
    )


def stat_tile(value: str, label: str, *, tone: str = "text-ink") -> ui.column:
    with ui.column().classes("min-w-0 gap-0.5 p-4 rounded-card bg-surface border border-line") as tile:
        ui.label(value).classes(f"text-display font-extrabold {tone} leading-none")
        ui.label(label).classes("text-label font-semibold uppercase tracking-wider text-muted")
    return tile


class Filters(Generic[K]):
    """A row of chips choosing one filter; `on_choose(key)` runs when it changes."""

    def __init__(
        self, options: Mapping[K, str], chosen: K, on_choose: Callable[[K], Awaitable[None]]
    ) -> None:
        self.options = options
        self.chosen = chosen
        self.on_choose = on_choose
        self.chips: dict[K, ui.button] = {}

    def render(self, marker: str) -> None:
        with scroller() as row:
            row.props('role="toolbar"').mark(marker)
            for key, label in self.options.items():
                self.chips[key] = chip(label, on_click=partial(self.choose, key)).mark(f"{marker}-{key}")
        self._mark()

    async def choose(self, key: K) -> None:
        if key == self.chosen:
            return
        self.chosen = key
        self._mark()
        await self.on_choose(key)

    def _mark(self) -> None:
        for key, button in self.chips.items():
            mark(button, key == self.chosen)


def show_more(on_click: Callable[[], Awaitable[None]]) -> ui.button:
    button = ui.button(tx.show_more, color=None, on_click=on_click).props("unelevated rounded no-caps")
    return button.classes("w-full min-h-touch bg-surface text-ink border border-line text-body font-semibold")


def quiet_note(text: str) -> ui.row:
    with ui.row().classes("w-full p-4 rounded-card border border-dashed border-line") as row:
        ui.label(text).classes("text-meta text-muted")
    return row


@contextmanager
def table() -> Iterator[ui.column]:
    """The card a list of rows sits in (`with table(): table_row(...)`)."""
    with ui.column().classes(
        "w-full gap-0 rounded-card bg-surface border border-line overflow-hidden"
    ) as card:
        yield card


def row_classes(first: bool, spacing: str = "gap-1 px-4 py-3") -> str:
    """One row of a `table`: a rule above all but the first."""
    return f"w-full {spacing} " + ("" if first else "border-t border-line")


def table_row(marker: str, *, first: bool) -> ui.column:
    """A row of a `table`, stacked lines: `with table_row(f"payment-{ref}", first=index == 0): ...`."""
    return ui.column().classes(row_classes(first)).mark(marker)


class PagedList(Panel, Generic[T]):
    """A tab listing one page at a time under filters: `fetch` reads a page for the current filters
    (`filters_key`), `rows` draws the items; `Show more` appends the next page, a new filter starts over.
    A page that arrives after the filters changed again is dropped."""

    def __init__(self) -> None:
        self.items: list[T] = []
        self.next_cursor: str | None = None

    def filters_key(self) -> Hashable:
        raise NotImplementedError

    async def fetch(self, cursor: str | None) -> Page[T] | None:
        raise NotImplementedError

    def empty_note(self) -> str:
        raise NotImplementedError

    def rows(self, items: list[T]) -> None:
        raise NotImplementedError

    async def load(self, *, more: bool = False) -> None:
        key, cursor = self.filters_key(), self.next_cursor if more else None
        page = await self.fetch(cursor)
        if page is None or key != self.filters_key():
            return
        self.items = [*self.items, *page.items] if more else page.items
        self.next_cursor = page.next_cursor

    async def reload(self) -> None:
        await self.load()
        self.listing.refresh()

    async def more(self) -> None:
        await self.load(more=True)
        self.listing.refresh()

    @ui.refreshable_method
    def listing(self) -> None:
        if not self.items:
            quiet_note(self.empty_note())
            return
        self.rows(self.items)
        if self.next_cursor:
            show_more(self.more)

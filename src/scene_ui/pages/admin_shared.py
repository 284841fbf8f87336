"""Pieces the ops tabs share: the panel contract, pills, stat tiles, filter chips, `Show more`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Generic, TypeVar

import phonenumbers
from nicegui import ui

from scene_api.lib.errors import DomainError
from scene_api.services import Services
from scene_ui import feedback, session
from scene_ui.components.chips import chip, mark
from scene_ui.components.section import scroller

SHOW_MORE = "Show more"
PAGE_SIZE = 25

K = TypeVar("K")

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
    """Like `as_admin`, but a refusal becomes a toast and None."""
    try:
        result = await as_admin(action)
    except DomainError as error:
        feedback.failed(error)
        return None
    if done:
        feedback.done(done)
    return result if result is not None else True


def money(amount: int) -> str:
    return f"Rs {amount:,}"


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

    def __init__(self, options: dict[K, str], chosen: K, on_choose: Callable[[K], Awaitable[None]]) -> None:
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
    button = ui.button(SHOW_MORE, color=None, on_click=on_click).props("unelevated rounded no-caps")
    return button.classes("w-full min-h-touch bg-surface text-ink border border-line text-body font-semibold")


def quiet_note(text: str) -> ui.row:
    with ui.row().classes("w-full p-4 rounded-card border border-dashed border-line") as row:
        ui.label(text).classes("text-meta text-muted")
    return row

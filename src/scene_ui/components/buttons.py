"""Buttons every page uses: one loud primary action, quiet secondary ones, and a careful red one; and the
guard that runs a button's action once however often it is tapped."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from nicegui import ui

BASE = "min-h-touch px-5 rounded-full text-body font-bold"
PRIMARY = f"{BASE} bg-accent text-on-accent"
SECONDARY = f"{BASE} bg-surface text-ink border border-line"
DANGER = f"{BASE} bg-surface text-danger border border-line"
GHOST = "min-h-touch px-3 rounded-full text-body font-semibold text-muted"


def primary_button(
    text: str, on_click: Callable[..., Any] | None = None, *, icon: str | None = None
) -> ui.button:
    return _button(text, on_click, icon, PRIMARY)


def secondary_button(
    text: str, on_click: Callable[..., Any] | None = None, *, icon: str | None = None
) -> ui.button:
    return _button(text, on_click, icon, SECONDARY)


def danger_button(
    text: str, on_click: Callable[..., Any] | None = None, *, icon: str | None = None
) -> ui.button:
    return _button(text, on_click, icon, DANGER)


def ghost_button(
    text: str, on_click: Callable[..., Any] | None = None, *, icon: str | None = None
) -> ui.button:
    return _button(text, on_click, icon, GHOST)


def _button(text: str, on_click: Callable[..., Any] | None, icon: str | None, classes: str) -> ui.button:
    button = ui.button(text, icon=icon, color=None, on_click=on_click).props(
        "unelevated rounded no-caps no-wrap"
    )
    return button.classes(f"{classes} [&_.q-icon]:text-xl")


def link_button(text: str, target: str, *, primary: bool = False, icon: str | None = None) -> ui.link:
    """A link that looks like a button: navigation (and plain-HTML pages) without a round trip."""
    tone = PRIMARY if primary else SECONDARY
    with ui.link(target=target).classes(
        f"{tone} no-underline inline-flex items-center justify-center gap-2"
    ) as link:
        if icon:
            ui.icon(icon).classes("text-xl")
        ui.label(text)
    return link


class Busy(Protocol):
    """A page part that runs one action at a time: while `busy`, its actions return at once (`if self.busy:
    return` first thing) and live news does not redraw it (`LiveView`)."""

    busy: bool


def spin(owner: Busy, button: ui.button) -> None:
    """An action starts: `owner` busy (a second tap, one landing before the browser shows the spinner, is
    dropped) and `button` spinning."""
    owner.busy = True
    button.props("loading")


def unspin(owner: Busy, button: ui.button) -> None:
    """A refused action stays on the page: the button can be tapped again."""
    owner.busy = False
    button.props(remove="loading")


@asynccontextmanager
async def spinning(owner: Busy, button: ui.button) -> AsyncIterator[None]:
    """`async with spinning(self, button):` an action after which the page redraws: busy while the block runs
    (a reread inside it included, so news meanwhile does not draw the page twice), not busy after it, even
    on an error. The spinner is left on: the redraw replaces the button. An action that leaves the page
    on success uses `spin`, and `unspin` when refused, instead."""
    spin(owner, button)
    try:
        yield
    finally:
        owner.busy = False


@asynccontextmanager
async def spinning_while(owner: Busy, button: ui.button) -> AsyncIterator[None]:
    """`async with spinning_while(self, button):` an action after which neither the page redraws nor the
    button goes (a refusal said beside it, or a navigation that may not happen): busy and spinning while
    the block runs, neither after it, even on an error."""
    spin(owner, button)
    try:
        yield
    finally:
        unspin(owner, button)

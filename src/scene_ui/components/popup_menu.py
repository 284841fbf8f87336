"""A short list of actions or choices that opens under the button tapped (a profile's "more", a filter
chip).

Quasar's menu is `role="menu"` holding `listitem`s (axe: aria-required-children, aria-required-parent), and
it is drawn at the end of the body, outside every landmark (axe: region); it also lacks the arrow keys a
`menu` promises. So it is a small dialog named for what it offers, holding plain buttons: Tab and Enter or
Space work, and a dialog counts as a region of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui


def popup_menu(name: str) -> ui.menu:
    """Open it from the button it is made in (`with button, popup_menu(...)`); a tap on a choice closes it."""
    menu = ui.menu().props('auto-close role="dialog"').classes("bg-raised")
    menu.props["aria-label"] = name
    return menu


def popup_choice(text: str, on_click: Callable[..., Any], *, danger: bool = False) -> ui.button:
    return (
        ui.button(text, on_click=on_click, color=None)
        .props("flat no-caps align=left")
        .classes(f"w-full min-h-touch px-4 rounded-none text-body {'text-danger' if danger else 'text-ink'}")
    )

"""Filter chips: a pill that is on or off, in a sideways row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

SELECTED_CHIP = "bg-accent text-on-accent border-accent"
UNSELECTED_CHIP = "bg-surface text-ink border-line"


def chip(label: str, icon: str | None = None, *, on_click: Callable[..., Any] | None = None) -> ui.button:
    button = ui.button(label, icon=icon, color=None, on_click=on_click).props("unelevated rounded no-caps")
    return button.classes(
        "min-h-touch px-4 border text-meta font-semibold whitespace-nowrap [&_.q-icon]:text-lg "
        + UNSELECTED_CHIP
    )


def mark(button: ui.button, selected: bool) -> None:
    """Show a chip as chosen (accent) or not, and tell screen readers."""
    button.classes(
        add=SELECTED_CHIP if selected else UNSELECTED_CHIP,
        remove=UNSELECTED_CHIP if selected else SELECTED_CHIP,
    ).props(f'aria-pressed="{str(selected).lower()}"')

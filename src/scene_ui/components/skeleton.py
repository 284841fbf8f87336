"""Grey shapes in the place of cards while they load."""

from __future__ import annotations

from nicegui import ui


def card_skeleton() -> None:
    """The outline of an activity card: chip, title, two facts, host."""
    with ui.column().classes("w-full gap-3 p-4 rounded-card bg-surface border border-line"):
        _bar("6rem", "1.75rem")
        _bar("80%", "1.25rem")
        _bar("55%", "0.875rem")
        _bar("65%", "0.875rem")
        with ui.row().classes("w-full items-center gap-2 pt-3 border-t border-line"):
            ui.skeleton("circle", animation="fade", size="28px")
            _bar("35%", "0.875rem")


def _bar(width: str, height: str) -> None:
    ui.skeleton(animation="fade", width=width, height=height).classes("rounded-full")

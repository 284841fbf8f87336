"""A live countdown to a hold's deadline (a court slot, reserved tickets), ticking every second in the
browser (`live_clock`), so it runs on while the phone is offline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from nicegui import ui

from scene_ui.components.live_clock import LiveClock
from scene_ui.i18n import texts

tx = texts("countdown")


def hold_countdown(
    deadline: datetime, title: str, hint: str, on_end: Callable[[], Awaitable[None]] | None = None
) -> ui.row:
    """`Held for you / Pay within 10 minutes... / 9:41 left`; when it reaches 0:00 the browser says so
    and `on_end` runs once (the page re-reads the hold: the service decides whether it still stands)."""
    with (
        ui.row()
        .classes(
            "w-full items-center gap-3 p-4 rounded-card bg-accent-soft border border-accent/40 flex-nowrap"
        )
        .mark("countdown") as row
    ):
        with ui.element("div").classes(
            "w-10 h-10 shrink-0 rounded-full bg-page/60 flex items-center justify-center"
        ):
            ui.icon("hourglass_top").classes("text-accent text-xl")
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(title).classes("text-card font-bold text-ink")
            ui.label(hint).classes("text-meta text-muted")
        with ui.column().classes("items-end gap-0 shrink-0"):
            LiveClock(deadline, on_end=on_end).classes(
                "text-title font-extrabold text-accent tabular-nums"
            ).mark("countdown-clock")
            ui.label(tx.left_label).classes("text-label uppercase tracking-wider text-muted")
    return row

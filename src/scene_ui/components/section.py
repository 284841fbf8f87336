"""Section headings and the horizontal scroller rows sit under."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui


def section_header(title: str, caption: str | None = None) -> None:
    """A list heading with an optional quiet note on the right (a count, a date)."""
    with ui.row().classes("w-full items-baseline justify-between gap-3"):
        ui.label(title).classes("text-title font-bold text-ink").props('role="heading" aria-level="2"')
        if caption:
            ui.label(caption).classes("text-meta text-muted")


@contextmanager
def scroller() -> Iterator[ui.row]:
    """A row that scrolls sideways, bleeding to the screen edges so clipped items hint at more."""
    with ui.row().classes(
        "scene-scroller w-[calc(100%+2*var(--spacing-gutter))] -mx-gutter px-gutter "
        "flex-nowrap overflow-x-auto gap-2"
    ) as row:
        yield row

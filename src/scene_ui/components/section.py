"""Page and section headings, and the horizontal scroller rows sit under."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui


def page_heading(title: str, subtitle: str | None = None) -> ui.column:
    """The one big heading at the top of a page, with a quiet line under it."""
    with ui.column().classes("w-full gap-1") as heading:
        ui.label(title).classes("text-display font-extrabold text-ink").props('role="heading" aria-level="1"')
        if subtitle:
            ui.label(subtitle).classes("text-body text-muted")
    return heading


def linked_page_heading(title: str, target: str) -> None:
    """The page's one big heading that also leads somewhere (a booking's venue, an order's event). The
    link holds the heading: a link cannot take the heading role itself (axe: aria-allowed-role)."""
    with ui.link(target=target).classes("no-underline break-words"):
        ui.label(title).classes("text-display font-extrabold text-ink").props('role="heading" aria-level="1"')


def section_header(title: str, caption: str | None = None, *, link: tuple[str, str] | None = None) -> None:
    """A list heading with an optional quiet note on the right (a count, a date) or a link (`See all`)."""
    with ui.row().classes("w-full items-baseline justify-between gap-3 flex-nowrap"):
        ui.label(title).classes("text-title font-bold text-ink").props('role="heading" aria-level="2"')
        if link:
            text, target = link
            ui.link(text, target).classes(  # 44 px tall: a thumb's target, not just the words
                "min-h-11 inline-flex items-center text-meta font-semibold text-accent no-underline "
                "whitespace-nowrap"
            )
        elif caption:
            ui.label(caption).classes("text-meta text-muted whitespace-nowrap")


@contextmanager
def scroller() -> Iterator[ui.row]:
    """A row that scrolls sideways, bleeding to the screen edges so clipped items hint at more."""
    with ui.row().classes(
        "scene-scroller w-[calc(100%+2*var(--spacing-gutter))] -mx-gutter px-gutter "
        "flex-nowrap items-stretch overflow-x-auto gap-2"
    ) as row:
        yield row


@contextmanager
def panel(
    title: str | None = None, *, classes: str = "gap-3 p-4", marker: str | None = None
) -> Iterator[ui.column]:
    """A surface card holding a group of facts or controls; `classes` replaces its spacing."""
    with ui.column().classes(f"w-full rounded-card bg-surface border border-line {classes}") as box:
        if marker:
            box.mark(marker)
        if title:
            ui.label(title).classes("text-label font-bold uppercase tracking-wider text-muted")
        yield box


CARD_LINK = "w-full flex items-center rounded-card bg-surface border border-line no-underline flex-nowrap"


def card_link(target: str, *, classes: str, marker: str) -> ui.link:
    """A surface card that is one link, its parts in a row (an icon, words); `classes` gives its spacing."""
    return ui.link(target=target).classes(f"{CARD_LINK} {classes}").mark(marker)

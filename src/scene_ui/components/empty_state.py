"""What a list shows when it has nothing in it: an icon, a line that says so, and what happens next."""

from __future__ import annotations

from nicegui import ui


def no_slots_note(text: str) -> None:
    """A quiet dashed line where slots would be: closed that day, or nothing free."""
    with ui.row().classes(
        "w-full items-center gap-3 p-3 rounded-card border border-dashed border-line flex-nowrap"
    ):
        ui.icon("event_busy").classes("text-muted text-xl")
        ui.label(text).classes("flex-1 text-meta text-muted")


def empty_note(message: str, link: tuple[str, str] | None = None) -> None:
    """A quiet dashed line where a short list would be (nothing hosted yet), with a link (text, target) to
    what would fill it."""
    with ui.row().classes(
        "w-full items-center gap-3 p-4 rounded-card border border-dashed border-line flex-nowrap"
    ):
        ui.label(message).classes("flex-1 text-meta text-muted")
        if link:
            ui.link(link[0], link[1]).classes(
                "text-meta font-semibold text-accent no-underline whitespace-nowrap"
            )


def empty_state(icon: str, title: str, message: str, *, is_page_heading: bool = False) -> ui.column:
    """`is_page_heading`: the state is all the page says (not found, not for you), so its title is the page's
    one `h1` (axe: page-has-heading-one)."""
    with ui.column().classes(
        "w-full items-center text-center gap-3 px-6 py-12 rounded-card bg-surface border border-line"
    ) as box:
        with ui.element("div").classes("w-16 h-16 rounded-full bg-raised flex items-center justify-center"):
            ui.icon(icon).classes("text-accent text-3xl")
        heading = ui.label(title).classes("text-title font-bold text-ink")
        if is_page_heading:
            heading.props('role="heading" aria-level="1"')
        ui.label(message).classes("text-body text-muted max-w-[18rem]")
    return box

"""Detail pages' building blocks: a fact with its icon tile, a status banner, a state with a hint."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from scene_ui.i18n import texts

tx = texts("facts")
MAPS_URL = "https://www.google.com/maps/search/?api=1&query={query}"


def directions_url(lat: float | None, lng: float | None, place: str = "") -> str | None:
    """Google Maps for the pin when there is one, else for the place's name; None with neither."""
    if lat is not None and lng is not None:
        return MAPS_URL.format(query=f"{lat},{lng}")
    return MAPS_URL.format(query=quote(place)) if place else None


def icon_tile(icon: str) -> ui.element:
    """An accent icon on a raised rounded square: what leads a fact or a row of links."""
    with ui.element("div").classes(
        "w-10 h-10 shrink-0 rounded-xl bg-raised flex items-center justify-center"
    ) as tile:
        ui.icon(icon).classes("text-accent text-xl")
    return tile


def fact(icon: str, label: str, value: str, detail: str | None = None) -> ui.row:
    """`WHEN / Tomorrow / 8:00 pm - 9:30 pm`: an icon tile, a small label, the value and a quiet line."""
    with ui.row().classes("w-full items-start gap-3 flex-nowrap") as row:
        icon_tile(icon)
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(label).classes("text-label uppercase tracking-wider text-muted")
            ui.label(value).classes("text-body font-semibold text-ink break-words")
            if detail:
                ui.label(detail).classes("text-meta text-muted")
    return row


def where_fact(label: str, value: str, detail: str | None, directions: str | None) -> ui.row:
    """The place fact, with a `Directions` link on its right when there is somewhere to go."""
    row = fact("place", label, value, detail)
    if directions:
        with row:
            ui.link(tx.directions, directions, new_tab=True).classes(  # 44 px tall: a thumb's target
                "min-h-11 flex items-center text-meta font-semibold text-accent no-underline "
                "whitespace-nowrap self-center"
            ).mark("directions")
    return row


def banner(text: str, *, icon: str = "info", tone: str = "text-warning") -> ui.row:
    """A line that says what state the thing is in (cancelled, finished, expired)."""
    with (
        ui.row()
        .classes("w-full items-center gap-2 p-3 rounded-card bg-raised border border-line flex-nowrap")
        .mark("status-banner") as row
    ):
        ui.icon(icon).classes(f"{tone} text-xl shrink-0")
        ui.label(text).classes("text-body text-ink")
    return row


def state_line(icon: str, title: str, hint: str | None = None, *, marker: str = "join-state") -> None:
    """Where the member stands (request sent, you're in, on hold): a round icon, a bold line, a hint."""
    with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
        with ui.element("div").classes(
            "w-10 h-10 shrink-0 rounded-full bg-accent-soft flex items-center justify-center"
        ):
            ui.icon(icon).classes("text-accent text-xl")
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(title).classes("text-card font-bold text-ink").mark(marker)
            if hint:
                ui.label(hint).classes("text-meta text-muted")

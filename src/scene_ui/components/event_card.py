"""An event in a list: its date, title, time and place, the lowest price and how many tickets are left."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from scene_api.domain.events import schemas as events_s
from scene_api.lib.timezone import to_local
from scene_ui import formats
from scene_ui.components.venue_card import COVER_SIZE
from scene_ui.i18n import texts

tx = texts("event_card")


def event_path(event_id: object) -> str:
    return f"/events/{event_id}"


def tickets_left_label(left: int) -> str:
    return tx.left.format(count=left) if left > 0 else tx.sold_out


def price_label(price_from_pkr: int | None) -> str:
    """`Free`, `from Rs 500`, or nothing when no tier is on sale."""
    if price_from_pkr is None:
        return ""
    return (
        formats.rupees(0)
        if price_from_pkr == 0
        else tx.from_price.format(price=formats.rupees(price_from_pkr))
    )


def date_tile(moment: datetime, *, size: str = "w-14 h-14") -> ui.column:
    """`NOV / 28` on a raised square: the date reads before the title does."""
    local = to_local(moment)
    with ui.column().classes(
        f"{size} shrink-0 rounded-xl bg-raised items-center justify-center gap-0"
    ) as tile:
        ui.label(formats.tx(f"month_{local.month}").upper()).classes(
            "text-label font-bold tracking-wider text-accent"
        )
        ui.label(str(local.day)).classes("text-title font-extrabold text-ink leading-none")
    return tile


def event_card(
    event: events_s.Event, *, now: datetime | None = None, width: str = "w-full", target: str | None = None
) -> ui.link:
    """The whole card opens the event (or `target`); `width` sizes it in a sideways scroller."""
    with (
        ui.link(target=target or event_path(event.id))
        .classes(
            f"{width} flex flex-col rounded-card bg-surface border border-line overflow-hidden no-underline"
        )
        .mark(f"event-{event.slug}") as card
    ):
        if event.cover_url:
            picture = ui.element("img").classes("w-full aspect-[16/9] object-cover")
            picture.props["src"] = event.cover_url
            picture.props["alt"] = ""
            picture.props["width"], picture.props["height"] = COVER_SIZE
            picture.props["loading"] = "lazy"
        with ui.column().classes("w-full flex-1 gap-3 p-4"):
            with ui.row().classes("w-full items-start gap-3 flex-nowrap"):
                date_tile(event.starts_at)
                with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                    if event.featured:
                        ui.label(tx.featured).classes(
                            "text-label font-bold uppercase tracking-wider text-accent"
                        )
                    ui.label(event.title).classes("text-card font-semibold text-ink line-clamp-2")
            with ui.column().classes("w-full min-w-0 gap-1.5"):
                _fact("schedule", formats.when(event.starts_at, now=now))
                place = " \u00b7 ".join(part for part in (event.place_name, event.city) if part)
                if place:
                    _fact("place", place)
            with ui.row().classes("w-full items-center gap-2 pt-3 mt-auto border-t border-line flex-nowrap"):
                ui.label(price_label(event.price_from_pkr)).classes(
                    "text-body font-bold whitespace-nowrap "
                    + ("text-accent" if event.price_from_pkr == 0 else "text-ink")
                )
                ui.space()
                left = event.tickets_left
                tone = "bg-accent text-on-accent" if left > 0 else "bg-raised text-muted"
                ui.label(tickets_left_label(left)).classes(
                    "h-7 px-3 rounded-full text-meta font-semibold whitespace-nowrap flex items-center "
                    + tone
                )
    return card


def _fact(icon: str, text: str) -> None:
    with ui.row().classes("w-full items-center gap-2 flex-nowrap min-w-0"):
        ui.icon(icon).classes("text-muted text-lg shrink-0")
        ui.label(text).classes("text-body text-muted truncate")

"""A place to book in a list: its cover, name, area, sports, a few amenities and the lowest price."""

from __future__ import annotations

from html import escape

from nicegui import ui

from scene_api.domain.venues import schemas as venues_s
from scene_ui import formats
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.i18n import texts

tx = texts("venue_card")
AMENITIES_SHOWN = 3
COVER_SIZE = (448, 252)
"""A cover's width and height attributes: 16:9 at the content column's width. CSS sizes the picture; these
give the browser its shape before it loads (nothing shifts) and satisfy Lighthouse's sized images."""


def venue_path(venue: venues_s.VenueSummary | venues_s.VenueDetail) -> str:
    return f"/venues/{venue.slug}"


def area_of(address: str, city: str) -> str:
    """`Gulberg III · Lahore` from `Plot 9, Block E-1, Main Boulevard, Gulberg III, Lahore`: the last
    part of the address before the city is the neighbourhood people know the place by."""
    parts = [part.strip() for part in address.split(",") if part.strip() and part.strip() != city]
    return " \u00b7 ".join(part for part in (parts[-1] if parts else "", city) if part)


def cover(url: str | None, *, classes: str = "aspect-[16/9]", first_on_screen: bool = False) -> ui.element:
    """The venue's photo (cropped from the top, where courts and skies are), or a quiet block with a
    racket when it has none. `first_on_screen`: the page's largest picture, fetched at once with high
    priority rather than when scrolled to, and named in the page's head: NiceGUI's pages carry their
    elements as data that Vue renders once its scripts ran, so without the preload the browser would
    find the picture only then."""
    with ui.element("div").classes(f"w-full {classes} bg-raised overflow-hidden relative") as box:
        if url:
            picture = ui.element("img").classes("w-full h-full object-cover object-top")
            picture.props["src"] = url
            picture.props["alt"] = ""
            picture.props["width"], picture.props["height"] = COVER_SIZE
            if first_on_screen:
                picture.props["fetchpriority"] = "high"
                ui.add_head_html(f'<link rel="preload" as="image" href="{escape(url)}" fetchpriority="high">')
            else:
                picture.props["loading"] = "lazy"
        else:
            with ui.element("div").classes("w-full h-full flex items-center justify-center"):
                ui.icon("sports_tennis").classes("text-5xl text-accent/60")
    return box


def venue_card(venue: venues_s.VenueSummary, *, width: str = "w-full") -> ui.link:
    """The whole card opens the venue page; `width` sizes it in a sideways scroller."""
    with (
        ui.link(target=venue_path(venue))
        .classes(
            f"{width} flex flex-col rounded-card bg-surface border border-line overflow-hidden no-underline"
        )
        .mark(f"venue-{venue.slug}") as card
    ):
        cover(venue.cover_url, classes="aspect-[2/1]")
        with ui.column().classes("w-full flex-1 gap-2 p-4"):
            with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
                ui.label(venue.name).classes("flex-1 min-w-0 text-card font-semibold text-ink truncate")
                if venue.price_from_pkr is not None:
                    ui.label(tx("from_price", price=formats.rupees(venue.price_from_pkr))).classes(
                        "text-meta font-bold text-accent whitespace-nowrap"
                    )
            with ui.row().classes("w-full items-center gap-1.5 flex-nowrap text-muted"):
                ui.icon("place").classes("text-base shrink-0")
                ui.label(area_of(venue.address, venue.city)).classes("text-meta truncate")
            with ui.row().classes("w-full items-center gap-2 flex-nowrap mt-auto"):
                for sport in venue.sports[:2]:
                    with ui.row().classes(
                        "items-center gap-1 h-6 ps-1.5 pe-2 rounded-full bg-raised flex-nowrap shrink-0"
                    ):
                        ui.icon(ICONS[sport]).classes("text-sm text-accent")
                        ui.label(LABELS[sport]).classes("text-label font-semibold text-accent")
                ui.label(_extra(venue)).classes("text-label text-muted truncate min-w-0")
    return card


def _extra(venue: venues_s.VenueSummary) -> str:
    """What else helps choose: free courts at the time asked for, how far, or the first amenities."""
    if venue.free_courts is not None:
        return tx("free_courts", count=venue.free_courts, s="" if venue.free_courts == 1 else "s")
    if venue.distance_km is not None:
        return tx("away", km=venue.distance_km)
    return " \u00b7 ".join(amenity.capitalize() for amenity in venue.amenities[:AMENITIES_SHOWN])

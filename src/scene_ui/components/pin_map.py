"""A dark Leaflet map with accent pins: activities, places and events on Explore, a venue on its page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nicegui import ui

from scene_ui import theme

TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "&copy; OpenStreetMap"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
"""What a tile that could not load shows (offline): nothing, so the map's plain background stays."""
PAKISTAN = (30.3753, 69.3451)
FIT_PADDING = 32
FIT_MAX_ZOOM = 13
PIN_STYLE = {
    "radius": 10,
    "color": theme.BACKGROUND,
    "weight": 3,
    "fillColor": theme.ACCENT,
    "fillOpacity": 1,
}
YOU_STYLE = {"radius": 7, "color": theme.TEXT, "weight": 2, "fillOpacity": 0}


@dataclass(frozen=True)
class Pin:
    lat: float
    lng: float
    popup: str | None = None
    """Escaped HTML shown when the pin is tapped."""


def pin_map(
    pins: Sequence[Pin],
    *,
    centre: tuple[float, float] | None = None,
    you: tuple[float, float] | None = None,
    zoom: int = 11,
    size: str = "h-[60vh] min-h-[320px]",
    marker: str = "map",
) -> ui.leaflet:
    """Pins on a dark map centred on `centre` (else the first pin, else Pakistan); `you` is a ring where
    the member is. With more than one point the map zooms to fit them all."""
    middle = centre or ((pins[0].lat, pins[0].lng) if pins else PAKISTAN)
    leaflet = ui.leaflet(center=middle, zoom=zoom).classes(
        f"scene-map w-full {size} rounded-card border border-line overflow-hidden"
    )
    leaflet.mark(marker)
    leaflet.clear_layers()
    leaflet.tile_layer(
        url_template=TILES,
        options={"attribution": TILES_ATTRIBUTION, "maxZoom": 19, "errorTileUrl": BLANK_TILE},
    )
    popups = []
    for pin in pins:
        layer = leaflet.generic_layer(
            name="circleMarker",
            args=[
                [pin.lat, pin.lng],
                PIN_STYLE,
            ],
        )
        if pin.popup:
            popups.append((layer, pin.popup))
    if you:
        leaflet.generic_layer(
            name="circleMarker",
            args=[list(you), YOU_STYLE],
        )

    def on_init() -> None:
        for layer, html in popups:
            layer.run_method("bindPopup", html)
        points = [[pin.lat, pin.lng] for pin in pins]
        if you:
            points.append(list(you))
        if len(points) > 1:
            leaflet.run_map_method(
                "fitBounds", points, {"padding": [FIT_PADDING, FIT_PADDING], "maxZoom": FIT_MAX_ZOOM}
            )

    leaflet.on("init", on_init)
    return leaflet

"""A section built only when the member scrolls near it (`static/near.js` tells the server), so a page
holds, per connected member, the elements of what was looked at rather than of everything it could show:
NiceGUI keeps every element of every connected page in the server's memory."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

SCRIPT = '<script src="/static/near.js" defer></script>'
"""In every page's head (theme.apply)."""


def when_near(
    build: Callable[[], None], *, marker: str, placeholder: str = "h-72", layout: str = "w-full"
) -> ui.element:
    """A box that `build` fills the first time it comes within half a screen of the viewport (or, inside a
    row that scrolls sideways, into view). Until then its `placeholder` classes size it, so nothing below
    jumps; its `layout` classes stay. `marker` names the box: tests trigger `sceneNear` on it (NiceGUI's
    name for the `scene-near` event)."""
    box = ui.element("div").classes(f"{layout} scene-near {placeholder}").mark(marker)

    built = False

    def fill() -> None:
        nonlocal built
        if built:  # the event came twice
            return
        built = True
        box.classes(remove=f"scene-near {placeholder}")
        with box:
            build()

    box.on("scene-near", fill, [])
    return box

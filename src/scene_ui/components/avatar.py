"""A member's picture, or their initials when they have none."""

from __future__ import annotations

from nicegui import ui


def avatar(name: str, url: str | None, *, size: int = 32) -> ui.avatar:
    """Round picture `size` pixels wide; decorative, so the name beside it is what screen readers read."""
    with ui.avatar(color=None, size=f"{size}px").classes("bg-line text-ink shrink-0") as circle:
        if url:
            picture = ui.element("img")
            picture.props["src"] = url
            picture.props["alt"] = ""
            picture.props["width"] = picture.props["height"] = size  # its box is known before it loads
            picture.props["loading"] = "lazy"
        else:
            ui.label(initials(name)).classes("font-bold leading-none").props('aria-hidden="true"')
    return circle


def initials(name: str) -> str:
    """`Ayesha Butt` -> `AB`; one word gives one letter."""
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"

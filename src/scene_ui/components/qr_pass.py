"""A QR code to show at the desk or the door, with the short code under it for when scanning fails."""

from __future__ import annotations

from nicegui import ui

from scene_ui.i18n import texts

tx = texts("qr_pass")


def qr_pass(qr_svg: str, code: str, caption: str, *, dimmed: bool = False, marker: str = "qr") -> ui.column:
    """Dark on white (scanners need the contrast), big enough to scan from a phone held out at arm's length.
    `dimmed` shows a used or void pass, still readable, clearly not live."""
    with ui.column().classes("w-full items-center gap-3").mark(marker) as box:
        with ui.element("div").classes(
            "w-60 max-w-full aspect-square rounded-card bg-white p-2 " + ("opacity-30" if dimmed else "")
        ):
            picture = ui.element("img").classes("w-full h-full")
            picture.props["src"] = qr_svg
            picture.props["alt"] = tx("code_alt", code=code)
        ui.label(code).classes(
            "scene-latin text-[1.625rem] leading-none font-extrabold tracking-[0.2em] text-ink"
        ).mark(f"{marker}-code")
        ui.label(caption).classes("text-meta text-muted text-center")
    return box

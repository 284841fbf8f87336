"""Sharing a link: WhatsApp first (Pakistan's channel), then the phone's share sheet or a copied link."""

from __future__ import annotations

import json

from nicegui import ui

from scene_ui.components.buttons import secondary_button
from scene_ui.i18n import texts

SHARE_WHATSAPP = "WhatsApp"
tx = texts("share_buttons")


def whatsapp_button(url: str, label: str = SHARE_WHATSAPP, *, marker: str = "share-whatsapp") -> ui.link:
    """A `https://wa.me/?text=...` link that looks like a secondary button with WhatsApp's chat icon."""
    with (
        ui.link(target=url, new_tab=True)
        .classes(
            "flex-1 min-h-touch px-4 rounded-full bg-surface border border-line no-underline text-ink "
            "flex items-center justify-center gap-2 text-body font-bold whitespace-nowrap"
        )
        .mark(marker) as link
    ):
        ui.icon("chat").classes("text-xl text-accent")
        ui.label(label)
    return link


def share_buttons(title: str, text: str, url: str, whatsapp: str) -> None:
    """WhatsApp, then the Web Share API where the phone has it (else the link goes to the clipboard)."""
    with ui.row().classes("w-full gap-2 flex-nowrap"):
        whatsapp_button(whatsapp)
        payload = json.dumps({"title": title, "text": text, "url": url})
        copied = json.dumps(tx.share_copied)
        more = secondary_button(tx.share_more, icon="ios_share").classes("flex-1").mark("share-more")
        more.on(
            "click",
            js_handler=(
                f"() => {{ const d = {payload}; "
                "if (navigator.share) { navigator.share(d).catch(() => {}); } "
                "else { navigator.clipboard.writeText(d.url); "
                f"Quasar.Notify.create({{message: {copied}}}); }} }}"
            ),
        )

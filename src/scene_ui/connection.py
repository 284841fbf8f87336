"""Staying on the page through a dropped connection: how long the server keeps a page whose phone went
away, how soon a dead socket is noticed, and the head that loads our offline bar (static/connection.js)
in the member's language. Why these values: docs/pwa.md, "When the network drops"."""

from __future__ import annotations

import html
import json

from nicegui import Client, app, core, ui

from scene_api.i18n import LOCALES
from scene_ui import pwa, theme
from scene_ui.i18n import URDU_FONTS, texts

RECONNECT_WINDOW = 300.0
"""Seconds the server keeps a page (its elements, what was typed, its outbox) after its socket went
away. A member comes back within it to the same page, and taps made meanwhile go through; past it,
NiceGUI reloads the page."""
PING_INTERVAL = 25.0
PING_TIMEOUT = 20.0
"""Engine.io's heartbeat, kept short whatever the window: NiceGUI derives it from the window (0.8 and
0.4 of it, 240 s and 120 s for ours), which would leave a half-dead socket (the phone changed network,
a NAT forgot it) unnoticed for minutes while taps are sent into it."""
LEFT_EVENT = "scene_left"
"""Sent by static/connection.js when the member leaves a page (another page, a reload, the tab closed)."""
SCRIPT = "/static/connection.js"
WORDS_ID = "scene-connection-words"
BAR_ID = "scene-connection-bar"
WORDS = ("offline", "reconnecting", "waiting", "reloaded", "reloaded_tap", "dismiss")

STYLE = f"""
#popup {{ display: none !important; }}
.scene-connection {{ position: fixed; z-index: 9000; top: calc(env(safe-area-inset-top) + 0.5rem);
left: 0.75rem; right: 0.75rem; margin: 0 auto; max-width: 456px; display: flex; align-items: center;
gap: 0.625rem; padding: 0.625rem 0.875rem; border-radius: 14px; background: {theme.RAISED};
border: 1px solid {theme.LINE}; color: {theme.TEXT}; font-size: 0.875rem; line-height: 1.25rem;
box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45); }}
.scene-connection[hidden] {{ display: none; }}
.scene-connection svg {{ width: 1.25rem; height: 1.25rem; flex: none; }}
.scene-connection span {{ flex: 1; }}
.scene-connection button {{ flex: none; min-height: 2.75rem; min-width: 2.75rem; padding: 0 0.75rem;
border: 0; border-radius: 999px; background: {theme.ACCENT}; color: {theme.ON_ACCENT}; font: inherit;
font-weight: 700; cursor: pointer; }}
html[lang="ur"] .scene-connection {{ font-family: {URDU_FONTS}; line-height: 2; }}
"""


def words() -> dict[str, dict[str, str]]:
    """What the bar says, in every language: the page picks its own by `<html lang>`."""
    return {language: {key: texts("connection", language)(key) for key in WORDS} for language in LOCALES}


def head() -> str:
    """The bar's style (NiceGUI's own connection box hidden), its words, its markup and the script."""
    words_json = json.dumps(words(), ensure_ascii=False).replace("</", "<\\/")
    bar = (
        f'<div class="scene-connection" role="status" aria-live="polite" hidden>{pwa.OFFLINE_ICON}'
        '<span></span><button type="button" hidden></button></div>'
    )
    return (
        f"<style>{STYLE}</style>\n"
        f'<script type="application/json" id="{WORDS_ID}">{words_json}</script>\n'
        f'<template id="{BAR_ID}">{bar}</template>\n'
        f'<script src="{html.escape(SCRIPT)}" defer></script>'
    )


def keep_pings_short() -> None:
    """Runs after NiceGUI's own startup, which sets the heartbeat from the reconnect window."""
    core.sio.eio.ping_interval = PING_INTERVAL
    core.sio.eio.ping_timeout = PING_TIMEOUT


def forget_left_page(socket_id: str, _: object = None) -> None:
    """A page the member left goes at once instead of after the window: NiceGUI cannot tell a page left
    from a dropped connection (the socket closes either way), and with a 5-minute window every page seen
    would stay in memory for 5 minutes. Only the socket's own page: the handshake put it in a room named
    after its client, as NiceGUI's disconnect handler finds it."""
    for room in core.sio.rooms(socket_id):
        if client := Client.instances.get(room):
            client.delete()


def create() -> None:
    ui.add_head_html(head(), shared=True)
    app.on_startup(keep_pings_short)
    core.sio.on(LEFT_EVENT, forget_left_page)

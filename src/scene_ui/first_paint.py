"""A first paint for NiceGUI's pages before their scripts arrive: the header's wordmark, the page's
heading and two placeholder cards, as plain HTML in the page itself.

NiceGUI draws nothing until Vue, Quasar and its own script (~190 KB on a first visit) have arrived and
run: on fast 3G with a slow phone that is 3.5 s or more of a blank screen. The page's elements are in its
HTML all along (the JSON NiceGUI mounts from), so the server can already show what the member came for:
the heading the page wrote (`role="heading" aria-level="1"`, with its own classes) where the page puts
it, under a header of the same height, and quiet cards where the content will be. It is removed the
moment NiceGUI's app puts its first element on the page. Pages without such a heading are left alone.

NiceGUI's template hides every sibling after `#esm-fallback` (`#app` among them) until its module runs,
so the first paint goes just before that notice.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from scene_ui.theme import ACCENT, WORDMARK

ELEMENTS = re.compile(rb"parseElements\(String\.raw`(.*?)`\)", re.DOTALL)
FALLBACK = b'<div id="esm-fallback">'
APP = re.compile(rb'<div id="app"[^>]*></div>')
UNESCAPE = ((b"&#36;", b"$"), (b"&#96;", b"`"), (b"&gt;", b">"), (b"&lt;", b"<"), (b"&amp;", b"&"))
"""How NiceGUI's `parseElements` reads the elements back (nicegui.js), in its order."""
SHELL_ID = "scene-first-paint"

SHELL = """<div id="{id}">
<div class="border-b border-line"><div class="w-full max-w-content mx-auto h-14 px-gutter flex items-center">
<span class="scene-wordmark flex items-baseline" dir="ltr">
<span class="text-ink text-wordmark font-black">{wordmark}</span>
<span class="w-2 h-2 rounded-full ml-0.5" style="background: {accent}"></span></span>
</div></div>
<div class="w-full max-w-content mx-auto px-gutter pt-5 flex flex-col gap-section">
<h1 class="{heading_classes}">{heading}</h1>
<div class="h-40 rounded-card bg-surface border border-line"></div>
<div class="h-40 rounded-card bg-surface border border-line"></div>
</div></div>
"""
GONE_ON_MOUNT = """<script>
new MutationObserver((_, watch) => {{
  document.getElementById("{id}")?.remove();
  watch.disconnect();
}}).observe(document.getElementById("app"), {{childList: true}});
</script>"""


def heading_of(page: bytes) -> dict[str, Any] | None:
    """The page's level-one heading element, as NiceGUI will mount it (None: no heading, or not a page)."""
    found = ELEMENTS.search(page)
    if found is None:
        return None
    raw = found.group(1)
    for escaped, character in UNESCAPE:
        raw = raw.replace(escaped, character)
    try:
        elements: dict[str, dict[str, Any]] = json.loads(raw)
    except ValueError:
        return None
    for element in elements.values():
        props = element.get("props", {})
        if props.get("role") == "heading" and str(props.get("aria-level")) == "1" and element.get("text"):
            return element
    return None


def with_first_paint(page: bytes) -> bytes:
    heading = heading_of(page)
    app = APP.search(page)
    if heading is None or app is None or FALLBACK not in page:
        return page
    shell = SHELL.format(
        id=SHELL_ID,
        wordmark=WORDMARK,
        accent=ACCENT,  # Quasar sets its `accent` (bg-accent) only when it starts
        heading=html.escape(str(heading["text"])),
        heading_classes=html.escape(" ".join(heading.get("class", []))),
    ).encode()
    removal = GONE_ON_MOUNT.format(id=SHELL_ID).encode()
    page = page[: app.end()] + removal + page[app.end() :]
    return page.replace(FALLBACK, shell + FALLBACK, 1)

"""Scene as an app to install: the web app manifest, the service worker and the offline page it falls back
to, and the head every page carries to use them. What is cached and why: docs/pwa.md."""

from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from nicegui import __version__ as NICEGUI_VERSION
from nicegui import app, ui

from scene_api.i18n import DEFAULT, LOCALES, RTL, valid
from scene_ui import assets, theme
from scene_ui.i18n import CHOICE_KEY, URDU_FONTS, texts
from scene_ui.stylesheet import URDU_FONT_FACES, URDU_FONT_URLS

APP_NAME = "Scene"
STATIC = Path(__file__).with_name("static")
WORKER_SOURCE = Path(__file__).with_name("service_worker.js")
MANIFEST_PATH = "/manifest.webmanifest"
WORKER_PATH = "/sw.js"
OFFLINE_PATH = "/offline"
PAGE_SCRIPT = "/static/pwa.js"
ICON_192 = "/static/icons/icon-192.png"
ICON_512 = "/static/icons/icon-512.png"
MASKABLE_512 = "/static/icons/maskable-512.png"
APPLE_TOUCH_ICON = "/static/icons/apple-touch-icon.png"
START_URL = "/?source=pwa"
NO_CACHE = {"Cache-Control": "no-cache"}
BACK_CHECK_MS = 3000
"""How often the offline page asks whether the server answers again (a small request: the manifest)."""

NICEGUI = f"/_nicegui/{NICEGUI_VERSION}"
NICEGUI_SHELL = (
    *(f"{NICEGUI}/static/{name}" for name in ("vue.esm-browser.prod.js", "immutable.es.js")),
    assets.url(assets.SCRIPT),
    assets.url(assets.STYLESHEET),
)
"""What every NiceGUI page loads (its import map, and in place of the rest of its template's files, the ones
`scene_ui.assets` built from them): cached at install, so a phone on a slow network opens the next page
from its own storage."""
STATIC_PREFIXES = (
    *(f"{NICEGUI}/{kind}/" for kind in ("static", "libraries", "components", "resources", "esm")),
    "/static/",
)
"""Served cache-first: NiceGUI's carry its version in the path, ours are covered by the cache's version."""
PRECACHE = (
    OFFLINE_PATH,
    MANIFEST_PATH,
    PAGE_SCRIPT,
    ICON_192,
    APPLE_TOUCH_ICON,
    *URDU_FONT_URLS.values(),  # the offline page draws Urdu in them: there before it is needed (31 KB)
    *NICEGUI_SHELL,
)

HEAD = f"""<link rel="manifest" href="{MANIFEST_PATH}">
<link rel="apple-touch-icon" href="{APPLE_TOUCH_ICON}">
<meta name="apple-mobile-web-app-title" content="{APP_NAME}">
<meta name="mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-status-bar-style" content="black-translucent">
<style>
html:not(.scene-can-install):not(.scene-ios-install) .scene-install-card,
html:not(.scene-can-install) .scene-install-prompt,
html:not(.scene-ios-install) .scene-install-ios {{ display: none !important; }}
@media (display-mode: standalone) {{ .scene-install-card {{ display: none !important; }} }}
</style>
<script src="{PAGE_SCRIPT}" defer></script>"""
"""Every page: the manifest, the home-screen icon for iPhones, and the script that registers the worker.
The install card (components.install_prompt) shows only where the browser can install Scene."""


def create() -> None:
    app.add_api_route(MANIFEST_PATH, manifest_response, methods=["GET"], include_in_schema=False)
    app.add_api_route(WORKER_PATH, worker_response, methods=["GET"], include_in_schema=False)
    app.add_api_route(OFFLINE_PATH, offline_response, methods=["GET"], include_in_schema=False)
    ui.add_head_html(HEAD, shared=True)


def manifest() -> dict[str, Any]:
    return {
        "id": "/",
        "name": APP_NAME,
        "short_name": APP_NAME,
        "description": texts("pwa", DEFAULT).app_description,
        "lang": DEFAULT,
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": theme.BACKGROUND,
        "background_color": theme.BACKGROUND,
        "categories": ["social", "sports"],
        "icons": [
            {"src": ICON_192, "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": ICON_512, "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": MASKABLE_512, "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }


def manifest_response() -> Response:
    return Response(json.dumps(manifest()), media_type="application/manifest+json", headers=NO_CACHE)


OFFLINE_STYLE = f"""
{URDU_FONT_FACES}
*{{box-sizing:border-box}}
html,body{{margin:0;min-height:100%;background:{theme.BACKGROUND};color:{theme.TEXT};
font-family:ui-sans-serif,system-ui,sans-serif;-webkit-font-smoothing:antialiased}}
html[lang="ur"] main{{font-family:{URDU_FONTS};line-height:2.1}}
header{{height:3.5rem;display:flex;align-items:center;padding:0 {theme.GUTTER};
border-bottom:1px solid {theme.LINE}}}
.wordmark{{font-size:1.625rem;font-weight:900;letter-spacing:-0.04em;display:flex;align-items:baseline;gap:2px}}
.wordmark i{{width:.5rem;height:.5rem;border-radius:50%;background:{theme.ACCENT};display:inline-block}}
main{{max-width:480px;margin:0 auto;padding:1.25rem {theme.GUTTER}}}
main[hidden]{{display:none}}
.card{{display:flex;flex-direction:column;align-items:center;text-align:center;gap:.75rem;padding:3rem 1.5rem;
background:{theme.SURFACE};border:1px solid {theme.LINE};border-radius:18px}}
.badge{{width:4rem;height:4rem;border-radius:50%;background:{theme.RAISED};display:flex;align-items:center;
justify-content:center}}
h1{{margin:0;font-size:1.125rem;line-height:1.5rem;font-weight:700}}
html[lang="ur"] h1{{line-height:1.8}}
p{{margin:0;max-width:18rem;color:{theme.MUTED};font-size:.9375rem;line-height:1.375rem}}
html[lang="ur"] p{{line-height:2.1}}
button{{margin-top:.75rem;min-height:2.75rem;padding:0 1.25rem;border:0;border-radius:999px;
background:{theme.ACCENT};color:{theme.ON_ACCENT};font:inherit;font-weight:700;font-size:.9375rem;cursor:pointer}}
"""

OFFLINE_ICON = (
    f'<svg width="32" height="32" viewBox="0 0 24 24" fill="{theme.ACCENT}" aria-hidden="true">'
    '<path d="M23.64 7c-.45-.34-4.93-4-11.64-4-1.5 0-2.89.19-4.15.48L18.18 13.8 23.64 7zm-6.6 8.22L3.27 '
    "1.44 2 2.72l2.05 2.06C1.91 5.76.59 6.82.36 7l11.63 14.49.01.01.01-.01 3.9-4.86 3.32 3.32 1.27-1.27"
    '-3.46-3.46z"/></svg>'
)
"""Material's wifi_off, inline: the icon font is not there without a connection."""

OFFLINE_CHOOSER = f"""<script>
(() => {{
  const asked = new URLSearchParams(location.search).get("{CHOICE_KEY}");
  let remembered = null;
  try {{ remembered = localStorage.getItem("scene.lang"); }} catch {{}}
  const browser = (navigator.languages || []).some((l) => l.startsWith("ur")) ? "ur" : null;
  const shown = [asked, remembered, browser].find((l) => l && document.getElementById("offline-" + l));
  if (shown) {{
    for (const main of document.querySelectorAll("main")) main.hidden = main.lang !== shown;
    document.documentElement.lang = shown;
    document.documentElement.dir = document.getElementById("offline-" + shown).dir;
    document.title = document.getElementById("offline-" + shown).dataset.title;
  }}
  document.addEventListener("click", (e) => {{ if (e.target.closest("button")) location.reload(); }});
  let asking = false;
  async function openWhenBack() {{
    if (asking || location.pathname === "{OFFLINE_PATH}") return;
    asking = true;
    try {{
      if ((await fetch("{MANIFEST_PATH}", {{ cache: "no-store" }})).ok) return location.reload();
    }} catch {{}}
    asking = false;
  }}
  addEventListener("online", openWhenBack);
  setInterval(() => {{ if (navigator.onLine && !document.hidden) openWhenBack(); }}, {BACK_CHECK_MS});
}})();
</script>"""
"""The cached copy answers for any page the member opened: it speaks the language their pages last used
(pwa.js remembers it), and its button asks for that page again. It also opens that page by itself once
the server answers again: when the phone says it is back online, and every few seconds while it says it
is online but the page could not be had (a network that connects but carries nothing, a server
restarting, a service worker that went back online a moment after its page)."""


def offline_page(language: str = DEFAULT) -> str:
    """One self-contained document in every language, `language` shown: it has to work with nothing but
    itself (and the Urdu font the worker precaches), so no NiceGUI (it needs its live connection) and no icon
    font."""
    sections = []
    for each in LOCALES:
        words = texts("pwa", each)
        direction = "rtl" if each in RTL else "ltr"
        sections.append(
            f'<main id="offline-{each}" lang="{each}" dir="{direction}" '
            f'data-title="{html.escape(words.offline_page_title)} \u00b7 {APP_NAME}"'
            f"{'' if each == language else ' hidden'}>"
            f'<div class="card"><div class="badge">{OFFLINE_ICON}</div>'
            f"<h1>{html.escape(words.offline_title)}</h1>"
            f"<p>{html.escape(words.offline_message)}</p>"
            f'<button type="button">{html.escape(words.offline_retry)}</button></div></main>'
        )
    shown = texts("pwa", language)
    direction = "rtl" if language in RTL else "ltr"
    return (
        f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="{theme.VIEWPORT}">'
        f'<meta name="theme-color" content="{theme.BACKGROUND}">'
        f"<title>{html.escape(shown.offline_page_title)} \u00b7 {APP_NAME}</title>"
        f'<link rel="icon" href="{ICON_192}"><style>{OFFLINE_STYLE}</style></head>'
        f'<body><header><span class="wordmark" dir="ltr">scene<i></i></span></header>'
        f"{''.join(sections)}{OFFLINE_CHOOSER}</body></html>"
    )


def offline_response(request: Request) -> Response:
    language = valid(request.query_params.get(CHOICE_KEY)) or DEFAULT
    return Response(offline_page(language), media_type="text/html; charset=utf-8", headers=NO_CACHE)


def cache_version() -> str:
    """Changes whenever anything the worker caches or does changes, so a new deploy gets fresh caches
    (and the old ones are deleted when the new worker activates)."""
    digest = hashlib.sha256()
    digest.update(NICEGUI_VERSION.encode())
    digest.update(WORKER_SOURCE.read_bytes())
    digest.update(offline_page().encode())
    digest.update(json.dumps(manifest()).encode())
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def worker_script() -> str:
    """Built once per process: what it hashes is fixed until the next deploy."""
    values = {
        "__VERSION__": cache_version(),
        "__OFFLINE_URL__": OFFLINE_PATH,
        "__PRECACHE__": list(PRECACHE),
        "__STATIC_PREFIXES__": list(STATIC_PREFIXES),
        "__NOTIFICATION_ICON__": ICON_192,
    }
    script = WORKER_SOURCE.read_text()
    for placeholder, value in values.items():
        script = script.replace(placeholder, json.dumps(value))
    return script


def worker_response() -> Response:
    """`Service-Worker-Allowed: /` lets the worker control every page; no-cache makes the browser check
    for a new worker on each visit (it does at most every 24 hours otherwise)."""
    return Response(
        worker_script(),
        media_type="application/javascript",
        headers={**NO_CACHE, "Service-Worker-Allowed": "/"},
    )

"""The frame of Scene's plain public pages: server HTML that paints on a slow phone without any script.

Share links (`/a/`, `/e/`, `/v/`), and the welcome and first sign-in step, are the first thing people
see, mostly from WhatsApp on 3G. They are written here as one HTML document each (no Vue, Quasar,
Tailwind or socket.io) in the app's dark design and words, with ONE stylesheet served under a hashed
name with a year-long `immutable` cache (a browser's first page carries it inline and fetches the file
when idle: one round trip fewer before the first paint), inline SVG icons (`icons.py`) and the phone's
own fonts.

Interface (stable: other public pages build on it)::

    from scene_ui.public import layout
    from scene_ui.public.layout import esc

    async def welcome(request: Request) -> HTMLResponse:
        language = layout.choose_language(request)
        with layout.speaking(language):          # texts(), t() and formats read that language
            body = f"<h1>{esc(t('welcome.heading'))}</h1>" + layout.link_button(...)
            return layout.page(language, title=..., description=..., body=body)

- `choose_language(request) -> Locale`: `?lang=` (remembered on this browser), else this browser's
  earlier choice (the member's profile language once they signed in here), else English: the app's rule.
- `speaking(language)`: the language every catalogue look-up and `formats` call uses while writing.
- `page(language, *, title, description, body, head="", status=200, back_to=None, sign_in_link=True)`:
  the whole document as an `HTMLResponse`: `<html lang dir>` from the server, `<title>` ("… · Scene"),
  the meta description, the stylesheet, the header (wordmark; `Log in` to `/signin`, coming back to
  `back_to`, unless `sign_in_link=False`) and `body` inside `<main>`. `head` adds tags (link previews).
- `not_found(language, title, message) -> HTMLResponse`: a 404 in the same design.
- `esc(text)`: EVERYTHING a member wrote (titles, names, descriptions) and every catalogue string goes
  through it; `body` and `head` are trusted HTML.
- `link_button(label, href, *, icon_name=None, primary=False)`, `sign_in_path(back_to)`, `join_path(back_to)`.
- `create()`: serves the stylesheet at `STYLESHEET_PATH`; `scene_ui.public.create()` calls it and
  registers the pages (plain FastAPI routes, before NiceGUI's).
"""

from __future__ import annotations

from hashlib import sha256
from html import escape
from pathlib import Path
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from nicegui import app

from scene_api.i18n import Locale
from scene_ui import theme
from scene_ui.i18n import URDU_FONTS, is_rtl, speaking, texts, visitor_language
from scene_ui.public.icons import icon
from scene_ui.session import safe_next

__all__ = [
    "STYLESHEET_PATH",
    "choose_language",
    "create",
    "esc",
    "join_path",
    "link_button",
    "not_found",
    "page",
    "sign_in_path",
    "speaking",
]

APP_NAME = "Scene"
IMMUTABLE = "public, max-age=31536000, immutable"
PAGE_CACHE = "private, no-cache"
"""Pages hold live numbers (spots, tickets) and speak the browser's language: asked again every time."""

frame = texts("frame")
errors = texts("errors")


def _stylesheet() -> bytes:
    """The theme's colours as custom properties (one place for them: `scene_ui.theme`), then the rules."""
    tokens = {
        "page": theme.BACKGROUND,
        "surface": theme.SURFACE,
        "raised": theme.RAISED,
        "line": theme.LINE,
        "ink": theme.TEXT,
        "muted": theme.MUTED,
        "accent": theme.ACCENT,
        "on-accent": theme.ON_ACCENT,
        "accent-soft": theme.ACCENT_SOFT,
        "danger": theme.DANGER,
        "urdu-fonts": URDU_FONTS,
    }
    root = (
        ":root{color-scheme:dark;" + "".join(f"--{name}:{value};" for name, value in tokens.items()) + "}\n"
    )
    return root.encode() + Path(__file__).with_name("public.css").read_bytes()


STYLESHEET = _stylesheet()
STYLESHEET_PATH = f"/public/scene.{sha256(STYLESHEET).hexdigest()[:12]}.css"
"""A new name whenever the rules or colours change, so the year-long cache never serves old rules."""
STYLESHEET_SENT = "stylesheet"
"""In `app.storage.browser` (the signed session cookie): the stylesheet this browser was given to keep."""
FAVICON = "data:image/svg+xml," + quote(theme.FAVICON)
"""Inline, so the browser asks for no `/favicon.ico`."""


def create() -> None:
    app.add_api_route(STYLESHEET_PATH, stylesheet, methods=["GET"], include_in_schema=False)


async def stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css", headers={"Cache-Control": IMMUTABLE})


def choose_language(request: Request) -> Locale:
    return visitor_language(request.query_params.get("lang"))


def esc(text: str) -> str:
    """Text as HTML: `<`, `>`, `&` and both quotes escaped, so it is safe in content and attributes."""
    return escape(text, quote=True)


def sign_in_path(back_to: str) -> str:
    """`/signin?next=…`: after the code, the sign-in page sends the member on to `back_to` (a path here)."""
    return f"/signin?next={quote(safe_next(back_to), safe='/')}"


def join_path(back_to: str) -> str:
    """`/join?next=…`: joining with an invite, then on to `back_to`."""
    return f"/join?next={quote(safe_next(back_to), safe='/')}"


def link_button(label: str, href: str, *, icon_name: str | None = None, primary: bool = False) -> str:
    """A full-width rounded link that looks like the app's buttons (accent when `primary`)."""
    tone = "button primary" if primary else "button"
    glyph = icon(icon_name) if icon_name else ""
    return f'<a class="{tone}" href="{esc(href)}">{glyph}<span>{esc(label)}</span></a>'


def page(
    language: Locale,
    *,
    title: str,
    description: str,
    body: str,
    head: str = "",
    status: int = 200,
    back_to: str | None = None,
    sign_in_link: bool = True,
) -> HTMLResponse:
    direction = "rtl" if is_rtl(language) else "ltr"
    with speaking(language):
        sign_in = (
            f'<a class="pill" href="{esc(sign_in_path(back_to or "/"))}">{esc(frame.sign_in)}</a>'
            if sign_in_link
            else ""
        )
    document = (
        f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="{theme.VIEWPORT}">'
        f"<title>{esc(title)} \u00b7 {APP_NAME}</title>"
        f'<meta name="description" content="{esc(description)}">'
        f'<meta name="theme-color" content="{theme.BACKGROUND}">'
        f'<link rel="icon" href="{FAVICON}">'
        f"{stylesheet_tags()}{head}</head>"
        f'<body><header class="top"><div class="bar">'
        f'<a class="mark" href="/" aria-label="{APP_NAME}" dir="ltr">{theme.WORDMARK}</a>'
        f"{sign_in}</div></header>"
        f"<main>{body}</main></body></html>"
    )
    return HTMLResponse(
        document, status_code=status, headers={"Cache-Control": PAGE_CACHE, "Content-Language": language}
    )


def stylesheet_tags() -> str:
    """A browser's first page carries the rules inline, so nothing but the document stands between the
    tap and the first paint (on 3G every round trip is over half a second), and fetches the file when
    idle; every later page links the file, which the browser then keeps for a year."""
    try:
        known = app.storage.browser.get(STYLESHEET_SENT) == STYLESHEET_PATH
        if not known:
            app.storage.browser[STYLESHEET_SENT] = STYLESHEET_PATH
    except RuntimeError:  # no request (a page written outside one): link the file
        known = True
    if known:
        return f'<link rel="stylesheet" href="{STYLESHEET_PATH}">'
    return f'<style>{STYLESHEET.decode()}</style><link rel="prefetch" href="{STYLESHEET_PATH}" as="style">'


def not_found(language: Locale, title: str, message: str) -> HTMLResponse:
    """The page's own not-found design (as the app's empty state), answered with a 404."""
    with speaking(language):
        body = (
            f'<div class="empty">{icon("link_off", size=48)}<h1>{esc(title)}</h1>'
            f'<p class="muted">{esc(message)}</p></div>' + link_button(errors.go_home, "/", primary=True)
        )
    return page(language, title=title, description=message, body=body, status=404)

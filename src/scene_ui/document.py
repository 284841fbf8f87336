"""The page's language and direction on <html> from the server, its meta description, and the lighter
assets built ahead of time in place of those NiceGUI's page template loads.

NiceGUI's page template writes `<html dir="ltr">` whatever the page says (it knows one language per
route, not per reader), so an Urdu page used to arrive left to right and be turned by a script in its
head. The frame puts a mark in the head with the reader's language (`head()`); `DocumentMiddleware`
writes it onto the <html> element of NiceGUI's page responses before they leave.

On the same pass (`with_assets`), the template's four `@import`ed stylesheets, found by the browser only
once it parses the inline style that names them, become one `<link>` to `static/nicegui.css` (the same
sheets in the same cascade layers), and its four scripts one, `static/nicegui.js`, with Quasar cut to the
pages (both built by `scene_ui.assets`); DOMPurify, which NiceGUI imports before mounting any page but
only `ui.html` and `ui.markdown` use (Scene uses neither), is imported the first time HTML is set, if ever.
"""

from __future__ import annotations

import html
import re

from starlette.types import Message, Receive, Scope, Send

from scene_ui import assets
from scene_ui.first_paint import with_first_paint
from scene_ui.http_middleware import HttpMiddleware
from scene_ui.i18n import is_rtl, locale, texts

MARK = '<meta name="scene-document" content="{language} {direction}">'
MARK_FOUND = re.compile(rb'<meta name="scene-document" content="([a-z]{2}) (ltr|rtl)">')
HTML_TAG = re.compile(rb"<html[^>]*>")
NICEGUI_PAGE = (b"x-nicegui-content", b"page")
"""The header NiceGUI puts on a page's HTML (not on its files, its socket or our routes)."""


def head(language: str | None = None) -> str:
    """The mark and a description of Scene, both in the reader's language."""
    language = language or locale()
    direction = "rtl" if is_rtl(language) else "ltr"
    description = html.escape(texts("pwa", language).app_description)
    return (
        f"{MARK.format(language=language, direction=direction)}\n"
        f'<meta name="description" content="{description}">'
    )


def with_language(page: bytes) -> bytes:
    """`<html dir="ltr">` -> `<html lang="ur" dir="rtl">`, as the page's mark says; unmarked pages stay."""
    found = MARK_FOUND.search(page)
    if found is None:
        return page
    language, direction = found.groups()
    return HTML_TAG.sub(b'<html lang="%s" dir="%s">' % (language, direction), page, count=1)


NICEGUI_STATIC = rb'"[^"]*/_nicegui/[^"/]+/static/'
STYLESHEET_IMPORT = rb'\s*@import url\(%s%s"\) layer\(\w+\);'
SCRIPT_TAG = rb"\s*<script defer src=%s%s\"></script>"
FIRST_STYLE_END = b"</style>"
DEFERRED_SCRIPT = re.compile(rb"<script(?![^>]*fetchpriority)((?=[^>]*\sdefer[\s>])[^>]*)>")
EAGER_DOMPURIFY = re.compile(
    rb'import DOMPurify from "dompurify";\s*Element\.prototype\.setHTML = function \(html\) \{\s*'
    rb"this\.innerHTML = DOMPurify\.sanitize\(html\);\s*\};"
)
LAZY_DOMPURIFY = b"""Element.prototype.setHTML = function (html) {
        import("dompurify").then(({ default: DOMPurify }) => (this.innerHTML = DOMPurify.sanitize(html)));
      };"""


def _nicegui_file(template: bytes, name: str) -> re.Pattern[bytes]:
    return re.compile(template % (NICEGUI_STATIC, re.escape(name.encode())))


STYLESHEET_IMPORTS = [_nicegui_file(STYLESHEET_IMPORT, name) for name, _ in assets.STYLESHEETS]
SCRIPT_TAGS = {name: _nicegui_file(SCRIPT_TAG, name) for name in assets.SCRIPTS}


def with_assets(page: bytes) -> bytes:
    """NiceGUI's page with the files built ahead of time (`scene_ui.assets`): one `<link>` after the inline
    style for its four `@import`s, one script where Quasar's was for the four. Every deferred script is
    fetched at high priority: Chrome fetches them last, yet NiceGUI mounts the page only after they all
    ran. A page that lacks any of NiceGUI's files or the DOMPurify import (another NiceGUI version) stays
    as it is; a language file other than English (in the one script) stays and runs after it."""
    tags = {name: pattern.search(page) for name, pattern in SCRIPT_TAGS.items()}
    required = [found for name, found in tags.items() if not name.startswith("lang/")]
    imports = [pattern.search(page) for pattern in STYLESHEET_IMPORTS]
    if not all(required) or not all(imports) or not EAGER_DOMPURIFY.search(page):
        return page
    for pattern in STYLESHEET_IMPORTS:
        page = pattern.sub(b"", page, count=1)
    link = f'\n    <link rel="stylesheet" href="{assets.url(assets.STYLESHEET)}">'.encode()
    page = page.replace(FIRST_STYLE_END, FIRST_STYLE_END + link, 1)
    script = f'\n    <script defer src="{assets.url(assets.SCRIPT)}"></script>'.encode()
    for name, pattern in SCRIPT_TAGS.items():
        found = pattern.search(page)
        if found is not None:
            page = page[: found.start()] + (script if name == assets.QUASAR else b"") + page[found.end() :]
    page = DEFERRED_SCRIPT.sub(rb'<script fetchpriority="high"\1>', page)
    return EAGER_DOMPURIFY.sub(lambda _: LAZY_DOMPURIFY, page, count=1)


class DocumentMiddleware(HttpMiddleware):
    """Rewrites the <html> element and the assets of NiceGUI's pages (one HTML body each) and gives them a
    first paint (`scene_ui.first_paint`); passes everything else."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        body = bytearray()

        async def send_page(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and NICEGUI_PAGE in message.get("headers", []):
                start = message
                return
            if start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = with_first_paint(with_assets(with_language(bytes(body))))
            headers = [(name, value) for name, value in start["headers"] if name != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_page)

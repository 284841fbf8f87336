"""The page's language and direction on <html> from the server, and its meta description.

NiceGUI's page template writes `<html dir="ltr">` whatever the page says (it knows one language per
route, not per reader), so an Urdu page used to arrive left to right and be turned by a script in its
head. The frame puts a mark in the head with the reader's language (`head()`); `DocumentMiddleware`
writes it onto the <html> element of NiceGUI's page responses before they leave.
"""

from __future__ import annotations

import html
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class DocumentMiddleware:
    """Rewrites the <html> element of NiceGUI's pages (one HTML body each); passes everything else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
            page = with_language(bytes(body))
            headers = [(name, value) for name, value in start["headers"] if name != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_page)

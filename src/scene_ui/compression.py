"""Brotli for browsers that take it, gzip for the others: pages, scripts, styles and JSON.

It replaces NiceGUI's own gzip middleware. Starlette's gzip responder decides what is worth
compressing (not small bodies, images, fonts, event streams, partial or already encoded responses)
and keeps every other header as it is (the `immutable` cache of NiceGUI's versioned assets
included); this only adds the brotli encoding to it.
"""

from __future__ import annotations

import brotli
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware, IdentityResponder
from starlette.types import ASGIApp, Receive, Scope, Send

BROTLI_QUALITY = 5
"""Like Litestar's default for the API: most of brotli's gain over gzip, at gzip's speed."""


class BrotliResponder(IdentityResponder):
    """Holds its compressor only while a body is being compressed. A responder outlives its response: its
    `send` goes into the request that NiceGUI keeps for as long as the page's client lives, and a brotli
    encoder's state (about 1.3 MB, allocated outside Python's heap) is freed only with the compressor."""

    content_encoding = "br"

    def __init__(self, app: ASGIApp, minimum_size: int) -> None:
        super().__init__(app, minimum_size)
        self.compressor: brotli.Compressor | None = None

    async def apply_compression(self, body: bytes, *, more_body: bool) -> bytes:
        if self.compressor is None:
            self.compressor = brotli.Compressor(quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
        if more_body:  # a streamed file: each chunk goes out as soon as it is compressed
            return bytes(self.compressor.process(body) + self.compressor.flush())
        compressed = bytes(self.compressor.process(body) + self.compressor.finish())
        self.compressor = None
        return compressed


def accepts(accept_encoding: str, coding: str) -> bool:
    """Whether an Accept-Encoding header takes `coding` (listed, and not with q=0)."""
    for item in accept_encoding.lower().split(","):
        name, _, params = item.partition(";")
        if name.strip() == coding:
            return params.replace(" ", "") not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


class CompressionMiddleware(GZipMiddleware):
    """Starlette's GZipMiddleware, answering with brotli where the browser accepts it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and accepts(Headers(scope=scope).get("Accept-Encoding", ""), "br"):
            await BrotliResponder(self.app, self.minimum_size)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

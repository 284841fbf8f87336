"""What the UI process keeps per connected browser (issue 19, item 5).

NiceGUI keeps a page's client, and with it the page's request, for as long as the browser stays connected
(and a while after it drops, for the reconnect). The request holds the `send` that the middlewares wrapped
around the response, so whatever a middleware's responder holds stays alive per member: a brotli encoder
kept that way cost about 3 MB per member on the home page (bench/RESULTS.md section 8).
"""

from __future__ import annotations

import gc
import sys
import types
import zlib
from collections import deque
from collections.abc import Iterator

import brotli
from nicegui import Client
from nicegui.testing import User

SHARED = (types.ModuleType, type, types.CodeType)
"""Shared by every client: the walk does not go through these (nor through module dictionaries)."""


def reachable(root: object, limit: int = 500_000) -> Iterator[object]:
    """Every object reachable from `root` through references (closures included), except through shared
    ones: modules, classes, code and the module dictionaries that functions' globals are."""
    module_dicts = {id(vars(module)) for module in list(sys.modules.values()) if module}
    seen = {id(root)}
    queue = deque([root])
    while queue and len(seen) < limit:
        item = queue.popleft()
        yield item
        for referent in gc.get_referents(item):
            if id(referent) in seen or id(referent) in module_dicts or isinstance(referent, SHARED):
                continue
            seen.add(id(referent))
            queue.append(referent)


ZLIB_COMPRESSOR = type(zlib.compressobj())


def holds_state(compressor: object) -> bool:
    """A brotli encoder keeps its state until it is freed; a zlib one frees it when finished (and then
    refuses to be copied)."""
    if isinstance(compressor, brotli.Compressor):
        return True
    try:
        compressor.copy()  # type: ignore[attr-defined]
    except ValueError:
        return False
    return True


def compressors_held_by(client: Client) -> list[str]:
    return [
        type(item).__name__
        for item in reachable(client)
        if isinstance(item, brotli.Compressor | ZLIB_COMPRESSOR) and holds_state(item)
    ]


async def test_a_page_sent_with_brotli_keeps_no_compressor_while_the_member_stays(user: User) -> None:
    for accept_encoding in ("gzip, deflate, br, zstd", "gzip, deflate"):
        before = set(Client.instances)
        response = await user.http_client.get("/", headers={"Accept-Encoding": accept_encoding})
        assert response.status_code == 200
        assert response.headers["content-encoding"] in accept_encoding
        clients = [client for key, client in Client.instances.items() if key not in before]
        assert clients, "the page built no client"
        for client in clients:
            assert client.request is not None  # what holds the response's `send`
            assert compressors_held_by(client) == [], accept_encoding


async def test_a_connected_page_keeps_neither_its_html_nor_the_http_request(user: User) -> None:
    before = set(Client.instances)
    response = await user.http_client.get("/", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    (client,) = (client for key, client in Client.instances.items() if key not in before)

    assert client.request is not None
    assert client.request.url.path == "/"  # what pages read from it stays
    held = list(reachable(client))
    pages = [item for item in held if isinstance(item, bytes | bytearray) and b"<html" in item]
    assert pages == [], "the page's HTML, already sent, is still held"
    assert await client.request.receive() == {"type": "http.disconnect"}

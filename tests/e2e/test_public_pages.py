"""The public share pages served as in production (`scene ui`, gzip on): their headers, and how fast a
phone on fast 3G with a 4x slower CPU shows them, cold and warm, in headless chromium.

    uv run pytest tests/e2e/test_public_pages.py -q -s          # prints the measurements
    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_public_pages.py   # share*.png
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import CDPSession, Page
from tests.e2e.conftest import NewPhone
from tests.ui.desk import open_venue, person
from tests.ui.happenings import host_event
from tests.ui.people import host_activity, member

from scene_api.db import models as m
from scene_api.runtime import Runtime
from scene_ui import stylesheet
from scene_ui.public import layout
from scene_ui.pwa import OFFLINE_PATH

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
FAST_3G = {
    "offline": False,
    "latency": 562,
    "downloadThroughput": 1_440_000 / 8,
    "uploadThroughput": 675_000 / 8,
}
"""Chrome DevTools' "Fast 3G": 562 ms, 1.44 Mbit/s down, 675 kbit/s up (throughputs in bytes/s)."""
CPU_SLOWDOWN = 4
COLD_BYTES = 50_000
"""At most 50 KB on the wire for a first visit (no OG image is loaded by the page itself)."""


@dataclass(frozen=True)
class Visit:
    paint_ms: float
    """First contentful paint after navigation: the header and the title paint together (one
    document, its one stylesheet, no script, no web font)."""
    first_byte_ms: float
    """When the document's first byte arrived (latency, and the server's time)."""
    bytes: int
    requests: int


async def world(runtime: Runtime) -> dict[str, str]:
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(
        runtime,
        host,
        title="Padel doubles, need 2 more",
        description="Two of us on Centre Court, looking for a strong pair for a proper match.",
    )
    event = await host_event(
        runtime, host, tiers=[{"name": "Floor", "price_pkr": 2500, "quantity": 50, "per_order_limit": 4}]
    )
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    return {"share": f"/a/{game.slug}", "share-event": f"/e/{event.slug}", "share-venue": f"/v/{venue.slug}"}


async def test_pages_and_stylesheet_go_compressed_and_the_stylesheet_is_immutable(ui_url, runtime):
    paths = await world(runtime)
    async with httpx.AsyncClient(base_url=ui_url, headers={"Accept-Encoding": "gzip, br"}) as client:
        for path in paths.values():
            page = await client.get(path)
            assert page.status_code == 200
            assert page.headers["content-encoding"] in {"gzip", "br"}
            assert page.headers["cache-control"] == layout.PAGE_CACHE
            assert "<script" not in page.text
        missing = await client.get("/a/no-such-activity")
        assert missing.status_code == 404
        css = await client.get(layout.STYLESHEET_PATH)
        assert css.headers["cache-control"] == layout.IMMUTABLE
        assert css.headers["content-encoding"] in {"gzip", "br"}


async def test_a_phone_on_fast_3g_sees_the_title_quickly(ui_url, runtime, new_phone: NewPhone):
    """Timings depend on the machine's load, so they are printed next to the floor measured at the same
    moment (the offline page: one small self-contained document from the same server), not asserted."""
    paths = await world(runtime)
    for name, path in paths.items():
        for language in ("en", "ur"):
            floor_page = await new_phone()
            floor = await visit(floor_page, await throttled(floor_page), f"{ui_url}{OFFLINE_PATH}")
            await floor_page.context.close()  # an open phone's renderer would slow the next ones down
            page = await new_phone()
            cdp = await throttled(page)
            cold = await visit(page, cdp, f"{ui_url}{path}?lang={language}")
            await page.wait_for_load_state("networkidle")  # the stylesheet fetched for later is in
            warm = await visit(page, cdp, f"{ui_url}{path}")
            print(
                f"\n{path} ({language}): cold {cold.paint_ms:.0f} ms, {cold.bytes / 1000:.1f} KB in "
                f"{cold.requests} requests; warm {warm.paint_ms:.0f} ms, {warm.bytes / 1000:.1f} KB in "
                f"{warm.requests} requests; the floor now: {floor.paint_ms:.0f} ms"
            )
            assert cold.bytes <= COLD_BYTES
            urdu_faces = len(stylesheet.URDU_FACES) if language == "ur" else 0
            assert cold.requests <= 2 + urdu_faces, "the document (rules inline), the stylesheet for later"
            assert warm.requests == 1, "the stylesheet comes from the cache"
            assert await page.evaluate("() => document.documentElement.dir") == (
                "rtl" if language == "ur" else "ltr"
            )
            if SHOTS_DIR:
                await shoot(page, name if language == "en" else f"{name}-ur")
            await page.context.close()


async def throttled(page: Page) -> CDPSession:
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.emulateNetworkConditions", FAST_3G)
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return cdp


async def visit(page: Page, cdp: CDPSession, url: str) -> Visit:
    """Navigate and count what crossed the wire (encoded bytes of the requests the caches did not answer)."""
    received: dict[str, int] = {}
    cached: set[str] = set()

    def finished(event: dict[str, Any]) -> None:
        received[event["requestId"]] = int(event["encodedDataLength"])

    def from_cache(event: dict[str, Any]) -> None:
        cached.add(event["requestId"])

    def response(event: dict[str, Any]) -> None:
        if any(event["response"].get(flag) for flag in ("fromDiskCache", "fromPrefetchCache")):
            cached.add(event["requestId"])

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestServedFromCache", from_cache)
    cdp.on("Network.responseReceived", response)
    await page.goto(url, wait_until="load")
    paint = await page.evaluate(
        """() => new Promise(done => new PerformanceObserver((list, observer) => {
            const entry = list.getEntries().find(e => e.name === 'first-contentful-paint');
            if (entry) { observer.disconnect(); done(entry.startTime); }
        }).observe({type: 'paint', buffered: true}))"""
    )
    first_byte = await page.evaluate("() => performance.getEntriesByType('navigation')[0].responseStart")
    cdp.remove_listener("Network.loadingFinished", finished)
    cdp.remove_listener("Network.requestServedFromCache", from_cache)
    cdp.remove_listener("Network.responseReceived", response)
    wire = {key: size for key, size in received.items() if key not in cached}
    return Visit(
        paint_ms=float(paint), first_byte_ms=float(first_byte), bytes=sum(wire.values()), requests=len(wire)
    )


async def shoot(page: Page, name: str) -> None:
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    await page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"))

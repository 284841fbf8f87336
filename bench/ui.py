"""UI: every public page and the signed-in home in headless Debian chromium on a throttled phone,
cold and warm, next to a minimal static page (the floor); memory per connected NiceGUI client; and the
round trip of a click; against the real NiceGUI app on the large data.

    uv run python bench/ui.py                      # everything: pages, 50 and 200 clients, 30 clicks
    uv run python bench/ui.py --only pages         # the page loads alone (~1.5 min)
    uv run python bench/ui.py --clients 20 50 --clicks 10
    uv run python bench/ui.py --only pages --pages "home, signed in" --waterfall   # one page, its requests

The UI runs as production runs it (`scene ui`, one process) on 127.0.0.1, with the worker (`scene
worker`, which sends the sign-in code to the SMS outbox). Chromium is Debian's (/usr/bin/chromium,
driven by Playwright; never `playwright install`), headless, at the reference phone viewport
(390x844).

1. Page loads: CPU slowed 4x (Emulation.setCPUThrottlingRate) and the network shaped with
   Network.emulateNetworkConditions to Chrome DevTools' "fast 3G" (562.5 ms, 1.44 Mbit/s down, 675
   kbit/s up; `--network "slow 3G"` for 2 s and 400 kbit/s). Every page in `PAGES` (the share pages
   of an activity, an event and a venue, welcome, the first sign-in step, the home page for a
   visitor and for a signed-in member) and the floor: a 5 KB page with a heading, no script or
   font, served by uvicorn like the app. Each opened twice in one tab: cold (empty HTTP cache, no
   service worker) and warm (the second visit). Figures: bytes over HTTP (encoded, headers
   included; the service worker's own fetches are not the page's), requests the page made and how
   many the HTTP cache or the service worker answered, bytes over the WebSocket, first contentful
   paint, and when the page's heading (its `h1` or `role=heading aria-level=1`, with text and a
   size) is in a painted frame. `--waterfall` adds every request of each cold visit: when it was sent
   and finished (ms from the page's own request) and its bytes.
   Each page is fetched once before (a server in use has served it before: no first-request
   costs). The data it needs and the large data lacks (a published event) is added and removed
   again.
2. Memory: N clients open the page and connect its socket.io WebSocket the way nicegui.js does
   (client id from the page, implicit handshake), held open together; the UI process's RSS over its
   RSS before them, divided by N, at each N.
3. Event round trip: in an unthrottled page, clicks on the activity-kind chips (each re-queries the
   feed and refreshes the list); timed in the page from the click to the server's first answer (it
   marks the chip pressed) and to the last change of the list below (none for 250 ms after it).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import random
import re
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
import asyncpg
import socketio
import uvicorn
from _common import (
    Child,
    asyncpg_dsn,
    ensure_data,
    latency_summary,
    report,
    rss_bytes,
    servers,
    service_env,
    table,
)
from jobs import worker_child
from playwright.async_api import Browser, BrowserContext, CDPSession, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.routing import Route

from scene_api.config import Settings
from scene_api.lib.crypto import PiiCipher
from scene_api.lib.embedded import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
HEADING = "What's on"
CHIPS = ["Padel", "Football", "Cricket", "All"]


@dataclass(frozen=True)
class Network:
    name: str
    latency_ms: float
    down_bytes_s: float
    up_bytes_s: float


NETWORKS = {
    network.name: network
    for network in (
        Network("slow 3G", 2000, 500_000 / 8 * 0.8, 500_000 / 8 * 0.8),
        Network("fast 3G", 562.5, 1_600_000 / 8 * 0.9, 750_000 / 8 * 0.9),
    )
}


def ui_child(settings: Settings) -> Child:
    port = free_port()
    return Child(
        "scene-ui",
        [sys.executable, "-m", "scene_api.cli", "ui"],
        service_env(settings, SCENE_UI_PORT=str(port)),
        port,
    )


# --- 1. page loads on a slow phone --------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    """A page to measure: `route` as the UI registers it; `{slug}` is filled from the data."""

    name: str
    route: str
    signed_in: bool = False


PAGES = (
    Screen("activity shared", "/a/{slug}"),
    Screen("event shared", "/e/{slug}"),
    Screen("venue shared", "/v/{slug}"),
    Screen("welcome", "/welcome"),
    Screen("sign-in, first step", "/signin"),
    Screen("home, visitor", "/"),
    Screen("home, signed in", "/", signed_in=True),
)
FLOOR = Screen("floor: static 5 KB page", "/floor")
FLOOR_TEXT = (
    "Two spots left for a friendly padel game tonight in DHA Phase 6: bring your own racket and "
    "water, the host brings balls, parking is at the gate and beginners are welcome"
)
FLOOR_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title>'
    "<style>body{margin:0;padding:24px;background:#0b0d12;color:#e8eaf0;font:16px/1.5 system-ui,sans-serif}"
    "h1{font-size:28px;margin:0 0 12px}</style></head><body><h1>Padel doubles at DHA Phase 6</h1>"
    + "".join(f"<p>{' '.join(random.Random(n).sample(FLOOR_TEXT.split(), k=12))}.</p>" for n in range(68))
    + "</body></html>"
)
"""The floor: what any page served this way costs at least (one request, 5 KB, 1.6 KB compressed;
no script, no web font)."""

BENCH_EVENT_SLUG = "bench-ui-event"

HEADING_JS = """(() => {
  const heading = () => {
    const found = document.querySelector('h1, [role="heading"][aria-level="1"]');
    if (!found || !found.textContent.trim()) return null;
    const box = found.getBoundingClientRect();
    return box.width > 0 && box.height > 0 ? found : null;
  };
  const look = () => {
    const found = heading();
    if (found === null) { requestAnimationFrame(look); return; }
    // the frame after the one that laid it out is the one that painted it
    requestAnimationFrame(at => { window.__benchHeading = {ms: at, text: found.textContent.trim()}; });
  };
  requestAnimationFrame(look);
})();"""
"""Runs in every document before its own scripts: notes when the page's heading is first painted."""


@dataclass
class Traffic:
    """What one visit moved, from the page's DevTools Network events."""

    requests: set[str] = field(default_factory=set)
    from_cache: set[str] = field(default_factory=set)
    from_service_worker: set[str] = field(default_factory=set)
    encoded_bytes: dict[str, int] = field(default_factory=dict)
    websocket_bytes: int = 0
    urls: dict[str, str] = field(default_factory=dict)
    sent: dict[str, float] = field(default_factory=dict)
    finished: dict[str, float] = field(default_factory=dict)

    def watch(self, cdp: CDPSession) -> None:
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.requestServedFromCache", lambda e: self.from_cache.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _request(self, event: dict[str, Any]) -> None:
        self.requests.add(event["requestId"])
        self.urls.setdefault(event["requestId"], event["request"]["url"])
        self.sent.setdefault(event["requestId"], event["timestamp"])

    def _finished(self, event: dict[str, Any]) -> None:
        self.encoded_bytes[event["requestId"]] = event["encodedDataLength"]
        self.finished[event["requestId"]] = event["timestamp"]

    def _response(self, event: dict[str, Any]) -> None:
        if event["response"].get("fromServiceWorker"):
            self.from_service_worker.add(event["requestId"])

    def _frame(self, event: dict[str, Any]) -> None:
        self.websocket_bytes += len(event["response"]["payloadData"])

    def waterfall(self) -> list[dict[str, Any]]:
        """Every request in the order sent: ms from the first (the page) to sent and finished, bytes."""
        if not self.sent:
            return []
        start = min(self.sent.values())
        return [
            {
                "request": self.urls[request].split("/", 3)[-1][:60],
                "sent ms": round((self.sent[request] - start) * 1000),
                "finished ms": round((self.finished[request] - start) * 1000)
                if request in self.finished
                else None,
                "KB": round(self.encoded_bytes.get(request, 0) / 1024, 1),
            }
            for request in sorted(self.sent, key=self.sent.__getitem__)
        ]

    def reset(self) -> None:
        self.urls.clear()
        self.sent.clear()
        self.finished.clear()
        self.requests.clear()
        self.from_cache.clear()
        self.from_service_worker.clear()
        self.encoded_bytes.clear()
        self.websocket_bytes = 0


async def throttle(cdp: CDPSession, network: Network) -> None:
    await cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": network.latency_ms,
            "downloadThroughput": network.down_bytes_s,
            "uploadThroughput": network.up_bytes_s,
        },
    )
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})


async def visit(page: Page, url: str, traffic: Traffic) -> dict[str, Any]:
    """Open `url` and wait for its heading and for its requests to settle."""
    traffic.reset()
    response = await page.goto(url, wait_until="load", timeout=180_000)
    status = response.status if response is not None else 0
    heading: dict[str, Any] | None = None
    if status < 400:
        await page.wait_for_function("() => window.__benchHeading", timeout=120_000)
        heading = await page.evaluate("window.__benchHeading")
    with suppress(PlaywrightTimeout):  # late fonts and icons count too
        await page.wait_for_load_state("networkidle", timeout=15_000)
    fcp = await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
    return {
        "status": status,
        "KB": round(sum(traffic.encoded_bytes.values()) / 1024, 1),
        "requests": len(traffic.requests),
        "from cache": len(traffic.from_cache),
        "from service worker": len(traffic.from_service_worker),
        "websocket KB": round(traffic.websocket_bytes / 1024, 1),
        "FCP ms": round(fcp) if fcp is not None else None,
        "heading ms": round(heading["ms"]) if heading else None,
        "heading": heading["text"][:32] if heading else "",
    }


async def cold_and_warm(
    context: BrowserContext, url: str, network: Network, *, waterfall: bool = False
) -> list[dict[str, Any]]:
    """Two visits in one tab: the first with an empty HTTP cache and no service worker, then again."""
    page = await context.new_page()
    await page.add_init_script(HEADING_JS)
    cdp = await context.new_cdp_session(page)
    traffic = Traffic()
    traffic.watch(cdp)
    await cdp.send("Network.enable")
    await cdp.send("Network.clearBrowserCache")
    origin = url.split("/", 3)[:3]
    await cdp.send(
        "Storage.clearDataForOrigin",
        {"origin": "/".join(origin), "storageTypes": "service_workers,cache_storage"},
    )
    await throttle(cdp, network)
    rows = []
    for visit_name in ("cold", "warm"):
        rows.append({"visit": visit_name, **await visit(page, url, traffic)})
        if waterfall and visit_name == "cold":
            print(table(traffic.waterfall()))
    await page.close()
    return rows


@dataclass(frozen=True)
class Seeded:
    slugs: dict[str, str]
    """The slug each share route opens."""
    member_phone: str
    """A member with a finished profile, to sign in as."""

    def path(self, screen: Screen) -> str:
        return screen.route.format(slug=self.slugs.get(screen.route, ""))


@asynccontextmanager
async def seeded(settings: Settings) -> AsyncIterator[Seeded]:
    """An open public activity, a venue and a member from the large data, and a published event
    (the large data has none), removed again afterwards."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        activity = await conn.fetchval(
            "SELECT slug FROM activities WHERE status = 'open' AND visibility = 'public' "
            "AND starts_at > now() ORDER BY starts_at LIMIT 1"
        )
        venue = await conn.fetchrow(
            "SELECT id, slug, city, lat, lng FROM venues WHERE status = 'active' LIMIT 1"
        )
        member = await conn.fetchrow(
            "SELECT id, phone_ciphertext FROM users WHERE status = 'active' AND role = 'member' "
            "AND name <> '' ORDER BY random() LIMIT 1"  # a new one each run: codes per phone are limited
        )
        if activity is None or venue is None or member is None:
            raise SystemExit("the large data lacks an open activity, a venue or a member")
        starts = datetime.now(UTC) + timedelta(days=3)
        await conn.execute("DELETE FROM events WHERE slug = $1", BENCH_EVENT_SLUG)
        await conn.execute(
            "INSERT INTO events (id, host_id, slug, title, description, starts_at, ends_at, venue_id, "
            "city, lat, lng, capacity, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 200, now(), now())",
            uuid.uuid4(),
            member["id"],
            BENCH_EVENT_SLUG,
            "Sunday padel open night",
            "Open games on every court, music and chai.",
            starts,
            starts + timedelta(hours=4),
            venue["id"],
            venue["city"],
            venue["lat"],
            venue["lng"],
        )
        yield Seeded(
            slugs={"/a/{slug}": activity, "/e/{slug}": BENCH_EVENT_SLUG, "/v/{slug}": venue["slug"]},
            member_phone=PiiCipher(settings.pii_keys).decrypt(member["phone_ciphertext"]),
        )
    finally:
        await conn.execute("DELETE FROM events WHERE slug = $1", BENCH_EVENT_SLUG)
        await conn.close()


async def sign_in(context: BrowserContext, base_url: str, phone: str) -> None:
    """The real flow, unthrottled: the phone number, then the code the development hint shows."""
    page = await context.new_page()
    await page.goto(f"{base_url}/signin")
    await page.fill("input[type=tel]", phone)
    await page.get_by_role("button", name=re.compile("Send code")).click()
    await page.get_by_role("button", name=re.compile("Use this code")).click(timeout=60_000)
    await page.wait_for_url(f"{base_url}/", timeout=30_000)
    await page.close()


@contextmanager
def floor_server() -> Iterator[str]:
    """The floor page under uvicorn (as the app is served), gzip-compressed."""
    app = Starlette(routes=[Route(FLOOR.route, lambda _: HTMLResponse(FLOOR_HTML))])
    app.add_middleware(GZipMiddleware)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}{FLOOR.route}"
    finally:
        server.should_exit = True
        thread.join(10)


async def page_loads(
    browser: Browser, base_url: str, data: Seeded, args: argparse.Namespace
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    screens = [screen for screen in PAGES if args.pages is None or screen.name in args.pages]
    with floor_server() as floor_url:
        targets = [(FLOOR, floor_url)] + [(screen, base_url + data.path(screen)) for screen in screens]
        async with aiohttp.ClientSession() as http:  # a server in use has served each page before
            for _, url in targets:
                async with http.get(url) as response:
                    await response.read()
        for screen, url in targets:
            context = await browser.new_context(**PHONE)
            if screen.signed_in:
                await sign_in(context, base_url, data.member_phone)
            for row in await cold_and_warm(context, url, NETWORKS[args.network], waterfall=args.waterfall):
                rows.append({"page": screen.name, "path": data.path(screen), **row})
                print(table([rows[-1]]))
            await context.close()
    return rows


# --- 2. memory per connected client -------------------------------------------------------------------


async def connect_client(http: aiohttp.ClientSession, url: str) -> socketio.AsyncClient:
    """What a browser does: load the page (the server builds its client), then connect the socket."""
    async with http.get(url) as response:
        html = await response.text()
    found = re.search(r"query: (\{.*?\}),", html)
    if found is None:
        raise RuntimeError("no socket.io query in the page")
    query = ast.literal_eval(found.group(1)) | {"document_id": str(uuid.uuid4()), "tab_id": str(uuid.uuid4())}
    query["implicit_handshake"] = "true"  # the page's own query, as nicegui.js sends it
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(
        f"{url}?{urlencode(query)}", socketio_path="/_nicegui_ws/socket.io", transports=["websocket"]
    )
    return client


async def memory_per_client(url: str, pid: int, counts: list[int]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    clients: list[socketio.AsyncClient] = []
    jar = aiohttp.DummyCookieJar()  # every client a new browser
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        warm = [await connect_client(http, url) for _ in range(3)]  # imports, caches, first allocations
        for client in warm:
            await client.disconnect()
        await asyncio.sleep(6)  # NiceGUI forgets a disconnected client after its reconnect timeout
        before = rss_bytes(pid)
        try:
            for count in sorted(counts):
                started = time.perf_counter()
                while len(clients) < count:
                    clients.append(await connect_client(http, url))
                await asyncio.sleep(3)
                rss = rss_bytes(pid)
                rows.append(
                    {
                        "clients": count,
                        "connect s": round(time.perf_counter() - started, 1),
                        "UI RSS MB": round(rss / 2**20, 1),
                        "RSS before MB": round(before / 2**20, 1),
                        "per client KB": round((rss - before) / count / 1024, 1),
                    }
                )
                print(table([rows[-1]]))
        finally:
            await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    return rows


# --- 3. the round trip of a click ----------------------------------------------------------------------

CLICK_JS = """async (label) => {
  const toolbar = document.querySelector('[role=toolbar]');
  const chip = [...toolbar.querySelectorAll('button')].find(b => b.textContent.trim().endsWith(label));
  const started = performance.now();
  let first = null, last = null, quiet = null;
  return await new Promise(resolve => {
    const done = () => { observer.disconnect(); resolve([first, last]); };
    const observer = new MutationObserver(records => {
      const now = performance.now() - started;
      for (const record of records) {
        if (record.attributeName === 'aria-pressed' && first === null) first = now;  // the server's mark
        if (!toolbar.contains(record.target)) {  // the list below changed (not the button's own ripple)
          last = now;
          clearTimeout(quiet);
          quiet = setTimeout(done, 250);
        }
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    chip.click();
    setTimeout(done, 10000);
  });
}"""


async def click_round_trips(browser: Browser, url: str, clicks: int) -> dict[str, Any]:
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    await page.goto(url, wait_until="load")
    await page.get_by_text(HEADING).first.wait_for()
    await page.wait_for_timeout(1000)
    firsts, lasts = [], []
    for i in range(clicks + 2):
        first, last = await page.evaluate(CLICK_JS, CHIPS[i % len(CHIPS)])
        if i >= 2 and first is not None and last is not None:  # the first two warm up
            firsts.append(first / 1000)
            lasts.append(last / 1000)
    await context.close()
    return {
        "clicks": len(firsts),
        **{f"first update {key}": value for key, value in latency_summary(firsts).items()},
        **{f"list shown {key}": value for key, value in latency_summary(lasts).items()},
    }


SECTIONS = ("pages", "clicks", "memory")


async def measure(ui: Child, data: Seeded, args: argparse.Namespace) -> dict[str, Any]:
    home = ui.url + "/"
    results: dict[str, Any] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if "pages" in args.only:
                results["pages"] = await page_loads(browser, ui.url, data, args)
            if "clicks" in args.only:
                results["clicks"] = await click_round_trips(browser, home, args.clicks)
                print(table([results["clicks"]]))
        finally:
            await browser.close()
    if "memory" in args.only:
        results["memory"] = await memory_per_client(home, ui.pid, args.clients)
    return results


async def with_seeded_data(ui: Child, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    async with seeded(settings) as data:
        return await measure(ui, data, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--network", choices=list(NETWORKS), default="fast 3G")
    parser.add_argument("--pages", nargs="+", choices=[screen.name for screen in PAGES], help="default: all")
    parser.add_argument("--waterfall", action="store_true", help="print each cold visit's requests")
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    args = parser.parse_args()
    started = time.perf_counter()
    with servers() as settings:
        ensure_data(settings, args.scale)
        with worker_child(settings), ui_child(settings) as ui:
            results = asyncio.run(with_seeded_data(ui, settings, args))
    if "pages" in results:
        print(f"\n## Pages on a throttled phone ({args.network}, CPU 4x slower)\n")
        print(table(results["pages"]))
    if "clicks" in results:
        print("\n## A click on a chip: round trip (ms)\n")
        print(table([results["clicks"]]))
    if "memory" in results:
        print("\n## Memory per connected client\n")
        print(table(results["memory"]))
    report("ui", {"settings": vars(args), **results})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

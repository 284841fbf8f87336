"""UI: the home page in headless Debian chromium on a throttled phone, memory per connected NiceGUI
client, and the round trip of a click, against the real NiceGUI app on the large data.

    uv run python bench/ui.py                      # 50 and 200 clients, 30 clicks
    uv run python bench/ui.py --clients 20 50 --clicks 10

The UI runs as production runs it (`scene ui`, one process) on 127.0.0.1. Chromium is Debian's
(/usr/bin/chromium, driven by Playwright; never `playwright install`), headless, at the reference
phone viewport (390x844).

1. Home page, cold cache, visitor (the page everyone lands on from a shared link): CPU slowed 4x
   (Emulation.setCPUThrottlingRate) and the network shaped with Network.emulateNetworkConditions to
   Chrome DevTools' presets: "slow 3G" (2 s round trip, 400 kbit/s each way) and "fast 3G" (562 ms,
   1.44 Mbit/s down, 675 kbit/s up). Figures: bytes over HTTP (encoded, headers included) and over
   the WebSocket until the page is up, requests, time to first byte, first paint, first contentful
   paint, DOMContentLoaded, load, and when the heading is on screen (the app rendered).
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
import re
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import socketio
from _common import Child, ensure_data, latency_summary, report, rss_bytes, servers, service_env, table
from playwright.async_api import Browser, async_playwright

from scene_api.config import Settings
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


NETWORKS = [
    Network("slow 3G", 2000, 500_000 / 8 * 0.8, 500_000 / 8 * 0.8),
    Network("fast 3G", 562.5, 1_600_000 / 8 * 0.9, 750_000 / 8 * 0.9),
]


def ui_child(settings: Settings) -> Child:
    port = free_port()
    return Child(
        "scene-ui",
        [sys.executable, "-m", "scene_api.cli", "ui"],
        service_env(settings, SCENE_UI_PORT=str(port)),
        port,
    )


# --- 1. the home page on a slow phone ---------------------------------------------------------------

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
  return {ttfb: nav.responseStart, first_paint: paint['first-paint'], fcp: paint['first-contentful-paint'],
          dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
}"""


async def home_page(browser: Browser, url: str, network: Network) -> dict[str, Any]:
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    http_bytes: dict[str, int] = {}
    ws_bytes = [0]
    cdp.on(
        "Network.loadingFinished", lambda e: http_bytes.__setitem__(e["requestId"], e["encodedDataLength"])
    )
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: ws_bytes.__setitem__(0, ws_bytes[0] + len(e["response"]["payloadData"])),
    )
    await cdp.send("Network.enable")
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
    await page.goto(url, wait_until="load", timeout=180_000)
    await page.get_by_text(HEADING).first.wait_for(timeout=120_000)
    rendered = await page.evaluate("performance.now()")
    await page.wait_for_timeout(500)  # the socket's first messages
    timings = await page.evaluate(TIMINGS_JS)
    await context.close()
    return {
        "network": network.name,
        "cpu": "4x slower",
        "http KB": round(sum(http_bytes.values()) / 1024, 1),
        "websocket KB": round(ws_bytes[0] / 1024, 1),
        "requests": len(http_bytes),
        **{f"{key} ms": round(value) for key, value in timings.items() if value is not None},
        "heading shown ms": round(rendered),
    }


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


async def measure(ui: Child, args: argparse.Namespace) -> dict[str, Any]:
    url = ui.url + "/"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = []
            for network in NETWORKS:
                pages.append(await home_page(browser, url, network))
                print(table([pages[-1]]))
            clicks = await click_round_trips(browser, url, args.clicks)
            print(table([clicks]))
        finally:
            await browser.close()
    memory = await memory_per_client(url, ui.pid, args.clients)
    return {"home_page": pages, "clicks": clicks, "memory": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    args = parser.parse_args()
    started = time.perf_counter()
    with servers() as settings:
        ensure_data(settings, args.scale)
        with ui_child(settings) as ui:
            results = asyncio.run(measure(ui, args))
    print("\n## Home page on a throttled phone (visitor, cold cache)\n")
    print(table(results["home_page"]))
    print("\n## A click on a chip: round trip (ms)\n")
    print(table([results["clicks"]]))
    print("\n## Memory per connected client\n")
    print(table(results["memory"]))
    report("ui", {"settings": vars(args), **results})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

"""UI: memory of the NiceGUI process per connected member on the signed-in home (issue 19, item 5).

    uv run python bench/ui_memory.py                     # 50 and 200 members
    uv run python bench/ui_memory.py --members 20 100 --path /explore

The UI runs as production runs it (`scene ui`, one process) on the large data (bench/datagen.py). Each
client is a different member, signed in the way the OTP screen leaves a browser: a session cookie naming
the browser, and the member's tokens in that browser's `app.storage.user` (written where NiceGUI keeps it,
NICEGUI_STORAGE_PATH, before the page is asked for). A client loads the page, then connects its socket.io
WebSocket as nicegui.js does (bench/ui.py's `connect_client`), and all stay connected together. Figure:
the UI process's RSS over its RSS before them (after three clients came and went), divided by N.
Loopback only; every client disconnects at the end, and connecting stops after `--timeout` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from base64 import b64encode
from pathlib import Path
from typing import Any

import aiohttp
import socketio
from _common import (
    Child,
    clean_up,
    ensure_data,
    report,
    rss_bytes,
    servers,
    service_env,
    sign_in_members,
    table,
)
from itsdangerous import TimestampSigner

from scene_api.config import Settings
from scene_api.lib.embedded import free_port
from scene_ui.session import ACCESS_TOKEN, REFRESH_TOKEN
from ui import connect_client


def session_cookie(secret: str, browser_id: str) -> str:
    """What Starlette's SessionMiddleware (under NiceGUI's storage) sets: base64 JSON, signed."""
    return TimestampSigner(secret).sign(b64encode(json.dumps({"id": browser_id}).encode())).decode()


class Browsers:
    """Signed-in browsers: one storage file and one session cookie per member."""

    def __init__(self, settings: Settings, storage: Path) -> None:
        self.secret = settings.storage_secret
        self.storage = storage

    def sign_in(self, authorization: str) -> str:
        browser_id = str(uuid.uuid4())
        tokens = {ACCESS_TOKEN: authorization.removeprefix("Bearer "), REFRESH_TOKEN: "bench-unused"}
        (self.storage / f"storage-user-{browser_id}.json").write_text(json.dumps(tokens), encoding="utf-8")
        return f"session={session_cookie(self.secret, browser_id)}"


SLOW_PAGE_TRIES = 3
"""NiceGUI answers 500 when a page is not built within its response timeout (3 s), which a busy 2-core
machine reaches with many members connected: such a member is asked again (counted in the figures)."""


async def connect_member(url: str, cookie: str, slow_pages: list[str]) -> socketio.AsyncClient:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), headers={"Cookie": cookie}) as http:
        for _ in range(SLOW_PAGE_TRIES):
            async with http.get(url, allow_redirects=False) as response:
                if response.status == 200:
                    return await connect_client(http, url)
                if response.status != 500:
                    raise SystemExit(f"{url} answered {response.status} {response.headers.get('location')}")
                slow_pages.append(url)
        raise SystemExit(f"{url} answered 500 {SLOW_PAGE_TRIES} times")


async def measure(
    url: str, pid: int, cookies: list[str], counts: list[int], seconds: float
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    clients: list[socketio.AsyncClient] = []
    deadline = time.monotonic() + seconds
    slow_pages: list[str] = []
    # imports, caches, first allocations:
    warm = [await connect_member(url, cookie, slow_pages) for cookie in cookies[-3:]]
    for client in warm:
        await client.disconnect()
    await asyncio.sleep(6)  # NiceGUI forgets a disconnected client after its reconnect timeout
    before = rss_bytes(pid)
    try:
        for count in sorted(counts):
            started = time.perf_counter()
            while len(clients) < count:
                if time.monotonic() > deadline:
                    raise SystemExit(f"stopped after {seconds:.0f} s with {len(clients)} members connected")
                clients.append(await connect_member(url, cookies[len(clients)], slow_pages))
            await asyncio.sleep(3)
            rss = rss_bytes(pid)
            rows.append(
                {
                    "members": count,
                    "connect s": round(time.perf_counter() - started, 1),
                    "UI RSS MB": round(rss / 2**20, 1),
                    "RSS before MB": round(before / 2**20, 1),
                    "per member KB": round((rss - before) / count / 1024, 1),
                    "pages over 3 s": len(slow_pages),
                }
            )
            print(table([rows[-1]]))
    finally:
        await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--path", default="/", help="the page each member keeps open")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to connect them all")
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    args = parser.parse_args()
    started = time.perf_counter()
    wanted = max(args.members) + 3
    with servers() as settings, tempfile.TemporaryDirectory(prefix="scene-ui-storage-") as storage:
        data = ensure_data(settings, args.scale)
        browsers = Browsers(settings, Path(storage))
        cookies = [
            browsers.sign_in(headers["Authorization"])
            for headers in asyncio.run(sign_in_members(settings, wanted))
        ]
        port = free_port()
        env = service_env(settings, SCENE_UI_PORT=str(port), NICEGUI_STORAGE_PATH=storage)
        try:
            with Child("scene-ui", [sys.executable, "-m", "scene_api.cli", "ui"], env, port) as ui:
                rows = asyncio.run(measure(ui.url + args.path, ui.pid, cookies, args.members, args.timeout))
        finally:
            asyncio.run(clean_up(settings, data))
    print(f"\n## Memory per connected member ({args.path}, signed in)\n")
    print(table(rows))
    report("ui_memory", {"settings": vars(args), "memory": rows})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

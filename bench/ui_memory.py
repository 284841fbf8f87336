"""UI: memory of the NiceGUI process per connected member on the signed-in home (issue 19, item 5).

    uv run python bench/ui_memory.py                     # 50 and 200 members
    uv run python bench/ui_memory.py --members 20 100 --path /explore

The UI runs as production runs it (`scene ui`, one process) on the large data (bench/datagen.py). Each
client is a different member, signed in the way the OTP screen leaves a browser: a session cookie naming
the browser, and the member's tokens in that browser's `app.storage.user` (written where NiceGUI keeps it,
NICEGUI_STORAGE_PATH, before the page is asked for). A client loads the page, then connects its socket.io
WebSocket as nicegui.js does (bench/ui.py's `connect_client`), and all stay connected together. Figure:
the UI process's RSS over its RSS before them (after three clients came and went), divided by N.

`--trace` runs the same UI under tracemalloc (slower) and, besides RSS, asks it (SIGUSR1) for a
snapshot before and after the members connect: the Python heap per member, where it was allocated (by
line and by traceback) and how many objects of each type a member adds. Stable on a busy machine,
where RSS swings. Loopback only; every client disconnects at the end, and connecting stops after
`--timeout` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
import tracemalloc
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

MEASURED_UI = """
import ctypes, gc, json, os, re, signal, sys, tracemalloc
from collections import Counter

path = os.environ["SCENE_BENCH_HEAP_FILE"]


def snapshot(signum, frame):
    if not tracemalloc.is_tracing():  # from the first snapshot on: importing under it takes minutes
        tracemalloc.start(int(os.environ["SCENE_BENCH_TRACE_FRAMES"]))
    gc.collect()
    types = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    from nicegui import Client

    types["(NiceGUI clients)"] = len(Client.instances)
    types["(their elements)"] = sum(len(client.elements) for client in Client.instances.values())
    types["(their messages kept for a reconnect)"] = sum(
        len(client.outbox.message_history) for client in Client.instances.values()
    )
    tracemalloc.take_snapshot().dump(path + ".snapshot")
    with open(path + ".tmp", "w") as out:
        json.dump(types, out)
    os.replace(path + ".tmp", path)


def trim(signum, frame):
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    stderr = os.dup(2)
    with open(path + ".stats", "w+") as stats:
        os.dup2(stats.fileno(), 2)
        sys._debugmallocstats()
        os.dup2(stderr, 2)
        os.close(stderr)
        stats.seek(0)
        found = re.search(r"# bytes in allocated blocks += +([0-9,]+)", stats.read())
    with open(path + ".tmp", "w") as out:
        json.dump({"pymalloc": int(found.group(1).replace(",", "")) if found else None}, out)
    os.replace(path + ".tmp", path)


signal.signal(signal.SIGUSR1, snapshot)
signal.signal(signal.SIGUSR2, trim)
from scene_api.cli import main

main(["ui"])
"""
"""`scene ui` as production runs it, answering two signals: SIGUSR1 writes a tracemalloc snapshot and its
live objects by type (tracing starts with the first, so the second holds what was allocated in between
and is still alive); SIGUSR2 hands the memory glibc's malloc holds free back to the system
(`malloc_trim`), which tells the memory in use from what fragmentation keeps, and writes the bytes in
Python's small-object allocator (pymalloc) in use."""


class Heap:
    """The measured UI process's heap (see MEASURED_UI)."""

    def __init__(self, pid: int, path: Path) -> None:
        self.pid = pid
        self.path = path

    async def snapshot(self) -> tuple[tracemalloc.Snapshot, dict[str, int]]:
        types = await self._ask(signal.SIGUSR1)
        return tracemalloc.Snapshot.load(f"{self.path}.snapshot"), types

    async def trimmed(self) -> tuple[int, int | None]:
        """RSS after `malloc_trim`, and the bytes of pymalloc's blocks in use (None while tracing: then
        Python allocates through tracemalloc's hooks, and pymalloc has no statistics to tell)."""
        pymalloc = (await self._ask(signal.SIGUSR2))["pymalloc"]
        return rss_bytes(self.pid), pymalloc

    async def _ask(self, signal_number: int) -> dict[str, int]:
        self.path.unlink(missing_ok=True)
        os.kill(self.pid, signal_number)
        for _ in range(600):
            if self.path.exists():
                return dict(json.loads(self.path.read_text()))
            await asyncio.sleep(0.5)
        raise SystemExit("the UI did not answer the signal in 300 s")


def heap_growth(
    before: tuple[tracemalloc.Snapshot, dict[str, int]],
    after: tuple[tracemalloc.Snapshot, dict[str, int]],
    members: int,
) -> dict[str, Any]:
    """What `members` more connected members added to the heap, per member: total, top lines,
    top tracebacks (innermost last) and the object types that grew most."""
    ignore = [tracemalloc.Filter(inclusive=False, filename_pattern=tracemalloc.__file__)]
    old, new = before[0].filter_traces(ignore), after[0].filter_traces(ignore)
    total = sum(stat.size for stat in new.statistics("filename")) - sum(
        stat.size for stat in old.statistics("filename")
    )
    lines = new.compare_to(old, "lineno")[:25]
    stacks = new.compare_to(old, "traceback")[:8]
    types = {name: (after[1].get(name, 0) - before[1].get(name, 0)) / members for name in after[1]}
    return {
        "per member KB": round(total / members / 1024, 1),
        "lines": [
            {"KB per member": round(s.size_diff / members / 1024, 1), "at": str(s.traceback[0])}
            for s in lines
        ],
        "tracebacks": [
            {
                "KB per member": round(s.size_diff / members / 1024, 1),
                "stack": [str(frame) for frame in s.traceback[-12:]],
            }
            for s in stacks
        ],
        "objects per member": dict(sorted(types.items(), key=lambda item: -item[1])[:30]),
    }


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
    url: str, heap: Heap, cookies: list[str], counts: list[int], seconds: float, *, trace: bool
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
    before = rss_bytes(heap.pid)
    _, pymalloc_before = await heap.trimmed()
    heap_before = await heap.snapshot() if trace else None
    try:
        for count in sorted(counts):
            started = time.perf_counter()
            while len(clients) < count:
                if time.monotonic() > deadline:
                    raise SystemExit(f"stopped after {seconds:.0f} s with {len(clients)} members connected")
                clients.append(await connect_member(url, cookies[len(clients)], slow_pages))
            await asyncio.sleep(3)
            rss = rss_bytes(heap.pid)
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
            trimmed, pymalloc = await heap.trimmed()
            rows[-1]["per member after malloc_trim KB"] = round((trimmed - before) / count / 1024, 1)
            if pymalloc is not None and pymalloc_before is not None:
                rows[-1]["pymalloc per member KB"] = round((pymalloc - pymalloc_before) / count / 1024, 1)
            if heap_before:
                growth = heap_growth(heap_before, await heap.snapshot(), count)
                rows[-1]["heap per member KB"] = growth.pop("per member KB")
                print(json.dumps(growth, indent=1))
                rows[-1]["heap"] = growth
            print(table([rows[-1]], [key for key in rows[-1] if key != "heap"]))
    finally:
        await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--path", default="/", help="the page each member keeps open")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to connect them all")
    parser.add_argument(
        "--trace", type=int, default=0, metavar="FRAMES", help="also the Python heap per member (tracemalloc)"
    )
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
        heap_file = Path(storage) / "heap.json"
        env = service_env(
            settings,
            SCENE_UI_PORT=str(port),
            NICEGUI_STORAGE_PATH=storage,
            SCENE_BENCH_HEAP_FILE=str(heap_file),
            SCENE_BENCH_TRACE_FRAMES=str(args.trace),
        )
        try:
            with Child("scene-ui-memory", [sys.executable, "-c", MEASURED_UI], env, port) as ui:
                rows = asyncio.run(
                    measure(
                        ui.url + args.path,
                        Heap(ui.pid, heap_file),
                        cookies,
                        args.members,
                        args.timeout,
                        trace=args.trace > 0,
                    )
                )
        finally:
            asyncio.run(clean_up(settings, data))
    print(f"\n## Memory per connected member ({args.path}, signed in)\n")
    print(table(rows, [key for key in rows[0] if key != "heap"]))
    report("ui_memory", {"settings": vars(args), "memory": rows})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

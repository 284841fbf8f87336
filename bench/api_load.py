"""API load: latency percentiles and throughput of four endpoints on the large data, Scene next to a
bare asyncpg + msgspec baseline running the same SQL.

    uv run python bench/api_load.py                      # concurrency 16, up to 3000 requests or 20 s a run
    uv run python bench/api_load.py --concurrency 32 --requests 1000 --seconds 10

What it does:
1. Starts PostgreSQL, Redis and S3 (embedded under .scene/bench, or the SCENE_* URLs) and makes
   sure the large data is loaded (bench/datagen.py at `--scale`, reused when already there).
2. Signs in 64 generated members (a refresh-token row each and an access token), and one more for
   each hold it will make.
3. Serves the real API with `scene api` (uvicorn, one process, as one production replica) and the
   baseline (bench/baseline_app.py, same uvicorn settings and pool size) side by side.
4. Checks both give the same answers for a few GETs, collects free slots to book from the slots
   endpoint, then for each endpoint runs a warm-up and a measured run against each server, one
   after the other: `--concurrency` requests always in flight (aiohttp, keep-alive), stopping after
   `--requests` requests or `--seconds` seconds, whichever comes first. The two servers take turns
   (`--slices` turns each, the budget split between them), so a neighbour's load hits both alike.
5. Deletes the bookings and sign-ins it made.

Endpoints (all signed in as one of the 64 members):
- feed:    GET /api/v1/activities?lat&lng&radius_km&type&has_spots=true (a city, 5-25 km, a sport)
- slots:   GET /api/v1/venues/{id}/slots?date&duration=60 (a random venue, the next week)
- profile: GET /api/v1/users/{id} (a random member)
- book:    POST /api/v1/bookings (each request a different free slot, held by a different member:
           all should be 201; a member may hold only a few slots at once and 20 an hour)

Figures: requests/second, p50/p95/p99/max latency, statuses, and CPU milliseconds per request of
the server process, of PostgreSQL and of the load generator (all on the same machine).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import aiohttp
import asyncpg
from _common import (
    Call,
    Child,
    Run,
    api_child,
    asyncpg_dsn,
    clean_up,
    drive,
    ensure_data,
    free_slots,
    postgres_pids,
    report,
    servers,
    service_env,
    sign_in_members,
    table,
)

from scene_api.config import Settings
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.embedded import free_port
from scene_api.lib.timezone import KARACHI

MEMBERS = 64
FEED_TYPES = ["padel", "football", "cricket", "futsal", "badminton", "running"]
ENDPOINTS = ("feed", "slots", "profile", "book")


@dataclass
class Fixture:
    """What the requests are made of, picked from the data with a fixed seed."""

    headers: list[dict[str, str]]
    feeds: list[str]
    venue_days: list[tuple[UUID, date]]
    profiles: list[UUID]
    slots: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Free slots to hold, a separate list per server."""
    holders: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Who holds them: a member per hold (a member may hold only a few slots at once)."""


async def prepare(settings: Settings, seed: int = 11) -> Fixture:
    rng = random.Random(seed)
    headers = await sign_in_members(settings, MEMBERS)
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        venues = [
            row["id"] for row in await conn.fetch("SELECT id FROM venues WHERE status = 'active' ORDER BY id")
        ]
        people = await conn.fetch("SELECT id FROM users WHERE status = 'active' ORDER BY id")
    finally:
        await conn.close()
    today = datetime.now(KARACHI).date()
    centres = list(CITY_CENTRES.values())
    feeds = []
    for _ in range(500):
        lat, lng = rng.choice(centres)
        feeds.append(
            f"lat={lat + rng.uniform(-0.05, 0.05):.4f}&lng={lng + rng.uniform(-0.05, 0.05):.4f}"
            f"&radius_km={rng.choice([5, 10, 15, 25])}&type={rng.choice(FEED_TYPES)}&has_spots=true"
        )
    venue_days = [(rng.choice(venues), today + timedelta(days=rng.randint(1, 7))) for _ in range(1000)]
    profiles = [rng.choice(people)["id"] for _ in range(2000)]
    return Fixture(headers, feeds, venue_days, profiles)


def calls(fixture: Fixture, endpoint: str, target: str) -> Any:
    """The i-th request of an endpoint (the bookings list is the target's own)."""
    headers, n = fixture.headers, len(fixture.headers)
    if endpoint == "feed":
        return lambda i: Call(
            "GET", f"/api/v1/activities?{fixture.feeds[i % len(fixture.feeds)]}", headers[i % n]
        )
    if endpoint == "slots":

        def slots(i: int) -> Call:
            venue, day = fixture.venue_days[i % len(fixture.venue_days)]
            return Call("GET", f"/api/v1/venues/{venue}/slots?date={day}&duration=60", headers[i % n])

        return slots
    if endpoint == "profile":
        return lambda i: Call(
            "GET", f"/api/v1/users/{fixture.profiles[i % len(fixture.profiles)]}", headers[i % n]
        )
    slots, holders = fixture.slots[target], fixture.holders[target]
    return lambda _: Call("POST", "/api/v1/bookings", holders.pop(), json=slots.pop())


async def same_answers(scene: str, baseline: str, fixture: Fixture) -> dict[str, str]:
    """Ask both servers the same GETs; the answers should be identical JSON."""
    verdicts = {}
    async with aiohttp.ClientSession() as http:
        for endpoint in ("feed", "slots", "profile"):
            make, same = calls(fixture, endpoint, "scene"), 0
            for i in range(5):
                call = make(i * 7)
                answers = []
                for base in (scene, baseline):
                    async with http.get(base + call.path, headers=call.headers) as response:
                        answers.append((response.status, await response.json()))
                if answers[0] == answers[1]:
                    same += 1
                else:
                    print(
                        f"  {endpoint}: answers differ for {call.path}:\n    {answers[0]}\n    {answers[1]}"
                    )
            verdicts[endpoint] = f"{same}/5 identical"
    return verdicts


async def measure(settings: Settings, fixture: Fixture, args: argparse.Namespace) -> dict[str, Any]:
    scene = api_child(settings)
    port = free_port()
    baseline = Child(
        "baseline-api",
        [sys.executable, "bench/baseline_app.py"],
        service_env(settings, SCENE_API_PORT=str(port)),
        port,
    )
    runs: list[dict[str, Any]] = []
    with scene, baseline:
        targets = {"scene": scene, "baseline": baseline}
        print("same answers:", await same_answers(scene.url, baseline.url, fixture))
        wanted = args.requests + args.warmup
        venues = [venue for venue, _ in fixture.venue_days]
        found = await free_slots(scene.url, fixture.headers[0], venues, range(2, 9), 2 * wanted)
        fixture.slots = {"scene": found[:wanted], "baseline": found[wanted:]}
        holders = await sign_in_members(settings, 2 * wanted, skip=MEMBERS)
        fixture.holders = {"scene": holders[:wanted], "baseline": holders[wanted:]}
        for endpoint in args.endpoints:
            makers = {name: calls(fixture, endpoint, name) for name in targets}
            for name, child in targets.items():
                await drive(
                    "warm-up",
                    child.url,
                    makers[name],
                    concurrency=args.concurrency,
                    max_requests=args.warmup,
                    max_seconds=30,
                )
            merged = {name: Run(f"{endpoint} / {name}", args.concurrency) for name in targets}
            for _ in range(
                args.slices
            ):  # Scene and the baseline take turns: a neighbour's load hits both alike
                for name, child in targets.items():
                    part = await drive(
                        merged[name].name,
                        child.url,
                        makers[name],
                        concurrency=args.concurrency,
                        max_requests=args.requests // args.slices,
                        max_seconds=args.seconds / args.slices,
                        watch={"server": lambda child=child: [child.pid], "postgres": postgres_pids},
                    )
                    merged[name].add(part)
            for name in targets:
                runs.append(merged[name].summary() | {"endpoint": endpoint, "server": name})
                print(
                    table(
                        [runs[-1]],
                        ["name", "requests", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "statuses"],
                    )
                )
    return {"runs": runs}


def work(run: dict[str, Any]) -> float:
    """CPU milliseconds a request costs this machine: the server process and PostgreSQL."""
    cpu = run["cpu_ms_per_request"]
    return round(cpu.get("server", 0) + cpu.get("postgres", 0), 2)


def ratios(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scene's throughput over the baseline's, and the same ratio from CPU per request (server and
    PostgreSQL), which a neighbour's load on the machine disturbs less."""
    by = {(run["endpoint"], run["server"]): run for run in runs}
    rows = []
    for endpoint in ENDPOINTS:
        scene, baseline = by.get((endpoint, "scene")), by.get((endpoint, "baseline"))
        if scene and baseline:
            rows.append(
                {
                    "endpoint": endpoint,
                    "scene rps": scene["rps"],
                    "baseline rps": baseline["rps"],
                    "scene / baseline": round(scene["rps"] / baseline["rps"], 2),
                    "scene p95 ms": scene["p95_ms"],
                    "baseline p95 ms": baseline["p95_ms"],
                    "scene CPU ms/req": work(scene),
                    "baseline CPU ms/req": work(baseline),
                    "by CPU": round(work(baseline) / work(scene), 2),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000, help="most requests in a measured run")
    parser.add_argument("--seconds", type=float, default=20, help="longest measured run")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--slices", type=int, default=4, help="turns each server takes per endpoint")
    parser.add_argument("--endpoints", nargs="+", choices=ENDPOINTS, default=list(ENDPOINTS))
    args = parser.parse_args()
    started = time.perf_counter()
    with servers() as settings:
        data = ensure_data(settings, args.scale)
        asyncio.run(clean_up(settings, data))
        fixture = asyncio.run(prepare(settings))
        try:
            results = asyncio.run(measure(settings, fixture, args))
        finally:
            print(f"removed {asyncio.run(clean_up(settings, data))} bookings made by the run")
    print("\n## API load: Scene and the baseline\n")
    columns = ["endpoint", "server", "requests", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "statuses"]
    print(table(results["runs"], columns))
    print("\nCPU ms per request (server process, PostgreSQL, load generator):\n")
    print(table(results["runs"], ["endpoint", "server", "cpu_ms_per_request"]))
    print("\n## Scene's throughput as a ratio of the baseline\n")
    print(table(ratios(results["runs"])))
    settings_used = {"concurrency": args.concurrency, "requests": args.requests, "seconds": args.seconds}
    report(
        "api_load", {"settings": settings_used, "data": data, **results, "ratios": ratios(results["runs"])}
    )
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

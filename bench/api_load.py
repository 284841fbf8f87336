"""API load: latency percentiles and throughput of seven endpoints on the large data, Scene next to a
bare asyncpg + msgspec baseline running the same SQL.

    uv run python bench/api_load.py                      # concurrency 16, up to 3000 requests or 20 s a run
    uv run python bench/api_load.py --concurrency 32 --requests 1000 --seconds 10

What it does:
1. Starts PostgreSQL, Redis and S3 (embedded under .scene/bench, or the SCENE_* URLs) and makes
   sure the large data is loaded (bench/datagen.py at `--scale`, reused when already there).
2. Signs in 64 generated members (a refresh-token row each and an access token), 64 hosts with
   pending requests, and one more member for each hold it will make; adds 40 events (the large data
   has none; see `add_events`).
3. Serves the real API with `scene api` (uvicorn, one process, as one production replica) and the
   baseline (bench/baseline_app.py, same uvicorn settings and pool size) side by side.
4. Checks both give the same answers for a few GETs, collects free slots to book from the slots
   endpoint, then for each endpoint runs a warm-up and a measured run against each server, one
   after the other: `--concurrency` requests always in flight (aiohttp, keep-alive), stopping after
   `--requests` requests or `--seconds` seconds, whichever comes first. The two servers take turns
   (`--slices` turns each, the budget split between them), so a neighbour's load hits both alike.
5. Deletes the bookings, events and sign-ins it made.

Endpoints (signed in as one of the 64 members, the inbox as one of the 64 hosts):
- feed:    GET /api/v1/activities?lat&lng&radius_km&type&has_spots=true (a city, 5-25 km, a sport)
- slots:   GET /api/v1/venues/{id}/slots?date&duration=60 (a random venue, the next week)
- profile: GET /api/v1/users/{id} (a random member)
- book:    POST /api/v1/bookings (each request a different free slot, held by a different member:
           all should be 201; a member may hold only a few slots at once and 20 an hour)
- inbox:   GET /api/v1/inbox (a host with pending requests on activities still ahead: the first page,
           counts, who of the host's trusted people vouched for each requester)
- event:   GET /api/v1/events/{id} (one of the 40 events: published, public, three tiers, a waitlist
           offer holding two tickets; the member has no request nor waitlist place of their own)
- my_bookings: GET /api/v1/bookings (the member's own, newest first: the first page of 20)

Figures: requests/second, p50/p95/p99/max latency, statuses, and CPU milliseconds per request of
the server process, of PostgreSQL and of the load generator (all on the same machine).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
    sign_in,
    sign_in_members,
    table,
)

from scene_api.config import Settings
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.embedded import free_port
from scene_api.lib.timezone import KARACHI

MEMBERS = 64
FEED_TYPES = ["padel", "football", "cricket", "futsal", "badminton", "running"]
ENDPOINTS = ("feed", "slots", "profile", "book", "inbox", "event", "my_bookings")
GETS = ("feed", "slots", "profile", "inbox", "event", "my_bookings")
"""The endpoints whose answers are compared before the runs."""
EVENT_SLUG = "bench-api-"
"""The slugs of the events added for the run (the large data has none) begin with this."""
EVENTS = 40
INBOX_HOSTS_SQL = """
SELECT DISTINCT activities.host_id FROM activities
JOIN join_requests ON join_requests.activity_id = activities.id
JOIN users ON users.id = activities.host_id
WHERE join_requests.status = 'pending' AND activities.status = 'open' AND activities.ends_at > now()
  AND users.status = 'active'
ORDER BY activities.host_id
"""
"""Hosts whose inbox has something in it: pending requests on activities still ahead."""


@dataclass
class Fixture:
    """What the requests are made of, picked from the data with a fixed seed."""

    headers: list[dict[str, str]]
    feeds: list[str]
    venue_days: list[tuple[UUID, date]]
    profiles: list[UUID]
    hosts: list[dict[str, str]]
    """Signed in as hosts with pending requests, for the inbox."""
    events: list[UUID]
    slots: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Free slots to hold, a separate list per server."""
    holders: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Who holds them: a member per hold (a member may hold only a few slots at once)."""


async def prepare(settings: Settings, seed: int = 11) -> Fixture:
    rng = random.Random(seed)
    headers = await sign_in_members(settings, MEMBERS)
    await remove_events(settings)  # left by a run that was stopped
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        venues = [
            row["id"] for row in await conn.fetch("SELECT id FROM venues WHERE status = 'active' ORDER BY id")
        ]
        people = await conn.fetch("SELECT id FROM users WHERE status = 'active' ORDER BY id")
        inbox_hosts = [row["host_id"] for row in await conn.fetch(INBOX_HOSTS_SQL)]
    finally:
        await conn.close()
    if not inbox_hosts:
        raise SystemExit("no host has pending requests on activities still ahead: generate the data again")
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
    hosts = await sign_in(settings, rng.sample(inbox_hosts, min(MEMBERS, len(inbox_hosts))))
    # hosted by and offered to members far from the signed-in ones (the first by id)
    events = await add_events(settings, rng, [row["id"] for row in people[len(people) // 2 :]])
    return Fixture(headers, feeds, venue_days, profiles, hosts, events)


async def add_events(settings: Settings, rng: random.Random, members: list[UUID]) -> list[UUID]:
    """Published public events in the next two weeks, each with three tiers (one sold out and off sale,
    one on sale, one on sale from tomorrow) and a live waitlist offer keeping two tickets of the one on
    sale for a member; `members` host them and hold the offers."""
    now = datetime.now(UTC)
    events, tiers, offers = [], [], []
    for n in range(EVENTS):
        event_id, on_sale = uuid.uuid4(), uuid.uuid4()
        host, waiter = rng.sample(members, 2)
        city, (lat, lng) = rng.choice(list(CITY_CENTRES.items()))
        starts = now + timedelta(days=rng.randint(2, 14), hours=rng.randint(0, 12))
        sold = rng.randint(0, 100)
        events.append(
            (event_id, host, f"{EVENT_SLUG}{n}", f"Open night {n}", starts, starts + timedelta(hours=4),
             city.value, lat, lng, 200, 50 + sold, now)
        )  # fmt: skip
        tiers += [
            (uuid.uuid4(), event_id, "Early bird", 500, 50, 50, None, now - timedelta(days=1), 0, now),
            (on_sale, event_id, "General", 1500, 120, sold, None, None, 1, now),
            (uuid.uuid4(), event_id, "VIP", 4000, 30, 0, now + timedelta(days=1), None, 2, now),
        ]
        offers.append((uuid.uuid4(), event_id, waiter, on_sale, 2, now, now + timedelta(hours=3)))
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        await conn.executemany(
            "INSERT INTO events (id, host_id, slug, title, starts_at, ends_at, city, lat, lng, capacity, "
            "tickets_sold, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
            events,
        )
        await conn.executemany(
            "INSERT INTO ticket_tiers (id, event_id, name, price_pkr, quantity, sold, sales_start, "
            "sales_end, position, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            tiers,
        )
        await conn.executemany(
            "INSERT INTO event_waitlist (id, event_id, user_id, tier_id, quantity, queued_at, offered_at, "
            "offer_expires_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $6, $6)",
            offers,
        )
    finally:
        await conn.close()
    return [event[0] for event in events]


async def remove_events(settings: Settings) -> None:
    """Remove the events `add_events` made (their tiers and waitlists go with them)."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        await conn.execute("DELETE FROM events WHERE slug LIKE $1", EVENT_SLUG + "%")
    finally:
        await conn.close()


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
    if endpoint == "inbox":
        return lambda i: Call("GET", "/api/v1/inbox", fixture.hosts[i % len(fixture.hosts)])
    if endpoint == "event":
        return lambda i: Call(
            "GET", f"/api/v1/events/{fixture.events[i % len(fixture.events)]}", headers[i % n]
        )
    if endpoint == "my_bookings":
        return lambda i: Call("GET", "/api/v1/bookings", headers[i % n])
    slots, holders = fixture.slots[target], fixture.holders[target]
    return lambda _: Call("POST", "/api/v1/bookings", holders.pop(), json=slots.pop())


async def same_answers(scene: str, baseline: str, fixture: Fixture) -> dict[str, str]:
    """Ask both servers the same GETs; the answers should be identical JSON."""
    verdicts = {}
    async with aiohttp.ClientSession() as http:
        for endpoint in GETS:
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
            asyncio.run(remove_events(settings))
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

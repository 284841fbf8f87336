"""Booking contention: many members holding at the same moment, through the real API on the large data.

    uv run python bench/booking_contention.py              # N = 50, 5 rounds of each case
    uv run python bench/booking_contention.py -n 100 --rounds 3

Three cases, each round firing N hold requests (POST /api/v1/bookings) at once from N signed-in
members (new ones each round: a member may hold only a few slots at a time) over N open keep-alive
connections to `scene api` (uvicorn, one process):
- one slot:     all N ask for the same court and start. Exactly one must get 201, the other N-1 a
                409 `slot_taken`; the database is then asked how many live bookings hold the slot.
- one court:    N different slots of the same court (all should win; the court's row lock decides
                them one at a time).
- many courts:  N slots on N different courts (all should win, nothing to wait for).
Slots are free ones the slots endpoint offers, 20 to 40 days ahead (after the generated bookings).

Figures per case: winners and refusals per round, latency p50/p95/max of every request, the wall
time of a round (first request sent to last answer), and holds decided per second (N / wall time).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from datetime import datetime
from typing import Any
from uuid import UUID

import aiohttp
import asyncpg
from _common import (
    api_child,
    asyncpg_dsn,
    at_once,
    clean_up,
    ensure_data,
    free_slots,
    latency_summary,
    percentile,
    report,
    servers,
    sign_in_members,
    table,
)

from scene_api.config import Settings

DAYS_AHEAD = range(20, 41)


async def pick_slots(
    settings: Settings, base_url: str, headers: dict[str, str], n: int, rounds: int
) -> dict[str, Any]:
    """Free slots for every round of every case: N on one court (a different venue each round), one
    on each of N courts, and one slot per round that everybody asks for; plus a warm-up round."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        venues = [
            row["id"]
            for row in await conn.fetch(
                "SELECT v.id FROM venues v WHERE v.status = 'active' "
                "AND EXISTS (SELECT FROM courts c WHERE c.venue_id = v.id AND c.active) ORDER BY v.id"
            )
        ]
    finally:
        await conn.close()
    one_court = []
    for venue in venues[:rounds]:
        court_slots = group_by_court(await free_slots(base_url, headers, [venue], DAYS_AHEAD, 20 * n))
        one_court.append(max(court_slots.values(), key=len)[:n])
    firsts: list[dict[str, Any]] = []  # the first free slot of each court, courts from 50 venues at a time
    for start in range(rounds, len(venues), 50):
        if len(firsts) >= (n + 1) * (rounds + 1):
            break
        batch = await free_slots(base_url, headers, venues[start : start + 50], [DAYS_AHEAD[5]], 10**6)
        firsts += [slots[0] for slots in group_by_court(batch).values()]
    if min(map(len, one_court)) < n or len(firsts) < (n + 1) * (rounds + 1):
        raise SystemExit("not enough free slots found for these N and rounds")
    many_courts = [firsts[r * n : (r + 1) * n] for r in range(rounds + 1)]
    one_slot = [[slot] * n for slot in firsts[n * (rounds + 1) : n * (rounds + 1) + rounds]]
    return {
        "warm-up": many_courts.pop(),
        "one slot": one_slot,
        "one court": one_court,
        "many courts": many_courts,
    }


def group_by_court(slots: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for slot in slots:
        grouped.setdefault(slot["court_id"], []).append(slot)
    return grouped


async def fire(
    http: aiohttp.ClientSession, bodies: list[dict[str, Any]], headers: list[dict[str, str]]
) -> Any:
    """Send every hold at the same moment; returns (status, error code) per request, latencies, wall time."""

    def hold(body: dict[str, Any], header: dict[str, str]) -> Any:
        async def call() -> tuple[int, str | None]:
            async with http.post("/api/v1/bookings", json=body, headers=header) as response:
                answer = await response.json()
                return response.status, answer.get("error", {}).get("code")

        return call

    return await at_once([hold(body, header) for body, header in zip(bodies, headers, strict=True)])


async def live_bookings(settings: Settings, slot: dict[str, Any]) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM bookings WHERE court_id = $1 AND lower(period) = $2 "
                "AND status IN ('held', 'confirmed', 'checked_in')",
                UUID(slot["court_id"]),
                datetime.fromisoformat(slot["starts_at"]),
            )
        )
    finally:
        await conn.close()


async def run(settings: Settings, n: int, rounds: int) -> list[dict[str, Any]]:
    # a member per hold: one may hold only a few slots at a time (and 20 an hour)
    members = iter(await sign_in_members(settings, n * (3 * rounds + 1)))

    def next_members() -> list[dict[str, str]]:
        return [next(members) for _ in range(n)]

    rows = []
    with api_child(settings) as api:
        cases = await pick_slots(settings, api.url, {}, n, rounds)  # the slots endpoint is public
        connector = aiohttp.TCPConnector(limit=n)
        async with aiohttp.ClientSession(api.url, connector=connector) as http:
            await fire(
                http, cases.pop("warm-up"), next_members()
            )  # opens the N connections, warms the code paths
            for case, round_slots in cases.items():
                latencies, walls, outcomes, checks = [], [], Counter[str](), []
                for bodies in round_slots:
                    results, took, wall = await fire(http, bodies, next_members())
                    latencies += took
                    walls.append(wall)
                    outcomes.update(f"{status} {code or ''}".strip() for status, code in results)
                    winners = sum(1 for status, _ in results if status == 201)
                    if case == "one slot":
                        checks.append(winners == 1 and await live_bookings(settings, bodies[0]) == 1)
                    else:
                        checks.append(winners == len(bodies))
                rows.append(
                    {
                        "case": case,
                        "N": n,
                        "rounds": rounds,
                        "outcomes": dict(outcomes),
                        "as expected": f"{sum(checks)}/{len(checks)} rounds",
                        **latency_summary(latencies),
                        "round wall ms (p50)": round(percentile(walls, 50) * 1000, 1),
                        "holds decided/s": round(n / percentile(walls, 50), 1),
                    }
                )
                print(table([rows[-1]]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=50, help="holds fired at once")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    args = parser.parse_args()
    started = time.perf_counter()
    with servers() as settings:
        data = ensure_data(settings, args.scale)
        asyncio.run(clean_up(settings, data))
        try:
            rows = asyncio.run(run(settings, args.n, args.rounds))
        finally:
            print(f"removed {asyncio.run(clean_up(settings, data))} bookings made by the run")
    print("\n## Booking contention\n")
    print(table(rows))
    report("booking_contention", {"n": args.n, "rounds": args.rounds, "cases": rows})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

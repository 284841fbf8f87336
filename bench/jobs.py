"""Jobs: how soon the SAQ worker starts a job after it is enqueued, and how long after its deadline a
court hold is freed, with the real worker (`scene worker`) running in its own process.

    uv run python bench/jobs.py                          # 300 paced jobs, a burst of 300, 60 holds
    uv run python bench/jobs.py --jobs 100 --holds 20

Runs on a small database of its own (`scene_bench_jobs`, bench/datagen.py at scale 0.002: 200
members, 4 venues with hours and prices), since neither figure depends on the size of the data, and
on the same Redis the worker uses.

- Enqueue to start: `heartbeat` jobs (a Redis write) enqueued one every `--interval` seconds, then
  all at once; SAQ stamps each job with the millisecond it was queued and the one it started.
- Hold expiry: `--holds` holds made through the booking service (the API's code path) with
  SCENE_HOLD_MINUTES=1, spread over `--spread` seconds on free slots weeks ahead. Each schedules
  `expire_hold` at its deadline; the worker also sweeps stale holds every minute. Lateness is the
  booking's `updated_at` (written when it is marked expired) minus its `hold_expires_at`; the
  `expire_hold` job's result tells whether it or the sweep freed it. (For new holds a slot is free
  the moment the deadline passes, whatever the job: availability ignores holds past their deadline.)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import datagen
import sqlalchemy as sa
from _common import Child, database_url, latency_summary, report, servers, service_env, table

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.bookings.schemas import BookingCreate
from scene_api.domain.bookings.services import expire_hold_key
from scene_api.lib.embedded import free_port
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services

JOBS_DB = "scene_bench_jobs"
SCALE = 0.002


def worker_child(settings: Settings) -> Child:
    """`scene worker` as production runs it; its metrics port tells when it is up."""
    port = free_port()
    env = service_env(settings, SCENE_WORKER_METRICS_PORT=str(port), SCENE_HOLD_MINUTES="1")
    return Child("scene-worker", [sys.executable, "-m", "scene_api.cli", "worker"], env, port)


async def completed(jobs: list[Any], runtime: Runtime, *, within: float) -> list[Any]:
    """The jobs again once all have completed (or `within` seconds passed)."""
    deadline = time.monotonic() + within
    while True:
        fresh = await runtime.queue.jobs(job.key for job in jobs)
        if all(job and job.completed for job in fresh) or time.monotonic() > deadline:
            return [job for job in fresh if job and job.completed]
        await asyncio.sleep(0.2)


async def enqueue_to_start(runtime: Runtime, count: int, interval: float) -> list[dict[str, Any]]:
    rows = []
    for mode in ("paced", "burst"):
        jobs = []
        for _ in range(count):
            jobs.append(await runtime.queue.enqueue("heartbeat"))
            if mode == "paced":
                await asyncio.sleep(interval)
        done = await completed(jobs, runtime, within=60)
        waits = [(job.started - job.queued) / 1000 for job in done]
        label = f"one every {interval * 1000:.0f} ms" if mode == "paced" else "all at once"
        rows.append({"jobs": f"{len(done)}/{count} {label}", **latency_summary(waits)})
        print(table([rows[-1]]))
    return rows


async def free_slots(runtime: Runtime, wanted: int) -> list[BookingCreate]:
    """Free on-the-hour slots 20 to 40 days ahead, across the small world's venues."""
    found: list[BookingCreate] = []
    today = utcnow().astimezone(KARACHI).date()
    async with provide_services(runtime) as services:
        venues = (
            await services.session.scalars(sa.select(m.Venue.id).where(m.Venue.status == "active"))
        ).all()
        for ahead in range(20, 41):
            for venue in venues:
                day_slots = await services.venues.slots(venue, today + timedelta(days=ahead), 60)
                for court in day_slots.courts:
                    found += [
                        BookingCreate(court_id=court.court.id, starts_at=slot.starts_at, duration_minutes=60)
                        for slot in court.slots
                        if slot.starts_at.minute == 0
                    ]
            if len(found) >= wanted:
                return found[:wanted]
    raise SystemExit(f"only {len(found)} free slots in the small world")


async def hold_expiry(runtime: Runtime, count: int, spread: float) -> dict[str, Any]:
    slots = await free_slots(runtime, count)
    async with provide_services(runtime) as services:
        members = (
            await services.session.scalars(
                sa.select(m.User).where(m.User.status == "active", m.User.role == "member").limit(count)
            )
        ).all()
    held = []
    for i, slot in enumerate(slots):
        async with provide_services(runtime) as services:
            booking = await services.bookings.hold(members[i % len(members)], slot)
        held.append(booking.id)
        await asyncio.sleep(spread / count)
    print(f"{len(held)} holds made; waiting for their deadlines (one minute) and the worker")
    last_deadline = time.monotonic() + 60
    while time.monotonic() < last_deadline + 75:
        async with runtime.session_factory() as session:
            rows = (
                await session.execute(
                    sa.select(
                        m.Booking.id, m.Booking.status, m.Booking.hold_expires_at, m.Booking.updated_at
                    ).where(m.Booking.id.in_(held))
                )
            ).all()
        if all(row.status == m.BookingStatus.EXPIRED for row in rows):
            break
        await asyncio.sleep(1)
    jobs = await runtime.queue.jobs(expire_hold_key(booking_id) for booking_id in held)
    by_job = sum(1 for job in jobs if job and job.result is True)
    expired = [row for row in rows if row.status == m.BookingStatus.EXPIRED]
    late = [(row.updated_at - row.hold_expires_at).total_seconds() for row in expired]
    return {
        "holds": count,
        "freed": len(expired),
        "freed by expire_hold": by_job,
        "freed by the minute sweep": len(expired) - by_job,
        **{f"late {key}": value for key, value in latency_summary(late).items()},
    }


async def measure(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    runtime = await Runtime.open(settings)
    try:
        await asyncio.sleep(1)  # the worker opens its metrics port just before it starts polling
        starts = await enqueue_to_start(runtime, args.jobs, args.interval)
        expiry = await hold_expiry(runtime, args.holds, args.spread)
        print(table([expiry]))
        return {"enqueue_to_start": starts, "hold_expiry": expiry}
    finally:
        await runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=300, help="jobs per enqueue-to-start run")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between paced jobs")
    parser.add_argument("--holds", type=int, default=60)
    parser.add_argument("--spread", type=float, default=15, help="seconds over which the holds are made")
    args = parser.parse_args()
    started = time.perf_counter()
    with servers() as base:
        settings = replace(base, database_url=database_url(base.database_url, JOBS_DB), hold_minutes=1)
        datagen.generate(settings, scale=SCALE)
        with worker_child(settings):
            results = asyncio.run(measure(settings, args))
    print("\n## SAQ: enqueue to start\n")
    print(table(results["enqueue_to_start"]))
    print("\n## Holds: freed after their deadline (ms)\n")
    print(table([results["hold_expiry"]]))
    report("jobs", {"settings": vars(args), **results})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

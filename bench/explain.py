"""Query plans of the hot paths on the large data: EXPLAIN (ANALYZE, BUFFERS) of the very SQL the
services send, with sequential scans of big tables flagged.

    uv run python bench/explain.py                   # plans at the newest migration
    uv run python bench/explain.py --compare 0002    # plans at revision 0002, then at the newest
    uv run python bench/explain.py --plans           # print every plan in full

Each scenario calls a real service method (activity feed with radius and filters, the visitor's
home feed, free slots of a venue for a day, the host inbox, a profile, member search, people in a
city, holding a slot) in a transaction that is rolled back, records every statement it sends
(SQLAlchemy's `before_cursor_execute`), then runs EXPLAIN (ANALYZE, BUFFERS) on each statement
with its parameters, twice, keeping the second (warm) run. A statement "scans" when its plan has a
Seq Scan on a table of more than 10,000 rows; one that reads and throws away more than 10,000 rows
through filters (an index walked end to end, say) is flagged too. `--compare REV` moves the
database to REV first (`alembic downgrade`), explains, upgrades to the newest migration and
explains again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from _common import ensure_data, report, servers, table
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from scene_api.config import Settings
from scene_api.db import migrate
from scene_api.db import models as m
from scene_api.domain.activities import schemas as activity_schemas
from scene_api.domain.bookings import schemas as booking_schemas
from scene_api.lib.timezone import KARACHI, at_local_minute, utcnow
from scene_api.runtime import Runtime
from scene_api.services import Services

BIG_TABLE_ROWS = 10_000
"""A sequential scan of a table bigger than this is flagged."""


# --- recording what the services send ---------------------------------------------------------------


@dataclass
class Recorder:
    """Statements (with their parameters) sent on an engine while `recording` is on."""

    statements: list[tuple[str, Any]] = field(default_factory=list)
    recording: bool = False

    def attach(self, engine: AsyncEngine) -> None:
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.recording:
            self.statements.append((statement, parameters))

    @contextmanager
    def record(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements, self.recording = [], True
        try:
            yield self.statements
        finally:
            self.recording = False


# --- the scenarios --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subjects:
    """Who and what the scenarios look at: picked from the data, the same every run."""

    member: UUID
    busy_host: UUID
    profile: UUID
    venue: UUID
    court: UUID


async def pick_subjects(services: Services) -> Subjects:
    session = services.session
    member = await session.scalar(
        sa.select(m.User.id)
        .where(m.User.status == "active", m.User.role == "member", m.User.city == "Lahore")
        .order_by(m.User.id)
        .offset(100)
        .limit(1)
    )
    busy_host = await session.scalar(
        sa.select(m.Activity.host_id)
        .join(m.JoinRequest, m.JoinRequest.activity_id == m.Activity.id)
        .where(m.JoinRequest.status == "pending", m.Activity.status == "open", m.Activity.ends_at > utcnow())
        .group_by(m.Activity.host_id)
        .order_by(sa.func.count().desc(), m.Activity.host_id)
        .limit(1)
    )
    profile = await session.scalar(
        sa.select(m.User.id).where(m.User.status == "active").order_by(m.User.id).offset(5000).limit(1)
    )
    busy = utcnow(), utcnow() + timedelta(days=3)
    venue = await session.scalar(
        sa.select(m.Booking.venue_id)
        .join(m.Venue, m.Venue.id == m.Booking.venue_id)
        .where(m.Venue.status == "active", m.Booking.period.overlaps(sa.func.tstzrange(*busy)))
        .group_by(m.Booking.venue_id)
        .order_by(sa.func.count().desc(), m.Booking.venue_id)
        .limit(1)
    )
    court = await session.scalar(
        sa.select(m.Court.id).where(m.Court.venue_id == venue, m.Court.active).order_by(m.Court.name).limit(1)
    )
    if not (member and busy_host and profile and venue and court):
        raise SystemExit("the data has nobody to look at: run bench/datagen.py")
    return Subjects(member, busy_host, profile, venue, court)


Scenario = Callable[[Services, Subjects], Awaitable[Any]]


def tomorrow() -> Any:
    return (utcnow().astimezone(KARACHI) + timedelta(days=1)).date()


async def feed(services: Services, subjects: Subjects) -> Any:
    actor = await services.session.get_one(m.User, subjects.member)
    filters = activity_schemas.ActivityFilters(
        lat=31.5204, lng=74.3587, radius_km=10, type=m.ActivityType.PADEL, has_spots=True
    )
    return await services.activities.discover(actor, filters)


async def visitor_home(services: Services, _subjects: Subjects) -> Any:
    return await services.activities.list_upcoming(limit=20)


async def slots(services: Services, subjects: Subjects) -> Any:
    return await services.venues.slots(subjects.venue, tomorrow(), 60)


async def inbox(services: Services, subjects: Subjects) -> Any:
    host = await services.session.get_one(m.User, subjects.busy_host)
    return await services.inbox.pending(host)


async def profile(services: Services, subjects: Subjects) -> Any:
    actor = await services.session.get_one(m.User, subjects.member)
    return await services.users.profile(actor, subjects.profile)


async def member_search(services: Services, subjects: Subjects) -> Any:
    actor = await services.session.get_one(m.User, subjects.member)
    return await services.users.search(actor, text="zainab_s")


async def people_in_city(services: Services, subjects: Subjects) -> Any:
    actor = await services.session.get_one(m.User, subjects.member)
    return await services.users.search(actor, city=m.City.KARACHI, limit=11)


async def hold(services: Services, subjects: Subjects) -> Any:
    actor = await services.session.get_one(m.User, subjects.member)
    starts = at_local_minute(tomorrow() + timedelta(days=30), 23 * 60)  # past the generated bookings
    request = booking_schemas.BookingCreate(court_id=subjects.court, starts_at=starts, duration_minutes=60)
    return await services.bookings.hold(actor, request)


SCENARIOS: dict[str, Scenario] = {
    "activity feed (10 km, padel, has spots)": feed,
    "visitor home feed": visitor_home,
    "venue slots for a day": slots,
    "host inbox (busiest host)": inbox,
    "profile": profile,
    "member search (text)": member_search,
    "people in a city": people_in_city,
    "hold a slot": hold,
}


# --- explaining -----------------------------------------------------------------------------------


@dataclass
class Explained:
    scenario: str
    statement: str
    plan: dict[str, Any]
    text: str

    @property
    def milliseconds(self) -> float:
        return float(self.plan["Execution Time"]) + float(self.plan["Planning Time"])

    def nodes(self) -> Iterator[dict[str, Any]]:
        stack = [self.plan["Plan"]]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.get("Plans", []))

    def scans(self, sizes: dict[str, float]) -> list[str]:
        """Big tables this statement reads with a sequential scan."""
        return sorted(
            {
                node["Relation Name"]
                for node in self.nodes()
                if node["Node Type"] == "Seq Scan" and sizes.get(node["Relation Name"], 0) > BIG_TABLE_ROWS
            }
        )

    def filtered(self) -> int:
        """Rows read and thrown away by filters (all loops): a scan in disguise when large."""
        return sum(
            int(node.get("Rows Removed by Filter", 0)) * int(node.get("Actual Loops", 1))
            for node in self.nodes()
        )

    def buffers(self) -> int:
        top = self.plan["Plan"]
        return int(top.get("Shared Hit Blocks", 0)) + int(top.get("Shared Read Blocks", 0))


async def explain_all(runtime: Runtime, recorder: Recorder) -> list[Explained]:
    async with runtime.session_factory() as session:
        subjects = await pick_subjects(Services(runtime, session))
    explained = []
    for name, scenario in SCENARIOS.items():
        async with runtime.session_factory() as session:
            services = Services(runtime, session)
            with recorder.record() as statements:
                await scenario(services, subjects)
            for statement, parameters in statements:
                if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "WITH")):
                    explained.append(await explain(session, name, statement, parameters))
            await session.rollback()  # nothing a scenario did stays
    return explained


async def explain(session: Any, scenario: str, statement: str, parameters: Any) -> Explained:
    conn = await session.connection()
    options = "ANALYZE, BUFFERS"
    await conn.exec_driver_sql(f"EXPLAIN ({options}) {statement}", parameters)  # warm-up
    raw = (await conn.exec_driver_sql(f"EXPLAIN ({options}, FORMAT JSON) {statement}", parameters)).scalar()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    rows = (await conn.exec_driver_sql(f"EXPLAIN ({options}) {statement}", parameters)).scalars()
    return Explained(scenario, statement, plan, "\n".join(rows))


async def table_sizes(runtime: Runtime) -> dict[str, float]:
    async with runtime.engine.connect() as conn:
        rows = await conn.execute(
            sa.text(
                "SELECT relname, reltuples FROM pg_class "
                "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
            )
        )
        return {name: float(tuples) for name, tuples in rows}


async def run(settings: Settings) -> tuple[list[Explained], dict[str, float], str]:
    runtime = await Runtime.open(settings)
    recorder = Recorder()
    recorder.attach(runtime.engine)
    try:
        async with runtime.engine.connect() as conn:
            revision = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalar_one()
        return await explain_all(runtime, recorder), await table_sizes(runtime), str(revision)
    finally:
        await runtime.close()


def summarise(explained: list[Explained], sizes: dict[str, float]) -> list[dict[str, Any]]:
    """One row per scenario: statements, total time, buffers, sequential scans of big tables."""
    rows = []
    for name in SCENARIOS:
        mine = [item for item in explained if item.scenario == name]
        scans = sorted({scan for item in mine for scan in item.scans(sizes)})
        rows.append(
            {
                "query": name,
                "statements": len(mine),
                "ms (plan + run)": round(sum(item.milliseconds for item in mine), 2),
                "slowest ms": round(max((item.milliseconds for item in mine), default=0), 2),
                "buffers": sum(item.buffers() for item in mine),
                "rows filtered out": sum(item.filtered() for item in mine),
                "seq scans of big tables": ", ".join(scans) or "none",
            }
        )
    return rows


def print_plans(explained: list[Explained], sizes: dict[str, float], *, everything: bool) -> None:
    """The plan of each scenario's slowest statement (every plan with --plans), scans marked."""
    for name in SCENARIOS:
        mine = sorted((item for item in explained if item.scenario == name), key=lambda i: -i.milliseconds)
        for item in mine if everything else mine[:1]:
            flag = f"  <-- SEQ SCAN of {', '.join(item.scans(sizes))}" if item.scans(sizes) else ""
            if item.filtered() > BIG_TABLE_ROWS:
                flag += f"  <-- {item.filtered():,} rows filtered out"
            print(f"\n### {name}: {item.milliseconds:.2f} ms{flag}\n```\n{shortened(item.text)}\n```")


def shortened(plan: str, width: int = 240) -> str:
    """The plan with very long lines (a list of ids in a condition, say) cut short."""
    return "\n".join(line if len(line) <= width else line[:width] + " ..." for line in plan.splitlines())


def explain_at(settings: Settings, revision: str | None, *, everything: bool) -> dict[str, Any]:
    if revision is not None:
        print(f"\nmoving the database to migration {revision}")
        migrate.downgrade(settings.database_url, revision)
    else:
        migrate.upgrade(settings.database_url)
    started = time.perf_counter()
    explained, sizes, at = asyncio.run(run(settings))
    summary = summarise(explained, sizes)
    print(f"\n## Plans at migration {at} ({time.perf_counter() - started:.1f} s)")
    print_plans(explained, sizes, everything=everything)
    print(f"\n## Summary at migration {at}\n")
    print(table(summary))
    return {"revision": at, "summary": summary, "plans": [item.__dict__ for item in explained]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    parser.add_argument("--compare", metavar="REVISION", help="explain at REVISION first, then at the newest")
    parser.add_argument("--plans", action="store_true", help="print every statement's plan")
    args = parser.parse_args()
    with servers() as settings:
        ensure_data(settings, args.scale)
        runs = []
        if args.compare:
            runs.append(explain_at(settings, args.compare, everything=args.plans))
        runs.append(explain_at(settings, None, everything=args.plans))
    report("explain", {"runs": runs})


if __name__ == "__main__":
    main()

"""Fault injection under a steady mixed load: what clients see while a part of the stack fails, how
long the API takes to recover, and whether the data still holds afterwards.

Starts the stack the way `scene dev` does (embedded PostgreSQL, Redis and S3, then `scene worker`
and `scene api` as child processes) in a temporary state folder on free loopback ports, loads the
demo data, signs the demo members in by minting tokens, and drives a bounded mixed load (reads:
activities, venues, slots, a venue page; writes: court holds and cancellations, sign-in codes,
join requests, avatar uploads). Then, one after another:

- worker:   the worker killed (SIGKILL) for --worker-outage seconds, then started again;
- redis:    Redis stopped for --redis-outage seconds, then started again (empty: no persistence);
- postgres: PostgreSQL stopped (fast shutdown) for --postgres-outage seconds, then started again;
- provider: the PayFast API (a loopback proxy in front of the sandbox) hangs for --provider-hang
            seconds while checkouts are started on held bookings;
- s3:       S3 stopped for --s3-outage seconds, then started again.

Each fault gets a quiet baseline before it and an observation window after it. Per fault: requests,
outcomes by status (during the outage and outside it), recovery time, and the data checks (no
overlapping live bookings, no oversold tier, the payment ledger adds up, no hold left past its
deadline, no message lost or sent twice). Everything goes to 127.0.0.1; every loop is bounded in
count and time; everything started here is stopped at the end, on Ctrl-C and on errors.

    uv run python bench/faults.py                 # the full run (~9 minutes)
    uv run python bench/faults.py --quick         # 10-second outages (~4 minutes)
    uv run python bench/faults.py --only redis s3 # some faults only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from _common import OUT_DIR, ROOT, asyncpg_dsn, machine, sign_in_members, table
from aiohttp import web
from PIL import Image

from scene_api.config import Settings
from scene_api.lib.embedded import (
    EmbeddedPostgres,
    EmbeddedRedis,
    EmbeddedS3,
    EmbeddedStack,
    free_port,
    wait_for_port,
)
from scene_api.lib.timezone import KARACHI

FAULTS = ("worker", "redis", "postgres", "provider", "s3")
RATE = 8.0
"""Requests started per second by the steady load (the machine is 2 shared cores)."""
IN_FLIGHT = 48
"""At most this many requests at once; when all hang, the load waits rather than piling up."""
CLIENT_TIMEOUT_SECONDS = 40
HOLD_MINUTES = 1
"""Holds lapse after a minute, so holds lapse during every outage."""
CHILD_ENV = {
    "SCENE_MESSAGING_SANDBOX": "true",
    "SCENE_SMS_BACKEND": "twilio,veevo",
    "SCENE_WHATSAPP_BACKEND": "cloud",
    "SCENE_SEED_ON_START": "false",
    "SCENE_LOG_LEVEL": "WARNING",
    "SCENE_HOLD_MINUTES": str(HOLD_MINUTES),
    "SCENE_HOLDS_PER_HOUR": "100000",
    "SCENE_JOIN_REQUESTS_PER_HOUR": "100000",
    "SCENE_PAYMENTS_SANDBOX": "true",
}
"""`scene dev`'s messaging set-up, plus per-member hourly quotas lifted so 17 members can keep a steady
write load going (the live-holds quota stays: its 409s are part of the outcomes)."""


def failed(status: int | str) -> bool:
    """A failure the client cannot act on: a 5xx other than a clear 503, a timeout or a broken connection."""
    return isinstance(status, str) or (status >= 500 and status != 503)


def degraded(status: int | str) -> bool:
    """Anything 5xx-ish, clear 503s included."""
    return isinstance(status, str) or status >= 500


@dataclass
class Record:
    kind: str
    started: float
    ended: float
    status: int | str
    code: str = ""


@dataclass
class Member:
    headers: dict[str, str]
    holds: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@dataclass
class Load:
    """The steady mixed load; every request it sends is recorded."""

    http: aiohttp.ClientSession
    members: list[Member]
    venues: list[str]
    activities: list[str]
    invite_code: str
    avatar: bytes
    records: list[Record] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(17))

    async def send(self, kind: str, method: str, path: str, **kwargs: Any) -> tuple[int | str, Any]:
        started = time.monotonic()
        status: int | str
        body: Any = None
        try:
            async with self.http.request(method, path, **kwargs) as answer:
                status = answer.status
                with contextlib.suppress(ValueError, aiohttp.ContentTypeError):
                    body = await answer.json()
        except TimeoutError:
            status = "timeout"
        except aiohttp.ClientError as error:
            status = type(error).__name__
        code = body.get("error", {}).get("code", "") if isinstance(body, dict) else ""
        self.records.append(Record(kind, started, time.monotonic(), status, str(code)))
        return status, body

    def member(self) -> Member:
        return self.rng.choice(self.members)

    def day(self) -> str:
        return str(datetime.now(KARACHI).date() + timedelta(days=self.rng.randint(1, 6)))

    async def refill_slots(self) -> None:
        venue, day = self.rng.choice(self.venues), self.day()
        status, body = await self.send(
            "read_slots",
            "GET",
            f"/api/v1/venues/{venue}/slots?date={day}&duration=60",
            headers=self.member().headers,
        )
        if status == 200 and isinstance(body, dict):
            for court in body.get("courts", []):
                self.slots += [
                    {"court_id": court["court"]["id"], "starts_at": slot["starts_at"], "duration_minutes": 60}
                    for slot in court["slots"]
                    if slot["starts_at"][14:16] == "00"
                ]
            self.rng.shuffle(self.slots)

    async def hold(self, member: Member | None = None) -> str | None:
        if not self.slots:
            await self.refill_slots()
        if not self.slots:
            return None
        member = member or self.member()
        status, body = await self.send(
            "hold", "POST", "/api/v1/bookings", json=self.slots.pop(), headers=member.headers
        )
        if status == 201 and isinstance(body, dict):
            member.holds.append(body["id"])
            return str(body["id"])
        return None

    async def cancel(self) -> None:
        member = self.member()
        if member.holds:
            booking = member.holds.pop(self.rng.randrange(len(member.holds)))
            await self.send("cancel", "POST", f"/api/v1/bookings/{booking}/cancel", headers=member.headers)

    async def otp(self) -> None:
        phone = f"+9230{self.rng.randint(0, 4)}{self.rng.randint(0, 9_999_999):07d}"
        await self.send(
            "otp", "POST", "/api/v1/auth/otp/request", json={"phone": phone, "invite_code": self.invite_code}
        )

    async def join(self) -> None:
        member = self.member()
        if member.requests and self.rng.random() < 0.5:
            request = member.requests.pop()
            await self.send(
                "withdraw", "POST", f"/api/v1/requests/{request}/withdraw", headers=member.headers
            )
            return
        activity = self.rng.choice(self.activities)
        status, body = await self.send(
            "join",
            "POST",
            f"/api/v1/activities/{activity}/requests",
            json={"message": ""},
            headers=member.headers,
        )
        if status == 201 and isinstance(body, dict):
            member.requests.append(str(body["id"]))

    async def upload(self) -> None:
        form = aiohttp.FormData()
        form.add_field("file", self.avatar, filename="me.png", content_type="image/png")
        await self.send("upload", "PUT", "/api/v1/me/avatar", data=form, headers=self.member().headers)

    def next_call(self) -> Callable[[], Awaitable[Any]]:
        member = self.member()
        venue = self.rng.choice(self.venues)
        reads: list[Callable[[], Awaitable[Any]]] = [
            lambda: self.send(
                "read_activities", "GET", "/api/v1/activities?limit=20", headers=member.headers
            ),
            lambda: self.send("read_venues", "GET", "/api/v1/venues", headers=member.headers),
            lambda: self.send(
                "read_slots",
                "GET",
                f"/api/v1/venues/{venue}/slots?date={self.day()}&duration=60",
                headers=member.headers,
            ),
            lambda: self.send("read_venue_page", "GET", f"/api/v1/venues/{venue}", headers=member.headers),
        ]
        writes: list[Callable[[], Awaitable[Any]]] = [self.hold, self.hold, self.cancel, self.otp, self.join]
        roll = self.rng.random()
        if roll < 0.04:
            return self.upload
        if roll < 0.40:
            return self.rng.choice(writes)
        return self.rng.choice(reads)

    async def run(self, seconds: float, max_requests: int) -> None:
        """Start RATE requests a second for `seconds` (at most `max_requests`), then wait for them."""
        gate = asyncio.Semaphore(IN_FLIGHT)
        tasks: list[asyncio.Task[Any]] = []
        deadline = time.monotonic() + seconds

        async def one(call: Callable[[], Awaitable[Any]]) -> None:
            try:
                await call()
            finally:
                gate.release()

        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(gate.acquire(), timeout=max(0.01, deadline - time.monotonic()))
                tasks.append(asyncio.create_task(one(self.next_call())))
            await asyncio.sleep(1 / RATE)
        await asyncio.gather(*tasks)


# --- the stack ---------------------------------------------------------------------------------------


@dataclass
class Stack:
    """Embedded servers plus the worker and API child processes, restartable one by one."""

    state_dir: Path
    settings: Settings
    stack: EmbeddedStack
    env: dict[str, str]
    api_port: int
    worker: subprocess.Popen[bytes] | None = None
    api: subprocess.Popen[bytes] | None = None

    def server(self, kind: type[Any]) -> Any:
        return next(server for server in self.stack.started if isinstance(server, kind))

    def start_child(self, command: str) -> subprocess.Popen[bytes]:
        log = (self.state_dir / f"{command}.log").open("ab")
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "scene_api.cli", command],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def start_worker(self) -> None:
        self.worker = self.start_child("worker")

    def start_api(self) -> None:
        self.api = self.start_child("api")
        wait_for_port(self.api_port, timeout=90, process=self.api)

    def stop_children(self) -> None:
        for child in (self.api, self.worker):
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in (self.api, self.worker):
            if child is None:
                continue
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


@contextlib.contextmanager
def running_stack(proxy_port: int) -> Iterator[Stack]:
    from scene_api.db import migrate as migrations
    from scene_api.db.seed import seed_demo_data

    OUT_DIR.mkdir(exist_ok=True)
    state_dir = Path(tempfile.mkdtemp(prefix="scene-faults-"))
    settings = Settings.from_env(seed_on_start=False, log_level="WARNING", state_dir=state_dir)
    stack = EmbeddedStack(state_dir)
    running: Stack | None = None
    try:
        service_env = stack.start(
            database_url="",
            redis_url="",
            s3_endpoint="",
            s3_keys=(settings.s3_access_key, settings.s3_secret_key),
        )
        settings = replace(
            settings,
            database_url=service_env["SCENE_DATABASE_URL"],
            redis_url=service_env["SCENE_REDIS_URL"],
            s3_endpoint=service_env["SCENE_S3_ENDPOINT"],
        )
        migrations.upgrade(settings.database_url)
        print(f"demo data: {asyncio.run(seed_demo_data(settings))}", flush=True)
        api_port = free_port()
        env = {
            **os.environ,
            **CHILD_ENV,
            **service_env,
            "SCENE_HOST": "127.0.0.1",
            "SCENE_API_PORT": str(api_port),
            "SCENE_STATE_DIR": str(state_dir),
            "SCENE_PAYFAST_BASE_URL": f"http://127.0.0.1:{proxy_port}/sandbox/payfast",
        }
        running = Stack(state_dir, settings, stack, env, api_port)
        running.start_worker()
        running.start_api()
        yield running
    finally:
        # Stop the app processes first, then the servers, even on a second Ctrl-C.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        if running is not None:
            running.stop_children()
        stack.stop()
        signal.signal(signal.SIGINT, previous)
        print(f"stopped everything; state was in {state_dir}", flush=True)


@dataclass
class HangingProvider:
    """A loopback proxy in front of the API's PayFast sandbox that can be told to hang."""

    upstream: str
    hang_until: float = 0.0
    calls: int = 0
    hung: int = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.calls += 1
        wait = self.hang_until - time.monotonic()
        if wait > 0:
            self.hung += 1
            await asyncio.sleep(wait)
        try:
            body = await request.read()
        except ConnectionResetError:  # the API gave up waiting (its own timeout)
            return web.Response(status=499)
        async with (
            aiohttp.ClientSession() as http,
            http.request(
                request.method,
                f"{self.upstream}{request.path_qs}",
                data=body,
                headers={"Content-Type": request.headers.get("Content-Type", "")},
            ) as answer,
        ):
            return web.Response(
                body=await answer.read(), status=answer.status, content_type=answer.content_type
            )


# --- data checks -------------------------------------------------------------------------------------

CHECKS = {
    "overlapping live bookings": """
        SELECT count(*) FROM bookings a JOIN bookings b ON a.court_id = b.court_id AND a.id < b.id
        AND a.period && b.period WHERE a.status IN ('held','confirmed','checked_in')
        AND b.status IN ('held','confirmed','checked_in')""",
    "oversold tiers": "SELECT count(*) FROM ticket_tiers WHERE sold > quantity",
    "oversold events": "SELECT count(*) FROM events WHERE tickets_sold > capacity",
    "payments whose status has no transition": """
        SELECT count(*) FROM payments p WHERE p.status <> 'initiated' AND NOT EXISTS (
        SELECT 1 FROM payment_transitions t WHERE t.payment_id = p.id AND t.to_status = p.status)""",
    "bookings paid twice": """
        SELECT count(*) FROM (SELECT booking_id FROM payments WHERE status = 'succeeded'
        AND booking_id IS NOT NULL GROUP BY booking_id HAVING count(*) > 1) twice""",
    "succeeded payments not matching the booking price": """
        SELECT count(*) FROM payments p JOIN bookings b ON b.id = p.booking_id
        WHERE p.status = 'succeeded' AND p.amount_pkr <> b.price_pkr""",
    "holds more than 90 s past their deadline": """
        SELECT count(*) FROM bookings
        WHERE status = 'held' AND hold_expires_at < now() - interval '90 seconds'""",
    "messages queued or sending for over 3 min": """
        SELECT count(*) FROM message_deliveries WHERE status IN ('queued','sending')
        AND (not_before IS NULL OR not_before < now()) AND updated_at < now() - interval '3 minutes'""",
}
"""Each must be 0."""


async def data_checks(settings: Settings) -> dict[str, int]:
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        return {name: int(await conn.fetchval(sql)) for name, sql in CHECKS.items()}
    finally:
        await conn.close()


async def hold_lapses(settings: Settings, since: datetime, worker_back: datetime) -> dict[str, Any]:
    """For the holds whose deadline came after `since`: how long after their deadline, or after the
    worker came back when that is later, they were marked expired."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        late = await conn.fetch(
            "SELECT extract(epoch FROM updated_at - greatest(hold_expires_at, $2))::float AS late "
            "FROM bookings WHERE status = 'expired' AND hold_expires_at >= $1",
            since,
            worker_back,
        )
        still_held = await conn.fetchval(
            "SELECT count(*) FROM bookings "
            "WHERE status = 'held' AND hold_expires_at >= $1 AND hold_expires_at < now()",
            since,
        )
    finally:
        await conn.close()
    seconds = sorted(row["late"] for row in late)
    return {
        "lapsed": len(seconds),
        "late p50_s": round(seconds[len(seconds) // 2], 1) if seconds else None,
        "late max_s": round(seconds[-1], 1) if seconds else None,
        "past_deadline_still_held": int(still_held),
    }


async def sample_database(settings: Settings, until: float) -> dict[str, int]:
    """Worst seen, once a second until `until`: transactions open for over 2 s, and backends holding
    or waiting for a lock on a booking row."""
    worst = Counter[str]()
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        for _ in range(int(until - time.monotonic()) + 1):
            if time.monotonic() >= until:
                break
            row = await conn.fetchrow(
                """SELECT
                     count(*) FILTER (WHERE xact_start < now() - interval '2 seconds'
                       AND pid <> pg_backend_pid()) AS long_transactions,
                     count(*) FILTER (WHERE state = 'idle in transaction') AS idle_in_transaction,
                     coalesce(max(extract(epoch FROM now() - xact_start))
                       FILTER (WHERE state = 'idle in transaction'), 0)::int AS oldest_idle_transaction_s,
                     (SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                       WHERE c.relname IN ('bookings', 'payments') AND l.pid <> pg_backend_pid())
                       AS locks_on_bookings_or_payments,
                     count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting_for_lock,
                     count(*) FILTER (WHERE datname = current_database() AND backend_type = 'client backend'
                       AND pid <> pg_backend_pid()) AS connections
                   FROM pg_stat_activity"""
            )
            for key, value in dict(row).items():
                worst[key] = max(worst[key], int(value))
            await asyncio.sleep(1)
    finally:
        await conn.close()
    return dict(worst)


# --- faults ------------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    baseline_started: float = 0.0
    fault_started: float = 0.0
    fault_ended: float = 0.0
    observe_until: float = 0.0
    notes: dict[str, Any] = field(default_factory=dict)


async def outage(
    load: Load, seconds: float, max_requests: int, stop: Callable[[], None], start: Callable[[], None]
) -> tuple[float, float]:
    """Stop a part, keep the load going for `seconds`, start the part again (in a thread: starting
    PostgreSQL or S3 blocks), keeping the load going meanwhile. Returns when it was down and back."""
    await asyncio.to_thread(stop)
    down = time.monotonic()
    await load.run(seconds, max_requests)
    restart = asyncio.create_task(asyncio.to_thread(start))
    while not restart.done():
        await load.run(1.0, int(RATE) + 1)
    await restart
    return down, time.monotonic()


async def inject(
    name: str, stack: Stack, load: Load, provider: HangingProvider, args: argparse.Namespace
) -> Phase:
    phase = Phase(name)
    cap = args.max_requests
    if name == "worker":
        assert stack.worker is not None
        phase.notes["holds placed before"] = sum([await load.hold() is not None for _ in range(6)])

        def kill() -> None:
            assert stack.worker is not None
            stack.worker.kill()
            stack.worker.wait()

        killed = datetime.now(UTC)
        phase.fault_started, phase.fault_ended = await outage(
            load, args.worker_outage, cap, kill, stack.start_worker
        )
        back = datetime.now(UTC)
        await load.run(max(args.observe, 60 * HOLD_MINUTES), cap)
        phase.notes["hold lapses"] = await hold_lapses(stack.settings, killed, back)
    elif name == "redis":
        redis: EmbeddedRedis = stack.server(EmbeddedRedis)
        phase.fault_started, phase.fault_ended = await outage(
            load, args.redis_outage, cap, redis.stop, redis.start
        )
        await load.run(args.observe, cap)
    elif name == "postgres":
        postgres: EmbeddedPostgres = stack.server(EmbeddedPostgres)
        phase.fault_started, phase.fault_ended = await outage(
            load, args.postgres_outage, cap, postgres.stop, postgres.start
        )
        await load.run(args.observe, cap)
    elif name == "provider":
        phase.fault_started = time.monotonic()
        provider.hang_until = phase.fault_started + args.provider_hang
        phase.notes.update(await checkouts_while_hanging(stack, load, args))
        phase.fault_ended = max(time.monotonic(), provider.hang_until)
        phase.notes["provider calls hung"] = provider.hung
        await load.run(args.observe, cap)
    elif name == "s3":
        s3: EmbeddedS3 = stack.server(EmbeddedS3)

        async def uploads_during() -> None:
            for _ in range(3):
                await asyncio.sleep(args.s3_outage / 4)
                await load.upload()

        async def s3_outage() -> tuple[float, float]:
            return await outage(load, args.s3_outage, cap, s3.stop, s3.start)

        (phase.fault_started, phase.fault_ended), _ = await asyncio.gather(s3_outage(), uploads_during())
        await load.run(args.observe, cap)
    phase.observe_until = time.monotonic()
    phase.notes["worker running after"] = stack.worker is not None and stack.worker.poll() is None
    phase.notes["api running after"] = stack.api is not None and stack.api.poll() is None
    return phase


async def checkouts_while_hanging(stack: Stack, load: Load, args: argparse.Namespace) -> dict[str, Any]:
    """Start checkouts on fresh holds while PayFast hangs; meanwhile try to cancel one of those
    bookings (it waits if the checkout holds its row lock), keep the load going, and watch the
    database for long transactions and lock waits."""
    payers = load.members[: args.checkouts]
    holds = [await load.hold(member) for member in payers]
    started = [(member, booking) for member, booking in zip(payers, holds, strict=True) if booking]
    until = time.monotonic() + args.provider_hang

    async def checkout(member: Member, booking: str) -> tuple[int | str, float]:
        begun = time.monotonic()
        status, _ = await load.send(
            "checkout", "POST", "/api/v1/payments/checkout",
            json={"purpose": "booking", "target_id": booking, "provider": "payfast"}, headers=member.headers,
        )  # fmt: skip
        return status, round(time.monotonic() - begun, 1)

    async def cancel_one_being_paid() -> tuple[int | str, float]:
        await asyncio.sleep(2)
        member, booking = started[0]
        begun = time.monotonic()
        status, _ = await load.send(
            "cancel", "POST", f"/api/v1/bookings/{booking}/cancel", headers=member.headers
        )
        with contextlib.suppress(ValueError):
            member.holds.remove(booking)
        return status, round(time.monotonic() - begun, 1)

    sampled, outcomes, cancelled, _ = await asyncio.gather(
        sample_database(stack.settings, until),
        asyncio.gather(*(checkout(member, booking) for member, booking in started)),
        cancel_one_being_paid(),
        load.run(args.provider_hang, args.max_requests),
    )
    return {
        "checkouts (status, seconds)": outcomes,
        "cancel of a booking being paid (status, seconds)": cancelled,
        "database, worst second": sampled,
    }


# --- the report --------------------------------------------------------------------------------------


def summarize(phase: Phase, records: list[Record], checks: dict[str, int]) -> dict[str, Any]:
    mine = [r for r in records if phase.baseline_started <= r.started <= phase.observe_until]
    during = [r for r in mine if phase.fault_started <= r.started <= phase.fault_ended]
    outside = [r for r in mine if r not in during]
    after = [r for r in mine if r.started > phase.fault_ended]
    late_failures = [r.ended for r in after if degraded(r.status)]
    recovery = round(max(late_failures) - phase.fault_ended, 1) if late_failures else 0.0
    reads_during = [r for r in during if r.kind.startswith("read")]
    return {
        "fault": phase.name,
        "outage_s": round(phase.fault_ended - phase.fault_started, 1),
        "requests": len(mine),
        "during: statuses": dict(sorted(Counter(str(r.status) for r in during).items())),
        "during: reads ok": f"{sum(r.status == 200 for r in reads_during)}/{len(reads_during)}",
        "during: 5xx by kind": dict(
            sorted(Counter(f"{r.kind} {r.status}" for r in during if degraded(r.status)).items())
        ),
        "outside: statuses": dict(sorted(Counter(str(r.status) for r in outside).items())),
        "outside: failures": sum(failed(r.status) for r in outside),
        "recovery_s": recovery,
        "checks failing": {name: count for name, count in checks.items() if count} or "none",
        "notes": phase.notes,
    }


async def prepare_load(stack: Stack, http: aiohttp.ClientSession) -> Load:
    headers = await sign_in_members(replace(stack.settings, access_token_minutes=180), 17)
    members = [Member(h) for h in headers]
    async with http.get("/api/v1/venues", headers=headers[0]) as answer:
        venues = [item["id"] for item in (await answer.json())["items"]]
    async with http.get("/api/v1/activities", headers=headers[0]) as answer:
        activities = [item["id"] for item in (await answer.json())["items"]]
    conn = await asyncpg.connect(asyncpg_dsn(stack.settings.database_url))
    try:
        invite = await conn.fetchval(
            "SELECT code FROM invites WHERE invitee_id IS NULL ORDER BY code LIMIT 1"
        )
    finally:
        await conn.close()
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 80, 40)).save(picture, format="PNG")
    return Load(http, members, venues, activities, str(invite or ""), picture.getvalue())


def main(args: argparse.Namespace) -> None:
    """The servers start (and stop) outside the event loop: PostgreSQL's start runs a loop of its own."""
    proxy_port = free_port()
    with running_stack(proxy_port) as stack:
        rows, final = asyncio.run(drive(stack, proxy_port, args))
    columns = ["fault", "outage_s", "requests", "during: statuses", "during: reads ok", "during: 5xx by kind",
               "outside: statuses", "outside: failures", "recovery_s", "checks failing"]  # fmt: skip
    print("\n" + table(rows, columns))
    print(f"\nfinal checks: {final}")
    payload = {
        "benchmark": "faults",
        "machine": machine(),
        "args": vars(args),
        "faults": rows,
        "final": final,
    }
    (OUT_DIR / "faults.json").write_text(json.dumps(payload, indent=2, default=str))
    print(f"saved: {OUT_DIR / 'faults.json'}")


async def drive(
    stack: Stack, proxy_port: int, args: argparse.Namespace
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Warm up, then each fault with a baseline before it; returns a row per fault and the final checks."""
    provider = HangingProvider(f"http://127.0.0.1:{stack.api_port}")
    proxy = web.AppRunner(_proxy_app(provider))
    await proxy.setup()
    await web.TCPSite(proxy, "127.0.0.1", proxy_port).start()
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=IN_FLIGHT)
    base_url = f"http://127.0.0.1:{stack.api_port}"
    rows = []
    try:
        async with aiohttp.ClientSession(base_url, timeout=timeout, connector=connector) as http:
            load = await prepare_load(stack, http)
            counts = (
                f"{len(load.members)} members, {len(load.venues)} venues, {len(load.activities)} activities"
            )
            print(f"load: {counts}")
            await load.run(args.warmup, args.max_requests)
            print(f"warm-up: {dict(Counter(str(r.status) for r in load.records))}", flush=True)
            for name in args.only:
                baseline_started = time.monotonic()
                await load.run(args.baseline, args.max_requests)
                print(f"fault: {name} ...", flush=True)
                phase = await inject(name, stack, load, provider, args)
                phase.baseline_started = baseline_started
                row = summarize(phase, load.records, await data_checks(stack.settings))
                print(json.dumps(row, default=str), flush=True)
                rows.append(row)
                if not phase.notes["worker running after"]:
                    stack.start_worker()
            await asyncio.sleep(75)  # one more cron minute for the sweeps, then the final checks
            return rows, await data_checks(stack.settings)
    finally:
        await proxy.cleanup()


def _proxy_app(provider: HangingProvider) -> web.Application:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", provider.handle)
    return app


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=FAULTS, default=list(FAULTS))
    parser.add_argument("--worker-outage", type=float, default=60)
    parser.add_argument("--redis-outage", type=float, default=30)
    parser.add_argument("--postgres-outage", type=float, default=5, help="seconds between stop and start")
    parser.add_argument("--provider-hang", type=float, default=30)
    parser.add_argument("--s3-outage", type=float, default=30)
    parser.add_argument("--checkouts", type=int, default=6, help="checkouts started while the provider hangs")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--baseline", type=float, default=10, help="steady load before each fault")
    parser.add_argument("--observe", type=float, default=30, help="steady load after each fault")
    parser.add_argument("--max-requests", type=int, default=1000, help="cap per load window")
    parser.add_argument("--quick", action="store_true", help="10-second outages and short windows")
    args = parser.parse_args(argv)
    if args.quick:
        args.worker_outage = args.redis_outage = args.provider_hang = args.s3_outage = 10
        args.postgres_outage, args.warmup, args.baseline, args.observe = 2, 5, 5, 15
    return args


if __name__ == "__main__":
    arguments = parse()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        main(arguments)
    except KeyboardInterrupt:
        print("interrupted; everything started was stopped", file=sys.stderr)

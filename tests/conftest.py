"""Test fixtures: real PostgreSQL, Redis and S3 (embedded, or external through env URLs).

Each test gets its own database cloned from a template that the real Alembic migrations built
once per session, an empty Redis database, and the shared test bucket.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient
from saq import Worker
from sqlalchemy.engine import make_url

from scene_api.config import Settings
from scene_api.db import migrate
from scene_api.lib.embedded import EmbeddedStack, free_port
from scene_api.runtime import Runtime
from scene_api.services import Services, provide_services
from scene_tasks.context import JobContext
from tests.servers import running_worker, serve

TEMPLATE_DB = "scene_test_template"


@pytest.fixture(scope="session")
def base_settings() -> Iterator[Settings]:
    """Settings pointing at the session's servers: external ones when SCENE_TEST_* URLs are set."""
    settings = Settings.from_env(
        {},
        env="test",
        database_url=os.environ.get("SCENE_TEST_DATABASE_URL", ""),
        redis_url=os.environ.get("SCENE_TEST_REDIS_URL", ""),
        s3_endpoint=os.environ.get("SCENE_TEST_S3_ENDPOINT", ""),
        s3_bucket="scene-test",
        public_url="http://testserver",
        seed_on_start=False,
    )
    # Not under pytest's tmp root: a second pytest run resets its permissions, which would take
    # the files away from this run's PostgreSQL (it runs as another user when we are root).
    state_dir = Path(
        os.environ.get("SCENE_TEST_STATE_DIR") or tempfile.mkdtemp(prefix="scene-test-services-")
    )
    stack = EmbeddedStack(state_dir, fast_unsafe=True)
    env = stack.start(
        database_url=settings.database_url,
        redis_url=settings.redis_url,
        s3_endpoint=settings.s3_endpoint,
        s3_keys=(settings.s3_access_key, settings.s3_secret_key),
    )
    try:
        yield replace(
            settings,
            database_url=env.get("SCENE_DATABASE_URL", settings.database_url),
            redis_url=env.get("SCENE_REDIS_URL", settings.redis_url),
            s3_endpoint=env.get("SCENE_S3_ENDPOINT", settings.s3_endpoint),
        )
    finally:
        stack.stop()
        if not os.environ.get("SCENE_TEST_STATE_DIR"):
            shutil.rmtree(state_dir, ignore_errors=True)


def _asyncpg_dsn(database_url: str, database: str | None = None) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
async def template_database(base_settings: Settings) -> str:
    """A database with every migration applied, cloned for each test."""
    admin = await asyncpg.connect(_asyncpg_dsn(base_settings.database_url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    finally:
        await admin.close()
    url = make_url(base_settings.database_url).set(database=TEMPLATE_DB).render_as_string(hide_password=False)
    await asyncio.to_thread(migrate.upgrade, url)
    return TEMPLATE_DB


@dataclass
class DatabaseClones:
    """Copies of the template made a step ahead of the tests that take them.

    A copy takes ~0.3 s of PostgreSQL's time; made while the test before runs (PostgreSQL works in its
    own processes), ~1,500 tests stop waiting for their own. Dropping goes the same way, behind the
    next test. `close` waits for both queues so the session ends with no database left behind."""

    admin_dsn: str
    template: str
    ahead: int = 2
    _ready: deque[asyncio.Task[str]] = field(default_factory=deque)
    _dropping: set[asyncio.Task[None]] = field(default_factory=set)

    async def _run(self, sql: str) -> None:
        admin = await asyncpg.connect(self.admin_dsn)
        try:
            await admin.execute(sql)
        finally:
            await admin.close()

    async def _clone(self) -> str:
        name = f"scene_test_{uuid.uuid4().hex[:12]}"
        await self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY')
        return name

    def _make_ahead(self) -> None:
        while len(self._ready) < self.ahead:
            self._ready.append(asyncio.ensure_future(self._clone()))

    async def take(self) -> str:
        self._make_ahead()
        name = await self._ready.popleft()
        self._make_ahead()
        return name

    def drop(self, name: str) -> None:
        task = asyncio.ensure_future(self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._dropping.add(task)
        task.add_done_callback(self._dropping.discard)

    async def close(self) -> None:
        for name in await asyncio.gather(*self._ready):
            self.drop(name)
        self._ready.clear()
        await asyncio.gather(*self._dropping)


@pytest.fixture(scope="session")
async def database_clones(base_settings: Settings, template_database: str) -> AsyncIterator[DatabaseClones]:
    clones = DatabaseClones(_asyncpg_dsn(base_settings.database_url, "postgres"), template_database)
    try:
        yield clones
    finally:
        await clones.close()


@pytest.fixture
async def settings(base_settings: Settings, database_clones: DatabaseClones) -> AsyncIterator[Settings]:
    """Settings for one test: a fresh database cloned from the template, an empty Redis."""
    name = await database_clones.take()
    yield replace(
        base_settings,
        database_url=make_url(base_settings.database_url)
        .set(database=name)
        .render_as_string(hide_password=False),
    )
    database_clones.drop(name)


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    opened = await Runtime.open(settings)
    await opened.redis.flushdb()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def services(runtime: Runtime) -> AsyncIterator[Services]:
    """One unit of work for arranging and asserting; commit with `await services.session.commit()`."""
    async with provide_services(runtime) as unit:
        yield unit


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """The API over HTTP (its own runtime and event loop; do not share sessions with it)."""
    from scene_api.app import create_app

    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
async def worker(runtime: Runtime) -> AsyncIterator[Worker[JobContext]]:
    """A real SAQ worker on the test Redis, started before anything is enqueued (see STACK-NOTES)."""
    async with running_worker(runtime) as running:
        yield running


@pytest.fixture
async def live_api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The API served by uvicorn on a real port, for tests that need truly concurrent requests
    (the in-process test client handles one request at a time)."""
    from scene_api.app import create_app

    async with (
        serve(create_app(settings), free_port()) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=60) as http,
    ):
        yield http

"""Database test fixtures: a session bound to the factories, and an empty database for migrations."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.config import Settings
from scene_api.runtime import Runtime
from tests.factories import SceneFactory, SessionPersistence


@pytest.fixture
async def db(runtime: Runtime) -> AsyncIterator[AsyncSession]:
    """A session for arranging and checking rows; `SomeFactory.create_async()` commits through it."""
    async with runtime.session_factory() as session:
        # polyfactory declares this class setting as an instance attribute, which mypy finds ambiguous
        SceneFactory.__async_persistence__ = SessionPersistence(session)  # type: ignore[misc]
        try:
            yield session
        finally:
            SceneFactory.__async_persistence__ = None  # type: ignore[misc]


@pytest.fixture
async def empty_database_url(base_settings: Settings) -> AsyncIterator[str]:
    """A database with nothing in it, not even the migrations; dropped after the test."""
    server = make_url(base_settings.database_url)
    name = f"scene_test_empty_{uuid.uuid4().hex[:12]}"
    admin_dsn = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

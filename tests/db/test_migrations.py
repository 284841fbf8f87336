"""The migrations build, tear down and rebuild the schema, and agree with the models."""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from scene_api.config import Settings
from scene_api.db import (
    migrate,
    models,  # noqa: F401  (registers every table on the metadata)
)
from scene_api.db.base import metadata

VERSION_TABLE = "alembic_version"


async def run_sync(database_url: str, check: Any) -> Any:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(check)
    finally:
        await engine.dispose()


def schema_contents(connection: sa.Connection) -> tuple[set[str], set[str]]:
    tables = set(sa.inspect(connection).get_table_names())
    extensions = set(connection.scalars(sa.text("SELECT extname FROM pg_extension")))
    return tables, extensions


async def test_upgrade_downgrade_and_upgrade_again(empty_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_database_url)
    tables, extensions = await run_sync(empty_database_url, schema_contents)
    assert tables == {*metadata.tables, VERSION_TABLE}
    assert {"btree_gist", "citext"} <= extensions

    await asyncio.to_thread(migrate.downgrade, empty_database_url)
    tables, extensions = await run_sync(empty_database_url, schema_contents)
    assert tables == {VERSION_TABLE}, "alembic keeps its (now empty) version table, nothing else"
    assert extensions == {"plpgsql"}

    await asyncio.to_thread(migrate.upgrade, empty_database_url)
    tables, _ = await run_sync(empty_database_url, schema_contents)
    assert tables == {*metadata.tables, VERSION_TABLE}


def model_differences(connection: sa.Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_name": lambda name, type_, _parents: not (type_ == "table" and name == VERSION_TABLE),
        },
    )
    return list(compare_metadata(context, metadata))


async def test_models_and_migrations_agree(settings: Settings) -> None:
    """Each test database is a copy of the template the migrations built."""
    differences = await run_sync(settings.database_url, model_differences)

    assert differences == []

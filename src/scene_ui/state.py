"""The one Runtime this UI process holds, and the unit of work pages take their services from."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import app
from sqlalchemy.exc import DBAPIError

from scene_api.config import Settings
from scene_api.lib.errors import not_storable, refused_by_database
from scene_api.runtime import Runtime
from scene_api.services import Services, provide_services

log = logging.getLogger(__name__)


class _Opening:
    """NiceGUI runs async startup handlers as background tasks, so a request can arrive before the
    Runtime is open: everyone awaits the same opening task instead of assuming it finished."""

    task: asyncio.Task[Runtime] | None = None


def open_runtime(settings: Settings) -> None:
    """Start opening the Runtime (an `app.on_startup` handler); stop the app if that fails."""
    _Opening.task = asyncio.create_task(Runtime.open(settings), name="open scene runtime")
    _Opening.task.add_done_callback(_stop_if_failed)


async def close_runtime() -> None:
    task, _Opening.task = _Opening.task, None
    if task is not None and task.done() and task.exception() is None:
        await task.result().close()


async def runtime() -> Runtime:
    """The process's Runtime, once it is open."""
    if _Opening.task is None:
        raise RuntimeError("the UI runtime is not open: scene_ui.app.run opens it at startup")
    return await asyncio.shield(_Opening.task)


@asynccontextmanager
async def page_services() -> AsyncIterator[Services]:
    """`async with page_services() as services:` one unit of work for a page action. A value the database
    refuses (a NUL that reached a query) becomes a refusal the page shows like any other."""
    try:
        async with provide_services(await runtime()) as services:
            yield services
    except DBAPIError as error:
        if not refused_by_database(error):
            raise
        raise not_storable() from error


def _stop_if_failed(task: asyncio.Task[Runtime]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("could not open the runtime (database, Redis, S3): %s", error)
        app.shutdown()

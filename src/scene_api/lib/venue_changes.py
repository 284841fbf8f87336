"""Live news that a venue's calendar changed: one LISTEN connection per process, fanned out by venue.

A database trigger (migration 0003) sends `NOTIFY venue_calendar, '<venue id>'` for every change
to a booking, blocked period or court, and PostgreSQL delivers it only once the transaction
commits. Whoever wrote the change (API, UI, worker) needs no code for it, and every process
listening (each UI replica) hears it. Subscribers get a plain call and fetch what they need
through the services themselves; after a reconnect every subscriber is called, since news may
have been missed while the connection was down. `listening` is set while news can arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL = "venue_calendar"
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)
"""Waits between reconnection attempts; the last one repeats."""

Listener = Callable[[], None]


def asyncpg_dsn(database_url: str) -> str:
    """`postgresql+asyncpg://...` (SQLAlchemy's form) as the plain DSN asyncpg connects with."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class VenueChanges:
    """`unsubscribe = changes.subscribe(venue_id, listener)`; the connection opens with the first one."""

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.listeners: dict[UUID, set[Listener]] = defaultdict(set)
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def subscribe(self, venue_id: UUID, listener: Listener) -> Callable[[], None]:
        self.listeners[venue_id].add(listener)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen(), name="listen for venue calendar changes")

        def unsubscribe() -> None:
            self.listeners[venue_id].discard(listener)
            if not self.listeners[venue_id]:
                self.listeners.pop(venue_id, None)

        return unsubscribe

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.listeners.clear()

    async def _listen(self) -> None:
        failures = 0
        connected_before = False
        while True:
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as error:
                wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                log.warning("cannot listen for venue changes (%s); retrying in %ss", error, wait)
                failures += 1
                await asyncio.sleep(wait)
                continue
            try:
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._deliver)
                failures = 0
                self.listening.set()
                if connected_before:
                    self._tell_everyone()
                connected_before = True
                await lost.wait()
                log.warning("lost the venue changes connection; reconnecting")
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            venue_id = UUID(payload)
        except ValueError:
            log.warning("ignoring a venue change for %r", payload)
            return
        for listener in list(self.listeners.get(venue_id, ())):
            self._call(listener)

    def _tell_everyone(self) -> None:
        for listeners in list(self.listeners.values()):
            for listener in list(listeners):
                self._call(listener)

    @staticmethod
    def _call(listener: Listener) -> None:
        try:
            listener()
        except Exception:
            log.exception("a venue change listener failed")

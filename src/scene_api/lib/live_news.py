"""Live news of committed changes: one LISTEN connection per process, fanned out by channel and key.

Database triggers send `NOTIFY <channel>, '<id>'` when rows change (migration 0003: a venue's
calendar; 0015: a member's notifications, an activity, an event), and PostgreSQL delivers them
only once the transaction commits. Whoever wrote the change (API, UI, worker) needs no code for it,
and every process listening (each UI replica) hears it. Subscribers get a plain call and fetch what
they need through the services themselves; after a reconnect every subscriber is called, since news
may have been missed while the connection was down. `listening` is set while news can arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

VENUE_CALENDAR = "venue_calendar"
"""A booking, blocked period or court of the venue changed."""
MEMBER_NEWS = "member_news"
"""A notification of the member was added, read or removed."""
ACTIVITY_NEWS = "activity_news"
"""The activity or one of its join requests changed (decisions, waitlist, seats, shares paid)."""
EVENT_NEWS = "event_news"
"""The event, a tier, an order, a join request or a waitlist entry of it changed."""
CHANNELS = (VENUE_CALENDAR, MEMBER_NEWS, ACTIVITY_NEWS, EVENT_NEWS)

RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)
"""Waits between reconnection attempts; the last one repeats."""

Listener = Callable[[], None]


class Topic(NamedTuple):
    """What a subscriber follows: a channel and the id its payloads carry."""

    channel: str
    key: UUID


def asyncpg_dsn(database_url: str) -> str:
    """`postgresql+asyncpg://...` (SQLAlchemy's form) as the plain DSN asyncpg connects with."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class LiveNews:
    """`unsubscribe = news.subscribe(Topic(ACTIVITY_NEWS, id), listener)`; the connection opens with
    the first subscriber and listens on every channel."""

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.listeners: dict[Topic, set[Listener]] = defaultdict(set)
        self.listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def subscribe(self, topic: Topic, listener: Listener) -> Callable[[], None]:
        self.listeners[topic].add(listener)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen(), name="listen for live news")

        def unsubscribe() -> None:
            self.listeners[topic].discard(listener)
            if not self.listeners[topic]:
                self.listeners.pop(topic, None)

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
                log.warning("cannot listen for live news (%s); retrying in %ss", error, wait)
                failures += 1
                await asyncio.sleep(wait)
                continue
            try:
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                for channel in CHANNELS:
                    await connection.add_listener(channel, self._deliver)
                failures = 0
                self.listening.set()
                if connected_before:
                    self._tell_everyone()
                connected_before = True
                await lost.wait()
                log.warning("lost the live news connection; reconnecting")
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)

    def _deliver(self, _connection: Any, _pid: int, channel: str, payload: str) -> None:
        try:
            topic = Topic(channel, UUID(payload))
        except ValueError:
            log.warning("ignoring news on %s for %r", channel, payload)
            return
        for listener in list(self.listeners.get(topic, ())):
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
            log.exception("a live news listener failed")

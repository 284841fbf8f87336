"""Live pages: the UI process's one listener for database news, and pages following it.

A page calls `await follow(topics, reload)` (or `watch` where it cannot await, e.g. the frame's
bell): whenever one of the topics changes (committed by anyone, in any process), `reload` runs in
the page's client context and pushes the new state to the browser. Bursts of news cause one reload;
a page that goes away is unsubscribed.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from functools import cached_property
from uuid import UUID

from nicegui import Client, background_tasks, ui

from scene_api.lib.live_news import ACTIVITY_NEWS, EVENT_NEWS, MEMBER_NEWS, VENUE_CALENDAR, LiveNews, Topic
from scene_ui import state

DEBOUNCE_SECONDS = 0.25
"""News arriving within this time of the first causes one reload (a payment confirms and pays at once)."""

Reload = Callable[[], Awaitable[None]]


def venue(venue_id: UUID) -> Topic:
    """A booking, blocked period or court of the venue."""
    return Topic(VENUE_CALENDAR, venue_id)


def member(user_id: UUID) -> Topic:
    """The member's notifications (added or read)."""
    return Topic(MEMBER_NEWS, user_id)


def activity(activity_id: UUID) -> Topic:
    """The activity, its seats and its join requests (decisions, waitlist, shares paid)."""
    return Topic(ACTIVITY_NEWS, activity_id)


def event(event_id: UUID) -> Topic:
    """The event, its tiers (seats left), orders (paid), join requests and waitlist (offers)."""
    return Topic(EVENT_NEWS, event_id)


class _Listener:
    instance: LiveNews | None = None


async def live_news() -> LiveNews:
    """The process's listener (its database connection opens with the first subscriber)."""
    if _Listener.instance is None:
        _Listener.instance = LiveNews((await state.runtime()).settings.database_url)
    return _Listener.instance


async def close() -> None:
    """An `app.on_shutdown` handler: stop listening."""
    listener, _Listener.instance = _Listener.instance, None
    if listener is not None:
        await listener.close()


async def follow(topics: Iterable[Topic], reload: Reload) -> LiveNews:
    """Run `reload` in this page's client whenever one of the topics changes, until the page goes away."""
    return await _follow(ui.context.client, list(topics), reload)


def watch(topics: Iterable[Topic], reload: Reload) -> None:
    """`follow` for code that cannot await (the subscription is made right after)."""
    background_tasks.create(_follow(ui.context.client, list(topics), reload), name="follow live news")


async def _follow(client: Client, topics: list[Topic], reload: Reload) -> LiveNews:
    news = await live_news()
    pending = False

    async def run() -> None:
        nonlocal pending
        await asyncio.sleep(DEBOUNCE_SECONDS)
        pending = False
        if client.is_deleted:
            return
        with client:
            await reload()

    def changed() -> None:
        nonlocal pending
        if pending or client.is_deleted:
            return
        pending = True
        background_tasks.create(run(), name="reload a page after live news")

    if client.is_deleted:
        return news
    stops = [news.subscribe(topic, changed) for topic in topics]

    def stop() -> None:
        for unsubscribe in stops:
            unsubscribe()

    client.on_delete(stop)
    return news


class LiveView(ABC):
    """A page's part that reads again what it shows: after the member's own action (always redrawn)
    and on live news (redrawn only when what it shows changed).

    One reread at a time: news that lands while an action's reread runs then compares with what that
    reread drew, instead of redrawing the page a second time under the member's finger. While `busy`
    (an action under way, its button spinning) news does not redraw; the action's own reload will."""

    busy: bool = False

    @abstractmethod
    async def reread(self) -> bool:
        """Read what the page shows again; False when that failed (and the member was told)."""

    @abstractmethod
    def shown(self) -> object:
        """What the page is drawn from, compared before and after news."""

    @abstractmethod
    def redraw(self) -> None: ...

    @cached_property
    def _one_reread(self) -> asyncio.Lock:
        return asyncio.Lock()

    async def reload(self) -> None:
        async with self._one_reread:
            read = await self.reread()
        if read:
            self.redraw()

    async def reload_if_changed(self) -> None:
        async with self._one_reread:
            before = self.shown()
            changed = await self.reread() and self.shown() != before
        if changed and not self.busy:
            self.redraw()

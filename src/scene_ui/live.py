"""Live owner pages: the UI process's one listener for venue calendar news, and pages following it.

A page calls `await follow(venue_ids, reload)`: whenever a booking, blocked period or court of
those venues changes (committed by anyone, in any process), `reload` runs in the page's client
context and pushes the new state to the browser. Bursts of news cause one reload.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from uuid import UUID

from nicegui import background_tasks, ui

from scene_api.lib.venue_changes import VenueChanges
from scene_ui import state

DEBOUNCE_SECONDS = 0.25
"""News arriving within this time of the first causes one reload (a payment confirms and pays at once)."""

Reload = Callable[[], Awaitable[None]]


class _Listener:
    instance: VenueChanges | None = None


async def venue_changes() -> VenueChanges:
    """The process's listener (its database connection opens with the first subscriber)."""
    if _Listener.instance is None:
        _Listener.instance = VenueChanges((await state.runtime()).settings.database_url)
    return _Listener.instance


async def close() -> None:
    """An `app.on_shutdown` handler: stop listening."""
    listener, _Listener.instance = _Listener.instance, None
    if listener is not None:
        await listener.close()


async def follow(venue_ids: Iterable[UUID], reload: Reload) -> VenueChanges:
    """Run `reload` in this page's client whenever one of the venues changes, until the page goes away."""
    client = ui.context.client
    changes = await venue_changes()
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
        background_tasks.create(run(), name="reload an owner page after venue news")

    stops = [changes.subscribe(venue_id, changed) for venue_id in venue_ids]

    def stop() -> None:
        for unsubscribe in stops:
            unsubscribe()

    client.on_delete(stop)
    return changes

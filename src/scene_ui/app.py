"""NiceGUI setup: theme, one Runtime for the process, the /media route and the pages."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import HTTPException, Response
from nicegui import app, ui
from starlette.types import Message, Receive, Scope, Send

from scene_api.config import Settings
from scene_api.lib.media import MEDIA_PREFIX, stored_key
from scene_ui import connection, drafts, feedback, public, pwa, state, static_files, theme
from scene_ui.compression import CompressionMiddleware
from scene_ui.document import DocumentMiddleware
from scene_ui.http_middleware import HttpMiddleware
from scene_ui.pages import (
    activity,
    admin,
    booking,
    circles,
    create,
    create_event,
    errors,
    event,
    explore,
    home,
    inbox,
    my_bookings,
    notification_settings,
    notifications,
    order,
    owner,
    owner_calendar,
    owner_venue,
    payment,
    profile,
    profile_edit,
    series,
    signin,
    tickets,
    venue,
)
from scene_ui.security import SecurityMiddleware

APP_TITLE = "Scene"
MEDIA_CACHE_CONTROL = "public, max-age=86400"
STATIC = Path(__file__).with_name("static")
"""Files served as they are under /static (the link-preview image)."""
PAGES = (
    home,
    signin,
    profile_edit,
    activity,
    create,
    explore,
    inbox,
    profile,
    notifications,
    notification_settings,
    circles,
    errors,
)
BOOKING_PAGES = (
    venue,
    booking,
    series,
    payment,
    my_bookings,
    event,
    order,
    tickets,
    create_event,
)
"""Booking courts and going to events: venues, bookings, payments coming back, events, orders, tickets,
and hosting an event."""
STAFF_PAGES = (owner, owner_venue, owner_calendar, admin)
"""The venue desk and the ops page: for venue owners and admins."""


def run(settings: Settings) -> None:
    """Serve the member UI on `settings.host:settings.ui_port` until stopped."""
    settings.check_production_ready()
    theme.apply()
    app.add_middleware(ReleasedAfterResponse)  # innermost: what the page's request keeps
    app.add_middleware(DocumentMiddleware)  # it reads the page before compression
    app.add_middleware(SecurityMiddleware, settings=settings)
    app.add_middleware(CompressionMiddleware)
    app.on_startup(partial(state.open_runtime, settings))
    app.on_shutdown(state.close_runtime)
    app.add_api_route(f"{MEDIA_PREFIX}{{key:path}}", media, methods=["GET"], include_in_schema=False)
    static_files.serve("/static", STATIC)
    pwa.create()
    connection.create()
    drafts.create()
    feedback.create()
    public.create()
    for page in (*PAGES, *BOOKING_PAGES, *STAFF_PAGES):
        page.create()
    ui.run(
        host=settings.host,
        port=settings.ui_port,
        title=APP_TITLE,
        viewport=theme.VIEWPORT,
        favicon=theme.FAVICON,
        dark=True,
        tailwind=False,  # compiled ahead of time into static/app.css (scene_ui.stylesheet)
        reload=False,
        show=False,
        show_welcome_message=False,
        reconnect_timeout=connection.RECONNECT_WINDOW,
        gzip_middleware_factory=None,  # CompressionMiddleware: brotli, or gzip
        storage_secret=settings.storage_secret,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


class ReleasedAfterResponse(HttpMiddleware):
    """Hands the app a `send` and `receive` that let go of the server's once the response is complete.

    NiceGUI keeps a page's request (and so its `send` and `receive`) for as long as the member stays
    connected; through them it kept each middleware's state for that response (a brotli encoder, the page's
    HTML) and the server's state of the HTTP request (issue 19, item 5: bench/RESULTS.md section 8)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        relay = _Relay(receive, send)
        await self.app(scope, relay.receive, relay.send)


class _Relay:
    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive: Receive | None = receive
        self._send: Send | None = send

    async def receive(self) -> Message:
        if self._receive is None:  # the response is complete: the request is over
            return {"type": "http.disconnect"}
        return await self._receive()

    async def send(self, message: Message) -> None:
        if self._send is None:
            raise RuntimeError("the response is already complete")
        await self._send(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self._receive = self._send = None


async def media(key: str) -> Response:
    """A stored file (avatar, photo) from the bucket; the same URLs the API serves."""
    stored_as = stored_key(key)
    stored = await (await state.runtime()).storage.get(stored_as) if stored_as else None
    if stored is None:
        raise HTTPException(status_code=404, detail="No such file.")
    return Response(
        stored.body,
        media_type=stored.content_type,
        headers={"Cache-Control": MEDIA_CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
    )

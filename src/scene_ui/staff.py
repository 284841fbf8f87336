"""Pages for venue owners and the Scene team: members who land on them see a polite dead end.

This only decides what a page shows. What anyone may do is checked by the services the pages
call (an owner's venues, admin-only methods), whatever the page shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, ParamSpec

from scene_ui import session
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame

DESK_TITLE = "Venue desk"
DESK_CLOSED_TITLE = "For venue owners"
DESK_CLOSED_MESSAGE = "Venues run their courts and bookings here. Ask the Scene team to list yours."
OPS_TITLE = "Ops"
OPS_CLOSED_TITLE = "For the Scene team"
OPS_CLOSED_MESSAGE = "This page is for the people who run Scene."

P = ParamSpec("P")


def venue_runners_only(page: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
    """Signed-in venue owners and admins see the page; other members a dead end, visitors /welcome."""

    @wraps(page)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> Any:
        member = await session.current_member()
        if member is not None and not member.runs_venues:
            _closed(member, DESK_TITLE, "storefront", DESK_CLOSED_TITLE, DESK_CLOSED_MESSAGE)
            return None
        return await page(*args, **kwargs)

    return session.members_only(guarded)


def admins_only(page: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
    """Signed-in admins see the page; other members a dead end, visitors /welcome."""

    @wraps(page)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> Any:
        member = await session.current_member()
        if member is not None and not member.is_admin:
            _closed(member, OPS_TITLE, "admin_panel_settings", OPS_CLOSED_TITLE, OPS_CLOSED_MESSAGE)
            return None
        return await page(*args, **kwargs)

    return session.members_only(guarded)


def _closed(member: session.Member, title: str, icon: str, heading: str, message: str) -> None:
    with frame(title, member=member, back="/"):
        empty_state(icon, heading, message).mark("not-for-you")

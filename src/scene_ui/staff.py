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
from scene_ui.i18n import texts

tx = texts("staff")
frame_tx = texts("frame")

P = ParamSpec("P")


def venue_runners_only(page: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
    """Signed-in venue owners and admins see the page; other members a dead end, visitors /welcome."""
    return _only(page, lambda member: member.runs_venues, _desk_closed)


def admins_only(page: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
    """Signed-in admins see the page; other members a dead end, visitors /welcome."""
    return _only(page, lambda member: member.is_admin, _ops_closed)


def _only(
    page: Callable[P, Awaitable[Any]],
    allowed: Callable[[session.Member], bool],
    dead_end: Callable[[session.Member], None],
) -> Callable[P, Awaitable[Any]]:
    """The page for signed-in members who are `allowed`; other members get `dead_end` (drawn when they
    ask, in their language), visitors /welcome."""

    @wraps(page)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> Any:
        member = await session.current_member()
        if member is not None and not allowed(member):
            dead_end(member)
            return None
        return await page(*args, **kwargs)

    return session.members_only(guarded)


def _desk_closed(member: session.Member) -> None:
    _closed(member, frame_tx.venue_desk, "storefront", tx.desk_closed_title, tx.desk_closed_message)


def _ops_closed(member: session.Member) -> None:
    _closed(member, frame_tx.ops, "admin_panel_settings", tx.ops_closed_title, tx.ops_closed_message)


def _closed(member: session.Member, title: str, icon: str, heading: str, message: str) -> None:
    with frame(title, member=member, back="/"):
        empty_state(icon, heading, message, is_page_heading=True).mark("not-for-you")

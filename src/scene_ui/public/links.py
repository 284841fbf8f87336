"""What the three share links have in common: a browser holding a sign-in goes on to the app's page for
the thing (which checks the sign-in, refreshes it, and shows what that member may see, circle-only
things too); anyone else gets the public preview, or a 404 when the link finds nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import quote

from fastapi.responses import RedirectResponse

from scene_api.lib.errors import InvalidInput, NotFound
from scene_api.services import Services
from scene_ui import session, state

Found = TypeVar("Found")


def member_redirect(app_path: str, slug: str) -> RedirectResponse | None:
    """`303` to `app_path/slug` when this browser holds a sign-in; a cheap look, no database."""
    if not session.has_tokens():
        return None
    return RedirectResponse(f"{app_path}/{quote(slug, safe='')}", status_code=303)


async def find(load: Callable[[Services], Awaitable[Found]]) -> Found | None:
    """The public view, or None for an unknown link (one the database cannot even look up, with a NUL,
    finds nothing too)."""
    try:
        async with state.page_services() as services:
            return await load(services)
    except (NotFound, InvalidInput):
        return None


async def public_url() -> str:
    """This site's address as link previews need it (absolute)."""
    return (await state.runtime()).settings.public_url.rstrip("/")

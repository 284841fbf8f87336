"""Who is signed in on this browser: tokens kept in `app.storage.user`, refreshed when they expire.

Pages never trust the stored tokens on their own: every action opens a unit of work with
`member_services()`, which checks the access token through `services.auth.authenticate` in that
same unit of work (so the member it hands out is attached to the session the services share),
and rotates the refresh token through `services.auth.refresh` when the access token has expired.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec
from urllib.parse import quote
from uuid import UUID

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.domain.auth.services import Principal
from scene_api.domain.venues.runners import may_run_venues
from scene_api.lib.errors import NotAuthenticated, PermissionDenied
from scene_api.lib.media import media_url
from scene_api.services import Services
from scene_ui import i18n
from scene_ui.state import page_services

ACCESS_TOKEN = "access_token"  # noqa: S105  (a storage key, not a secret)
REFRESH_TOKEN = "refresh_token"  # noqa: S105  (a storage key, not a secret)
WELCOME = "/welcome"
SETUP = "/setup"

P = ParamSpec("P")


class NotSignedIn(NotAuthenticated):
    """Nobody is signed in on this browser, or their sign-in ended (logged out, expired, suspended)."""

    def __init__(self) -> None:
        super().__init__(i18n.lookup("session", "signed_out"), code="not_signed_in")


@dataclass(frozen=True)
class Member:
    """What the frame and pages show about the signed-in member; a snapshot, not a database row."""

    id: UUID
    handle: str
    name: str
    city: m.City | None
    avatar_url: str | None
    unread: int
    role: m.UserRole = m.UserRole.MEMBER
    locale: str = i18n.DEFAULT
    """`en` or `ur`: the language every page speaks to this member."""

    @property
    def profile_complete(self) -> bool:
        return bool(self.name)

    @property
    def runs_venues(self) -> bool:
        """Venue owners and admins get the venue desk (the services decide what they may do there)."""
        return may_run_venues(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == m.UserRole.ADMIN


def remember(session: auth_s.Session) -> None:
    """Keep a fresh sign-in (from verify_otp or refresh) for this browser: every tab shares it."""
    app.storage.user[ACCESS_TOKEN] = session.access_token
    app.storage.user[REFRESH_TOKEN] = session.refresh_token


def forget() -> None:
    app.storage.user.pop(ACCESS_TOKEN, None)
    app.storage.user.pop(REFRESH_TOKEN, None)


def has_tokens() -> bool:
    """A cheap look without the database: does this browser hold a sign-in at all?"""
    return bool(app.storage.user.get(ACCESS_TOKEN))


@asynccontextmanager
async def member_services() -> AsyncIterator[tuple[Services, Principal]]:
    """`async with member_services() as (services, me):` one unit of work acting as the signed-in member.

    Raises `NotSignedIn` when there is no live sign-in (the stored tokens are then forgotten)."""
    if not has_tokens():
        raise NotSignedIn
    expired = False
    async with page_services() as services:
        try:
            principal = await services.auth.authenticate(app.storage.user[ACCESS_TOKEN])
        except NotAuthenticated as error:
            if error.code != "token_expired":
                forget()
                raise NotSignedIn from error
            expired = True
        except PermissionDenied as error:
            forget()
            raise NotSignedIn from error
        if not expired:
            yield services, principal
    if not expired:
        return
    await _refresh()
    async with page_services() as services:
        try:
            principal = await services.auth.authenticate(app.storage.user[ACCESS_TOKEN])
        except (NotAuthenticated, PermissionDenied) as error:
            forget()
            raise NotSignedIn from error
        yield services, principal


_refreshing: dict[str, asyncio.Lock] = {}
"""One refresh at a time per refresh token: two tabs refreshing the same token at once would look
like token reuse to the service, which then (rightly) ends every session of that sign-in."""


async def _refresh() -> None:
    token = app.storage.user.get(REFRESH_TOKEN)
    if not token:
        forget()
        raise NotSignedIn
    lock = _refreshing.setdefault(token, asyncio.Lock())
    async with lock:
        if app.storage.user.get(REFRESH_TOKEN) != token:
            return  # another task of this browser already rotated it
        try:
            async with page_services() as services:
                fresh = await services.auth.refresh(
                    auth_s.RefreshRequest(refresh_token=token), user_agent=user_agent()
                )
        except (NotAuthenticated, PermissionDenied) as error:
            forget()
            raise NotSignedIn from error
        finally:
            _refreshing.pop(token, None)
        remember(fresh)


async def current_member() -> Member | None:
    """The signed-in member with their unread count, or None; cached for the page being built."""
    cached = app.storage.client.get("member")
    if isinstance(cached, Member):
        i18n.use(cached.locale)
        return cached
    try:
        async with member_services() as (services, me):
            unread = await services.notifications.unread_count(me.user)
            member = Member(
                id=me.user.id,
                handle=me.user.handle,
                name=me.user.name,
                city=me.user.city,
                avatar_url=media_url(me.user.avatar_key),
                unread=unread.unread,
                role=me.user.role,
                locale=me.user.locale,
            )
    except NotSignedIn:
        return None
    app.storage.client["member"] = member
    i18n.use(member.locale)
    if app.storage.user.get(i18n.CHOICE_KEY) != member.locale:
        choose_language(member.locale)  # what this browser speaks where no member is at hand (error pages)
    return member


def choose_language(language: str) -> None:
    """Remember a language on this browser too, so the welcome and sign-in pages speak it after logout."""
    if i18n.valid(language):
        app.storage.user[i18n.CHOICE_KEY] = language


def members_only(
    page: Callable[P, Awaitable[Any]], *, needs_profile: bool = True
) -> Callable[P, Awaitable[Any]]:
    """Page decorator: visitors go to /welcome (and come back after signing in); members who have not
    filled in their first profile go to /setup."""

    @wraps(page)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> Any:
        member = await current_member()
        if member is None:
            return RedirectResponse(f"{WELCOME}?next={quote(current_path(), safe='/')}", status_code=303)
        if needs_profile and not member.profile_complete:
            return RedirectResponse(SETUP, status_code=303)
        return await page(*args, **kwargs)

    return guarded


def current_path() -> str:
    request = ui.context.client.request
    return request.url.path if request is not None else "/"


def client_ip() -> str:
    request = ui.context.client.request
    return request.client.host if request is not None and request.client else "unknown"


def user_agent() -> str:
    request = ui.context.client.request
    return request.headers.get("user-agent", "") if request is not None else ""


def safe_next(target: str | None) -> str:
    """Only paths on this site: a `next` that points elsewhere would make us an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"

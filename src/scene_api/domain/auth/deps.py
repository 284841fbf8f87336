"""Request dependencies: who is calling, read from the `Authorization: Bearer <access token>` header."""

from __future__ import annotations

from litestar import Request

from scene_api.db import models as m
from scene_api.domain.auth.services import Principal
from scene_api.i18n import Message
from scene_api.lib.errors import NotAuthenticated
from scene_api.services import Services


def bearer_token(request: Request) -> str | None:  # type: ignore[type-arg]
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def provide_principal(request: Request, services: Services) -> Principal:  # type: ignore[type-arg]
    token = bearer_token(request)
    if token is None:
        raise NotAuthenticated(Message("errors_auth.sign_in_first"))
    return await services.auth.authenticate(token)


async def provide_actor(principal: Principal) -> m.User:
    return principal.user


async def provide_optional_actor(request: Request, services: Services) -> m.User | None:  # type: ignore[type-arg]
    """The member if a token was sent, else None (public endpoints). A bad token is still a 401."""
    token = bearer_token(request)
    return None if token is None else (await services.auth.authenticate(token)).user


def client_ip(request: Request) -> str:  # type: ignore[type-arg]
    return request.client.host if request.client else "unknown"

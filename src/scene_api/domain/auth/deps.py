"""Request dependencies: who is calling, read from the `Authorization: Bearer <access token>` header."""

from __future__ import annotations

from litestar import Request

from scene_api.db import models as m
from scene_api.domain.auth.roles import PRINCIPAL_STATE, bearer_token, required_token
from scene_api.domain.auth.services import Principal
from scene_api.services import Services


async def provide_principal(request: Request, services: Services) -> Principal:  # type: ignore[type-arg]
    """The caller; on a route with a role guard, the one the guard authenticated (`roles.py`), taken
    into this request's unit of work without reading the token or the database again."""
    checked: Principal | None = request.state.get(PRINCIPAL_STATE)
    if checked is None:
        return await services.auth.authenticate(required_token(request))
    return Principal(user=await services.session.merge(checked.user, load=False), family_id=checked.family_id)


async def provide_actor(principal: Principal) -> m.User:
    return principal.user


async def provide_optional_actor(request: Request, services: Services) -> m.User | None:  # type: ignore[type-arg]
    """The member if a token was sent, else None (public endpoints). A bad token is still a 401."""
    token = bearer_token(request)
    return None if token is None else (await services.auth.authenticate(token)).user


def client_ip(request: Request) -> str:  # type: ignore[type-arg]
    return request.client.host if request.client else "unknown"

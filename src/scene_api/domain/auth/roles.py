"""Roles: who is an admin, and the route guards that say which role a route needs.

A role guard is the first line: it refuses a caller without the role before the handler runs, and
the route's OpenAPI operation names the role (`security: [{"bearer": ["admin"]}]`: for a bearer
scheme OpenAPI 3.1 reads the list as the roles the operation needs). The services still check the
rows behind it (THIS venue, THIS event), and the admin services check the role again, because
pages and jobs call the services without passing a route.

A guard runs before the handler's dependencies, so it authenticates the request itself, in a short
unit of work of its own, and keeps the `Principal` on `connection.state`, where `provide_principal`
takes it: the token is read and checked once per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import SecurityRequirement, SecurityScheme

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.errors import DomainError, NotAuthenticated, PermissionDenied
from scene_api.services import provide_services

if TYPE_CHECKING:
    from scene_api.domain.auth.services import Principal

BEARER = "bearer"
"""The OpenAPI security scheme: the access token in `Authorization: Bearer <token>`."""
BEARER_SCHEME = SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
PRINCIPAL_STATE = "principal"
"""Where a guard leaves the authenticated caller for the request's dependencies."""
TEAM_ONLY = Message("errors_ops.team_only")
ADMINS = frozenset({m.UserRole.ADMIN})


def is_admin(member: m.User) -> bool:
    return member.role in ADMINS


def require_admin(actor: m.User) -> None:
    """The admin services' own check (pages call them without a route guard)."""
    if not is_admin(actor):
        raise PermissionDenied(TEAM_ONLY)


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def required_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    token = bearer_token(connection)
    if token is None:
        raise NotAuthenticated(Message("errors_auth.sign_in_first"))
    return token


async def guarded_principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The caller, authenticated once for this request (401 without a live sign-in, 403 suspended)."""
    principal: Principal | None = connection.state.get(PRINCIPAL_STATE)
    if principal is None:
        async with provide_services(connection.app.state.runtime) as services:
            principal = await services.auth.authenticate(required_token(connection))
        connection.state[PRINCIPAL_STATE] = principal
    return principal


@dataclass(frozen=True)
class RoleGuard:
    """A Litestar guard: the caller's role must be one of `holders`, else `refusal()` (the same answer
    the service behind the route gives such a caller, so the guard changes no status code)."""

    role: str
    """The role's name in the OpenAPI operation's security requirement."""
    holders: frozenset[m.UserRole]
    refusal: Callable[[], DomainError]

    async def __call__(self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if (await guarded_principal(connection)).user.role not in self.holders:
            raise self.refusal()

    @property
    def security(self) -> list[SecurityRequirement]:
        """For the route's `security=`: the operation in /docs/openapi.json names the role."""
        return [{BEARER: [self.role]}]


ADMIN = RoleGuard("admin", ADMINS, lambda: PermissionDenied(TEAM_ONLY))

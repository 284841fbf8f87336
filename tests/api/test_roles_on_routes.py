"""Roles on the route (issue 21, item 6): admin and venue-runner routes carry a Litestar guard, the
OpenAPI operation names the role a client needs, and the guard reads the caller's token once."""

from __future__ import annotations

from typing import Any

import pytest

from scene_api.db import models as m
from scene_api.domain.auth.roles import BEARER, RoleGuard
from scene_api.domain.auth.services import AuthService
from scene_api.lib.api_docs import DOCS_PATH
from tests.social import person
from tests.venues import open_venue, venue_owner

ROLES_EXPECTED = {
    ("GET", "/api/v1/admin/members"): ["admin"],
    ("POST", "/api/v1/invites/grant/{user_id}"): ["admin"],
    ("POST", "/api/v1/owner/venues"): ["venue_runner"],
    ("PUT", "/api/v1/owner/venues/{venue_id}/hours"): ["venue_runner"],
    ("POST", "/api/v1/owner/bookings/{booking_id}/mark-paid"): ["venue_runner"],
    ("GET", "/api/v1/owner/venues"): [],
    ("GET", "/api/v1/owner/agenda"): [],
    ("GET", "/api/v1/venues/{venue_id}"): [],
}
"""A few operations and the roles their OpenAPI operation must name (none: any member or visitor)."""


def operation_roles(operation: dict[str, Any]) -> list[str]:
    return sorted(
        role for requirement in operation.get("security", []) for role in requirement.get(BEARER, [])
    )


async def test_the_openapi_names_the_role_of_every_guarded_operation_and_only_those(client):
    schema = (await client.get(f"{DOCS_PATH}/openapi.json")).json()
    assert schema["components"]["securitySchemes"][BEARER] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    documented = {
        (method.upper(), path): operation_roles(operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    }
    assert {key: documented[key] for key in ROLES_EXPECTED} == ROLES_EXPECTED
    guarded = {
        (method, route.path_format): sorted(
            guard.role for guard in handler.resolve_guards() if isinstance(guard, RoleGuard)
        )
        for route in client.app.routes
        for handler in getattr(route, "route_handlers", [])
        for method in getattr(handler, "http_methods", ())
        if method not in {"HEAD", "OPTIONS"}
    }
    assert sum(1 for roles in guarded.values() if roles) >= 20, "the admin desk and venue desk are guarded"
    assert {key: roles for key, roles in guarded.items() if key in documented} == {
        key: documented[key] for key in guarded if key in documented
    }


async def test_a_guarded_request_reads_the_token_once(client, runtime, monkeypatch):
    admin = await person(runtime, 4, "admin", role=m.UserRole.ADMIN)
    owner = await venue_owner(runtime, 900, "court_owner")
    venue = await open_venue(client, owner)
    authenticate = AuthService.authenticate
    calls = []

    async def counted(self: AuthService, token: str) -> Any:
        calls.append(token)
        return await authenticate(self, token)

    monkeypatch.setattr(AuthService, "authenticate", counted)
    for who, path in [
        (admin, "/api/v1/admin/members"),
        (owner, f"/api/v1/owner/venues/{venue['id']}"),
        (admin, f"/api/v1/owner/venues/{venue['id']}"),
    ]:
        calls.clear()
        answer = await client.get(path, headers=who.headers)
        assert answer.status_code == 200, answer.text
        assert calls == [who.headers["Authorization"].removeprefix("Bearer ")]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/admin/members", 403, "account_suspended"),
        ("PUT", "/api/v1/owner/venues/{venue}/hours", 403, "account_suspended"),
    ],
)
async def test_a_suspended_runner_is_refused_by_the_guard_as_by_the_services(
    client, runtime, method, path, status, code
):
    admin = await person(runtime, 4, "admin", role=m.UserRole.ADMIN, status=m.UserStatus.SUSPENDED)
    answer = await client.request(
        method, path.format(venue="00000000-0000-7000-8000-000000000000"), headers=admin.headers
    )
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    without_token = await client.request(method, path.format(venue="00000000-0000-7000-8000-000000000000"))
    assert without_token.status_code == 401

"""No IDOR: a member who swaps in another member's ids can neither read nor change their private things.

The owner has a private and a public circle, an invite, a vouch, a block and a profile with a
phone number and a location. The intruder is a signed-in member in none of those: every request
they make with the owner's ids is refused (404 where even existence is private, 403 where the
thing is visible but not theirs), and afterwards everything the owner has is exactly as before.
Every route with an id, tried by every kind of caller, is in test_authorization_everywhere.py.
"""

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from tests.helpers import sign_in
from tests.social import Person, arrange, person, picture

MISSING = "00000000-0000-7000-8000-000000000000"

ATTEMPTS = [
    ("GET", "/api/v1/circles/{private}", None, 404),
    ("PATCH", "/api/v1/circles/{private}", {"name": "Mine now"}, 404),
    ("DELETE", "/api/v1/circles/{private}", None, 404),
    ("POST", "/api/v1/circles/{private}/members", {"user_id": "{intruder}"}, 404),
    ("POST", "/api/v1/circles/{private}/members", {"user_id": "{intruder}", "role": "admin"}, 404),
    ("DELETE", "/api/v1/circles/{private}/members/{friend}", None, 404),
    ("DELETE", "/api/v1/circles/{private}/members/{owner}", None, 404),
    ("POST", "/api/v1/circles/{private}/leave", None, 404),
    ("PATCH", "/api/v1/circles/{public}", {"is_private": True}, 403),
    ("DELETE", "/api/v1/circles/{public}", None, 403),
    ("POST", "/api/v1/circles/{public}/members", {"user_id": "{intruder}"}, 403),
    ("DELETE", "/api/v1/circles/{public}/members/{friend}", None, 403),
    ("DELETE", "/api/v1/circles/{public}/members/{owner}", None, 403),
    ("POST", "/api/v1/circles/{public}/leave", None, 404),
    ("POST", "/api/v1/invites/{invite}/revoke", None, 404),
    ("POST", "/api/v1/invites/grant/{intruder}", {"extra_invites": 5}, 403),
    ("DELETE", "/api/v1/vouches/{vouch}", None, 404),
    ("DELETE", "/api/v1/blocks/{blocked}", None, 404),
    ("PATCH", "/api/v1/users/{owner}", {"name": "Hacked"}, 405),
    ("PATCH", "/api/v1/me/profile", {"id": "{owner}", "name": "Hacked"}, 422),
    ("PATCH", "/api/v1/me/profile", {"role": "admin"}, 422),
    ("PATCH", "/api/v1/me/profile", {"invite_quota": 99}, 422),
    ("PUT", "/api/v1/users/{owner}/avatar", None, 404),
]


async def arrange_owner(client, runtime):
    owner = await person(runtime, 1234567, "owner", name="Owner", lat=31.52, lng=74.35, bio="Private life")
    friend = await person(runtime, 2, "friend", name="Friend")
    blocked = await person(runtime, 3, "blocked", name="Blocked")
    intruder = await person(runtime, 4, "intruder", name="Intruder")
    private = (
        await client.post(
            "/api/v1/circles", json={"name": "Secret", "is_private": True}, headers=owner.headers
        )
    ).json()
    public = (await client.post("/api/v1/circles", json={"name": "Open"}, headers=owner.headers)).json()
    for circle in (private, public):
        added = await client.post(
            f"/api/v1/circles/{circle['id']}/members", json={"user_id": str(friend.id)}, headers=owner.headers
        )
        assert added.status_code == 201
    invite = (
        await client.post("/api/v1/invites", json={"note": "for my sister"}, headers=owner.headers)
    ).json()
    vouch = (
        await client.post("/api/v1/vouches", json={"vouchee_id": str(friend.id)}, headers=owner.headers)
    ).json()
    await arrange(runtime, m.Block(blocker_id=owner.id, blocked_id=blocked.id))
    ids = {
        "owner": owner.id,
        "friend": friend.id,
        "intruder": intruder.id,
        "blocked": blocked.id,
        "private": private["id"],
        "public": public["id"],
        "invite": invite["id"],
        "vouch": vouch["id"],
    }
    return owner, intruder, ids


async def owners_world(client, owner: Person):
    """Everything the owner can see of their own things, to compare before and after."""
    world = {
        "profile": (await client.get("/api/v1/me/profile", headers=owner.headers)).json(),
        "circles": (await client.get("/api/v1/circles", headers=owner.headers)).json(),
        "invites": (await client.get("/api/v1/invites", headers=owner.headers)).json(),
        "blocks": (await client.get("/api/v1/blocks", headers=owner.headers)).json(),
        "vouches": (
            await client.get(f"/api/v1/users/{owner.id}/vouches?direction=given", headers=owner.headers)
        ).json(),
    }
    world["details"] = [
        (await client.get(f"/api/v1/circles/{c['id']}", headers=owner.headers)).json()
        for c in world["circles"]["items"]
    ]
    return world


def fill(template, ids):
    if isinstance(template, str):
        return template.format(**{key: str(value) for key, value in ids.items()})
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    return template


async def test_an_intruder_swapping_in_the_owners_ids_is_refused_and_changes_nothing(client, runtime):
    owner, intruder, ids = await arrange_owner(client, runtime)
    before = await owners_world(client, owner)
    assert len(before["circles"]["items"]) == 2

    for method, path, body, expected in ATTEMPTS:
        answer = await client.request(
            method,
            fill(path, ids),
            json=fill(body, ids) if body is not None else None,
            headers=intruder.headers,
        )
        assert answer.status_code == expected, (method, path, answer.status_code, answer.text)
        assert answer.json()["error"]["message"], (method, path)

    assert await owners_world(client, owner) == before
    async with runtime.session_factory() as session:
        stored = await session.get_one(m.User, intruder.id)
    assert (stored.role, stored.invite_quota) == (m.UserRole.MEMBER, runtime.settings.invite_quota)


async def test_an_intruder_reads_only_what_is_public_of_the_owner(client, runtime):
    owner, intruder, ids = await arrange_owner(client, runtime)
    profile = (await client.get(f"/api/v1/users/{owner.id}", headers=intruder.headers)).json()
    assert profile["phone"] == "+92 3** ***4567"
    assert (profile["lat"], profile["lng"], profile["is_me"]) == (None, None, False)
    for path in (f"/api/v1/users/{owner.id}", "/api/v1/users/by-handle/owner", "/api/v1/users?q=owner"):
        answer = await client.get(path, headers=intruder.headers)
        assert owner.phone not in answer.text
        assert "31.52" not in answer.text
    assert (await client.get("/api/v1/invites", headers=intruder.headers)).json() == []
    assert (await client.get("/api/v1/blocks", headers=intruder.headers)).json()["items"] == []
    assert (await client.get("/api/v1/circles", headers=intruder.headers)).json()["items"] == []
    own = (await client.get("/api/v1/me/profile", headers=intruder.headers)).json()
    assert own["id"] == str(intruder.id)
    public = (await client.get(f"/api/v1/circles/{ids['public']}", headers=intruder.headers)).json()
    assert public["my_role"] is None


async def test_an_intruder_cannot_end_the_owners_sessions(client, runtime):
    owner, intruder, _ = await arrange_owner(client, runtime)
    other_session = await sign_in(runtime, intruder.user)
    assert (await client.post("/api/v1/auth/logout", headers=intruder.headers)).status_code == 204
    assert (await client.post("/api/v1/auth/logout-all", headers=other_session)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=owner.headers)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=intruder.headers)).status_code == 401
    async with runtime.session_factory() as session:
        live = await session.scalar(
            sa.select(sa.func.count())
            .select_from(m.RefreshToken)
            .where(m.RefreshToken.user_id == owner.id, m.RefreshToken.revoked_at.is_(None))
        )
    assert live == 1


ENDPOINTS = [
    ("GET", "/api/v1/users"),
    ("GET", f"/api/v1/users/{MISSING}"),
    ("GET", "/api/v1/users/by-handle/owner"),
    ("GET", f"/api/v1/users/{MISSING}/vouches"),
    ("GET", "/api/v1/me/profile"),
    ("PATCH", "/api/v1/me/profile"),
    ("PUT", "/api/v1/me/avatar"),
    ("DELETE", "/api/v1/me/avatar"),
    ("POST", "/api/v1/vouches"),
    ("DELETE", f"/api/v1/vouches/{MISSING}"),
    ("GET", "/api/v1/circles"),
    ("POST", "/api/v1/circles"),
    ("GET", f"/api/v1/circles/{MISSING}"),
    ("PATCH", f"/api/v1/circles/{MISSING}"),
    ("DELETE", f"/api/v1/circles/{MISSING}"),
    ("POST", f"/api/v1/circles/{MISSING}/members"),
    ("DELETE", f"/api/v1/circles/{MISSING}/members/{MISSING}"),
    ("POST", f"/api/v1/circles/{MISSING}/leave"),
    ("GET", "/api/v1/blocks"),
    ("POST", "/api/v1/blocks"),
    ("DELETE", f"/api/v1/blocks/{MISSING}"),
    ("POST", "/api/v1/reports"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_every_endpoint_needs_a_signed_in_member(client, runtime, method, path):
    upload = method == "PUT" and path.endswith("/avatar")
    body = {"files": {"file": ("me.png", picture(), "image/png")}} if upload else {"json": {}}
    assert (await client.request(method, path, **body)).status_code == 401
    suspended = await person(runtime, 1, status=m.UserStatus.SUSPENDED)
    assert (await client.request(method, path, headers=suspended.headers, **body)).status_code == 403

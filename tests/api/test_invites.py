"""Invites: a quota per member, share links, revocation, admin grants with an audit row."""

import asyncio

import sqlalchemy as sa

from scene_api.db import models as m
from tests.helpers import create_member, sign_in


async def test_member_creates_invites_up_to_the_quota(client, runtime):
    member = await create_member(runtime, "+923001234567")
    headers = await sign_in(runtime, member)
    quota = runtime.settings.invite_quota
    for _ in range(quota):
        created = await client.post("/api/v1/invites", json={"note": "for Bilal"}, headers=headers)
        assert created.status_code == 201, created.text
        invite = created.json()
        assert invite["share_url"] == f"http://testserver/join/{invite['code']}"
        assert len(invite["code"]) == 8
    refused = await client.post("/api/v1/invites", json={}, headers=headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "invite_quota_reached"
    assert (await client.get("/api/v1/invites/quota", headers=headers)).json() == {
        "quota": quota,
        "used": quota,
        "remaining": 0,
    }


async def test_concurrent_creates_never_pass_the_quota(live_api, runtime):
    member = await create_member(runtime, "+923001234567")
    headers = await sign_in(runtime, member)
    answers = await asyncio.gather(
        *(live_api.post("/api/v1/invites", json={}, headers=headers) for _ in range(12))
    )
    assert sorted(a.status_code for a in answers).count(201) == runtime.settings.invite_quota
    async with runtime.session_factory() as session:
        count = await session.scalar(sa.select(sa.func.count()).select_from(m.Invite))
    assert count == runtime.settings.invite_quota


async def test_revoking_gives_the_invite_back(client, runtime):
    member = await create_member(runtime, "+923001234567")
    headers = await sign_in(runtime, member)
    invite = (await client.post("/api/v1/invites", json={}, headers=headers)).json()
    revoked = await client.post(f"/api/v1/invites/{invite['id']}/revoke", headers=headers)
    assert revoked.json()["status"] == "revoked"
    assert (await client.get("/api/v1/invites/quota", headers=headers)).json()["used"] == 0
    again = await client.post(f"/api/v1/invites/{invite['id']}/revoke", headers=headers)
    assert again.status_code == 409
    signup = await client.post(
        "/api/v1/auth/otp/request", json={"phone": "+923211112222", "invite_code": invite["code"]}
    )
    assert signup.status_code == 422


async def test_members_cannot_see_or_revoke_each_others_invites(client, runtime):
    owner = await create_member(runtime, "+923001234567", handle="owner")
    other = await create_member(runtime, "+923007654321", handle="other")
    owner_headers, other_headers = await sign_in(runtime, owner), await sign_in(runtime, other)
    invite = (await client.post("/api/v1/invites", json={}, headers=owner_headers)).json()
    assert (await client.get("/api/v1/invites", headers=other_headers)).json() == []
    stolen = await client.post(f"/api/v1/invites/{invite['id']}/revoke", headers=other_headers)
    assert stolen.status_code == 404
    mine = (await client.get("/api/v1/invites", headers=owner_headers)).json()
    assert [i["status"] for i in mine] == ["active"]


async def test_paused_inviter_cannot_create_invites(client, runtime):
    member = await create_member(runtime, "+923001234567", can_invite=False)
    answer = await client.post("/api/v1/invites", json={}, headers=await sign_in(runtime, member))
    assert answer.status_code == 403


async def test_only_admins_grant_invites_and_it_is_audited(client, runtime):
    admin = await create_member(runtime, "+923001111111", handle="admin", role=m.UserRole.ADMIN)
    member = await create_member(runtime, "+923002222222", handle="member")
    refused = await client.post(
        f"/api/v1/invites/grant/{member.id}",
        json={"extra_invites": 3},
        headers=await sign_in(runtime, member),
    )
    assert refused.status_code == 403
    granted = await client.post(
        f"/api/v1/invites/grant/{member.id}", json={"extra_invites": 3}, headers=await sign_in(runtime, admin)
    )
    assert granted.status_code == 200
    assert granted.json()["quota"] == runtime.settings.invite_quota + 3
    async with runtime.session_factory() as session:
        audit = (await session.scalars(sa.select(m.AuditLog))).all()
    assert [(row.action, row.actor_id, row.subject_id) for row in audit] == [
        ("invites.grant", admin.id, member.id)
    ]


async def test_grant_validates_its_input(client, runtime):
    admin = await create_member(runtime, "+923001111111", handle="admin", role=m.UserRole.ADMIN)
    answer = await client.post(
        f"/api/v1/invites/grant/{admin.id}", json={"extra_invites": 0}, headers=await sign_in(runtime, admin)
    )
    assert answer.status_code == 422
    assert "extra_invites" in answer.json()["error"]["message"]

"""The ops API: admin-only, suspensions that sign people out, reports, invite trees, growth, jobs, audit."""

import asyncio

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from tests.helpers import PHONES, activity_payload, create_member, sign_in


@pytest.fixture
async def admin(runtime):
    member = await create_member(
        runtime, PHONES[0], handle="hamza_q", name="Hamza Qureshi", role=m.UserRole.ADMIN
    )
    return member, await sign_in(runtime, member)


@pytest.fixture
async def member(runtime):
    someone = await create_member(runtime, PHONES[1], handle="ayesha_runs", name="Ayesha Khan")
    return someone, await sign_in(runtime, someone)


ADMIN_ROUTES = [
    ("get", "/api/v1/admin/members", None),
    ("get", "/api/v1/admin/growth", None),
    ("get", "/api/v1/admin/reports", None),
    ("get", "/api/v1/admin/jobs", None),
    ("get", "/api/v1/admin/audit", None),
    ("post", "/api/v1/admin/members/{id}/suspend", {"reason": "spam"}),
    ("post", "/api/v1/admin/members/{id}/reinstate", None),
    ("post", "/api/v1/admin/members/{id}/invite-privilege", {"can_invite": False}),
    ("get", "/api/v1/admin/members/{id}/invite-tree", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
async def test_members_cannot_use_the_ops_api(client, member, method, path, body):
    someone, headers = member
    url = path.format(id=someone.id)
    response = await getattr(client, method)(url, headers=headers, **({"json": body} if body else {}))
    assert response.status_code == 403


async def test_suspension_signs_the_member_out_and_is_audited(client, admin, member):
    _, admin_headers = admin
    someone, headers = member
    suspended = await client.post(
        f"/api/v1/admin/members/{someone.id}/suspend", json={"reason": "harassment"}, headers=admin_headers
    )
    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code in (401, 403)
    again = await client.post(
        f"/api/v1/admin/members/{someone.id}/suspend", json={"reason": "x" * 5}, headers=admin_headers
    )
    assert again.status_code == 409
    reinstated = await client.post(f"/api/v1/admin/members/{someone.id}/reinstate", headers=admin_headers)
    assert reinstated.json()["status"] == "active"
    audit = (await client.get("/api/v1/admin/audit", headers=admin_headers)).json()["items"]
    assert [entry["action"] for entry in audit] == ["members.reinstate", "members.suspend"]
    assert audit[1]["details"] == {"reason": "harassment"}
    assert audit[1]["actor_handle"] == "hamza_q"


async def test_admins_cannot_be_suspended_from_the_ops_page(client, admin):
    admin_member, admin_headers = admin
    answer = await client.post(
        f"/api/v1/admin/members/{admin_member.id}/suspend", json={"reason": "testing"}, headers=admin_headers
    )
    assert answer.status_code == 409


async def test_member_list_shows_full_phones_and_filters(client, admin, member):
    _, admin_headers = admin
    listed = (await client.get("/api/v1/admin/members", params={"q": "ayesha"}, headers=admin_headers)).json()
    assert [row["phone"] for row in listed["items"]] == [PHONES[1]]
    suspended_only = await client.get(
        "/api/v1/admin/members", params={"status": "suspended"}, headers=admin_headers
    )
    assert suspended_only.json()["items"] == []


async def test_invite_privilege_stops_new_invites(client, admin, member):
    _, admin_headers = admin
    someone, headers = member
    await client.post(
        f"/api/v1/admin/members/{someone.id}/invite-privilege",
        json={"can_invite": False},
        headers=admin_headers,
    )
    assert (await client.post("/api/v1/invites", json={}, headers=headers)).status_code == 403


async def test_invite_tree_and_growth(client, runtime, admin):
    root, admin_headers = admin
    child = await create_member(runtime, PHONES[2], handle="child", invited_by_id=root.id)
    await create_member(runtime, PHONES[3], handle="grandchild", invited_by_id=child.id)
    await create_member(runtime, PHONES[4], handle="sibling", invited_by_id=root.id)
    async with runtime.session_factory() as session:
        session.add(
            m.Invite(code="REDEEMD1", inviter_id=root.id, status=m.InviteStatus.REDEEMED, invitee_id=child.id)
        )
        await session.commit()
    tree = (await client.get(f"/api/v1/admin/members/{root.id}/invite-tree", headers=admin_headers)).json()
    assert tree["handle"] == "hamza_q"
    assert sorted(node["handle"] for node in tree["invited"]) == ["child", "sibling"]
    child_node = next(node for node in tree["invited"] if node["handle"] == "child")
    assert [node["handle"] for node in child_node["invited"]] == ["grandchild"]
    growth = (await client.get("/api/v1/admin/growth", headers=admin_headers)).json()
    assert growth["members"] == 4
    assert sum(day["count"] for day in growth["signups_per_day"]) == 4
    assert growth["top_inviters"] == [{"handle": "hamza_q", "invited": 1}]


async def test_upholding_a_report_can_suspend_the_host(client, runtime, admin, member):
    _, admin_headers = admin
    host = await create_member(runtime, PHONES[5], handle="bad_host")
    host_headers = await sign_in(runtime, host)
    activity = (await client.post("/api/v1/activities", json=activity_payload(), headers=host_headers)).json()
    _, reporter_headers = member
    reported = await client.post(
        "/api/v1/reports",
        json={
            "subject_type": "activity",
            "subject_id": activity["id"],
            "reason": "scam",
            "details": "asks for cash",
        },
        headers=reporter_headers,
    )
    assert reported.status_code == 201, reported.text
    queue = (await client.get("/api/v1/admin/reports", headers=admin_headers)).json()["items"]
    assert queue[0]["subject_label"] == activity["title"]
    assert queue[0]["reported_member_id"] == str(host.id)
    assert queue[0]["reporter_handle"] == "ayesha_runs"
    resolved = await client.post(
        f"/api/v1/admin/reports/{queue[0]['id']}/resolve",
        json={"action": "action", "note": "confirmed with venue", "suspend_member": True},
        headers=admin_headers,
    )
    assert resolved.json()["status"] == "actioned"
    assert (await client.get("/api/v1/auth/me", headers=host_headers)).status_code in (401, 403)
    twice = await client.post(
        f"/api/v1/admin/reports/{queue[0]['id']}/resolve", json={"action": "dismiss"}, headers=admin_headers
    )
    assert twice.status_code == 409
    assert (await client.get("/api/v1/admin/reports", headers=admin_headers)).json()["items"] == []


async def test_failed_jobs_are_listed_and_can_be_retried(client, runtime, admin, worker):
    _, admin_headers = admin
    job = await runtime.queue.enqueue(
        "send_sms", key="broken-sms", phone_ciphertext="not-a-ciphertext", body="hi"
    )
    await job.refresh(until_complete=10)
    assert job.status == "failed"
    health = (await client.get("/api/v1/admin/jobs", headers=admin_headers)).json()
    assert [failed["key"] for failed in health["failed"]] == ["broken-sms"]
    assert health["workers"] >= 1
    retried = await client.post("/api/v1/admin/jobs/broken-sms/retry", headers=admin_headers)
    assert retried.status_code == 200
    await asyncio.sleep(0.5)
    missing = await client.post("/api/v1/admin/jobs/no-such-job/retry", headers=admin_headers)
    assert missing.status_code == 404
    async with runtime.session_factory() as session:
        actions = list(await session.scalars(sa.select(m.AuditLog.action)))
    assert "jobs.retry" in actions

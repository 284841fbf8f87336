"""Joining activities: each move of the join-request state machine, capacity, the FIFO waitlist, the inbox."""

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.i18n import ur
from tests.helpers import PHONES, activity_payload, create_member, sign_in


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_ali", name="Ali Raza")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def guests(runtime):
    members = [
        await create_member(runtime, PHONES[n], handle=f"guest_{n}", name=f"Guest {n}") for n in range(1, 6)
    ]
    return [(member, await sign_in(runtime, member)) for member in members]


async def new_activity(client, headers, **overrides):
    response = await client.post("/api/v1/activities", json=activity_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def join(client, activity, headers, message=""):
    return await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={"message": message}, headers=headers
    )


async def decide(client, request_id, decision, headers):
    return await client.post(
        f"/api/v1/requests/{request_id}/decision", json={"decision": decision}, headers=headers
    )


async def test_request_waits_for_the_host_then_is_approved(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers)
    requested = await join(client, activity, guests[0][1], "I play at level 3")
    assert requested.status_code == 201
    assert requested.json()["status"] == "pending"
    approved = await decide(client, requested.json()["id"], "approve", host_headers)
    assert approved.json()["status"] == "approved"
    detail = (await client.get(f"/api/v1/activities/{activity['id']}", headers=guests[0][1])).json()
    assert detail["spots_left"] == 2
    assert detail["my_request"]["status"] == "approved"


async def test_auto_approve_takes_seats_then_waitlists_in_order(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=2, auto_approve=True)
    statuses = [(await join(client, activity, headers)).json()["status"] for _, headers in guests[:4]]
    assert statuses == ["approved", "approved", "waitlisted", "waitlisted"]
    detail = (await client.get(f"/api/v1/activities/{activity['id']}", headers=guests[3][1])).json()
    assert detail["my_request"]["waitlist_position"] == 2
    assert detail["spots_left"] == 0


async def test_a_full_activity_waitlists_even_without_auto_approve(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=1)
    first = (await join(client, activity, guests[0][1])).json()
    await decide(client, first["id"], "approve", host_headers)
    assert (await join(client, activity, guests[1][1])).json()["status"] == "waitlisted"


async def test_a_freed_seat_goes_to_the_first_on_the_waitlist(client, runtime, host, guests, worker):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=1, auto_approve=True)
    first = (await join(client, activity, guests[0][1])).json()
    second = (await join(client, activity, guests[1][1])).json()
    third = (await join(client, activity, guests[2][1])).json()
    assert [second["waitlist_position"], third["waitlist_position"]] == [1, 2]
    left = await client.post(f"/api/v1/requests/{first['id']}/withdraw", headers=guests[0][1])
    assert left.json()["status"] == "withdrawn"
    requests = {
        r["id"]: r
        for r in (
            await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=host_headers)
        ).json()
    }
    assert requests[second["id"]]["status"] == "approved"
    assert requests[third["id"]]["status"] == "waitlisted"
    assert requests[third["id"]]["waitlist_position"] == 1
    async with runtime.session_factory() as session:
        promoted = await session.scalar(
            sa.select(m.Notification.kind).where(m.Notification.user_id == guests[1][0].id)
        )
    assert promoted == "join_promoted"


async def test_raising_capacity_promotes_the_waitlist(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=1, auto_approve=True)
    for _, headers in guests[:3]:
        await join(client, activity, headers)
    await client.patch(f"/api/v1/activities/{activity['id']}", json={"capacity": 2}, headers=host_headers)
    statuses = [
        r["status"]
        for r in (
            await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=host_headers)
        ).json()
    ]
    assert statuses == ["approved", "approved", "waitlisted"]


async def test_host_cannot_approve_past_capacity(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=1)
    first = (await join(client, activity, guests[0][1])).json()
    second = (await join(client, activity, guests[1][1])).json()
    assert (await decide(client, first["id"], "approve", host_headers)).status_code == 200
    refused = await decide(client, second["id"], "approve", host_headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "full"


@pytest.mark.parametrize(
    ("setup", "action", "expected"),
    [
        ("rejected", "approve", 409),
        ("rejected", "withdraw", 409),
        ("withdrawn", "approve", 409),
        ("withdrawn", "withdraw", 409),
        ("approved", "reject", 409),
        ("approved", "approve", 409),
        ("waitlisted", "reject", 409),
    ],
)
async def test_only_allowed_transitions_happen(client, runtime, host, guests, setup, action, expected):
    _, host_headers = host
    _, guest_headers = guests[0]
    activity = await new_activity(client, host_headers, capacity=1)
    if setup == "waitlisted":
        filler = (await join(client, activity, guests[1][1])).json()
        await decide(client, filler["id"], "approve", host_headers)
    request = (await join(client, activity, guest_headers)).json()
    if setup in ("rejected", "approved"):
        await decide(client, request["id"], setup[:-1] if setup == "approved" else "reject", host_headers)
    if setup == "withdrawn":
        await client.post(f"/api/v1/requests/{request['id']}/withdraw", headers=guest_headers)
    async with runtime.session_factory() as session:
        before = await session.get_one(m.JoinRequest, request["id"])
    if action == "withdraw":
        response = await client.post(f"/api/v1/requests/{request['id']}/withdraw", headers=guest_headers)
    else:
        response = await decide(client, request["id"], action, host_headers)
    assert response.status_code == expected, response.text
    async with runtime.session_factory() as session:
        after = await session.get_one(m.JoinRequest, request["id"])
    assert after.status == before.status == setup


async def test_one_live_request_per_member(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers)
    first = (await join(client, activity, guests[0][1])).json()
    assert (await join(client, activity, guests[0][1])).status_code == 409
    await client.post(f"/api/v1/requests/{first['id']}/withdraw", headers=guests[0][1])
    assert (await join(client, activity, guests[0][1])).status_code == 201


async def test_hosts_cannot_join_their_own_and_nobody_joins_a_cancelled_one(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers)
    assert (await join(client, activity, host_headers)).status_code == 409
    await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=host_headers)
    assert (await join(client, activity, guests[0][1])).status_code == 409


async def test_women_only_activities_check_the_profile(client, runtime, host):
    _, host_headers = host
    activity = await new_activity(client, host_headers, audience="women_only")
    man = await create_member(runtime, PHONES[10], handle="bilal", gender=m.Gender.MAN)
    woman = await create_member(runtime, PHONES[11], handle="sana", gender=m.Gender.WOMAN)
    refused = await join(client, activity, await sign_in(runtime, man))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "audience_mismatch"
    assert (await join(client, activity, await sign_in(runtime, woman))).status_code == 201


async def test_only_the_host_decides_and_only_the_requester_withdraws(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers)
    request = (await join(client, activity, guests[0][1])).json()
    assert (await decide(client, request["id"], "approve", guests[1][1])).status_code == 404
    assert (
        await client.post(f"/api/v1/requests/{request['id']}/withdraw", headers=guests[1][1])
    ).status_code == 404
    assert (
        await client.post(f"/api/v1/requests/{request['id']}/withdraw", headers=host_headers)
    ).status_code == 404
    listing = await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=guests[1][1])
    assert listing.status_code == 403


async def test_inbox_lists_pending_requests_newest_first_with_counts(client, runtime, host, guests):
    _, host_headers = host
    padel = await new_activity(client, host_headers, capacity=1)
    run = await new_activity(client, host_headers, type="running", title="Evening run at Jilani Park")
    await join(client, padel, guests[0][1])
    await join(client, run, guests[1][1])
    await join(client, run, guests[2][1])
    inbox = (await client.get("/api/v1/inbox", headers=host_headers)).json()
    assert [item["request"]["requester"]["handle"] for item in inbox["items"]] == [
        "guest_3",
        "guest_2",
        "guest_1",
    ]
    assert inbox["counts"] == {"pending": 3, "waitlisted": 0}
    assert inbox["items"][0]["activity"]["title"] == "Evening run at Jilani Park"
    other_inbox = (await client.get("/api/v1/inbox", headers=guests[0][1])).json()
    assert other_inbox["items"] == []


async def test_batch_decisions_approve_until_full_and_report_each(client, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, capacity=2)
    ids = [(await join(client, activity, headers)).json()["id"] for _, headers in guests[:3]]
    outcomes = (
        await client.post(
            "/api/v1/inbox/decisions",
            json={"request_ids": [*ids, "0192f3c4-0000-7000-8000-000000000000"], "decision": "approve"},
            headers=host_headers,
        )
    ).json()
    assert [o["status"] for o in outcomes] == ["approved", "approved", None, None]
    assert "full" in outcomes[2]["error"]
    assert outcomes[3]["error"] == "No such request."


async def test_batch_refusals_are_told_in_the_hosts_language(client, runtime, host):
    host_member, host_headers = host
    async with runtime.session_factory() as session, session.begin():
        await session.execute(sa.update(m.User).where(m.User.id == host_member.id).values(locale="ur"))
    outcomes = (
        await client.post(
            "/api/v1/inbox/decisions",
            json={"request_ids": ["0192f3c4-0000-7000-8000-000000000000"], "decision": "approve"},
            headers=host_headers,
        )
    ).json()
    assert outcomes[0]["error"] == ur.MESSAGES["errors_activities"]["no_such_request"]


async def test_participants_are_visible_per_activity_visibility(client, runtime, host, guests):
    _, host_headers = host
    activity = await new_activity(client, host_headers, visibility="link_only", auto_approve=True)
    await join(client, activity, guests[0][1])
    insider = await client.get(f"/api/v1/activities/{activity['id']}/participants", headers=guests[0][1])
    assert [p["person"]["handle"] for p in insider.json()] == ["guest_1"]
    outsider = await client.get(f"/api/v1/activities/{activity['id']}/participants", headers=guests[1][1])
    assert outsider.status_code == 403


async def test_approval_notifies_and_texts_the_requester(client, runtime, host, guests, worker):
    from tests.helpers import latest_sms

    _, host_headers = host
    activity = await new_activity(client, host_headers)
    request = (await join(client, activity, guests[0][1])).json()
    await decide(client, request["id"], "approve", host_headers)
    sms = await latest_sms(runtime, PHONES[1])
    assert "You're in" in sms
    notifications = (await client.get("/api/v1/notifications", headers=guests[0][1])).json()["items"]
    assert notifications[0]["kind"] == "join_approved"
    host_notes = (await client.get("/api/v1/notifications", headers=host_headers)).json()["items"]
    assert host_notes[0]["kind"] == "host_pending"
    read = await client.post(f"/api/v1/notifications/{notifications[0]['id']}/read", headers=guests[0][1])
    assert read.json()["read"] is True
    assert (await client.get("/api/v1/notifications/unread-count", headers=guests[0][1])).json() == {
        "unread": 0
    }
    stolen = await client.post(f"/api/v1/notifications/{notifications[0]['id']}/read", headers=host_headers)
    assert stolen.status_code == 404


async def test_join_requests_are_rate_limited_per_member(client, runtime, host, guests):
    _, host_headers = host
    _, guest_headers = guests[0]
    limit = runtime.settings.join_requests_per_hour
    for _ in range(limit):
        await runtime.redis.incr(f"ratelimit:join:user:{guests[0][0].id}")
    activity = await new_activity(client, host_headers)
    refused = await join(client, activity, guest_headers)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0


async def test_each_member_is_told_in_their_own_language(client, runtime, host, guests, worker):
    """Server-written texts (notifications and their SMS) follow the recipient's profile language."""
    from tests.helpers import latest_sms

    _, host_headers = host
    urdu_reader, urdu_headers = guests[0]
    async with runtime.session_factory() as session, session.begin():
        await session.execute(sa.update(m.User).where(m.User.id == urdu_reader.id).values(locale="ur"))
    activity = await new_activity(client, host_headers, title="Padel at Gulberg")
    request = (await join(client, activity, urdu_headers)).json()
    await decide(client, request["id"], "approve", host_headers)

    told = (await client.get("/api/v1/notifications", headers=urdu_headers)).json()["items"][0]
    assert told["title"] == "آپ شامل ہیں: Padel at Gulberg"
    assert "آپ شامل ہیں: Padel at Gulberg" in await latest_sms(runtime, PHONES[1])
    host_told = (await client.get("/api/v1/notifications", headers=host_headers)).json()["items"][0]
    assert host_told["title"] == "Guest 1 asked to join Padel at Gulberg"

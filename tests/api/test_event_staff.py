"""Event staff: the host adds members by handle to work the door; they check tickets in and see the
count, and nothing else (no edits, no cancelling, no attendee list or CSV, no money)."""

import pytest

from tests.events import buy, host_event, tier
from tests.helpers import PHONES, create_member, sign_in


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_ayesha", name="Ayesha Runs")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def door(runtime):
    member = await create_member(runtime, PHONES[1], handle="door_bilal", name="Bilal Door")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def guest(runtime):
    member = await create_member(runtime, PHONES[2], handle="runner_sana", name="Sana Runs")
    return member, await sign_in(runtime, member)


def staff_url(event, user_id=None):
    base = f"/api/v1/events/{event['id']}/staff"
    return f"{base}/{user_id}" if user_id else base


async def add_staff(client, event, headers, handle):
    return await client.post(staff_url(event), json={"handle": handle}, headers=headers)


async def check_in(client, event, headers, code):
    return await client.post(f"/api/v1/events/{event['id']}/checkin", json={"code": code}, headers=headers)


async def test_the_host_adds_lists_and_removes_staff(client, host, door):
    event = await host_event(client, host[1])
    added = await add_staff(client, event, host[1], " @Door_Bilal ")
    assert added.status_code == 201, added.text
    assert added.json()["member"]["handle"] == "door_bilal"
    listed = await client.get(staff_url(event), headers=host[1])
    assert [row["member"]["id"] for row in listed.json()] == [str(door[0].id)]
    removed = await client.delete(staff_url(event, door[0].id), headers=host[1])
    assert removed.status_code == 204
    assert (await client.get(staff_url(event), headers=host[1])).json() == []
    again = await client.delete(staff_url(event, door[0].id), headers=host[1])
    assert again.status_code == 404


async def test_yourself_twice_unknown_and_blocked_members_are_refused(client, host, door, guest):
    event = await host_event(client, host[1])
    myself = await add_staff(client, event, host[1], "host_ayesha")
    assert myself.status_code == 422
    assert "handle" in myself.json()["error"]["details"]["fields"]
    assert (await add_staff(client, event, host[1], "door_bilal")).status_code == 201
    twice = await add_staff(client, event, host[1], "door_bilal")
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "already_staff"
    assert (await add_staff(client, event, host[1], "nobody_here")).status_code == 404
    blocked = await client.post("/api/v1/blocks", json={"user_id": str(host[0].id)}, headers=guest[1])
    assert blocked.status_code == 201, blocked.text
    assert (await add_staff(client, event, host[1], "runner_sana")).status_code == 404


async def test_staff_check_tickets_in_once_and_see_the_count(client, host, door, guest):
    event = await host_event(client, host[1])
    order = (await buy(client, event, guest[1])).json()
    code = order["tickets"][0]["code"]
    assert (await check_in(client, event, door[1], code)).status_code == 403
    await add_staff(client, event, host[1], "door_bilal")
    admitted = await check_in(client, event, door[1], code)
    assert admitted.status_code == 200, admitted.text
    assert admitted.json()["stats"] == {"checked_in": 1, "tickets": 1}
    twice = await check_in(client, event, host[1], code)
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "already_checked_in"
    stats = await client.get(f"/api/v1/events/{event['id']}/checkin/stats", headers=door[1])
    assert stats.json() == {"checked_in": 1, "tickets": 1}


async def test_staff_cannot_edit_cancel_export_manage_staff_or_take_money(client, host, door, guest):
    event = await host_event(
        client, host[1], allow_pay_at_venue=True, tiers=[tier("Entry", 1500, 10, per_order_limit=2)]
    )
    order = (await buy(client, event, guest[1], pay_at_venue=True)).json()
    await add_staff(client, event, host[1], "door_bilal")
    base = f"/api/v1/events/{event['id']}"
    refused = [
        await client.patch(base, json={"title": "Taken over"}, headers=door[1]),
        await client.post(f"{base}/cancel", headers=door[1]),
        await client.get(f"{base}/attendees", headers=door[1]),
        await client.get(f"{base}/attendees.csv", headers=door[1]),
        await client.get(staff_url(event), headers=door[1]),
        await add_staff(client, event, door[1], "runner_sana"),
        await client.post(f"/api/v1/orders/{order['id']}/mark-paid", headers=door[1]),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    still = (await client.get(base, headers=host[1])).json()
    assert (still["title"], still["status"]) == (event["title"], "published")


async def test_removed_staff_can_no_longer_check_in(client, host, door, guest):
    event = await host_event(client, host[1])
    order = (await buy(client, event, guest[1], quantity=2)).json()
    await add_staff(client, event, host[1], "door_bilal")
    first, second = (ticket["code"] for ticket in order["tickets"])
    assert (await check_in(client, event, door[1], first)).status_code == 200
    await client.delete(staff_url(event, door[0].id), headers=host[1])
    assert (await check_in(client, event, door[1], second)).status_code == 403
    stats = await client.get(f"/api/v1/events/{event['id']}/checkin/stats", headers=door[1])
    assert stats.status_code == 403


async def test_only_the_host_manages_staff(client, host, door, guest):
    event = await host_event(client, host[1])
    assert (await add_staff(client, event, guest[1], "door_bilal")).status_code == 403
    assert (await client.get(staff_url(event), headers=guest[1])).status_code == 403
    await add_staff(client, event, host[1], "door_bilal")
    assert (await client.delete(staff_url(event, door[0].id), headers=guest[1])).status_code == 403
    circle = (
        await client.post("/api/v1/circles", json={"name": "Inner", "is_private": True}, headers=host[1])
    ).json()
    hidden = await host_event(
        client, host[1], title="Invite-only night", visibility="circles", circle_ids=[circle["id"]]
    )
    assert (await add_staff(client, hidden, guest[1], "door_bilal")).status_code == 404
    assert (await client.get(staff_url(hidden), headers=guest[1])).status_code == 404


async def test_staff_work_the_door_of_a_circle_event_they_are_not_in(client, host, door, guest):
    circle = (
        await client.post("/api/v1/circles", json={"name": "Inner", "is_private": True}, headers=host[1])
    ).json()
    event = await host_event(client, host[1], visibility="circles", circle_ids=[circle["id"]])
    code = "NOSUCHCODE"
    assert (await check_in(client, event, door[1], code)).status_code == 404  # cannot see the event
    await add_staff(client, event, host[1], "door_bilal")
    assert (await check_in(client, event, door[1], code)).json()["error"]["message"] == (
        "No such ticket for this event."
    )
    assert (await client.get(f"/api/v1/events/{event['id']}", headers=door[1])).status_code == 404

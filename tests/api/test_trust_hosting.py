"""Trust-aware hosting: requests from people vouched for by the host's circles (or by people the host
vouched for) are approved at once while seats remain; the inbox and the requests list say who of the
host's trusted people vouched for each requester, in one query a page; an admin who takes a member's
invite privilege away takes the weight of their vouches away too, and sees the invite tree below
any member."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.hosting import circle_of, host_activity, join, joined, vouch
from tests.social import arrange, person

CIRCLES = "vouched_by_my_circles"
MY_VOUCHEES = "vouched_by_people_i_vouched_for"


@pytest.fixture
async def cast(runtime):
    """Hamza hosts; Ayesha is in his circle, he vouched for Bilal; Sana, Zara and Omar ask to join."""
    names = ["Hamza Qureshi", "Ayesha Khan", "Bilal Ahmed", "Sana Mir", "Zara Sheikh", "Omar Butt"]
    people = [
        await person(runtime, number, name.split()[0].lower(), name=name, gender=m.Gender.WOMAN)
        for number, name in enumerate(names, start=1)
    ]
    hamza, ayesha, bilal, *_ = people
    await circle_of(runtime, hamza, ayesha)
    await vouch(runtime, hamza, bilal)
    return people


@pytest.mark.parametrize(
    ("rule", "voucher_index", "expected"),
    [
        (CIRCLES, 1, "approved"),  # Ayesha, in Hamza's circle
        (CIRCLES, 2, "pending"),  # Bilal is only vouched for by Hamza
        (MY_VOUCHEES, 2, "approved"),
        (MY_VOUCHEES, 1, "pending"),
        (CIRCLES, 0, "approved"),  # Hamza's own vouch counts under either rule
        (MY_VOUCHEES, 0, "approved"),
        ("none", 0, "pending"),
    ],
)
async def test_whose_vouch_lets_a_request_in_at_once(client, runtime, cast, rule, voucher_index, expected):
    hamza, sana = cast[0], cast[3]
    await vouch(runtime, cast[voucher_index], sana)
    activity = await host_activity(client, hamza, auto_approve_trusted=rule)
    assert activity["auto_approve_trusted"] == rule

    request = await joined(client, activity, sana)

    assert request["status"] == expected
    detail = (await client.get(f"/api/v1/activities/{activity['id']}", headers=hamza.headers)).json()
    assert detail["seats_taken"] == (1 if expected == "approved" else 0)


async def test_strangers_wait_for_the_host_and_a_full_activity_waitlists_the_trusted(client, runtime, cast):
    hamza, ayesha, _, sana, zara, omar = cast
    await vouch(runtime, ayesha, sana, zara)
    activity = await host_activity(client, hamza, capacity=1, auto_approve_trusted=CIRCLES)

    assert (await joined(client, activity, omar))["status"] == "pending"
    assert (await joined(client, activity, sana))["status"] == "approved"
    assert (await joined(client, activity, zara))["status"] == "waitlisted"


async def test_vouches_of_the_suspended_the_blocked_and_members_without_invite_privilege_do_not_count(
    client, runtime, cast
):
    hamza, ayesha, bilal, sana, zara, omar = cast
    await vouch(runtime, ayesha, sana)
    await vouch(runtime, bilal, zara)
    await vouch(runtime, hamza, omar)
    gul = await person(runtime, 7, "gul", name="Gul Panra", gender=m.Gender.WOMAN)
    await vouch(runtime, omar, gul)
    admin = await person(runtime, 8, "ops", role=m.UserRole.ADMIN)
    revoked = await client.post(
        f"/api/v1/admin/members/{ayesha.id}/invite-privilege",
        json={"can_invite": False},
        headers=admin.headers,
    )
    assert revoked.status_code == 200, revoked.text
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.User).where(m.User.id == bilal.id).values(status=m.UserStatus.SUSPENDED)
        )
        await session.commit()
    blocked = await client.post("/api/v1/blocks", json={"user_id": str(omar.id)}, headers=hamza.headers)
    assert blocked.status_code in (200, 201), blocked.text

    by_circles = await host_activity(client, hamza, auto_approve_trusted=CIRCLES)
    by_vouchees = await host_activity(client, hamza, auto_approve_trusted=MY_VOUCHEES)

    assert (await joined(client, by_circles, sana))["status"] == "pending", "Ayesha cannot invite any more"
    assert (await joined(client, by_vouchees, zara))["status"] == "pending", "Bilal is suspended"
    assert (await joined(client, by_vouchees, gul))["status"] == "pending", "Hamza blocked Omar"
    invites = await client.post("/api/v1/invites", json={}, headers=ayesha.headers)
    assert invites.status_code == 403


async def test_women_only_still_refuses_a_vouched_man(client, runtime, cast):
    hamza, ayesha = cast[0], cast[1]
    kamran = await person(runtime, 9, "kamran", gender=m.Gender.MAN)
    await vouch(runtime, ayesha, kamran)
    activity = await host_activity(client, hamza, audience="women_only", auto_approve_trusted=CIRCLES)

    refused = await join(client, activity, kamran)

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "audience_mismatch"


async def test_the_inbox_and_the_requests_list_say_who_of_the_hosts_trusted_people_vouched(
    client, runtime, cast
):
    hamza, ayesha, bilal, sana, zara, omar = cast
    stranger = await person(runtime, 10, "stranger", name="Some One")
    await vouch(runtime, ayesha, sana)
    await vouch(runtime, bilal, sana)
    await vouch(runtime, stranger, sana, zara)
    activity = await host_activity(client, hamza, capacity=5)
    for guest in (sana, zara, omar):
        await joined(client, activity, guest)

    inbox = (await client.get("/api/v1/inbox", headers=hamza.headers)).json()
    listed = (await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=hamza.headers)).json()

    def vouched(items):
        return {item["requester"]["handle"]: [p["name"] for p in item["vouched_by"]] for item in items}

    expected = {"sana": ["Ayesha Khan", "Bilal Ahmed"], "zara": [], "omar": []}
    assert vouched(item["request"] for item in inbox["items"]) == expected
    assert vouched(listed) == expected


async def test_vouched_by_is_one_query_for_the_whole_inbox_page(runtime, cast):
    hamza, ayesha, bilal, *guests = cast
    many = [*guests, *[await person(runtime, 20 + n, f"guest_{n}") for n in range(6)]]
    async with provide_services(runtime) as services:
        activity = m.Activity(
            host_id=hamza.id,
            slug="inbox-page",
            type=m.ActivityType.PADEL,
            title="Padel",
            starts_at=utcnow() + timedelta(days=2),
            ends_at=utcnow() + timedelta(days=2, hours=1),
            capacity=20,
            place_name="Court Nine",
        )
        services.session.add(activity)
    await arrange(runtime, *(m.Vouch(voucher_id=ayesha.id, vouchee_id=guest.id) for guest in many))
    await arrange(runtime, *(m.Vouch(voucher_id=bilal.id, vouchee_id=guest.id) for guest in many[:3]))

    async def statements_for_inbox(requesters) -> int:
        await arrange(runtime, *(m.JoinRequest(activity_id=activity.id, user_id=g.id) for g in requesters))
        counted: list[str] = []

        def count(conn, cursor, statement, *args):
            counted.append(statement)

        engine = runtime.engine.sync_engine
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            async with provide_services(runtime) as services:
                host = await services.session.get_one(m.User, hamza.id)
                inbox = await services.inbox.pending(host, limit=50)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        assert all(item.request.vouched_by for item in inbox.items)
        return len(counted)

    one = await statements_for_inbox(many[:1])
    nine = await statements_for_inbox(many[1:])
    assert one == nine


async def test_the_host_can_change_the_choice_and_members_cannot_set_an_unknown_one(client, cast):
    hamza = cast[0]
    activity = await host_activity(client, hamza)
    assert activity["auto_approve_trusted"] == "none"
    changed = await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"auto_approve_trusted": MY_VOUCHEES},
        headers=hamza.headers,
    )
    assert changed.json()["auto_approve_trusted"] == MY_VOUCHEES
    unknown = await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"auto_approve_trusted": "everyone"},
        headers=hamza.headers,
    )
    assert unknown.status_code == 422


async def test_admins_see_the_invite_tree_below_any_member(client, runtime, cast):
    hamza = cast[0]
    admin = await person(runtime, 8, "ops", role=m.UserRole.ADMIN)
    nida = await person(runtime, 11, "nida", invited_by_id=hamza.id)
    await person(runtime, 12, "faraz", invited_by_id=nida.id)
    await person(runtime, 13, "hira", invited_by_id=nida.id)

    tree = await client.get(f"/api/v1/admin/members/{nida.id}/invite-tree", headers=admin.headers)

    assert tree.status_code == 200, tree.text
    assert tree.json()["handle"] == "nida"
    assert sorted(node["handle"] for node in tree.json()["invited"]) == ["faraz", "hira"]
    members_only = await client.get(f"/api/v1/admin/members/{nida.id}/invite-tree", headers=hamza.headers)
    assert members_only.status_code == 403

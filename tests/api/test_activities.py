"""Hosting and discovering activities: validation, visibility, filters, share pages."""

from datetime import timedelta
from uuid import uuid4

import msgspec
import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.schemas import ActivityCreate
from scene_api.lib.mapping import new_row
from scene_api.lib.timezone import KARACHI, utcnow
from tests.helpers import PHONES, activity_payload, create_member, sign_in
from tests.venues import venue_row


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_ali", name="Ali Raza")
    return member, await sign_in(runtime, member)


async def host_activity(client, headers, **overrides):
    response = await client.post("/api/v1/activities", json=activity_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_host_creates_an_activity_with_a_share_link(client, host):
    _, headers = host
    activity = await host_activity(client, headers)
    assert activity["spots_left"] == 3
    assert activity["host"]["handle"] == "host_ali"
    assert activity["share_url"] == f"http://testserver/a/{activity['slug']}"
    assert activity["slug"].startswith("padel-doubles")
    assert len(activity["slug"]) <= 24
    listed = (await client.get("/api/v1/activities")).json()
    assert [item["id"] for item in listed["items"]] == [activity["id"]]


async def test_a_new_activity_is_stored_as_sent_text_trimmed_and_a_venue_over_the_place_given(
    client, runtime, host
):
    """The create request becomes the row field by field: text trimmed, the kinds as sent, and a
    venue's own city and point over the city and point sent with it."""
    member, headers = host
    venue = await venue_row(runtime, member.id)
    activity = await host_activity(
        client,
        headers,
        title="  Padel doubles  ",
        description=" Bring your own balls. ",
        audience="women_only",
        auto_approve_trusted="vouched_by_my_circles",
        venue_id=str(venue.id),
        place_name="",
        city="Karachi",
        lat=24.86,
        lng=67.01,
    )
    shown = (activity["title"], activity["description"], activity["type"], activity["audience"])
    assert shown == ("Padel doubles", "Bring your own balls.", "padel", "women_only")
    assert (activity["place_name"], activity["city"], activity["lat"]) == (
        "Baseline Padel DHA 6",
        "Lahore",
        31.47,
    )
    async with runtime.session_factory() as session:
        row = await session.get_one(m.Activity, activity["id"])
    assert (row.title, row.auto_approve_trusted) == ("Padel doubles", m.TrustedApproval.VOUCHED_BY_MY_CIRCLES)
    assert (row.city, row.lat, row.lng) == ("Lahore", 31.47, 74.45)


def test_a_create_request_keeps_its_enum_members_as_they_are():
    """Only plain text is trimmed: an enum member (a `str` too) reaches the row as the member."""
    request = msgspec.convert(activity_payload(title=" Padel "), ActivityCreate)
    row = new_row(m.Activity, request, host_id=uuid4(), slug="padel", city="Lahore")
    assert row.type is m.ActivityType.PADEL
    assert row.visibility is m.Visibility.PUBLIC
    assert (row.title, row.city) == ("Padel", "Lahore")


async def test_creating_needs_sign_in(client):
    response = await client.post("/api/v1/activities", json=activity_payload())
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": (utcnow() - timedelta(hours=1)).isoformat()}, "starts_at"),
        ({"ends_at": (utcnow() + timedelta(hours=20)).isoformat()}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"cost_pkr": -5}, "cost_pkr"),
        ({"skill_min": 4, "skill_max": 2}, "skill_max"),
        ({"place_name": ""}, "place_name"),
        ({"visibility": "circles", "circle_ids": []}, "circle_ids"),
        ({"type": "quidditch"}, "type"),
        ({"venue_id": "0192f3c4-0000-7000-8000-000000000000"}, "venue_id"),
    ],
)
async def test_bad_activities_are_refused_with_the_field_named(client, runtime, host, overrides, field):
    _, headers = host
    response = await client.post("/api/v1/activities", json=activity_payload(**overrides), headers=headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert field in error["message"] or field in error["details"].get("fields", {})
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.Activity)) == 0


async def test_unknown_fields_are_refused(client, host):
    _, headers = host
    response = await client.post("/api/v1/activities", json=activity_payload(seats_taken=0), headers=headers)
    assert response.status_code == 422


async def test_only_the_host_edits_and_capacity_never_drops_below_those_in(client, runtime, host):
    _, headers = host
    activity = await host_activity(client, headers, capacity=2, auto_approve=True)
    guest = await create_member(runtime, PHONES[1], handle="guest_one")
    guest_headers = await sign_in(runtime, guest)
    await client.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=guest_headers)

    by_guest = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"title": "Mine now"}, headers=guest_headers
    )
    assert by_guest.status_code == 403
    too_small = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"capacity": 0}, headers=headers
    )
    assert too_small.status_code == 422
    edited = await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"title": "Padel at 8, bring water", "capacity": 4},
        headers=headers,
    )
    assert edited.status_code == 200
    assert edited.json()["title"] == "Padel at 8, bring water"
    assert edited.json()["spots_left"] == 3


async def test_cancelling_notifies_everyone_in_and_hides_it(client, runtime, host, worker):
    _, headers = host
    activity = await host_activity(client, headers, auto_approve=True)
    guest = await create_member(runtime, PHONES[1], handle="guest_one")
    await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={}, headers=await sign_in(runtime, guest)
    )
    cancelled = await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    assert (await client.get("/api/v1/activities")).json()["items"] == []
    again = await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=headers)
    assert again.status_code == 409
    async with runtime.session_factory() as session:
        kinds = set(
            await session.scalars(sa.select(m.Notification.kind).where(m.Notification.user_id == guest.id))
        )
    assert "activity_cancelled" in kinds


async def test_circle_activities_are_shown_only_to_circle_members(client, runtime, host):
    host_member, headers = host
    insider = await create_member(runtime, PHONES[1], handle="insider")
    outsider = await create_member(runtime, PHONES[2], handle="outsider")
    async with runtime.session_factory() as session:
        circle = m.Circle(owner_id=host_member.id, slug="lahore-padel", name="Lahore Padel")
        session.add(circle)
        await session.flush()
        session.add_all(
            [
                m.CircleMember(circle_id=circle.id, user_id=host_member.id, role=m.CircleRole.OWNER),
                m.CircleMember(circle_id=circle.id, user_id=insider.id),
            ]
        )
        await session.commit()
    activity = await host_activity(client, headers, visibility="circles", circle_ids=[str(circle.id)])
    assert activity["circle_ids"] == [str(circle.id)]
    for member, visible in ((insider, True), (outsider, False)):
        member_headers = await sign_in(runtime, member)
        listed = (await client.get("/api/v1/activities", headers=member_headers)).json()["items"]
        assert bool(listed) is visible
        opened = await client.get(f"/api/v1/activities/{activity['id']}", headers=member_headers)
        assert opened.status_code == (200 if visible else 404)
    assert (await client.get("/api/v1/activities")).json()["items"] == []
    assert (await client.get(f"/api/v1/public/activities/{activity['slug']}")).status_code == 404
    mine = (
        await client.get(
            "/api/v1/activities", params={"my_circles": "true"}, headers=await sign_in(runtime, insider)
        )
    ).json()
    assert len(mine["items"]) == 1


async def test_cannot_share_with_a_circle_you_are_not_in(client, runtime, host):
    _, headers = host
    stranger = await create_member(runtime, PHONES[1], handle="stranger")
    async with runtime.session_factory() as session:
        circle = m.Circle(owner_id=stranger.id, slug="not-yours", name="Not yours")
        session.add(circle)
        await session.commit()
    response = await client.post(
        "/api/v1/activities",
        json=activity_payload(visibility="circles", circle_ids=[str(circle.id)]),
        headers=headers,
    )
    assert response.status_code == 422


async def test_link_only_activities_open_by_link_but_are_never_listed(client, runtime, host):
    _, headers = host
    activity = await host_activity(client, headers, visibility="link_only")
    viewer = await sign_in(runtime, await create_member(runtime, PHONES[1], handle="viewer"))
    assert (await client.get("/api/v1/activities", headers=viewer)).json()["items"] == []
    assert (await client.get(f"/api/v1/activities/{activity['id']}", headers=viewer)).status_code == 200
    public = (await client.get(f"/api/v1/public/activities/{activity['slug']}")).json()
    assert public["participants"] is None


async def test_blocked_hosts_activities_disappear_both_ways(client, runtime, host):
    host_member, headers = host
    activity = await host_activity(client, headers)
    blocker = await create_member(runtime, PHONES[1], handle="blocker")
    async with runtime.session_factory() as session:
        session.add(m.Block(blocker_id=blocker.id, blocked_id=host_member.id))
        await session.commit()
    blocker_headers = await sign_in(runtime, blocker)
    assert (await client.get("/api/v1/activities", headers=blocker_headers)).json()["items"] == []
    assert (
        await client.get(f"/api/v1/activities/{activity['id']}", headers=blocker_headers)
    ).status_code == 404
    joined = await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={}, headers=blocker_headers
    )
    assert joined.status_code == 404


async def test_public_share_page_shows_no_phone_numbers(client, runtime, host):
    _, headers = host
    activity = await host_activity(client, headers, auto_approve=True)
    guest = await create_member(runtime, PHONES[1], handle="guest_one", name="Sana Malik")
    await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={}, headers=await sign_in(runtime, guest)
    )
    response = await client.get(f"/api/v1/public/activities/{activity['slug']}")
    assert response.status_code == 200
    page = response.json()
    assert page["host_name"] == "Ali"
    assert page["spots_left"] == 2
    assert [p["handle"] for p in page["participants"]] == ["guest_one"]
    assert "+92" not in response.text
    assert "phone" not in response.text
    assert (await client.get("/api/v1/public/activities/no-such-slug")).status_code == 404


async def test_discovery_filters(client, runtime, host):
    _, headers = host
    base = (utcnow() + timedelta(days=2)).astimezone(KARACHI).replace(minute=0, second=0, microsecond=0)

    def at(hour):
        start = base.replace(hour=hour)
        return {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}

    padel_evening = await host_activity(client, headers, **at(19), skill_min=3, skill_max=5)
    run_morning = await host_activity(
        client,
        headers,
        type="running",
        title="Sunrise 5k at Race Course Park",
        **at(6),
        lat=31.5497,
        lng=74.3436,
    )
    karachi_football = await host_activity(
        client,
        headers,
        type="football",
        title="Futsal night in Clifton",
        city="Karachi",
        lat=24.8138,
        lng=67.0300,
        **at(22),
        capacity=1,
    )

    async def ids(**params):
        response = await client.get("/api/v1/activities", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert await ids(type="running") == {run_morning["id"]}
    assert await ids(time_of_day="morning") == {run_morning["id"]}
    assert await ids(time_of_day="night") == {karachi_football["id"]}
    assert await ids(city="karachi") == {karachi_football["id"]}
    assert await ids(skill=2) == {run_morning["id"], karachi_football["id"]}
    assert await ids(q="sunrise") == {run_morning["id"]}
    assert await ids(lat=31.52, lng=74.36, radius_km=30) == {padel_evening["id"], run_morning["id"]}
    assert await ids(lat=24.86, lng=67.00, radius_km=10) == {karachi_football["id"]}
    nearest = (
        await client.get(
            "/api/v1/activities",
            params={"lat": 31.5497, "lng": 74.3436, "radius_km": 2000, "sort": "nearest"},
        )
    ).json()["items"]
    assert [item["id"] for item in nearest] == [
        run_morning["id"],
        padel_evening["id"],
        karachi_football["id"],
    ]
    assert nearest[0]["distance_km"] == 0.0

    joiner = await sign_in(runtime, await create_member(runtime, PHONES[1], handle="joiner"))
    football_id = karachi_football["id"]
    await client.post(f"/api/v1/activities/{football_id}/requests", json={}, headers=joiner)
    request_id = (await client.get(f"/api/v1/activities/{football_id}/requests", headers=headers)).json()[0][
        "id"
    ]
    await client.post(
        f"/api/v1/requests/{request_id}/decision", json={"decision": "approve"}, headers=headers
    )
    assert karachi_football["id"] not in await ids(has_spots="true")


async def test_discovery_by_host_lists_what_one_member_hosts_that_the_viewer_may_see(client, runtime, host):
    member, headers = host
    other = await create_member(runtime, PHONES[1], handle="other_host")
    other_headers = await sign_in(runtime, other)
    shown = await host_activity(client, headers)
    await host_activity(client, headers, visibility="link_only")
    await host_activity(client, other_headers, title="Someone else's game")
    viewer = await sign_in(runtime, await create_member(runtime, PHONES[2], handle="viewer"))

    response = await client.get("/api/v1/activities", params={"host_id": str(member.id)}, headers=viewer)

    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()["items"]] == [shown["id"]]
    bad = await client.get("/api/v1/activities", params={"host_id": "not-a-uuid"}, headers=viewer)
    assert bad.status_code == 422, bad.text


@pytest.mark.parametrize(
    "params",
    [
        {"lat": 31.5},
        {"radius_km": 5},
        {"lat": 31.5, "lng": 74.3, "radius_km": 0},
        {"lat": 95, "lng": 74.3},
        {"sort": "nearest"},
        {"skill": 9},
        {"my_circles": "true"},
        {"cursor": "WyJub3QtYS1kYXRlIiwibm90LWEtdXVpZCJd"},
    ],
)
async def test_bad_filters_are_clear_422s(client, params):
    response = await client.get("/api/v1/activities", params=params)
    assert response.status_code == 422, response.text


async def test_pages_follow_each_other_without_gaps(client, host):
    _, headers = host
    created = []
    for day in range(1, 6):
        start = (utcnow() + timedelta(days=day)).replace(microsecond=0)
        created.append(
            (
                await host_activity(
                    client,
                    headers,
                    starts_at=start.isoformat(),
                    ends_at=(start + timedelta(hours=1)).isoformat(),
                )
            )["id"]
        )
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/api/v1/activities", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == created

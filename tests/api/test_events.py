"""Hosting events: create, edit, cancel, cover pictures, visibility, discovery, tiers, share pages and
requests to join events the host approves."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from tests.events import buy, event_payload, host_event, notifications_of, sold, tier
from tests.helpers import PHONES, create_member, sign_in
from tests.venues import venue_row


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_noor", name="Noor Hassan")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def guests(runtime):
    members = [
        await create_member(runtime, PHONES[n], handle=f"guest_{n}", name=f"Guest {n}") for n in range(1, 5)
    ]
    return [(member, await sign_in(runtime, member)) for member in members]


async def test_host_creates_an_event_with_tiers_and_a_share_link(client, host):
    _, headers = host
    event = await host_event(
        client,
        headers,
        tiers=[tier("Early bird", 1200, 20, per_order_limit=2), tier("Regular", 1500, 30)],
        allow_pay_at_venue=True,
    )
    assert event["slug"].startswith("qawwali-night")
    assert event["share_url"] == f"http://testserver/e/{event['slug']}"
    assert [(t["name"], t["price_pkr"], t["available"], t["on_sale"]) for t in event["tiers"]] == [
        ("Early bird", 1200, 20, True),
        ("Regular", 1500, 30, True),
    ]
    assert event["price_from_pkr"] == 1200
    assert event["tickets_left"] == 50
    assert event["status"] == "published"
    assert event["host"]["handle"] == "host_noor"
    by_slug = await client.get(f"/api/v1/events/by-slug/{event['slug']}")
    assert by_slug.json()["id"] == event["id"]


async def test_a_new_event_and_its_tiers_are_stored_with_their_text_trimmed(client, host):
    _, headers = host
    event = await host_event(
        client,
        headers,
        title="  Qawwali night  ",
        description=" Sufi kalam. ",
        visibility="link_only",
        tiers=[tier(" Early bird ", 1200, 20, description=" Before 9 pm ", per_order_limit=2)],
    )
    assert (event["title"], event["description"], event["visibility"]) == (
        "Qawwali night",
        "Sufi kalam.",
        "link_only",
    )
    early = event["tiers"][0]
    assert (early["name"], early["description"], early["per_order_limit"]) == ("Early bird", "Before 9 pm", 2)


async def test_creating_needs_sign_in(client):
    response = await client.post("/api/v1/events", json=event_payload())
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": (utcnow() - timedelta(hours=1)).isoformat()}, "starts_at"),
        ({"ends_at": (utcnow() + timedelta(days=1)).isoformat()}, "ends_at"),
        ({"ends_at": (utcnow() + timedelta(days=20)).isoformat()}, "ends_at"),
        ({"place_name": "", "lat": None, "lng": None}, "place_name"),
        ({"capacity": 0}, "capacity"),
        ({"visibility": "circles", "circle_ids": []}, "circle_ids"),
        ({"tiers": [tier("VIP"), tier("vip")]}, "tiers"),
        ({"tiers": [tier(sales_end=(utcnow() + timedelta(days=30)).isoformat())]}, "sales_end"),
        ({"tiers": [tier(price_pkr=-5)]}, "price_pkr"),
    ],
)
async def test_bad_events_are_refused_with_the_field_named(client, host, overrides, field):
    _, headers = host
    response = await client.post("/api/v1/events", json=event_payload(**overrides), headers=headers)
    assert response.status_code == 422, response.text
    assert field in str(response.json()["error"]["details"]) or field in response.json()["error"]["message"]


async def test_an_event_at_a_venue_takes_its_place(client, runtime, host):
    _, headers = host
    venue = await venue_row(runtime, host[0].id)
    event = await host_event(
        client, headers, place_name="", city=None, lat=None, lng=None, venue_id=str(venue.id)
    )
    assert (event["place_name"], event["city"], event["lat"]) == ("Baseline Padel DHA 6", "Lahore", 31.47)


async def test_only_the_host_edits_and_capacity_never_drops_below_tickets_sold(client, runtime, host, guests):
    _, headers = host
    event = await host_event(client, headers)
    refused = await client.patch(
        f"/api/v1/events/{event['id']}", json={"title": "Mine now"}, headers=guests[0][1]
    )
    assert refused.status_code == 403
    await buy(client, event, guests[0][1], quantity=3)
    too_small = await client.patch(f"/api/v1/events/{event['id']}", json={"capacity": 2}, headers=headers)
    assert too_small.status_code == 422
    assert too_small.json()["error"]["details"]["fields"] == {
        "capacity": "3 tickets are already sold; capacity cannot go below that."
    }
    changed = await client.patch(
        f"/api/v1/events/{event['id']}", json={"capacity": 3, "title": "  Qawwali night  "}, headers=headers
    )
    assert changed.json()["capacity"] == 3
    assert changed.json()["title"] == "Qawwali night"
    assert changed.json()["tickets_left"] == 0
    unknown = await client.patch(f"/api/v1/events/{event['id']}", json={"featured": True}, headers=headers)
    assert unknown.status_code == 422


async def test_moving_an_event_tells_ticket_holders(client, runtime, host, guests):
    _, headers = host
    event = await host_event(client, headers)
    await buy(client, event, guests[0][1])
    later = utcnow().replace(microsecond=0) + timedelta(days=5)
    moved = await client.patch(
        f"/api/v1/events/{event['id']}",
        json={"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=2)).isoformat()},
        headers=headers,
    )
    assert moved.status_code == 200
    assert len(await notifications_of(runtime, guests[0][0].id, "event_changed")) == 1


async def test_cover_pictures_are_checked_and_served(client, host, guests):
    _, headers = host
    event = await host_event(client, headers)
    picture = io.BytesIO()
    Image.new("RGB", (2400, 1260), "#6366F1").save(picture, "PNG")
    uploaded = await client.put(
        f"/api/v1/events/{event['id']}/cover",
        files={"file": ("cover.png", picture.getvalue(), "image/png")},
        headers=headers,
    )
    assert uploaded.status_code == 200, uploaded.text
    cover_url = uploaded.json()["cover_url"]
    served = await client.get(cover_url)
    assert served.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(served.content)).size == (1200, 630)
    fake = await client.put(
        f"/api/v1/events/{event['id']}/cover",
        files={"file": ("cover.png", b"<svg onload=alert(1)>", "image/png")},
        headers=headers,
    )
    assert fake.status_code == 422
    not_mine = await client.put(
        f"/api/v1/events/{event['id']}/cover",
        files={"file": ("cover.png", picture.getvalue(), "image/png")},
        headers=guests[0][1],
    )
    assert not_mine.status_code == 403
    removed = await client.delete(f"/api/v1/events/{event['id']}/cover", headers=headers)
    assert removed.json()["cover_url"] is None


async def test_circle_events_only_for_circle_members_and_link_only_never_listed(
    client, runtime, host, guests
):
    host_member, headers = host
    insider, outsider = guests[0][0], guests[1][0]
    async with runtime.session_factory() as session:
        circle = m.Circle(owner_id=host_member.id, slug="sufi-nights", name="Sufi nights")
        session.add(circle)
        await session.flush()
        session.add_all(
            [
                m.CircleMember(circle_id=circle.id, user_id=host_member.id, role=m.CircleRole.OWNER),
                m.CircleMember(circle_id=circle.id, user_id=insider.id),
            ]
        )
        await session.commit()
    circles = await host_event(
        client, headers, title="Circle mehfil", visibility="circles", circle_ids=[str(circle.id)]
    )
    link_only = await host_event(client, headers, title="Secret mehfil", visibility="link_only")
    assert circles["circle_ids"] == [str(circle.id)]

    async def listed(headers=None):
        return [e["title"] for e in (await client.get("/api/v1/events", headers=headers)).json()["items"]]

    assert await listed(guests[0][1]) == ["Circle mehfil"]
    assert await listed(guests[1][1]) == []
    assert await listed() == []
    assert (await client.get(f"/api/v1/events/{circles['id']}", headers=guests[1][1])).status_code == 404
    assert (await client.get(f"/api/v1/events/{link_only['id']}", headers=guests[1][1])).status_code == 200
    assert (await client.get(f"/api/v1/public/events/{circles['slug']}")).status_code == 404
    refused = await buy(client, circles, guests[1][1])
    assert refused.status_code == 404
    assert outsider.id != insider.id


async def test_blocked_hosts_events_disappear_both_ways(client, runtime, host, guests):
    host_member, headers = host
    event = await host_event(client, headers)
    async with runtime.session_factory() as session:
        session.add(m.Block(blocker_id=guests[0][0].id, blocked_id=host_member.id))
        await session.commit()
    listed = (await client.get("/api/v1/events", headers=guests[0][1])).json()["items"]
    assert listed == []
    assert (await client.get(f"/api/v1/events/{event['id']}", headers=guests[0][1])).status_code == 404


async def test_public_share_page_shows_no_phones_and_attendees_only_for_public_events(client, host, guests):
    _, headers = host
    public = await host_event(client, headers)
    hidden = await host_event(client, headers, title="Link only mehfil", visibility="link_only")
    for event in (public, hidden):
        assert (await buy(client, event, guests[0][1])).status_code == 201
    shown = (await client.get(f"/api/v1/public/events/{public['slug']}")).json()
    assert [person["handle"] for person in shown["attendees"]] == ["guest_1"]
    assert shown["host_name"] == "Noor"
    assert shown["tickets_left"] == 49
    assert "+92" not in str(shown)
    assert "phone" not in str(shown)
    private = (await client.get(f"/api/v1/public/events/{hidden['slug']}")).json()
    assert private["attendees"] is None
    assert (await client.get("/api/v1/public/events/no-such-slug")).status_code == 404


async def test_discovery_filters(client, runtime, host, guests):
    _, headers = host
    soon = utcnow().replace(microsecond=0) + timedelta(days=1)
    later = soon + timedelta(days=10)

    def at(start):
        return {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat()}

    await host_event(client, headers, title="Lahore qawwali", **at(soon))
    await host_event(
        client,
        headers,
        title="Karachi beach run",
        city="Karachi",
        lat=24.796,
        lng=67.046,
        place_name="Sea View",
        **at(later),
    )
    featured = await host_event(
        client,
        guests[0][1],
        title="Islamabad board games",
        city="Islamabad",
        lat=33.68,
        lng=73.04,
        **at(later),
    )
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.Event).where(m.Event.id == featured["id"]).values(featured=True))
        await session.commit()

    async def titles(**params):
        response = await client.get("/api/v1/events", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [event["title"] for event in response.json()["items"]]

    assert await titles() == ["Lahore qawwali", "Karachi beach run", "Islamabad board games"]
    assert await titles(city="karachi") == ["Karachi beach run"]
    assert await titles(starts_before=(soon + timedelta(days=2)).isoformat()) == ["Lahore qawwali"]
    assert await titles(starts_after=(soon + timedelta(days=2)).isoformat()) == [
        "Karachi beach run",
        "Islamabad board games",
    ]
    assert await titles(lat=24.86, lng=67.0, radius_km=30) == ["Karachi beach run"]
    assert await titles(q="BOARD") == ["Islamabad board games"]
    assert await titles(featured="true") == ["Islamabad board games"]
    assert await titles(hosted_by_me="true") == ["Lahore qawwali", "Karachi beach run"]
    first = (await client.get("/api/v1/events", params={"limit": 2})).json()
    second = (await client.get("/api/v1/events", params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [e["title"] for e in first["items"] + second["items"]] == await titles()
    assert second["next_cursor"] is None
    bad = await client.get("/api/v1/events", params={"lat": 31.5})
    assert bad.status_code == 422
    assert (await client.get("/api/v1/events", params={"cursor": "forged"})).status_code == 422


async def test_cancelling_voids_tickets_refunds_and_tells_everyone(client, runtime, host, guests, worker):
    _, headers = host
    event = await host_event(
        client, headers, allow_pay_at_venue=True, tiers=[tier("Free", 0, 10), tier("Paid", 2000, 10)]
    )
    free = (await buy(client, event, guests[0][1])).json()
    reserved = (await buy(client, event, guests[1][1], tier_index=1)).json()
    at_venue = (await buy(client, event, guests[2][1], tier_index=1, pay_at_venue=True)).json()
    await client.post(f"/api/v1/orders/{at_venue['id']}/mark-paid", headers=headers)
    cancelled = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    statuses = {
        order["id"]: (await client.get(f"/api/v1/orders/{order['id']}", headers=h)).json()
        for order, h in ((free, guests[0][1]), (reserved, guests[1][1]), (at_venue, guests[2][1]))
    }
    assert statuses[free["id"]]["status"] == "paid"
    assert statuses[reserved["id"]]["status"] == "cancelled"
    assert statuses[at_venue["id"]]["status"] == "refunded"
    assert {t["status"] for s in statuses.values() for t in s["tickets"]} == {"void"}
    for guest, _ in guests[:3]:
        assert len(await notifications_of(runtime, guest.id, "event_cancelled")) == 1
    again = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=headers)
    assert again.status_code == 409
    assert (await buy(client, event, guests[3][1])).status_code == 409
    listed = (await client.get("/api/v1/events", headers=guests[3][1])).json()["items"]
    assert listed == []


async def test_host_manages_tiers_but_never_below_what_is_sold(client, runtime, host, guests):
    _, headers = host
    event = await host_event(client, headers)
    added = await client.post(
        f"/api/v1/events/{event['id']}/tiers", json=tier("VIP", 5000, 5, per_order_limit=1), headers=headers
    )
    assert added.status_code == 201
    vip = added.json()
    assert (vip["name"], vip["available"], vip["per_order_limit"]) == ("VIP", 5, 1)
    twice = await client.post(f"/api/v1/events/{event['id']}/tiers", json=tier("vip"), headers=headers)
    assert twice.status_code == 409
    not_host = await client.post(
        f"/api/v1/events/{event['id']}/tiers", json=tier("Mine"), headers=guests[0][1]
    )
    assert not_host.status_code == 403
    general = event["tiers"][0]
    await buy(client, event, guests[0][1], quantity=4)
    below = await client.patch(
        f"/api/v1/events/{event['id']}/tiers/{general['id']}", json={"quantity": 3}, headers=headers
    )
    assert below.status_code == 422
    resized = await client.patch(
        f"/api/v1/events/{event['id']}/tiers/{general['id']}",
        json={"quantity": 4, "price_pkr": 100},
        headers=headers,
    )
    assert (resized.json()["quantity"], resized.json()["available"], resized.json()["price_pkr"]) == (
        4,
        0,
        100,
    )
    assert (
        await client.delete(f"/api/v1/events/{event['id']}/tiers/{general['id']}", headers=headers)
    ).status_code == 409
    assert (
        await client.delete(f"/api/v1/events/{event['id']}/tiers/{vip['id']}", headers=headers)
    ).status_code == 204
    assert await sold(runtime, event["id"]) == (4, [4])


async def test_sales_windows_are_kept(client, host, guests):
    _, headers = host
    opens = utcnow() + timedelta(hours=5)
    event = await host_event(client, headers, tiers=[tier("Later", sales_start=opens.isoformat())])
    assert event["tiers"][0]["on_sale"] is False
    refused = await buy(client, event, guests[0][1])
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_on_sale"
    bad = await client.patch(
        f"/api/v1/events/{event['id']}/tiers/{event['tiers'][0]['id']}",
        json={"sales_end": (opens - timedelta(hours=1)).isoformat()},
        headers=headers,
    )
    assert bad.status_code == 422


# Requests to join ------------------------------------------------------------------------------


async def test_approval_events_need_a_request_then_the_host_approves_from_the_inbox(
    client, runtime, host, guests
):
    _, headers = host
    event = await host_event(client, headers, title="Margalla sunrise hike", approval_required=True)
    guest, guest_headers = guests[0]
    refused = await buy(client, event, guest_headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "request_to_join_first"
    assert "request to join first" in refused.json()["error"]["message"]
    request = await client.post(
        f"/api/v1/events/{event['id']}/requests",
        json={"message": "Hiked Trail 5 last week"},
        headers=guest_headers,
    )
    assert request.status_code == 201
    assert (request.json()["status"], request.json()["event_id"]) == ("pending", event["id"])
    inbox = (await client.get("/api/v1/inbox", headers=headers)).json()
    assert inbox["counts"] == {"pending": 1, "waitlisted": 0}
    item = inbox["items"][0]
    assert (item["activity"], item["event"]["title"], item["event"]["tickets_left"]) == (
        None,
        "Margalla sunrise hike",
        100,
    )
    assert (await buy(client, event, guest_headers)).status_code == 403
    decided = await client.post(
        f"/api/v1/requests/{request.json()['id']}/decision", json={"decision": "approve"}, headers=headers
    )
    assert decided.json()["status"] == "approved"
    assert len(await notifications_of(runtime, guest.id, "event_request_approved")) == 1
    detail = (await client.get(f"/api/v1/events/{event['id']}", headers=guest_headers)).json()
    assert detail["my_request"]["status"] == "approved"
    assert (await buy(client, event, guest_headers)).status_code == 201
    assert (await client.get("/api/v1/inbox", headers=headers)).json()["items"] == []


async def test_event_requests_follow_the_join_request_machine(client, host, guests):
    _, headers = host
    event = await host_event(client, headers, approval_required=True)
    open_event = await host_event(client, headers, title="Open mehfil")
    not_needed = await client.post(
        f"/api/v1/events/{open_event['id']}/requests", json={}, headers=guests[0][1]
    )
    assert not_needed.status_code == 409
    first = (
        await client.post(f"/api/v1/events/{event['id']}/requests", json={}, headers=guests[0][1])
    ).json()
    assert (
        await client.post(f"/api/v1/events/{event['id']}/requests", json={}, headers=guests[0][1])
    ).status_code == 409
    assert (
        await client.post(f"/api/v1/events/{event['id']}/requests", json={}, headers=headers)
    ).status_code == 409
    stranger = await client.post(
        f"/api/v1/requests/{first['id']}/decision", json={"decision": "approve"}, headers=guests[1][1]
    )
    assert stranger.status_code == 404
    rejected = await client.post(
        f"/api/v1/requests/{first['id']}/decision", json={"decision": "reject"}, headers=headers
    )
    assert rejected.json()["status"] == "rejected"
    again = await client.post(
        f"/api/v1/requests/{first['id']}/decision", json={"decision": "approve"}, headers=headers
    )
    assert again.status_code == 409
    assert (await buy(client, event, guests[0][1])).status_code == 403
    second = (
        await client.post(f"/api/v1/events/{event['id']}/requests", json={}, headers=guests[1][1])
    ).json()
    withdrawn = await client.post(f"/api/v1/requests/{second['id']}/withdraw", headers=guests[1][1])
    assert withdrawn.json()["status"] == "withdrawn"
    listed = (await client.get(f"/api/v1/events/{event['id']}/requests", headers=headers)).json()
    assert [r["status"] for r in listed] == ["rejected", "withdrawn"]
    assert (
        await client.get(f"/api/v1/events/{event['id']}/requests", headers=guests[0][1])
    ).status_code == 403
    batch = await client.post(
        "/api/v1/inbox/decisions",
        json={"request_ids": [second["id"]], "decision": "approve"},
        headers=headers,
    )
    assert batch.json()[0]["error"] == "A request that is withdrawn cannot become approved."

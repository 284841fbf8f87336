"""Reminders on WhatsApp: every confirmation the API returns (a booking confirmed, tickets issued, a
join approved) carries a one-tap `https://wa.me/?text=...` share with the details, the time in
Pakistan, the place and the link to open (the share page or the QR code), built by one helper."""

from datetime import UTC, datetime
from urllib.parse import unquote

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.whatsapp import WHATSAPP_SHARE, whatsapp_url
from tests.events import buy, event_payload, host_event, tier
from tests.hosting import host_activity, joined
from tests.social import person
from tests.venues import at, booking_payload, open_venue, venue_owner


def message(url: str) -> str:
    assert url.startswith(WHATSAPP_SHARE)
    text = url.removeprefix(WHATSAPP_SHARE)
    assert " " not in text
    assert "\n" not in text, "the whole message is URL-encoded"
    return unquote(text)


def test_the_helper_writes_local_time_place_and_link_then_encodes_it_all():
    url = whatsapp_url(
        "Padel court booked: Court 1, Court Nine & Co",
        starts_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 27, 16, 30, tzinfo=UTC),
        place="Plot 9, Gulberg III, Lahore",
        link="https://scene.pk/bookings/1?x=y",
        language="en",
        details=["Code: ABC"],
    )
    assert "%26" in url, "an ampersand cannot end the text early"
    assert message(url).split("\n") == [
        "Padel court booked: Court 1, Court Nine & Co",
        "Fri 27 Nov, 8:00 pm \u2013 9:30 pm",
        "Plot 9, Gulberg III, Lahore",
        "Code: ABC",
        "https://scene.pk/bookings/1?x=y",
    ]


async def test_a_confirmed_booking_offers_its_share_and_a_hold_does_not(client, runtime):
    venue = await open_venue(client, await venue_owner(runtime))
    ayesha = await person(runtime, 1, "ayesha")
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(venue["courts"][0]["id"], at(3, 20)), headers=ayesha.headers
    )
    assert held.json()["whatsapp_url"] is None

    confirmed = await client.post(
        f"/api/v1/bookings/{held.json()['id']}/pay-at-venue", headers=ayesha.headers
    )

    text = message(confirmed.json()["whatsapp_url"])
    assert "Court 1, Court Nine Padel" in text
    assert "8:00 pm \u2013 9:00 pm" in text
    assert "Main Boulevard, Gulberg III, Lahore" in text
    assert text.endswith(f"http://testserver/bookings/{held.json()['id']}")
    listed = (await client.get("/api/v1/bookings", headers=ayesha.headers)).json()["items"]
    assert listed[0]["whatsapp_url"] == confirmed.json()["whatsapp_url"]


async def test_issued_tickets_offer_their_share(client, runtime):
    host = await person(runtime, 1, "host")
    buyer = await person(runtime, 2, "buyer")
    event = await host_event(client, host.headers, tiers=[tier("General", 0, 10), tier("VIP", 3000, 10)])

    free = (await buy(client, event, buyer.headers, quantity=2)).json()
    reserved = (await buy(client, event, await _other_buyer(runtime), tier_index=1)).json()

    text = message(free["whatsapp_url"])
    assert text.startswith(f"Tickets for {event_payload()['title']}: 2 x General")
    assert "Alhamra Open Air Theatre, Lahore" in text
    assert f"http://testserver/orders/{free['id']}" in text
    assert f"http://testserver/e/{event['slug']}" in text
    assert all(
        message(ticket["whatsapp_url"]).endswith(f"/tickets/{ticket['id']}") for ticket in free["tickets"]
    )
    assert reserved["whatsapp_url"] is None, "no tickets until it is paid"


async def _other_buyer(runtime) -> dict[str, str]:
    return (await person(runtime, 3, "other_buyer")).headers


async def test_an_approved_join_offers_its_share_and_a_pending_one_does_not(client, runtime):
    host = await person(runtime, 1, "host")
    ayesha, bilal = await person(runtime, 2, "ayesha"), await person(runtime, 3, "bilal")
    open_to_all = await host_activity(client, host, auto_approve=True)
    asks_first = await host_activity(client, host, title="Padel, host decides")

    approved = await joined(client, open_to_all, ayesha)
    pending = await joined(client, asks_first, bilal)
    decided = await client.post(
        f"/api/v1/requests/{pending['id']}/decision", json={"decision": "approve"}, headers=host.headers
    )

    assert pending["whatsapp_url"] is None
    text = message(approved["whatsapp_url"])
    assert text.startswith(f"I'm in: {open_to_all['title']}")
    assert "Padel Arena DHA Phase 6, Lahore" in text
    assert text.endswith(f"http://testserver/a/{open_to_all['slug']}")
    assert message(decided.json()["whatsapp_url"]).endswith(f"/a/{asks_first['slug']}")


def test_the_message_reads_in_the_members_language():
    url = whatsapp_url(
        Message("whatsapp.im_in", title="Padel at DHA"),
        language="ur",
        starts_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        place="DHA Phase 6, Lahore",
        link="https://scene.pk/a/padel",
    )
    assert message(url).split("\n")[:2] == ["میں شامل ہوں: Padel at DHA", "جمعہ 27 نومبر\u060c رات 8:00"]


async def test_an_urdu_members_booking_share_is_in_urdu(client, runtime):
    venue = await open_venue(client, await venue_owner(runtime))
    sana = await person(runtime, 1, "sana")
    async with runtime.session_factory() as session, session.begin():
        await session.execute(sa.update(m.User).where(m.User.handle == "sana").values(locale="ur"))
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(venue["courts"][0]["id"], at(3, 20)), headers=sana.headers
    )
    confirmed = await client.post(f"/api/v1/bookings/{held.json()['id']}/pay-at-venue", headers=sana.headers)

    text = message(confirmed.json()["whatsapp_url"])
    assert text.startswith("Padel کورٹ بُک ہو گیا: Court 1")


async def test_an_approved_event_request_offers_its_share(client, runtime):
    host = await person(runtime, 1, "host")
    guest = await person(runtime, 2, "guest")
    event = await host_event(client, host.headers, title="Margalla sunrise hike", approval_required=True)
    asked = await client.post(f"/api/v1/events/{event['id']}/requests", json={}, headers=guest.headers)
    assert asked.json()["whatsapp_url"] is None

    decided = await client.post(
        f"/api/v1/requests/{asked.json()['id']}/decision", json={"decision": "approve"}, headers=host.headers
    )

    text = message(decided.json()["whatsapp_url"])
    assert text.startswith("I'm approved for Margalla sunrise hike")
    assert text.endswith(f"http://testserver/e/{event['slug']}")
    detail = (await client.get(f"/api/v1/events/{event['id']}", headers=guest.headers)).json()
    assert detail["my_request"]["whatsapp_url"] == decided.json()["whatsapp_url"]

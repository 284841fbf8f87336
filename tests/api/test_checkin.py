"""The door: checking tickets in once, void tickets refused, the live count, the attendee list and CSV."""

import csv
import io
from datetime import datetime

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import clock
from tests.events import buy, host_event, tier
from tests.helpers import PHONES, create_member, sign_in


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_ayesha", name="Ayesha Runs")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def guests(runtime):
    members = [
        await create_member(runtime, PHONES[n], handle=f"runner_{n}", name=f"Runner {n}") for n in range(1, 4)
    ]
    return [(member, await sign_in(runtime, member)) for member in members]


async def event_with_tickets(client, host, guests, **fields):
    event = await host_event(client, host[1], **fields)
    orders = [(await buy(client, event, headers)).json() for _, headers in guests]
    return event, orders


async def check_in(client, event, headers, **body):
    return await client.post(f"/api/v1/events/{event['id']}/checkin", json=body, headers=headers)


async def test_a_typed_code_checks_in_once(client, host, guests):
    event, orders = await event_with_tickets(client, host, guests)
    ticket = orders[0]["tickets"][0]
    typed = f" {ticket['code'][:5].lower()}-{ticket['code'][5:]} "
    admitted = await check_in(client, event, host[1], code=typed)
    assert admitted.status_code == 200, admitted.text
    body = admitted.json()
    assert (body["ticket_code"], body["holder"]["handle"], body["tier_name"]) == (
        ticket["code"],
        "runner_1",
        "General",
    )
    assert body["stats"] == {"checked_in": 1, "tickets": 3}
    again = await check_in(client, event, host[1], code=ticket["code"])
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already_checked_in"
    at = datetime.fromisoformat(error["details"]["checked_in_at"])
    assert error["message"] == f"Already checked in at {clock(at)}."
    mine = (await client.get(f"/api/v1/orders/{orders[0]['id']}", headers=guests[0][1])).json()
    assert mine["tickets"][0]["status"] == "checked_in"


async def test_a_scanned_qr_token_checks_in_and_forgeries_are_refused(client, host, guests):
    event, orders = await event_with_tickets(client, host, guests)
    other_event, other_orders = await event_with_tickets(client, host, guests[:1], title="Another night")
    token = orders[1]["tickets"][0]["qr_token"]
    assert (await check_in(client, event, host[1], token=token)).status_code == 200
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    refused = await check_in(client, event, host[1], token=forged)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["fields"] == {"token": "This QR code is not a Scene ticket."}
    elsewhere = await check_in(client, event, host[1], token=other_orders[0]["tickets"][0]["qr_token"])
    assert elsewhere.status_code == 404
    assert (await check_in(client, event, host[1])).status_code == 422
    assert (await check_in(client, event, host[1], code="NOSUCHCODE")).status_code == 404
    assert other_event["id"] != event["id"]


async def test_only_the_host_works_the_door(client, host, guests):
    event, orders = await event_with_tickets(client, host, guests)
    code = orders[0]["tickets"][0]["code"]
    assert (await check_in(client, event, guests[0][1], code=code)).status_code == 403
    assert (
        await client.get(f"/api/v1/events/{event['id']}/checkin/stats", headers=guests[0][1])
    ).status_code == 403
    assert (
        await client.get(f"/api/v1/events/{event['id']}/attendees", headers=guests[0][1])
    ).status_code == 403
    assert (
        await client.get(f"/api/v1/events/{event['id']}/attendees.csv", headers=guests[0][1])
    ).status_code == 403


async def test_void_tickets_are_refused_and_pay_at_venue_shows_what_to_collect(client, host, guests):
    event = await host_event(
        client, host[1], allow_pay_at_venue=True, tiers=[tier("Entry", 1500, 10, per_order_limit=2)]
    )
    cancelled = (await buy(client, event, guests[0][1], pay_at_venue=True)).json()
    await client.post(f"/api/v1/orders/{cancelled['id']}/cancel", headers=guests[0][1])
    void = await check_in(client, event, host[1], code=cancelled["tickets"][0]["code"])
    assert void.status_code == 409
    assert void.json()["error"]["code"] == "ticket_void"
    unpaid = (await buy(client, event, guests[1][1], pay_at_venue=True, quantity=2)).json()
    collect = await check_in(client, event, host[1], code=unpaid["tickets"][0]["code"])
    assert collect.json()["amount_due_pkr"] == 3000
    await client.post(f"/api/v1/orders/{unpaid['id']}/mark-paid", headers=host[1])
    settled = await check_in(client, event, host[1], code=unpaid["tickets"][1]["code"])
    assert settled.json()["amount_due_pkr"] == 0
    stats = (await client.get(f"/api/v1/events/{event['id']}/checkin/stats", headers=host[1])).json()
    assert stats == {"checked_in": 2, "tickets": 2}


async def test_the_attendee_list_masks_phones_unless_the_host_is_an_admin(client, runtime, host, guests):
    event, _ = await event_with_tickets(client, host, guests)
    listed = (await client.get(f"/api/v1/events/{event['id']}/attendees", headers=host[1])).json()
    assert [a["holder"]["handle"] for a in listed["items"]] == ["runner_3", "runner_2", "runner_1"]
    assert {a["phone"] for a in listed["items"]} == {f"+92 3** ***{phone[-4:]}" for phone in PHONES[1:4]}
    page = (
        await client.get(f"/api/v1/events/{event['id']}/attendees", params={"limit": 2}, headers=host[1])
    ).json()
    rest = (
        await client.get(
            f"/api/v1/events/{event['id']}/attendees",
            params={"limit": 2, "cursor": page["next_cursor"]},
            headers=host[1],
        )
    ).json()
    assert [a["ticket_id"] for a in page["items"] + rest["items"]] == [
        a["ticket_id"] for a in listed["items"]
    ]
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.User).where(m.User.id == host[0].id).values(role=m.UserRole.ADMIN))
        await session.commit()
    admin_view = (await client.get(f"/api/v1/events/{event['id']}/attendees", headers=host[1])).json()
    assert {a["phone"] for a in admin_view["items"]} == set(PHONES[1:4])


async def test_the_attendee_csv_downloads_by_name_with_formulas_defused(client, runtime, host, guests):
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.User).where(m.User.id == guests[0][0].id).values(name='=HYPERLINK("http://evil")')
        )
        await session.commit()
    event, orders = await event_with_tickets(client, host, guests)
    await check_in(client, event, host[1], code=orders[1]["tickets"][0]["code"])
    export = await client.get(f"/api/v1/events/{event['id']}/attendees.csv", headers=host[1])
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert export.headers["content-disposition"] == f'attachment; filename="{event["slug"]}-attendees.csv"'
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [row["name"] for row in rows] == ['\'=HYPERLINK("http://evil")', "Runner 2", "Runner 3"]
    assert [row["ticket_status"] for row in rows] == ["valid", "checked_in", "valid"]
    assert rows[1]["checked_in_at"].endswith("+05:00")
    assert all(row["phone"].startswith("'+92 3** ***") for row in rows)  # a leading + would be a formula

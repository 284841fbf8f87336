"""Orders: reservations, free checkout, pay at venue, the payments contract, tickets with signed QR
codes, every move of the order machine, and the waitlist of a sold-out event."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.payments.targets import target_for
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.qr import read_booking_token, read_ticket_token
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.events import buy, host_event, make_overdue, notifications_of, sold, tier
from tests.factories import PaymentFactory, persist
from tests.helpers import PHONES, create_member, sign_in
from tests.payments.browser import pay


@pytest.fixture
async def host(runtime):
    member = await create_member(runtime, PHONES[0], handle="host_bilal", name="Bilal Courts")
    return member, await sign_in(runtime, member)


@pytest.fixture
async def guests(runtime):
    members = [
        await create_member(runtime, PHONES[n], handle=f"buyer_{n}", name=f"Buyer {n}") for n in range(1, 6)
    ]
    return [(member, await sign_in(runtime, member)) for member in members]


async def test_free_tickets_are_issued_at_once_with_signed_qr_codes(client, runtime, host, guests):
    event = await host_event(client, host[1])
    buyer, headers = guests[0]
    answer = await buy(client, event, headers, quantity=2)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert (order["status"], order["amount_pkr"], order["expires_at"]) == ("paid", 0, None)
    assert [t["status"] for t in order["tickets"]] == ["valid", "valid"]
    key = runtime.settings.qr_signing_key
    for ticket in order["tickets"]:
        assert read_ticket_token(key, ticket["qr_token"]) == (
            m.Ticket.id.type.python_type(ticket["id"]),
            ticket["code"],
        )
        assert read_booking_token(key, ticket["qr_token"]) is None
        assert ticket["qr_svg"].startswith("data:image/svg+xml")
    assert await sold(runtime, event["id"]) == (2, [2])
    mine = (await client.get("/api/v1/orders", headers=headers)).json()
    assert [o["id"] for o in mine["items"]] == [order["id"]]
    assert len(await notifications_of(runtime, buyer.id, "order_paid")) == 1


async def test_a_paid_tier_is_reserved_for_hold_minutes_and_its_expiry_is_scheduled(
    client, runtime, host, guests
):
    event = await host_event(client, host[1], tiers=[tier("Player", 3500, 32, per_order_limit=2)])
    order = (await buy(client, event, guests[0][1], quantity=2)).json()
    assert (order["status"], order["amount_pkr"], order["tickets"]) == ("reserved", 7000, [])
    expires_at = datetime.fromisoformat(order["expires_at"])
    hold = timedelta(minutes=runtime.settings.hold_minutes)
    assert abs(expires_at - (utcnow() + hold)) < timedelta(seconds=30)
    job = await runtime.queue.job(f"order-expiry:{order['id']}")
    assert job is not None
    assert job.function == "expire_order"
    assert abs(job.scheduled - expires_at.timestamp()) <= 1
    assert await sold(runtime, event["id"]) == (2, [2])


async def test_buying_rules(client, runtime, host, guests):
    event = await host_event(
        client, host[1], capacity=3, tiers=[tier("A", 1000, 5, per_order_limit=2), tier("B", 0, 5)]
    )
    too_many = await buy(client, event, guests[0][1], quantity=3)
    assert too_many.status_code == 422
    assert too_many.json()["error"]["details"]["fields"] == {"quantity": "At most 2 A tickets per order."}
    assert (await buy(client, event, host[1])).status_code == 409
    first = (await buy(client, event, guests[0][1], quantity=2)).json()
    second = await buy(client, event, guests[0][1])
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "reservation_open"
    short = await buy(client, event, guests[1][1], tier_index=1, quantity=2)
    assert short.status_code == 409
    assert short.json()["error"] == {
        "code": "sold_out",
        "message": "Only 1 B tickets left.",
        "details": {"available": 1},
    }
    detail = (await client.get(f"/api/v1/events/{event['id']}", headers=guests[1][1])).json()
    assert [t["available"] for t in detail["tiers"]] == [1, 1]
    assert detail["tickets_left"] == 1
    assert (await buy(client, event, guests[1][1], tier_index=1)).status_code == 201
    gone = await buy(client, event, guests[2][1], tier_index=1)
    assert gone.json()["error"]["code"] == "sold_out"
    assert gone.json()["error"]["message"].startswith("Sold out. Join the waitlist")
    cancelled = await client.post(f"/api/v1/orders/{first['id']}/cancel", headers=guests[0][1])
    assert cancelled.json()["status"] == "cancelled"
    assert await sold(runtime, event["id"]) == (1, [0, 1])
    assert (await buy(client, event, guests[2][1], tier_index=1)).status_code == 201
    unknown_tier = await client.post(
        f"/api/v1/events/{event['id']}/orders",
        json={"tier_id": "0192f3c4-0000-7000-8000-000000000000", "quantity": 1},
        headers=guests[3][1],
    )
    assert unknown_tier.status_code == 404


async def test_orders_are_private_to_their_buyer(client, host, guests):
    event = await host_event(client, host[1], tiers=[tier("Paid", 1500, 10)])
    order = (await buy(client, event, guests[0][1])).json()
    assert (await client.get(f"/api/v1/orders/{order['id']}", headers=guests[1][1])).status_code == 404
    assert (
        await client.post(f"/api/v1/orders/{order['id']}/cancel", headers=guests[1][1])
    ).status_code == 404
    assert (await client.get("/api/v1/orders", headers=guests[1][1])).json()["items"] == []
    assert (await client.get(f"/api/v1/orders/{order['id']}")).status_code == 401


async def test_pay_at_venue_issues_tickets_and_the_host_marks_it_paid(client, runtime, host, guests):
    online_only = await host_event(client, host[1], tiers=[tier("Paid", 2000, 10)])
    refused = await buy(client, online_only, guests[0][1], pay_at_venue=True)
    assert refused.status_code == 422
    event = await host_event(
        client, host[1], title="Padel Americano", allow_pay_at_venue=True, tiers=[tier("Player", 3500, 32)]
    )
    order = (await buy(client, event, guests[0][1], pay_at_venue=True)).json()
    assert (order["status"], order["pay_at_venue"], order["expires_at"]) == ("reserved", True, None)
    assert [t["status"] for t in order["tickets"]] == ["valid"]
    assert await runtime.queue.job(f"order-expiry:{order['id']}") is None
    assert (
        await client.post(f"/api/v1/orders/{order['id']}/mark-paid", headers=guests[0][1])
    ).status_code == 403
    paid = await client.post(f"/api/v1/orders/{order['id']}/mark-paid", headers=host[1])
    assert (paid.json()["status"], len(paid.json()["tickets"])) == ("paid", 1)
    twice = await client.post(f"/api/v1/orders/{order['id']}/mark-paid", headers=host[1])
    assert twice.status_code == 409


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ("paid", "cancel"),
        ("cancelled", "cancel"),
        ("online", "mark-paid"),
        ("free", "mark-paid"),
    ],
)
async def test_only_allowed_order_moves_happen(client, runtime, host, guests, setup, action):
    event = await host_event(
        client, host[1], allow_pay_at_venue=True, tiers=[tier("Free", 0, 10), tier("Paid", 1500, 10)]
    )
    buyer_headers = guests[0][1]
    order = (await buy(client, event, buyer_headers, tier_index=0 if setup in ("paid", "free") else 1)).json()
    if setup == "cancelled":
        await client.post(f"/api/v1/orders/{order['id']}/cancel", headers=buyer_headers)
    before = await sold(runtime, event["id"])
    headers = host[1] if action == "mark-paid" else buyer_headers
    response = await client.post(f"/api/v1/orders/{order['id']}/{action}", headers=headers)
    assert response.status_code == 409, response.text
    assert await sold(runtime, event["id"]) == before


# The payments contract ---------------------------------------------------------------------------


async def paid_order(client, runtime, host, buyer_headers, quantity=1, **event_fields):
    event = await host_event(client, host[1], tiers=[tier("Paid", 2000, 3)], **event_fields)
    order = (await buy(client, event, buyer_headers, quantity=quantity)).json()
    return event, order


async def payment_for(runtime, buyer, order) -> m.Payment:
    payment = PaymentFactory.build(
        payer_id=buyer.id,
        order_id=order["id"],
        amount_pkr=order["amount_pkr"],
        status=m.PaymentStatus.SUCCEEDED,
    )
    async with runtime.session_factory() as session:
        await persist(session, payment)
    return payment


async def test_payment_details_are_for_the_payer_of_a_live_reservation(client, runtime, host, guests):
    (buyer, headers), (other, _) = guests[0], guests[1]
    event, order = await paid_order(client, runtime, host, headers, quantity=2)
    async with provide_services(runtime) as services:
        details = await target_for(services, m.PaymentPurpose.ORDER).payment_details(buyer, order["id"])
    assert details.amount_pkr == 4000
    assert details.description == f"2 x Paid: {event['title']}"
    assert details.expires_at == datetime.fromisoformat(order["expires_at"])
    with pytest.raises(NotFound):
        async with provide_services(runtime) as services:
            await services.orders.payment_details(other, order["id"])
    await make_overdue(runtime, order["id"])
    with pytest.raises(Conflict, match="expired"):
        async with provide_services(runtime) as services:
            await services.orders.payment_details(buyer, order["id"])


async def test_a_successful_payment_issues_tickets_once(client, runtime, host, guests):
    buyer, headers = guests[0]
    _, order = await paid_order(client, runtime, host, headers, quantity=2)
    payment = await payment_for(runtime, buyer, order)
    for _ in range(2):
        async with provide_services(runtime) as services:
            assert await services.orders.payment_succeeded(payment) is True
    paid = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert (paid["status"], len(paid["tickets"])) == ("paid", 2)
    assert paid["expires_at"] is None
    with pytest.raises(Conflict):
        async with provide_services(runtime) as services:
            await services.orders.payment_details(buyer, order["id"])


async def test_a_late_payment_takes_the_tickets_again_while_they_last(client, runtime, host, guests):
    buyer, headers = guests[0]
    event, order = await paid_order(client, runtime, host, headers, quantity=2)
    await make_overdue(runtime, order["id"])
    async with provide_services(runtime) as services:
        assert await services.orders.expire(order["id"]) is True
    assert await sold(runtime, event["id"]) == (0, [0])
    payment = await payment_for(runtime, buyer, order)
    async with provide_services(runtime) as services:
        assert await services.orders.payment_succeeded(payment) is True
    assert await sold(runtime, event["id"]) == (2, [2])
    paid = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert (paid["status"], len(paid["tickets"])) == ("paid", 2)


async def test_a_late_payment_is_refused_when_the_tickets_are_gone(client, runtime, host, guests):
    buyer, headers = guests[0]
    event, order = await paid_order(client, runtime, host, headers, quantity=2)
    await make_overdue(runtime, order["id"])
    taken = await buy(client, event, guests[1][1], quantity=2)
    assert taken.status_code == 201
    assert await sold(runtime, event["id"]) == (2, [2])
    payment = await payment_for(runtime, buyer, order)
    async with provide_services(runtime) as services:
        assert await services.orders.payment_succeeded(payment) is False
    late = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert (late["status"], late["tickets"]) == ("expired", [])
    assert await sold(runtime, event["id"]) == (2, [2])


async def test_a_failed_payment_keeps_the_reservation(client, runtime, host, guests):
    buyer, headers = guests[0]
    _, order = await paid_order(client, runtime, host, headers)
    payment = await payment_for(runtime, buyer, order)
    async with provide_services(runtime) as services:
        await services.orders.payment_failed(payment)
    kept = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert kept["status"] == "reserved"
    assert len(await notifications_of(runtime, buyer.id, "order_payment_failed")) == 1


async def test_paying_online_through_the_sandbox_issues_tickets(client, runtime, host, guests):
    _, headers = guests[0]
    _, order = await paid_order(client, runtime, host, headers, quantity=2)
    checkout = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "order", "target_id": order["id"], "provider": "payfast"},
        headers=headers,
    )
    assert checkout.status_code == 201, checkout.text
    assert checkout.json()["payment"]["amount_pkr"] == 4000
    await pay(client, checkout.json())
    paid = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert (paid["status"], [t["status"] for t in paid["tickets"]]) == ("paid", ["valid", "valid"])


async def test_cancelling_the_event_refunds_what_was_paid_online(client, runtime, host, guests):
    _, headers = guests[0]
    event, order = await paid_order(client, runtime, host, headers)
    checkout = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "order", "target_id": order["id"], "provider": "jazzcash"},
        headers=headers,
    )
    await pay(client, checkout.json())
    await client.post(f"/api/v1/events/{event['id']}/cancel", headers=host[1])
    refunded = (await client.get(f"/api/v1/orders/{order['id']}", headers=headers)).json()
    assert (refunded["status"], [t["status"] for t in refunded["tickets"]]) == ("refunded", ["void"])
    async with runtime.session_factory() as session:
        payment = await session.scalar(sa.select(m.Payment).where(m.Payment.order_id == order["id"]))
    assert payment.status == m.PaymentStatus.REFUNDED


# The waitlist ------------------------------------------------------------------------------------


async def test_the_waitlist_opens_only_when_sold_out(client, host, guests):
    event = await host_event(client, host[1], tiers=[tier("General", 0, 2)])
    early = await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=guests[0][1])
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "not_sold_out"
    await buy(client, event, guests[0][1], quantity=2)
    joined = await client.post(
        f"/api/v1/events/{event['id']}/waitlist", json={"quantity": 2}, headers=guests[1][1]
    )
    assert joined.status_code == 201
    assert (joined.json()["position"], joined.json()["offered_until"]) == (1, None)
    second = await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=guests[2][1])
    assert second.json()["position"] == 2
    assert (
        await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=guests[2][1])
    ).status_code == 409
    detail = (await client.get(f"/api/v1/events/{event['id']}", headers=guests[2][1])).json()
    assert detail["my_waitlist"]["position"] == 2
    assert (
        await client.delete(f"/api/v1/events/{event['id']}/waitlist", headers=guests[2][1])
    ).status_code == 204
    assert (
        await client.delete(f"/api/v1/events/{event['id']}/waitlist", headers=guests[2][1])
    ).status_code == 404
    approval = await host_event(client, host[1], approval_required=True)
    refused = await client.post(f"/api/v1/events/{approval['id']}/waitlist", json={}, headers=guests[0][1])
    assert refused.json()["error"]["code"] == "request_to_join_first"


async def test_freed_tickets_are_offered_in_order_and_held_for_the_offer(client, runtime, host, guests):
    event = await host_event(client, host[1], tiers=[tier("Paid", 1000, 2)])
    first_buyer = (await buy(client, event, guests[0][1], quantity=2)).json()
    for _, headers in guests[1:3]:
        assert (
            await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=headers)
        ).status_code == 201
    await client.post(f"/api/v1/orders/{first_buyer['id']}/cancel", headers=guests[0][1])
    offers = [await notifications_of(runtime, guest.id, "waitlist_offer") for guest, _ in guests[1:3]]
    assert [len(found) for found in offers] == [1, 1]
    assert "held for you until" in offers[0][0].body
    stranger = await buy(client, event, guests[3][1])
    assert stranger.status_code == 409
    assert stranger.json()["error"]["code"] == "sold_out"
    offered = (await client.get(f"/api/v1/events/{event['id']}", headers=guests[1][1])).json()
    assert offered["tiers"][0]["available"] == 1
    assert offered["my_waitlist"]["offered_until"] is not None
    bought = await buy(client, event, guests[1][1])
    assert bought.status_code == 201
    after = (await client.get(f"/api/v1/events/{event['id']}", headers=guests[1][1])).json()
    assert after["my_waitlist"] is None


async def test_an_offer_for_one_goes_to_the_first_who_fits(client, runtime, host, guests):
    event = await host_event(client, host[1], tiers=[tier("Paid", 1000, 3)])
    taken = [(await buy(client, event, headers)).json() for _, headers in guests[:3]]
    await client.post(f"/api/v1/events/{event['id']}/waitlist", json={"quantity": 2}, headers=guests[3][1])
    await client.post(f"/api/v1/events/{event['id']}/waitlist", json={"quantity": 1}, headers=guests[4][1])
    await client.post(f"/api/v1/orders/{taken[0]['id']}/cancel", headers=guests[0][1])
    assert len(await notifications_of(runtime, guests[3][0].id, "waitlist_offer")) == 0
    assert len(await notifications_of(runtime, guests[4][0].id, "waitlist_offer")) == 1
    await client.post(f"/api/v1/orders/{taken[1]['id']}/cancel", headers=guests[1][1])
    await client.post(f"/api/v1/orders/{taken[2]['id']}/cancel", headers=guests[2][1])
    assert len(await notifications_of(runtime, guests[3][0].id, "waitlist_offer")) == 1
    async with runtime.session_factory() as session:
        offered = await session.scalar(
            sa.select(sa.func.sum(m.EventWaitlistEntry.quantity)).where(
                m.EventWaitlistEntry.offered_at.is_not(None)
            )
        )
    assert offered == 3

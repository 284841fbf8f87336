"""Split payment: each approved participant pays their share of the activity's cost online (payments,
purpose `share`) or marks pay at venue; the host sees who has paid; shares paid online are refunded
when their participant leaves early enough, or the activity is cancelled."""

from datetime import datetime, timedelta

import pytest

from scene_api.db import models as m
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from tests.helpers import at_provider
from tests.hosting import (
    checkout,
    host_activity,
    hours_from_now,
    joined,
    pay_for,
    payment_status,
)
from tests.payments.browser import open_checkout, pay
from tests.payments.ledger import PROVIDERS, events
from tests.social import person
from tests.venues import at


@pytest.fixture
async def people(runtime):
    names = ["hamza", "ayesha", "bilal", "sana"]
    return [await person(runtime, number, name) for number, name in enumerate(names, start=1)]


@pytest.fixture
async def match(client, people):
    """Hamza's padel match three days ahead, Rs 1,500 each; Ayesha, Bilal and Sana are in."""
    activity = await host_activity(
        client,
        people[0],
        auto_approve=True,
        cost_pkr=1500,
        starts_at=at(3, 20).isoformat(),
        ends_at=at(3, 21, 30).isoformat(),
    )
    requests = [await joined(client, activity, guest) for guest in people[1:]]
    return activity, requests


async def my_share(client, activity, who):
    return await client.get(f"/api/v1/activities/{activity['id']}/my-share", headers=who.headers)


async def leave(client, request, who):
    answer = await client.post(f"/api/v1/requests/{request['id']}/withdraw", headers=who.headers)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_share_paid_online(client, runtime, people, match, provider):
    activity, requests = match
    ayesha = people[1]
    share = (await my_share(client, activity, ayesha)).json()
    assert share == share | {"request_id": requests[0]["id"], "amount_pkr": 1500, "status": "unpaid"}

    payment_id = await pay_for(client, ayesha, "share", share["request_id"], provider)

    assert await payment_status(runtime, payment_id) == m.PaymentStatus.SUCCEEDED
    paid = (await my_share(client, activity, ayesha)).json()
    assert paid["status"] == "paid_online"
    assert paid["paid_at"] is not None


async def test_a_share_is_found_by_its_request_for_its_participant_only(client, people, match):
    activity, requests = match
    hamza, ayesha, bilal, _ = people
    await pay_for(client, ayesha, "share", requests[0]["id"])

    mine = await client.get(f"/api/v1/requests/{requests[0]['id']}/share", headers=ayesha.headers)
    theirs = await client.get(f"/api/v1/requests/{requests[0]['id']}/share", headers=bilal.headers)
    host = await client.get(f"/api/v1/requests/{requests[0]['id']}/share", headers=hamza.headers)

    assert mine.status_code == 200, mine.text
    assert mine.json() == mine.json() | {
        "activity_id": activity["id"],
        "request_id": requests[0]["id"],
        "amount_pkr": 1500,
        "status": "paid_online",
    }
    assert (theirs.status_code, host.status_code) == (404, 404)


async def test_the_host_sees_who_has_paid(client, people, match):
    activity, requests = match
    hamza, ayesha, bilal, _ = people
    await pay_for(client, ayesha, "share", requests[0]["id"])
    at_venue = await client.post(
        f"/api/v1/activities/{activity['id']}/my-share/pay-at-venue", headers=bilal.headers
    )
    assert at_venue.json()["status"] == "pay_at_venue"

    overview = await client.get(f"/api/v1/activities/{activity['id']}/payments", headers=hamza.headers)

    assert overview.status_code == 200, overview.text
    body = overview.json()
    assert [(item["person"]["handle"], item["status"]) for item in body["items"]] == [
        ("ayesha", "paid_online"),
        ("bilal", "pay_at_venue"),
        ("sana", "unpaid"),
    ]
    assert (body["paid_online"], body["pay_at_venue"], body["unpaid"]) == (1, 1, 1)
    assert (body["collected_online_pkr"], body["to_collect_at_venue_pkr"]) == (1500, 1500)
    guests_see_nothing = await client.get(
        f"/api/v1/activities/{activity['id']}/payments", headers=bilal.headers
    )
    assert guests_see_nothing.status_code == 403


async def test_pay_at_venue_can_still_be_paid_online_but_a_paid_share_is_not_paid_twice(
    client, people, match
):
    activity, requests = match
    ayesha = people[1]
    await client.post(f"/api/v1/activities/{activity['id']}/my-share/pay-at-venue", headers=ayesha.headers)
    await pay_for(client, ayesha, "share", requests[0]["id"])

    again = await checkout(client, ayesha, "share", requests[0]["id"])
    at_venue = await client.post(
        f"/api/v1/activities/{activity['id']}/my-share/pay-at-venue", headers=ayesha.headers
    )

    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_paid")
    assert at_venue.status_code == 409
    assert (await my_share(client, activity, ayesha)).json()["status"] == "paid_online"


async def test_only_an_approved_participant_pays_their_own_share(client, runtime, people, match):
    activity, requests = match
    hamza, ayesha, bilal, _ = people
    waiting = await person(runtime, 5, "waiting")
    pending = await joined(
        client, await host_activity(client, hamza, cost_pkr=800, title="Padel, host approves"), waiting
    )

    assert (await checkout(client, bilal, "share", requests[0]["id"])).status_code == 404, "Ayesha's share"
    assert (await checkout(client, waiting, "share", pending["id"])).status_code == 404, "still pending"
    assert (await my_share(client, activity, hamza)).status_code == 404, "the host pays no share"
    free = await host_activity(client, hamza, cost_pkr=0, auto_approve=True, title="Free run in the park")
    free_request = await joined(client, free, ayesha)
    assert (await my_share(client, free, ayesha)).json()["status"] == "nothing_due"
    assert (await checkout(client, ayesha, "share", free_request["id"])).status_code == 409


async def test_leaving_early_refunds_a_share_paid_online(client, runtime, people, match):
    _, requests = match
    ayesha = people[1]
    payment_id = await pay_for(client, ayesha, "share", requests[0]["id"])

    await leave(client, requests[0], ayesha)

    assert await payment_status(runtime, payment_id) == m.PaymentStatus.REFUNDED
    async with runtime.session_factory() as session:
        payment = await session.get_one(m.Payment, payment_id)
    sandbox = await at_provider(SandboxStore(runtime.redis, "jazzcash"), payment.merchant_reference)
    assert sandbox.status == SandboxStatus.REFUNDED


async def test_leaving_late_keeps_the_share(client, runtime, people):
    hamza, ayesha = people[:2]
    soon = hours_from_now(runtime.settings.share_refund_hours - 3)
    activity = await host_activity(
        client,
        hamza,
        auto_approve=True,
        cost_pkr=1500,
        starts_at=soon.isoformat(),
        ends_at=(soon + timedelta(hours=1)).isoformat(),
    )
    request = await joined(client, activity, ayesha)
    share = (await my_share(client, activity, ayesha)).json()
    refundable_until = datetime.fromisoformat(share["refundable_until"])
    assert refundable_until < datetime.fromisoformat(request["decided_at"]), (
        "the window closed before she joined"
    )
    payment_id = await pay_for(client, ayesha, "share", request["id"])

    await leave(client, request, ayesha)

    assert await payment_status(runtime, payment_id) == m.PaymentStatus.SUCCEEDED


async def test_cancelling_the_activity_refunds_every_share_paid_online(client, runtime, people, match):
    activity, requests = match
    hamza, ayesha, bilal, _ = people
    paid = [
        await pay_for(client, who, "share", request["id"])
        for who, request in zip((ayesha, bilal), requests[:2], strict=True)
    ]

    cancelled = await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=hamza.headers)

    assert cancelled.status_code == 200, cancelled.text
    assert [await payment_status(runtime, payment_id) for payment_id in paid] == [
        m.PaymentStatus.REFUNDED
    ] * 2


async def test_a_payment_that_lands_after_its_participant_left_is_refunded(client, runtime, people, match):
    _, requests = match
    ayesha = people[1]
    paying = await checkout(client, ayesha, "share", requests[0]["id"])
    await open_checkout(client, paying.json())
    await leave(client, requests[0], ayesha)

    await pay(client, paying.json(), "approve")

    assert await payment_status(runtime, paying.json()["payment"]["id"]) == m.PaymentStatus.REFUNDED
    assert [event.outcome for event in await events(runtime)] == ["applied_refund_requested"]


async def test_the_cost_is_fixed_once_a_share_is_paid_online(client, people, match):
    activity, requests = match
    hamza, ayesha = people[:2]
    cheaper = {"cost_pkr": 1000}
    assert (
        await client.patch(f"/api/v1/activities/{activity['id']}", json=cheaper, headers=hamza.headers)
    ).status_code == 200
    await pay_for(client, ayesha, "share", requests[0]["id"])

    refused = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"cost_pkr": 900}, headers=hamza.headers
    )

    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "shares_paid")

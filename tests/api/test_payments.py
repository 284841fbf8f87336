"""Payments API: checkout through each provider's local sandbox to a confirmed target, and every way a
callback can be wrong (tampered, wrong amount, unknown reference, late, out of order) changing nothing.

The target here is `HeldBookings`, a test double of the bookings service; the booking journeys
against the real one are in tests/api/test_booking_payments.py.
"""

import base64
import hashlib
import re
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from litestar.testing import AsyncTestClient

from scene_api.app import create_app
from scene_api.db import models as m
from scene_api.domain.payments import flow
from scene_api.domain.payments.providers.base import ProviderUnavailable, RefundOutcome
from scene_api.domain.payments.providers.jazzcash import JazzCash, read_wallet_refund
from scene_api.domain.payments.providers.payfast import PayFast
from scene_api.services import provide_services
from scene_sandboxes.payments import jazzcash as jazzcash_sandbox
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from tests.helpers import PHONES, at_provider, create_member, found, present, sign_in
from tests.payments.browser import follow, open_checkout, path_of, pay
from tests.payments.ledger import (
    PROVIDERS,
    booking_row,
    events,
    held_booking,
    held_bookings_fixture,  # noqa: F401 (the fixture)
    payment_row,
    sandbox_says,
    signed_callback,
    start_checkout,
    transitions,
)

pytestmark = pytest.mark.usefixtures("held_bookings")


@pytest.fixture
async def payer(runtime):
    member = await create_member(runtime, PHONES[0], handle="ayesha", name="Ayesha Khan")
    return member, await sign_in(runtime, member)


async def checkout_for(client, runtime, payer, provider, **booking_fields):
    member, headers = payer
    booking = await held_booking(runtime, member, **booking_fields)
    return booking, await start_checkout(client, headers, booking, provider)


# The whole journey, per provider ---------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_approved_in_the_sandbox_the_payment_succeeds_and_the_booking_is_confirmed(
    client, runtime, payer, provider
):
    booking, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    assert (payment["status"], payment["amount_pkr"], payment["provider"]) == ("pending", 4500, provider)
    assert payment["target_id"] == str(booking.id)

    landed = await pay(client, checkout, "approve")

    assert landed == f"http://testserver/payments/{payment['id']}"
    row = await payment_row(runtime, payment["id"])
    assert row.status == m.PaymentStatus.SUCCEEDED
    assert row.provider_txn_id
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CONFIRMED
    assert await transitions(runtime, payment["id"]) == [
        ("initiated", "pending"),
        ("pending", "succeeded"),
    ]
    callbacks = await events(runtime, "callback")
    assert [event.outcome for event in callbacks] == ["applied"]
    assert callbacks[0].signature_valid is (provider != "easypaisa")
    seen = (await client.get(f"/api/v1/payments/{payment['id']}", headers=payer[1])).json()
    assert seen["status"] == "succeeded"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_declined_in_the_sandbox_the_payment_fails_and_the_target_hears_it(
    client, runtime, payer, held_bookings, provider
):
    booking, checkout = await checkout_for(client, runtime, payer, provider)
    await pay(client, checkout, "decline")
    row = await payment_row(runtime, checkout["payment"]["id"])
    assert row.status == m.PaymentStatus.FAILED
    assert row.failure_reason
    assert held_bookings.failed == [row.id]
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.HELD


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_abandoned_checkout_stays_pending_until_reconciled(client, runtime, payer, provider):
    _, checkout = await checkout_for(client, runtime, payer, provider)
    landed = await pay(client, checkout, "abandon")
    assert landed == "http://testserver/"
    payment_id = checkout["payment"]["id"]
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.PENDING
    assert await flow.settle_pending(runtime, UUID(payment_id)) == "applied"
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.FAILED


async def test_the_sandbox_refuses_a_checkout_form_that_was_tampered_with(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "jazzcash")
    form = checkout["form"]
    tampered = form["fields"] | {"pp_Amount": "100"}
    answer = await client.post(path_of(form["action"]), data=tampered)
    assert answer.status_code == 400


def inline_code_is_allowed(answer) -> bool:
    """Every inline script and style of the page is allowed by its policy (by hash or by nonce), and
    nothing else inline is."""
    policy = answer.headers["content-security-policy"]
    inline = re.findall(r'<(script|style)(?: nonce="([^"]*)")?>(.*?)</\1>', answer.text)
    assert inline, answer.text
    for _, nonce, source in inline:
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy or (nonce and f"'nonce-{nonce}'" in policy), policy
    return "unsafe-inline" not in policy


async def test_payment_pages_run_their_own_inline_script_and_style_and_nothing_else(client, runtime, payer):
    _, jazzcash = await checkout_for(client, runtime, payer, "jazzcash")
    page = await client.post(path_of(jazzcash["form"]["action"]), data=jazzcash["form"]["fields"])
    decide = found(r'action="([^"]*/approve)"', page.text)
    back = await client.post(decide, follow_redirects=False)  # JazzCash posts the browser back
    _, easypaisa = await checkout_for(client, runtime, payer, "easypaisa")
    hosted = await client.post(path_of(easypaisa["form"]["action"]), data=easypaisa["form"]["fields"])
    approved = await client.post(found(r'action="([^"]*/approve)"', hosted.text), follow_redirects=False)
    confirm = await client.get(path_of(approved.headers["location"]))  # ours: on to Confirm.jsf
    assert all(inline_code_is_allowed(answer) for answer in (page, back, confirm))


async def test_with_the_sandbox_off_it_is_not_served_and_nothing_reaches_it(settings, runtime, payer):
    member, headers = payer
    booking = await held_booking(runtime, member)
    async with AsyncTestClient(app=create_app(replace(settings, payments_sandbox=False))) as off:
        page = await off.post("/sandbox/jazzcash/CustomerPortal/transactionmanagement/merchantform")
        assert page.status_code == 404
        answer = await off.post(
            "/api/v1/payments/checkout",
            json={"purpose": "booking", "target_id": str(booking.id), "provider": "payfast"},
            headers=headers,
        )
    assert answer.status_code == 502
    assert "sandbox is off" in answer.json()["error"]["message"]


# Reading payments ------------------------------------------------------------------------------


async def test_a_payment_is_visible_to_its_payer_and_admins_only(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "payfast")
    path = f"/api/v1/payments/{checkout['payment']['id']}"
    stranger = await create_member(runtime, PHONES[1], handle="stranger")
    admin = await create_member(runtime, PHONES[2], handle="ops", role=m.UserRole.ADMIN)
    assert (await client.get(path, headers=await sign_in(runtime, stranger))).status_code == 404
    assert (await client.get(path, headers=await sign_in(runtime, admin))).status_code == 200
    assert (await client.get(path)).status_code == 401


async def test_only_the_booker_can_pay_for_a_booking(client, runtime, payer):
    member, _ = payer
    booking = await held_booking(runtime, member)
    stranger = await create_member(runtime, PHONES[1], handle="stranger")
    answer = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "booking", "target_id": str(booking.id), "provider": "payfast"},
        headers=await sign_in(runtime, stranger),
    )
    assert answer.status_code == 404


async def test_a_purpose_whose_service_does_not_exist_is_not_payable_yet(client, runtime, payer, monkeypatch):
    from scene_api.services import Services

    monkeypatch.delattr(Services, "shares", raising=False)
    answer = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "share", "target_id": str(uuid4()), "provider": "jazzcash"},
        headers=payer[1],
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"] == {
        "purpose": "Paying for a share is not possible yet."
    }


async def test_a_provider_that_does_not_answer_fails_the_payment_and_says_so(
    client, runtime, payer, monkeypatch
):
    async def unreachable(self, *args, **kwargs):
        raise ProviderUnavailable("PayFast did not answer. Please try again.")

    monkeypatch.setattr(PayFast, "call", unreachable)
    member, headers = payer
    booking = await held_booking(runtime, member)
    answer = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "booking", "target_id": str(booking.id), "provider": "payfast"},
        headers=headers,
    )
    assert answer.status_code == 502
    assert answer.json()["error"]["code"] == "provider_unavailable"
    async with runtime.session_factory() as session:
        payment = await session.scalar(sa.select(m.Payment).where(m.Payment.booking_id == booking.id))
    assert payment.status == m.PaymentStatus.FAILED


# Callbacks that must change nothing --------------------------------------------------------------


async def callback(client, provider, fields):
    return await client.post(f"/api/v1/payments/callbacks/{provider}", data=fields)


@pytest.mark.parametrize("provider", ["payfast", "jazzcash"])
async def test_a_tampered_signature_is_rejected_and_changes_nothing(client, runtime, payer, provider):
    _, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    fields = signed_callback(runtime.settings, provider, payment["merchant_reference"], 4500)
    signature = "pp_SecureHash" if provider == "jazzcash" else "validation_hash"
    forged = fields | {signature: fields[signature][:-4] + "0000"}

    answer = await callback(client, provider, forged)

    assert answer.status_code == 400
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.PENDING
    (event,) = await events(runtime)
    assert (event.outcome, event.signature_valid, event.payload) == ("rejected_signature", False, forged)


@pytest.mark.parametrize("provider", ["payfast", "jazzcash"])
async def test_a_signed_callback_with_another_amount_is_rejected(client, runtime, payer, provider):
    _, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    answer = await callback(
        client, provider, signed_callback(runtime.settings, provider, payment["merchant_reference"], 450)
    )
    assert answer.status_code == 400
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.PENDING
    assert [event.outcome for event in await events(runtime)] == ["amount_mismatch"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_callback_for_a_reference_we_never_issued_is_rejected(client, runtime, provider):
    fields = signed_callback(runtime.settings, provider, "SCNNOTOURS0001", 4500)
    answer = await callback(client, provider, fields)
    assert answer.status_code == 400
    assert [event.outcome for event in await events(runtime)] == ["unknown_reference"]


async def test_a_callback_naming_another_providers_payment_is_rejected(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "payfast")
    payment = checkout["payment"]
    fields = signed_callback(runtime.settings, "jazzcash", payment["merchant_reference"], 4500)
    assert (await callback(client, "jazzcash", fields)).status_code == 400
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.PENDING


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_failure_after_success_is_ignored(client, runtime, payer, provider):
    booking, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    await pay(client, checkout, "approve")
    reference = payment["merchant_reference"]
    late = signed_callback(runtime.settings, provider, reference, 4500, paid=False)
    if provider == "easypaisa":  # unsigned: what counts is the inquiry, which still says paid
        late["status"] = "0001"
    answer = await callback(client, provider, late)
    assert answer.status_code == 200
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.SUCCEEDED
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CONFIRMED
    assert [event.outcome for event in await events(runtime)][-1] in {"ignored_out_of_order", "duplicate"}


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_replayed_callbacks_apply_once(client, runtime, payer, provider):
    _, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    await sandbox_says(client, runtime, checkout, SandboxStatus.PAID)
    fields = signed_callback(runtime.settings, provider, payment["merchant_reference"], 4500)
    answers = [await callback(client, provider, fields) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [event.outcome for event in await events(runtime)] == ["applied", "duplicate", "duplicate"]
    assert await transitions(runtime, payment["id"]) == [("initiated", "pending"), ("pending", "succeeded")]


async def test_an_easypaisa_postback_claiming_payment_is_confirmed_by_inquiry_first(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "easypaisa")
    payment = checkout["payment"]
    claim = signed_callback(runtime.settings, "easypaisa", payment["merchant_reference"], 4500)
    assert (await callback(client, "easypaisa", claim)).status_code == 400  # Easypay never saw it
    await open_checkout(client, checkout)
    assert (await callback(client, "easypaisa", claim)).status_code == 200  # seen, not paid yet
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.PENDING
    assert [event.outcome for event in await events(runtime)] == ["unconfirmed", "still_pending"]
    assert [event.outcome for event in await events(runtime, "inquiry")] == ["no_answer", "pending"]


async def test_easypaisa_ipns_sent_again_or_forged_change_only_what_the_inquiry_says(client, runtime, payer):
    """The IPN (GET ?url=…/{order}) is a hint like the postback: Easypay sending it again, late or
    twice, applies nothing twice, and one forged for an order still open leaves it pending."""
    _, checkout = await checkout_for(client, runtime, payer, "easypaisa")
    payment = checkout["payment"]
    await pay(client, checkout, "approve")
    row = await payment_row(runtime, payment["id"])
    assert (row.status, row.provider_method) == (m.PaymentStatus.SUCCEEDED, "MA")
    control = f"/sandbox/easypaisa/_control/{payment['merchant_reference']}/notify"
    again = [(await client.post(control)).json() for _ in range(2)]
    assert again == [{"delivered": True, "status_code": 200}] * 2
    _, open_one = await checkout_for(client, runtime, payer, "easypaisa")
    await open_checkout(client, open_one)
    forged = {"url": f"https://attacker.example/ipn/{open_one['payment']['merchant_reference']}"}
    assert (await client.get("/api/v1/payments/callbacks/easypaisa", params=forged)).status_code == 200
    assert (await payment_row(runtime, open_one["payment"]["id"])).status == m.PaymentStatus.PENDING
    outcomes = [event.outcome for event in await events(runtime)]
    assert outcomes == ["applied", "duplicate", "duplicate", "still_pending"]
    assert await transitions(runtime, payment["id"]) == [("initiated", "pending"), ("pending", "succeeded")]


async def test_jazzcash_acknowledges_with_a_signed_answer(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "jazzcash")
    fields = signed_callback(runtime.settings, "jazzcash", checkout["payment"]["merchant_reference"], 4500)
    answer = await client.post("/api/v1/payments/callbacks/jazzcash", json=fields)
    assert answer.json()["pp_ResponseCode"] == "000"
    assert answer.json()["pp_SecureHash"]


async def test_a_jazzcash_rest_ipn_without_amount_and_with_nulls_settles_by_inquiry(client, runtime, payer):
    booking, checkout = await checkout_for(client, runtime, payer, "jazzcash")
    payment = checkout["payment"]
    await sandbox_says(client, runtime, checkout, SandboxStatus.PAID)
    ipn = jazzcash_sandbox.with_hash(
        {
            "pp_ResponseCode": "121",
            "pp_ResponseMessage": "Transaction has been completed.",
            "pp_RetrievalReferenceNo": "220127152000",
            "pp_SettlementExpiry": None,
            "pp_SubMerchantID": None,
            "pp_TxnRefNo": payment["merchant_reference"],
            "pp_TxnType": "MWALLET",
            "pp_MerchantID": runtime.settings.jazzcash_merchant_id,
        },
        runtime.settings.jazzcash_integrity_salt,
    )
    assert "pp_Amount" not in ipn
    answer = await client.post("/api/v1/payments/callbacks/jazzcash", json=ipn)
    assert (answer.status_code, answer.json()["pp_ResponseCode"]) == (200, "000")
    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.SUCCEEDED
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CONFIRMED
    callback = (await events(runtime, "callback"))[0]
    assert (callback.signature_valid, callback.outcome) == (True, "applied")
    assert [event.outcome for event in await events(runtime, "inquiry")] == ["succeeded"]


async def pay_with(client, checkout: dict[str, Any], method: str) -> None:
    """Approve at JazzCash's hosted page, paying with `method` (MWALLET or MPAY)."""
    page = await open_checkout(client, checkout)
    decide = found(r'action="([^"]*/approve)"', page)
    await follow(client, await client.post(f"{decide}?method={method}", follow_redirects=False))


@pytest.mark.parametrize(
    ("method", "answered"), [("MWALLET", "pp_ResponseCode"), ("MPAY", "responseCode")], ids=["wallet", "card"]
)
async def test_jazzcash_refunds_reach_the_wallet_or_card_endpoint_and_are_done_once(
    client, runtime, payer, held_bookings, monkeypatch, method, answered
):
    monkeypatch.setattr(held_bookings, "refuse", True)
    _, checkout = await checkout_for(client, runtime, payer, "jazzcash")
    payment = checkout["payment"]
    await pay_with(client, checkout, method)
    row = await payment_row(runtime, payment["id"])
    assert (row.status, row.provider_method) == (m.PaymentStatus.REFUNDED, method)
    (refund,) = await events(runtime, "refund")
    assert (refund.outcome, refund.payload[answered]) == ("refunded", "000")  # the endpoint's own answer
    sandbox = await at_provider(SandboxStore(runtime.redis, "jazzcash"), payment["merchant_reference"])
    assert sandbox.status == SandboxStatus.REFUNDED
    again = await JazzCash(runtime).refund(row, "again")
    assert again.outcome == RefundOutcome.REFUSED  # the sandbox refunds a transaction once


async def test_a_jazzcash_wallet_refund_without_the_merchant_mpin_is_refused(client, runtime, payer):
    _, checkout = await checkout_for(client, runtime, payer, "jazzcash")
    await pay_with(client, checkout, "MWALLET")
    settings = runtime.settings
    request = {
        "pp_TxnRefNo": checkout["payment"]["merchant_reference"],
        "pp_Amount": "450000",
        "pp_TxnCurrency": "PKR",
        "pp_MerchantID": settings.jazzcash_merchant_id,
        "pp_Password": settings.jazzcash_password,
        "pp_MerchantMPIN": "0000",
    }
    signed = jazzcash_sandbox.with_hash(request, settings.jazzcash_integrity_salt)
    answer = await client.post(
        "/sandbox/jazzcash/ApplicationAPI/API/Purchase/domwalletrefundtransaction", json=signed
    )
    assert read_wallet_refund(answer.json(), settings.jazzcash_integrity_salt) == RefundOutcome.REFUSED
    sandbox = await at_provider(
        SandboxStore(runtime.redis, "jazzcash"), checkout["payment"]["merchant_reference"]
    )
    assert sandbox.status == SandboxStatus.PAID


# A success the target cannot take, and refunds ---------------------------------------------------
# (Easypaisa has no refund API: its refunds are ops tasks, tests/payments/test_refunds_waiting_on_ops.py.)

ONLINE_REFUNDS = ["payfast", "jazzcash"]


@pytest.mark.parametrize("provider", ONLINE_REFUNDS)
async def test_a_success_the_target_refuses_is_refunded_at_once(
    client, runtime, payer, held_bookings, provider, monkeypatch
):
    monkeypatch.setattr(held_bookings, "refuse", True)
    booking, checkout = await checkout_for(client, runtime, payer, provider)
    payment = checkout["payment"]
    await pay(client, checkout, "approve")
    row = await payment_row(runtime, payment["id"])
    assert row.status == m.PaymentStatus.REFUNDED
    assert row.refunded_at is not None
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.HELD
    assert held_bookings.refunded == [row.id]
    assert [event.outcome for event in await events(runtime, "refund")] == ["refunded"]
    sandbox = await at_provider(SandboxStore(runtime.redis, provider), payment["merchant_reference"])
    assert sandbox.status == SandboxStatus.REFUNDED
    async with runtime.session_factory() as session:
        audit = await session.scalar(sa.select(m.AuditLog).where(m.AuditLog.subject_id == row.id))
    assert (audit.action, audit.details["amount_pkr"]) == ("payment.refunded", 4500)


@pytest.mark.parametrize("provider", ONLINE_REFUNDS)
async def test_refund_for_a_cancelled_booking_gives_the_money_back_once(client, runtime, payer, provider):
    member, _ = payer
    booking, checkout = await checkout_for(client, runtime, payer, provider)
    await pay(client, checkout, "approve")
    for _ in range(2):
        async with provide_services(runtime) as services:
            actor = await services.session.get_one(m.User, member.id)
            requested = await services.payments.refund_for(
                booking_id=booking.id, reason="cancelled", actor=actor
            )
        assert (await payment_row(runtime, present(requested).id)).status == m.PaymentStatus.REFUNDED
    assert [event.outcome for event in await events(runtime, "refund")] == ["refunded"]
    async with runtime.session_factory() as session:
        audits = (await session.scalars(sa.select(m.AuditLog).where(m.AuditLog.actor_id == member.id))).all()
    assert [audit.action for audit in audits] == ["payment.refunded"]


async def test_a_booking_paid_at_the_venue_has_nothing_to_refund_online(runtime, payer):
    member, _ = payer
    booking = await held_booking(
        runtime, member, status=m.BookingStatus.CONFIRMED, payment_method=m.PaymentMethod.PAY_AT_VENUE
    )
    async with provide_services(runtime) as services:
        refunded = await services.payments.refund_for(booking_id=booking.id, reason="cancelled", actor=None)
    assert refunded is None

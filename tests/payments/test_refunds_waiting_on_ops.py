"""Refunds the ledger cannot finish alone become ops tasks, never a silent failure or a fake success.

- Easypaisa has no refund API: its refunds are `manual` from the start, and ops mark them refunded
  with the portal's reference.
- An answer that cannot be read (a bank firewall's page instead of the provider's answer) is
  `unknown`: the money may have gone back, so the job never sends it again; ops check, then mark it
  refunded or send it again.
- A refusal is `refused`: the job asks again, and ops see it.
The bookings service is the real one; the providers are the local sandboxes.
"""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import ProviderUnavailable
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.payments import flow
from scene_api.domain.payments.providers.base import RefundOutcome
from scene_api.domain.payments.services import PaymentService
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from scene_tasks.jobs.payments import reconcile_payments
from tests.helpers import at_provider, job_context
from tests.payments.browser import pay
from tests.payments.ledger import events, payment_row
from tests.venues import at, booking_payload


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def paid_for_a_court(client, who, court, provider: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Hold a court and pay for it at `provider`: the booking and the payment, as the API shows them."""
    held = await client.post("/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=who.headers)
    assert held.status_code == 201, held.text
    checkout = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "booking", "target_id": held.json()["id"], "provider": provider},
        headers=who.headers,
    )
    assert checkout.status_code == 201, checkout.text
    await pay(client, checkout.json(), "approve")
    return held.json(), checkout.json()["payment"]


async def cancelled_after_paying(client, runtime, who, court, provider: str, before_cancel=None) -> m.Payment:
    """Pay for a court at `provider`, then cancel it: answers the payment as the ledger left it."""
    booking, payment = await paid_for_a_court(client, who, court, provider)
    if before_cancel is not None:
        await before_cancel(payment["merchant_reference"])
    cancelled = await client.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=who.headers)
    assert cancelled.status_code == 200, cancelled.text
    return await payment_row(runtime, payment["id"])


async def requested_an_hour_ago(runtime, payment_id) -> None:
    """The refund was asked for long enough ago for the job to look at it."""
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment_id)
            .values(refund_requested_at=utcnow() - timedelta(hours=1))
        )
        await session.commit()


async def audit_actions(runtime, payment_id) -> list[str]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            sa.select(m.AuditLog.action)
            .where(m.AuditLog.subject_id == payment_id)
            .order_by(m.AuditLog.created_at)
        )
        return list(rows)


async def settle(client, ops, payment_id, **body):
    return await client.post(f"/api/v1/admin/payments/{payment_id}/refund", json=body, headers=ops.headers)


async def waiting_on_ops(client, ops) -> list[str]:
    today = utcnow().date().isoformat()
    report = await client.get(f"/api/v1/admin/money/{today}", headers=ops.headers)
    assert report.status_code == 200, report.text
    return [payment["id"] for payment in report.json()["refunds_waiting_on_ops"]]


async def test_an_easypaisa_refund_is_an_ops_task_that_ops_close_with_the_portal_reference(
    client, runtime, court, ayesha, ops
):
    payment = await cancelled_after_paying(client, runtime, ayesha, court, "easypaisa")

    assert (payment.status, payment.refund_state) == (m.PaymentStatus.SUCCEEDED, m.RefundState.MANUAL)
    assert await events(runtime, "refund") == [], "Easypaisa is never asked: it has no refund API"
    assert await audit_actions(runtime, payment.id) == ["payment.refund_manual"]
    listed = await client.get("/api/v1/admin/payments?view=refunds", headers=ops.headers)
    assert [(p["id"], p["refund_state"]) for p in listed.json()["items"]] == [(str(payment.id), "manual")]
    assert await waiting_on_ops(client, ops) == [str(payment.id)]

    again = await settle(client, ops, payment.id, action="send_again")
    assert again.status_code == 409, again.text
    assert "portal" in again.json()["error"]["message"]
    no_note = await settle(client, ops, payment.id, action="mark_refunded", note="  ")
    assert no_note.status_code == 422, no_note.text
    assert (await payment_row(runtime, payment.id)).refund_state == m.RefundState.MANUAL

    done = await settle(client, ops, payment.id, action="mark_refunded", note="Easypay portal RV-88121")
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["refund_state"]) == ("refunded", "done")
    row = await payment_row(runtime, payment.id)
    assert (row.refund_note, row.refunded_at is not None) == ("Easypay portal RV-88121", True)
    assert await audit_actions(runtime, payment.id) == ["payment.refund_manual", "payment.refunded"]
    assert await waiting_on_ops(client, ops) == []
    twice = await settle(client, ops, payment.id, action="mark_refunded", note="again")
    assert twice.status_code == 409, "a refund is settled once"


async def test_members_cannot_settle_refunds(client, runtime, court, ayesha):
    payment = await cancelled_after_paying(client, runtime, ayesha, court, "easypaisa")
    answer = await settle(client, ayesha, payment.id, action="mark_refunded", note="it's fine")
    assert answer.status_code == 403
    assert (await payment_row(runtime, payment.id)).refund_state == m.RefundState.MANUAL


async def test_an_unreadable_refund_answer_is_unknown_never_resent_by_the_job_and_ops_decide(
    client, runtime, court, ayesha, ops
):
    """A firewall in front of PayFast rejects the refund with a page Scene cannot read."""
    store = SandboxStore(runtime.redis, "payfast")

    async def firewall_answers_next(reference: str) -> None:
        await store.reject_next(1, path_part="refund")

    payment = await cancelled_after_paying(client, runtime, ayesha, court, "payfast", firewall_answers_next)

    assert (payment.status, payment.refund_state) == (m.PaymentStatus.SUCCEEDED, m.RefundState.UNKNOWN)
    assert "payment.refund_unknown" in await audit_actions(runtime, payment.id)
    await requested_an_hour_ago(runtime, payment.id)
    refund_events = len(await events(runtime, "refund"))
    await reconcile_payments(job_context(runtime))
    assert len(await events(runtime, "refund")) == refund_events, "an unknown refund is never resent blindly"
    assert await waiting_on_ops(client, ops) == [str(payment.id)]

    sent = await settle(client, ops, payment.id, action="send_again", note="PayFast support: not refunded")
    assert sent.status_code == 200, sent.text
    row = await payment_row(runtime, payment.id)
    assert (row.status, row.refund_state) == (m.PaymentStatus.REFUNDED, m.RefundState.DONE)
    sandbox = await at_provider(store, row.merchant_reference)
    assert sandbox.status == SandboxStatus.REFUNDED


async def test_a_refused_refund_waits_on_ops_and_the_job_leaves_it(client, runtime, court, ayesha, ops):
    """JazzCash refuses (the payment was already refunded from its portal): the ledger records a
    refusal, the job does not ask again, and ops close it by hand."""
    store = SandboxStore(runtime.redis, "jazzcash")

    async def refunded_in_the_portal(reference: str) -> None:
        paid = await at_provider(store, reference)
        paid.status = SandboxStatus.REFUNDED
        await store.save(paid)

    payment = await cancelled_after_paying(client, runtime, ayesha, court, "jazzcash", refunded_in_the_portal)

    assert (payment.status, payment.refund_state) == (m.PaymentStatus.SUCCEEDED, m.RefundState.REFUSED)
    await requested_an_hour_ago(runtime, payment.id)
    await reconcile_payments(job_context(runtime))
    assert [e.outcome for e in await events(runtime, "refund")] == ["refund_refused"]
    assert await waiting_on_ops(client, ops) == [str(payment.id)]

    done = await settle(
        client, ops, payment.id, action="mark_refunded", note="Refunded in the JazzCash portal"
    )
    assert done.status_code == 200, done.text
    assert (await payment_row(runtime, payment.id)).status == m.PaymentStatus.REFUNDED


async def test_a_refund_whose_answer_was_lost_is_unknown_and_one_never_sent_is_asked_again(
    client, runtime, court, ayesha
):
    """A gateway error after the request left may hide a refund the provider made: unknown. A
    provider that could not be reached cannot have made one: the request stays for the job."""
    store = SandboxStore(runtime.redis, "jazzcash")

    async def gateway_fails_next(reference: str) -> None:
        await store.reject_next(1, path_part="domwalletrefundtransaction", status=503)

    payment = await cancelled_after_paying(client, runtime, ayesha, court, "jazzcash", gateway_fails_next)
    assert (payment.status, payment.refund_state) == (m.PaymentStatus.SUCCEEDED, m.RefundState.UNKNOWN)
    assert [e.outcome for e in await events(runtime, "refund")] == ["refund_unknown"]


async def test_only_a_request_that_may_have_left_can_have_been_acted_on():
    never_sent = ProviderHttp("nowhere", attempts=1, timeout=httpx.Timeout(2.0))
    with pytest.raises(ProviderUnavailable) as refused:
        await never_sent.request("POST", f"http://127.0.0.1:{closed_port()}/refund")
    await never_sent.aclose()
    assert refused.value.maybe_received is False


async def a_refund_requested_and_not_sent(client, runtime, ayesha, court) -> UUID:
    """A paid booking whose refund was recorded but not sent yet (as after a crash)."""
    _, payment = await paid_for_a_court(client, ayesha, court, "payfast")
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment["id"])
            .values(
                refund_state=m.RefundState.REQUESTED, refund_requested_at=utcnow(), refund_reason="cancelled"
            )
        )
        await session.commit()
    return UUID(payment["id"])


async def test_two_senders_at_once_send_a_refund_once(client, runtime, court, ayesha):
    payment_id = await a_refund_requested_and_not_sent(client, runtime, ayesha, court)

    sent = await asyncio.gather(*(flow.send_refund(runtime, payment_id) for _ in range(4)))

    assert sorted(sent) == [False, False, False, True]
    assert [event.outcome for event in await events(runtime, "refund")] == ["refunded"]
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.REFUNDED


async def test_control_without_the_claim_the_refund_reaches_the_provider_more_than_once(
    client, runtime, court, ayesha, monkeypatch
):
    """The same race with the claim replaced by the read it was before: every sender asks PayFast."""
    payment_id = await a_refund_requested_and_not_sent(client, runtime, ayesha, court)

    async def read_without_claiming(self, payment_id):
        return await self.session.get(m.Payment, payment_id)

    async def record_every_answer(self, payment_id, answer, *, actor_id):
        async with runtime.session_factory() as session:
            session.add(
                m.PaymentEvent(
                    provider=m.PaymentProviderName.PAYFAST,
                    kind="refund",
                    payload=answer.raw,
                    signature_valid=False,
                    outcome=answer.outcome.value,
                    payment_id=payment_id,
                )
            )
            await session.commit()
        return answer.outcome == RefundOutcome.DONE

    monkeypatch.setattr(PaymentService, "claim_refund", read_without_claiming)
    monkeypatch.setattr(PaymentService, "record_refund", record_every_answer)
    await asyncio.gather(*(flow.send_refund(runtime, payment_id) for _ in range(4)))

    assert len(await events(runtime, "refund")) == 4, "every sender reached the provider"


async def test_a_refund_whose_sender_died_mid_call_becomes_unknown(client, runtime, court, ayesha, ops):
    payment_id = await a_refund_requested_and_not_sent(client, runtime, ayesha, court)
    async with provide_services(runtime) as services:
        assert await services.payments.claim_refund(payment_id) is not None  # then the process died
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment_id)
            .values(refund_sent_at=utcnow() - timedelta(minutes=5))
        )
        await session.commit()

    await reconcile_payments(job_context(runtime))

    row = await payment_row(runtime, payment_id)
    assert (row.status, row.refund_state) == (m.PaymentStatus.SUCCEEDED, m.RefundState.UNKNOWN)
    assert await events(runtime, "refund") == [], "never sent again blindly"
    assert await waiting_on_ops(client, ops) == [str(payment_id)]


async def test_money_taken_after_the_payment_failed_goes_back(client, runtime, court, ayesha):
    """The payer declined, Scene failed the payment and let the court go; then PayFast reports it
    paid after all (a late notification): the money is refunded, and the booking is not touched."""
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=ayesha.headers
    )
    checkout = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "booking", "target_id": held.json()["id"], "provider": "payfast"},
        headers=ayesha.headers,
    )
    await pay(client, checkout.json(), "decline")
    reference = checkout.json()["payment"]["merchant_reference"]
    store = SandboxStore(runtime.redis, "payfast")
    late = await at_provider(store, reference)
    late.status = SandboxStatus.PAID
    await store.save(late)

    renotified = await client.post(f"/sandbox/payfast/_control/{reference}/notify")
    assert renotified.json()["delivered"], renotified.text

    row = await payment_row(runtime, checkout.json()["payment"]["id"])
    assert (row.status, row.refund_state) == (m.PaymentStatus.REFUNDED, m.RefundState.DONE)
    assert (await at_provider(store, reference)).status == SandboxStatus.REFUNDED

"""Provider calls happen outside every transaction: while a provider hangs, the booking and the
payment stay free to lock (another transaction's `SELECT ... FOR UPDATE NOWAIT` succeeds); what a
crash interrupts is finished by `reconcile_payments`; a refunded booking no longer reads as paid.

The sandbox's `hang_for` fault makes the provider hang; the real bookings service is the target.
Requests that must run alongside the test body go to `live_api` (the in-process client blocks)."""

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.payments.providers import adapter_for
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from scene_tasks.jobs.payments import reconcile_payments
from tests.factories import PaymentFactory, persist
from tests.helpers import at_provider, job_context
from tests.payments.browser import pay
from tests.payments.ledger import booking_row, events, payment_row
from tests.venues import at, booking_payload

HANG_SECONDS = 3.0
PROVIDER = "payfast"


@pytest.fixture
async def hung_provider(runtime):
    """Every request to the payfast sandbox waits HANG_SECONDS, until the test ends."""
    store = SandboxStore(runtime.redis, PROVIDER)
    yield store
    await store.hang_for(0)


async def hold(client, who, court) -> dict[str, Any]:
    held = await client.post("/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=who.headers)
    assert held.status_code == 201, held.text
    booking: dict[str, Any] = held.json()
    return booking


def start_checkout(client, who, booking) -> asyncio.Task[httpx.Response]:
    return asyncio.create_task(
        client.post(
            "/api/v1/payments/checkout",
            json={"purpose": "booking", "target_id": booking["id"], "provider": PROVIDER},
            headers=who.headers,
        )
    )


async def paid_booking(client, runtime, who, court) -> tuple[dict[str, Any], dict[str, Any]]:
    booking = await hold(client, who, court)
    answer = await start_checkout(client, who, booking)
    assert answer.status_code == 201, answer.text
    checkout = answer.json()
    await pay(client, checkout, "approve")
    assert (await payment_row(runtime, checkout["payment"]["id"])).status == m.PaymentStatus.SUCCEEDED
    return booking, checkout


async def wait_for(runtime: Runtime, condition: sa.ColumnElement[bool]) -> m.Payment:
    """The payment matching `condition` once another transaction has committed it."""
    for _ in range(200):
        async with runtime.session_factory() as session:
            payment = await session.scalar(sa.select(m.Payment).where(condition))
        if payment is not None:
            return payment
        await asyncio.sleep(0.02)
    raise AssertionError("never committed")


async def lock_now(session: AsyncSession, model: type[m.Booking] | type[m.Payment], row_id) -> None:
    """Lock the row without waiting: raises if anyone else holds it."""
    await session.execute(sa.select(model.id).where(model.id == row_id).with_for_update(nowait=True))


async def transactions_waiting(session: AsyncSession) -> int:
    """Other connections to this database sitting in an open transaction."""
    count = await session.scalar(
        sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
        )
    )
    return int(count or 0)


async def test_a_hung_provider_holds_no_lock_while_a_checkout_opens(
    client, live_api, runtime, court, ayesha, hung_provider
):
    booking = await hold(client, ayesha, court)
    await hung_provider.hang_for(HANG_SECONDS)

    opening = start_checkout(live_api, ayesha, booking)
    payment = await wait_for(runtime, m.Payment.booking_id == booking["id"])
    async with runtime.session_factory() as session, session.begin():
        await lock_now(session, m.Booking, booking["id"])
        await lock_now(session, m.Payment, payment.id)
        assert await transactions_waiting(session) == 0
    assert not opening.done(), "the provider was still hanging while both rows were locked elsewhere"

    answer = await opening
    assert answer.status_code == 201, answer.text
    assert (await payment_row(runtime, payment.id)).status == m.PaymentStatus.PENDING


async def test_a_hung_provider_holds_no_lock_while_a_cancel_refunds(
    client, live_api, runtime, court, ayesha, hung_provider
):
    booking, checkout = await paid_booking(client, runtime, ayesha, court)
    payment_id = checkout["payment"]["id"]
    await hung_provider.hang_for(HANG_SECONDS)

    cancelling = asyncio.create_task(
        live_api.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=ayesha.headers)
    )
    await wait_for(runtime, sa.and_(m.Payment.id == payment_id, m.Payment.refund_requested_at.is_not(None)))
    async with runtime.session_factory() as session, session.begin():
        await lock_now(session, m.Booking, booking["id"])
        await lock_now(session, m.Payment, payment_id)
        assert await transactions_waiting(session) == 0
    assert not cancelling.done(), "the refund was still waiting on the provider"

    cancelled = await cancelling
    assert cancelled.status_code == 200, cancelled.text
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.REFUNDED


async def test_a_refunded_booking_reads_unpaid_for_the_member_and_the_desk(
    client, runtime, owner, court, ayesha
):
    booking, checkout = await paid_booking(client, runtime, ayesha, court)
    before = await client.get(f"/api/v1/bookings/{booking['id']}", headers=ayesha.headers)
    assert before.json()["paid"] is True

    await client.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=ayesha.headers)

    assert (await payment_row(runtime, checkout["payment"]["id"])).status == m.PaymentStatus.REFUNDED
    for who in (ayesha, owner):
        seen = await client.get(f"/api/v1/bookings/{booking['id']}", headers=who.headers)
        assert (seen.json()["status"], seen.json()["paid"]) == ("cancelled", False)
    assert (await booking_row(runtime, booking["id"])).paid_at is None


async def test_a_refund_interrupted_after_the_cancel_committed_is_made_by_the_job(
    client, runtime, court, ayesha
):
    booking, checkout = await paid_booking(client, runtime, ayesha, court)
    payment_id = checkout["payment"]["id"]
    async with provide_services(runtime) as services:
        await services.bookings.cancel(await services.session.get_one(m.User, ayesha.id), booking["id"])
        services.after_commit.clear()  # the process dies right after the commit
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.SUCCEEDED
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment_id)
            .values(refund_requested_at=utcnow() - timedelta(minutes=10))
        )
        await session.commit()

    context = job_context(runtime)
    assert await reconcile_payments(context) == 1
    assert await reconcile_payments(context) == 0, "a second run changes nothing"

    payment = await payment_row(runtime, payment_id)
    assert (payment.status, payment.refund_reason) == (m.PaymentStatus.REFUNDED, "booking cancelled")
    assert (await booking_row(runtime, booking["id"])).paid_at is None
    assert [event.outcome for event in await events(runtime, "refund")] == ["refunded"]
    sandbox = await at_provider(SandboxStore(runtime.redis, PROVIDER), payment.merchant_reference)
    assert sandbox.status == SandboxStatus.REFUNDED


async def test_a_checkout_interrupted_before_the_provider_answered_is_failed_by_the_job(
    client, runtime, court, ayesha
):
    booking = await hold(client, ayesha, court)
    interrupted = PaymentFactory.build(
        payer_id=ayesha.id,
        booking_id=booking["id"],
        status=m.PaymentStatus.INITIATED,
        created_at=utcnow() - timedelta(minutes=10),
    )
    async with runtime.session_factory() as session:
        await persist(session, interrupted)

    await reconcile_payments(job_context(runtime))

    payment = await payment_row(runtime, interrupted.id)
    assert (payment.status, payment.failure_reason) == (m.PaymentStatus.FAILED, "Checkout interrupted")
    assert (await booking_row(runtime, booking["id"])).status == m.BookingStatus.HELD


def test_each_provider_has_one_pooled_client_per_process_with_timeouts(runtime):
    clients = {name: adapter_for(name, runtime).http() for name in m.PaymentProviderName}
    for name, client in clients.items():
        assert adapter_for(name, runtime).http() is client, "made once, shared by every call"
        assert (client.client.timeout.connect, client.client.timeout.read) == (3.0, 10.0)
        assert client.attempts == 1, "a refund is never repeated blindly"
    assert len({id(client) for client in clients.values()}) == len(clients)

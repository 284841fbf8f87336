"""Reconciliation: pending payments whose callback never came are settled from the provider's status
inquiry; young ones and ones the payer is still on are left alone; a second run changes nothing."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_sandboxes.payments.store import SandboxStatus
from scene_tasks.jobs.payments import reconcile_payments
from scene_tasks.worker import CRON_JOBS
from tests.helpers import PHONES, create_member, job_context, sign_in
from tests.payments.browser import open_checkout
from tests.payments.ledger import (
    PROVIDERS,
    booking_row,
    events,
    held_booking,
    held_bookings_fixture,  # noqa: F401 (the fixture)
    payment_row,
    sandbox_says,
    start_checkout,
    transitions,
)

pytestmark = pytest.mark.usefixtures("held_bookings")


async def pending_checkout(client, runtime, provider, phone=PHONES[0]):
    member = await create_member(runtime, phone, handle=f"payer_{phone[-4:]}")
    booking = await held_booking(runtime, member)
    return booking, await start_checkout(client, await sign_in(runtime, member), booking, provider)


async def backdate(runtime, payment_id, minutes=10):
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment_id)
            .values(created_at=utcnow() - timedelta(minutes=minutes))
        )
        await session.commit()


def test_reconciliation_runs_every_five_minutes():
    (cron,) = [job for job in CRON_JOBS if job.function.__name__ == "reconcile_payments"]
    assert cron.cron == "*/5 * * * *"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_payment_whose_callback_was_lost_is_settled_once(client, runtime, provider):
    booking, checkout = await pending_checkout(client, runtime, provider)
    payment_id = checkout["payment"]["id"]
    await sandbox_says(client, runtime, checkout, SandboxStatus.PAID)
    await backdate(runtime, payment_id)
    context = job_context(runtime)

    assert await reconcile_payments(context) == 1
    assert await reconcile_payments(context) == 0

    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.SUCCEEDED
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CONFIRMED
    assert await transitions(runtime, payment_id) == [("initiated", "pending"), ("pending", "succeeded")]
    assert [event.outcome for event in await events(runtime, "inquiry")] == ["succeeded"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_abandoned_checkout_is_failed(client, runtime, provider, held_bookings):
    _, checkout = await pending_checkout(client, runtime, provider)
    payment_id = checkout["payment"]["id"]
    await sandbox_says(client, runtime, checkout, SandboxStatus.ABANDONED)
    await backdate(runtime, payment_id)
    assert await reconcile_payments(job_context(runtime)) == 1
    assert (await payment_row(runtime, payment_id)).status == m.PaymentStatus.FAILED
    assert held_bookings.failed == [(await payment_row(runtime, payment_id)).id]


async def test_young_payments_and_payers_still_on_the_page_are_left_alone(client, runtime):
    _, young = await pending_checkout(client, runtime, "jazzcash", PHONES[0])
    _, on_the_page = await pending_checkout(client, runtime, "jazzcash", PHONES[1])
    await open_checkout(client, on_the_page)
    await backdate(runtime, on_the_page["payment"]["id"])
    assert await reconcile_payments(job_context(runtime)) == 0
    for checkout in (young, on_the_page):
        assert (await payment_row(runtime, checkout["payment"]["id"])).status == m.PaymentStatus.PENDING
    assert [event.outcome for event in await events(runtime, "inquiry")] == ["pending"]


async def test_the_worker_runs_the_reconciliation(client, runtime, worker):
    _, checkout = await pending_checkout(client, runtime, "payfast")
    await sandbox_says(client, runtime, checkout, SandboxStatus.PAID)
    await backdate(runtime, checkout["payment"]["id"])
    job = await runtime.queue.enqueue("reconcile_payments")
    await job.refresh(until_complete=20)
    assert (job.status, job.result) == ("complete", 1)

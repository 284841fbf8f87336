"""Ten copies of one provider callback at the same moment: one transition, one confirmation.

The first test shows the race is real (without the row lock several requests see the payment still
pending at once; the conditional update is then all that stands between them and a second
transition), the others that with the lock exactly one request ever sees it pending.
"""

import asyncio

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.payments.services import PaymentService
from scene_sandboxes.payments.store import SandboxStatus
from tests.helpers import PHONES, create_member, sign_in
from tests.payments.ledger import (
    PROVIDERS,
    booking_row,
    events,
    held_booking,
    held_bookings_fixture,  # noqa: F401 (the fixture)
    sandbox_says,
    signed_callback,
    start_checkout,
    transitions,
)

pytestmark = pytest.mark.usefixtures("held_bookings")
COPIES = 10


async def paid_at_provider(live_api, runtime, provider):
    """A pending payment the provider (its sandbox) knows as paid, and the callback it would send."""
    member = await create_member(runtime, PHONES[0], handle="payer")
    booking = await held_booking(runtime, member)
    checkout = await start_checkout(live_api, await sign_in(runtime, member), booking, provider)
    await sandbox_says(live_api, runtime, checkout, SandboxStatus.PAID)
    payment = checkout["payment"]
    return booking, payment, signed_callback(runtime.settings, provider, payment["merchant_reference"], 4500)


async def deliver_copies(live_api, provider, fields):
    return await asyncio.gather(
        *(live_api.post(f"/api/v1/payments/callbacks/{provider}", data=fields) for _ in range(COPIES))
    )


@pytest.fixture
def statuses_seen(monkeypatch):
    """The status each callback found its payment in, once it held (or thought it held) the row."""
    seen = []
    settle = PaymentService._settle

    async def recording(self, payment, report, **kwargs):
        seen.append(payment.status)
        return await settle(self, payment, report, **kwargs)

    monkeypatch.setattr(PaymentService, "_settle", recording)
    return seen


async def test_without_the_row_lock_the_race_is_real(live_api, runtime, statuses_seen, monkeypatch):
    async def without_lock(self, *conditions):
        found = await self.session.scalar(
            sa.select(m.Payment).where(*conditions).execution_options(populate_existing=True)
        )
        await asyncio.sleep(0.2)  # the other copies read too before this one writes, on a busy machine too
        return found

    monkeypatch.setattr(PaymentService, "_locked", without_lock)
    monkeypatch.setattr(PaymentService, "_locked_with_target", without_lock)
    _, payment, fields = await paid_at_provider(live_api, runtime, "jazzcash")
    await deliver_copies(live_api, "jazzcash", fields)
    assert statuses_seen.count(m.PaymentStatus.PENDING) > 1, "expected several to see it pending"
    assert await transitions(runtime, payment["id"]) == [("initiated", "pending"), ("pending", "succeeded")]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_ten_concurrent_copies_of_a_callback_apply_exactly_once(
    live_api, runtime, statuses_seen, held_bookings, provider
):
    booking, payment, fields = await paid_at_provider(live_api, runtime, provider)

    answers = await deliver_copies(live_api, provider, fields)

    assert [answer.status_code for answer in answers] == [200] * COPIES
    assert statuses_seen.count(m.PaymentStatus.PENDING) == 1
    assert await transitions(runtime, payment["id"]) == [("initiated", "pending"), ("pending", "succeeded")]
    outcomes = sorted(event.outcome for event in await events(runtime))
    assert outcomes == ["applied"] + ["duplicate"] * (COPIES - 1)
    assert len(held_bookings.confirmed) == 1
    assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CONFIRMED


async def test_a_success_and_a_failure_racing_leave_one_outcome(live_api, runtime, statuses_seen):
    _, payment, paid = await paid_at_provider(live_api, runtime, "payfast")
    failed = signed_callback(runtime.settings, "payfast", payment["merchant_reference"], 4500, paid=False)
    await asyncio.gather(
        *(
            live_api.post("/api/v1/payments/callbacks/payfast", data=fields)
            for fields in [paid, failed] * (COPIES // 2)
        )
    )
    moves = await transitions(runtime, payment["id"])
    assert len(moves) == 2
    assert moves[1] in {("pending", "succeeded"), ("pending", "failed")}

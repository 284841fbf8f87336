"""A member cancels a booking at the very moment its payment callback arrives.

Both writers lock the booking before the payment (the ledger asks the target to lock itself
first), so neither waits on the other in the opposite order: no deadlock, no 500, and whichever
comes first, the booking ends cancelled and the money goes back.
"""

import asyncio

from scene_api.db import models as m
from scene_sandboxes.payments.store import SandboxStatus
from tests.helpers import PHONES, create_member, sign_in
from tests.payments.ledger import (
    booking_row,
    held_booking,
    payment_row,
    sandbox_says,
    signed_callback,
    start_checkout,
)

ROUNDS = 6


async def test_cancel_and_callback_at_once_end_cancelled_and_refunded(live_api, runtime):
    provider = "jazzcash"  # its signed test callback carries the transaction id the sandbox refunds
    member = await create_member(runtime, PHONES[0], handle="payer")
    headers = await sign_in(runtime, member)
    for _ in range(ROUNDS):
        booking = await held_booking(runtime, member, status=m.BookingStatus.HELD)
        checkout = await start_checkout(live_api, headers, booking, provider)
        await sandbox_says(live_api, runtime, checkout, SandboxStatus.PAID)
        payment = checkout["payment"]
        fields = signed_callback(runtime.settings, provider, payment["merchant_reference"], booking.price_pkr)
        callback, cancel = await asyncio.gather(
            live_api.post(f"/api/v1/payments/callbacks/{provider}", data=fields),
            live_api.post(f"/api/v1/bookings/{booking.id}/cancel", headers=headers),
        )
        assert callback.status_code < 500, callback.text
        assert cancel.status_code == 200, cancel.text
        assert (await booking_row(runtime, booking.id)).status == m.BookingStatus.CANCELLED
        assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.REFUNDED

"""Arranging and reading payments in tests: a held booking to pay for, a stand-in for the bookings
service as the payment target, signed callbacks, and what the ledger recorded."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar
from uuid import UUID

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.payments.targets import PaymentDetails
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import Services
from scene_sandboxes.payments import jazzcash as jazzcash_sandbox
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from tests.factories import BookingFactory, persist
from tests.helpers import at_provider
from tests.payments.browser import open_checkout

PROVIDERS = ["payfast", "jazzcash", "easypaisa"]


class HeldBookings:
    """A test double of the bookings service as a payment target: a held booking is paid for and
    then confirmed, or refused when `refuse` is set."""

    refuse: ClassVar[bool] = False
    confirmed: ClassVar[list[UUID]] = []
    failed: ClassVar[list[UUID]] = []
    refunded: ClassVar[list[UUID]] = []

    def __init__(self, services: Services) -> None:
        self.session = services.session

    async def payment_details(self, payer: m.User, target_id) -> PaymentDetails:
        booking = await self.session.scalar(
            sa.select(m.Booking)
            .where(m.Booking.id == target_id, m.Booking.user_id == payer.id)
            .with_for_update()
        )
        if booking is None:
            raise NotFound("No such booking.")
        if booking.status != m.BookingStatus.HELD:
            raise Conflict("This booking is not waiting for a payment.")
        return PaymentDetails(
            amount_pkr=booking.price_pkr,
            description="Court 1, Smash Point",
            expires_at=booking.hold_expires_at,
        )

    async def lock_for_payment(self, target_id: UUID) -> None:
        await self.session.execute(sa.select(m.Booking.id).where(m.Booking.id == target_id).with_for_update())

    async def payment_succeeded(self, payment: m.Payment) -> bool:
        booking = await self.session.get_one(m.Booking, payment.booking_id, with_for_update=True)
        if self.refuse:
            return False
        booking.status = m.BookingStatus.CONFIRMED
        booking.confirmed_at = booking.paid_at = utcnow()
        type(self).confirmed.append(payment.id)
        return True

    async def payment_failed(self, payment: m.Payment) -> None:
        type(self).failed.append(payment.id)

    async def payment_refunded(self, payment: m.Payment) -> None:
        type(self).refunded.append(payment.id)


@pytest.fixture(name="held_bookings")
def held_bookings_fixture(monkeypatch):
    """Payments for bookings go to `HeldBookings` (the API and the test body share the process)."""
    monkeypatch.setattr(HeldBookings, "refuse", False)
    monkeypatch.setattr(HeldBookings, "confirmed", [])
    monkeypatch.setattr(HeldBookings, "failed", [])
    monkeypatch.setattr(HeldBookings, "refunded", [])
    monkeypatch.setattr(Services, "bookings", property(HeldBookings), raising=False)
    return HeldBookings


async def held_booking(runtime, member, price_pkr=4500, **fields) -> m.Booking:
    booking = BookingFactory.build(user_id=member.id, price_pkr=price_pkr, **fields)
    async with runtime.session_factory() as session:
        await persist(session, booking)
    return booking


async def start_checkout(client, headers, booking, provider) -> dict[str, Any]:
    answer = await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": "booking", "target_id": str(booking.id), "provider": provider},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    checkout: dict[str, Any] = answer.json()
    return checkout


async def payment_row(runtime: Runtime, payment_id: UUID | str) -> m.Payment:
    async with runtime.session_factory() as session:
        return await session.get_one(m.Payment, payment_id)


async def booking_row(runtime: Runtime, booking_id: UUID | str) -> m.Booking:
    async with runtime.session_factory() as session:
        return await session.get_one(m.Booking, booking_id)


async def transitions(runtime, payment_id) -> list[tuple[str, str]]:
    async with runtime.session_factory() as session:
        rows = await session.execute(
            sa.select(m.PaymentTransition.from_status, m.PaymentTransition.to_status)
            .where(m.PaymentTransition.payment_id == payment_id)
            .order_by(m.PaymentTransition.created_at)
        )
        return [(str(before), str(after)) for before, after in rows]


async def events(runtime, kind="callback") -> list[m.PaymentEvent]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            sa.select(m.PaymentEvent).where(m.PaymentEvent.kind == kind).order_by(m.PaymentEvent.created_at)
        )
        return list(rows)


async def sandbox_says(client, runtime, checkout, status: SandboxStatus) -> None:
    """The payer opens the hosted page and acts there, but no callback comes."""
    await open_checkout(client, checkout)
    payment_at_provider = checkout["payment"]
    store = SandboxStore(runtime.redis, payment_at_provider["provider"])
    payment = await at_provider(store, payment_at_provider["merchant_reference"])
    payment.status = status
    payment.txn_id = payment.txn_id or "SBX000000000042"
    await store.save(payment)


def signed_callback(settings, provider, reference, amount_pkr, *, paid=True) -> dict[str, str]:
    """What the provider would send: signed with the merchant's secrets from settings."""
    if provider == "jazzcash":  # JazzCash's browser return (page redirection), signed by the sandbox
        fields = {
            "pp_Amount": str(amount_pkr * 100),
            "pp_ResponseCode": "000" if paid else "199",
            "pp_ResponseMessage": "Thank you for using JazzCash." if paid else "Declined.",
            "pp_RetreivalReferenceNo": f"R{reference}",
            "pp_TxnRefNo": reference,
            "pp_TxnType": "MPAY",
            "pp_MerchantID": settings.jazzcash_merchant_id,
        }
        return jazzcash_sandbox.with_hash(fields, settings.jazzcash_integrity_salt)
    if provider == "payfast":
        code = "000" if paid else "002"
        check = f"{reference}|{settings.payfast_secured_key}|{settings.payfast_merchant_id}|{code}"
        return {
            "basket_id": reference,
            "err_code": code,
            "err_msg": "Done" if paid else "Declined",
            "transaction_id": f"T{reference}",
            "transaction_amount": f"{amount_pkr}.00",
            "validation_hash": hashlib.sha256(check.encode()).hexdigest(),
        }
    assert provider == "easypaisa"
    return {"status": "0000" if paid else "0001", "desc": "done", "orderRefNumber": reference}

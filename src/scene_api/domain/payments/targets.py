"""What a payment pays for: the contract between the ledger and the services that sell something.

A target (bookings, event orders, activity cost shares) implements `PaymentTarget` on its
service. The ledger asks it for the amount before a checkout starts and tells it how the payment
ended. The ledger never touches the target's tables itself.

- `payment_details(payer, target_id)` locks and validates the target for this payer (it is theirs,
  still held, not already paid) and answers what to charge; it raises `DomainError`s to refuse.
- `payment_succeeded(payment)` confirms the target, under its own lock. It answers False when it
  can no longer be confirmed (the hold expired and the slot was taken since): the ledger then
  refunds the payment at once. The ledger never asks for a target another payment already paid
  (it refunds that second payment), and asks at most once per payment.
- `payment_failed(payment)` lets the target react to a failed payment (keep or release its hold).
- `payment_refunded(payment)`: the provider gave the money back (the ledger holds the target's lock);
  the target stops reading as paid.

Pay at venue never reaches the ledger: a booking paid at the venue has no Payment row.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput

if TYPE_CHECKING:
    from scene_api.services import Services


class PaymentDetails(msgspec.Struct):
    amount_pkr: int
    description: str
    """Shown on the provider's checkout page: short, no personal data."""
    expires_at: datetime | None
    """When the target stops waiting for this payment (a booking's hold), if it does."""


class PaymentTarget(Protocol):
    async def payment_details(self, payer: m.User, target_id: UUID) -> PaymentDetails: ...

    async def lock_for_payment(self, target_id: UUID) -> None:
        """Take the target's row locks in its own usual order. The ledger calls this before it locks
        the payment, so a cancel (target, then payment) and a callback never lock in opposite orders."""
        ...

    async def payment_succeeded(self, payment: m.Payment) -> bool: ...

    async def payment_failed(self, payment: m.Payment) -> None: ...

    async def payment_refunded(self, payment: m.Payment) -> None: ...


TARGET_SERVICES: dict[m.PaymentPurpose, str] = {
    m.PaymentPurpose.BOOKING: "bookings",
    m.PaymentPurpose.ORDER: "orders",
    m.PaymentPurpose.SHARE: "shares",
}
"""The attribute of `Services` that sells each purpose."""

TARGET_COLUMNS: dict[m.PaymentPurpose, str] = {
    m.PaymentPurpose.BOOKING: "booking_id",
    m.PaymentPurpose.ORDER: "order_id",
    m.PaymentPurpose.SHARE: "join_request_id",
}
"""The column of `Payment` naming what a payment of each purpose is for."""


def target_for(services: Services, purpose: m.PaymentPurpose) -> PaymentTarget:
    """The service that sells `purpose`; a purpose whose service is not built yet is not payable."""
    target: PaymentTarget | None = getattr(services, TARGET_SERVICES[purpose], None)
    if target is None:
        raise InvalidInput(Message(f"errors_payments.not_payable_{purpose.value}"), field="purpose")
    return target


def target_id_of(payment: m.Payment) -> UUID:
    target_id: UUID | None = getattr(payment, TARGET_COLUMNS[payment.purpose])
    if target_id is None:
        raise ValueError(f"payment {payment.id} names no {payment.purpose.value}")
    return target_id

"""What goes in and out of the payments API."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scene_api.db import models as m


class CheckoutCreate(msgspec.Struct, forbid_unknown_fields=True):
    purpose: m.PaymentPurpose
    target_id: UUID
    """The booking, order or join request being paid for."""
    provider: m.PaymentProviderName


class Payment(msgspec.Struct):
    id: UUID
    purpose: m.PaymentPurpose
    target_id: UUID
    provider: m.PaymentProviderName
    amount_pkr: int
    status: m.PaymentStatus
    merchant_reference: str
    failure_reason: str
    created_at: datetime
    succeeded_at: datetime | None
    refunded_at: datetime | None
    refund_state: m.RefundState | None = None
    """None: no refund asked; `manual` and `unknown` wait on ops."""


class RefundAction(enum.StrEnum):
    MARK_REFUNDED = "mark_refunded"
    """The money went back outside Scene (the provider's portal): `note` names the portal's reference."""
    SEND_AGAIN = "send_again"
    """Ask the provider's refund API again (ops checked the first request did not go through)."""


class RefundSettlement(msgspec.Struct, forbid_unknown_fields=True):
    action: RefundAction
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""


class ProviderDay(msgspec.Struct):
    """One provider's money on one day, from Scene's ledger."""

    provider: m.PaymentProviderName
    payments: dict[str, int]
    """Count of payments started that day, by status."""
    received_pkr: int
    """Payments that succeeded that day."""
    refunded_pkr: int
    """Refunds done that day."""
    refunds_waiting_pkr: int
    """Refunds asked for and not yet done (waiting on the provider or on ops), as of now."""
    check: ProviderCheck | None
    """None until the day is checked with the provider (a job after the day ends, or ops ask)."""


class ProviderCheck(msgspec.Struct):
    """The provider's status inquiry about each payment started that day, beside the ledger."""

    checked_at: datetime
    payments_checked: int
    provider_paid_pkr: int
    """What the provider says was paid, of the payments started that day."""
    scene_paid_pkr: int
    """What the ledger says was paid, of the same payments. Refunded payments count on neither side."""
    difference_pkr: int
    """provider_paid_pkr - scene_paid_pkr: zero when the two agree."""
    paid_only_at_provider: list[str]
    """References the provider calls paid and the ledger does not: money taken that Scene does not
    count (a callback that never came and an inquiry that came too late)."""
    paid_only_in_scene: list[str]
    """References the ledger calls paid (and not refunded) that the provider calls failed or pending."""
    amount_differs: list[str]
    no_answer: list[str]
    """References the provider gave no usable answer about: check them again or in its portal."""


class MoneyDay(msgspec.Struct):
    day: date
    providers: list[ProviderDay]
    refunds_waiting_on_ops: list[Payment]
    """Refunds only people can finish now (manual at the provider, unreadable answer, refused)."""


class CheckoutForm(msgspec.Struct):
    """POST these fields to `action` from the browser (a form that submits itself)."""

    action: str
    fields: dict[str, str]


class Checkout(msgspec.Struct):
    """Send the payer to `redirect_url`, or post `form`: the provider's hosted checkout."""

    payment: Payment
    redirect_url: str | None = None
    form: CheckoutForm | None = None

"""What goes in and out of the payments API."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile

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


@dataclass
class SettlementUpload:
    """multipart/form-data with the provider's report in the field `file`."""

    file: UploadFile


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
    settlement: SettlementComparison | None
    """None until ops upload the provider's settlement report for the day."""


class SettlementComparison(msgspec.Struct):
    filename: str
    provider_net_pkr: int
    scene_net_pkr: int
    difference_pkr: int
    """provider_net_pkr - scene_net_pkr: zero when the two agree."""
    missing_at_provider: list[str]
    """References Scene counts that day that the provider's report does not list."""
    missing_in_scene: list[str]
    """References the provider lists that Scene does not count that day."""
    amount_differs: list[str]


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

"""What goes in and out of the payments API."""

from __future__ import annotations

from datetime import datetime
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


class CheckoutForm(msgspec.Struct):
    """POST these fields to `action` from the browser (a form that submits itself)."""

    action: str
    fields: dict[str, str]


class Checkout(msgspec.Struct):
    """Send the payer to `redirect_url`, or post `form`: the provider's hosted checkout."""

    payment: Payment
    redirect_url: str | None = None
    form: CheckoutForm | None = None

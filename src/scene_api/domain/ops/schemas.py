"""What goes in and out of the admin (ops) API."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.auth.schemas import AccountRecord
from scene_api.domain.trust.levels import TrustLevel

Note = Annotated[str, msgspec.Meta(max_length=500)]


class AdminMember(AccountRecord):
    """A member as the ops page sees them: phone in full, status, who invited them."""

    city: m.City | None
    trust_level: TrustLevel
    vouches_received: int
    invited_by: str | None
    invite_quota: int
    can_invite: bool
    joined_at: datetime


class Suspension(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=3, max_length=300)]


class InvitePrivilege(msgspec.Struct, forbid_unknown_fields=True):
    can_invite: bool


class InviteTreeNode(msgspec.Struct):
    id: UUID
    handle: str
    name: str
    status: m.UserStatus
    joined_at: datetime
    invited: list[InviteTreeNode]


class DayCount(msgspec.Struct):
    day: date
    count: int


class InviterCount(msgspec.Struct):
    handle: str
    invited: int


class GrowthStats(msgspec.Struct):
    members: int
    active_members: int
    invites_created: int
    invites_redeemed: int
    vouches: int
    signups_per_day: list[DayCount]
    top_inviters: list[InviterCount]


class ReportAction(enum.StrEnum):
    DISMISS = "dismiss"
    ACTION = "action"
    """Upheld: the member behind the subject is told off or suspended (see `suspend_member`)."""


class ReportResolution(msgspec.Struct, forbid_unknown_fields=True):
    action: ReportAction
    note: Note = ""
    suspend_member: bool = False


class AdminReport(msgspec.Struct):
    id: UUID
    subject_type: m.ReportSubject
    subject_id: UUID
    subject_label: str
    reported_member_id: UUID | None
    reason: str
    details: str
    status: m.ReportStatus
    reporter_handle: str
    created_at: datetime
    resolution_note: str


class FailedJob(msgspec.Struct):
    key: str
    function: str
    error: str | None
    attempts: int
    completed_at: datetime | None


class QueueHealth(msgspec.Struct):
    queued: int
    active: int
    scheduled: int
    workers: int
    last_heartbeat: str | None
    failed: list[FailedJob]


class PaymentView(enum.StrEnum):
    """Which payments the ops page lists."""

    ALL = "all"
    STUCK = "stuck"
    """Started but neither settled nor failed long after the provider should have answered."""
    FAILED = "failed"
    REFUNDED = "refunded"
    REFUNDS = "refunds"
    """Refunds asked for and not done: on their way to the provider, or waiting on ops."""


class AdminPayment(msgspec.Struct):
    id: UUID
    purpose: m.PaymentPurpose
    provider: m.PaymentProviderName
    amount_pkr: int
    status: m.PaymentStatus
    merchant_reference: str
    payer_handle: str
    failure_reason: str
    created_at: datetime
    succeeded_at: datetime | None
    refunded_at: datetime | None
    stuck: bool
    booking_id: UUID | None
    order_id: UUID | None
    refund_state: m.RefundState | None = None
    refund_reason: str = ""
    refund_note: str = ""
    provider_method: str | None = None


class AdminBooking(msgspec.Struct):
    id: UUID
    status: m.BookingStatus
    venue_id: UUID
    venue_name: str
    court_name: str
    member_handle: str
    starts_at: datetime
    ends_at: datetime
    price_pkr: int
    payment_method: m.PaymentMethod | None
    paid: bool
    created_at: datetime


class AuditEntry(msgspec.Struct):
    id: UUID
    actor_handle: str | None
    action: str
    subject_type: str
    subject_id: UUID | None
    details: dict[str, Any]
    created_at: datetime


class DeliveryCounts(msgspec.Struct):
    """How many messages stand at each status, and how many of those a provider settled reached the
    person (`delivery_rate`, 0..1; None while none is settled)."""

    queued: int
    sending: int
    sent: int
    delivered: int
    read: int
    failed: int
    skipped: int
    total: int
    delivery_rate: float | None


class ProviderCost(msgspec.Struct):
    """What the providers reported charging, in one currency (`messages`: how many reported a price)."""

    currency: str
    amount: Decimal
    messages: int


class KindDelivery(msgspec.Struct):
    kind: str
    counts: DeliveryCounts


class ChannelDelivery(msgspec.Struct):
    channel: m.Channel
    counts: DeliveryCounts
    costs: list[ProviderCost]
    kinds: list[KindDelivery]
    """Busiest kind first."""


class ErrorCount(msgspec.Struct):
    channel: m.Channel
    provider: str
    error_code: str
    count: int


class RejectedWebhookEntry(msgspec.Struct):
    """A refused callback, without its headers or body (they may carry phone numbers or message text)."""

    provider: str
    reason: str
    remote_addr: str
    received_at: datetime


class MessageStats(msgspec.Struct):
    """Messages created since `since` (local midnight `days - 1` days ago), per channel and kind."""

    days: int
    since: datetime
    channels: list[ChannelDelivery]
    costs: list[ProviderCost]
    errors: list[ErrorCount]
    """The error codes failed messages ended with, commonest first (a message held back on purpose, by the
    daily cap, is skipped, not failed)."""
    rejected_webhooks: list[RejectedWebhookEntry]
    """The latest refused callbacks, newest first."""

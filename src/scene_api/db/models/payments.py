"""The payments ledger: one row per payment attempt, every provider callback kept raw."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.bookings import Booking
    from scene_api.db.models.events import Order
    from scene_api.db.models.join_requests import JoinRequest
    from scene_api.db.models.users import User


class PaymentProviderName(enum.StrEnum):
    PAYFAST = "payfast"
    JAZZCASH = "jazzcash"
    EASYPAISA = "easypaisa"


class PaymentPurpose(enum.StrEnum):
    BOOKING = "booking"
    ORDER = "order"
    SHARE = "share"
    """A participant's share of an activity's cost."""


class PaymentStatus(enum.StrEnum):
    INITIATED = "initiated"
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class RefundState(enum.StrEnum):
    """Where giving a succeeded payment back stands."""

    REQUESTED = "requested"
    """To send to the provider, or to send again (it could not be reached): the job sends it."""
    SENDING = "sending"
    """Claimed by one sender, whose request may be at the provider now; until its answer is recorded
    no one else sends it. Left so (the sender died) it becomes `unknown`, never resent blindly."""
    REFUSED = "refused"
    """The provider said no in an answer we read: ops look at why, then settle or send it again."""
    UNKNOWN = "unknown"
    """The provider's answer could not be read: the money may have gone back. Never resent blindly;
    ops check with the provider, then mark it refunded or send it again."""
    MANUAL = "manual"
    """The provider has no online refund: ops give the money back in its portal, then mark it."""
    DONE = "done"


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        sa.CheckConstraint("amount_pkr > 0", name="amount_positive"),
        sa.CheckConstraint(
            "num_nonnulls(booking_id, order_id, join_request_id) = 1", name="one_purpose_target"
        ),
        sa.CheckConstraint(
            "(refund_state IS NULL) = (refund_requested_at IS NULL)", name="requested_with_refund_state"
        ),
        sa.CheckConstraint(
            "(status = 'refunded') = (refund_state IS NOT DISTINCT FROM 'done')", name="refunded_when_done"
        ),
        sa.Index("ix_payments_status_updated", "status", "updated_at"),
    )

    payer_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    provider: Mapped[PaymentProviderName] = mapped_column(enum_type(PaymentProviderName))
    purpose: Mapped[PaymentPurpose] = mapped_column(enum_type(PaymentPurpose))
    booking_id: Mapped[UUID | None] = mapped_column(fk("bookings.id"), nullable=True, index=True)
    order_id: Mapped[UUID | None] = mapped_column(fk("orders.id"), nullable=True, index=True)
    join_request_id: Mapped[UUID | None] = mapped_column(fk("join_requests.id"), nullable=True, index=True)
    amount_pkr: Mapped[int]
    status: Mapped[PaymentStatus] = mapped_column(
        enum_type(PaymentStatus),
        default=PaymentStatus.INITIATED,
        server_default=PaymentStatus.INITIATED.value,
    )
    merchant_reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    """Our id for this payment as sent to the provider (order / bill reference)."""
    provider_txn_id: Mapped[str | None] = mapped_column(sa.String(80), unique=True, nullable=True)
    failure_reason: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    succeeded_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    refund_requested_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    """Set, with the cancel that causes it, before the provider is asked; a succeeded payment with it
    set is a refund still to make (the provider is called after the commit, a job retries)."""
    refund_reason: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    refund_state: Mapped[RefundState | None] = mapped_column(enum_type(RefundState), nullable=True)
    refund_sent_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    """When the refund was last claimed for sending (`sending`)."""
    refund_note: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    """What ops wrote when they settled a refund by hand (the provider portal's reference)."""
    provider_method: Mapped[str | None] = mapped_column(sa.String(20), nullable=True)
    """How the payer paid, in the provider's words (JazzCash MWALLET or MPAY, Easypay MA or CC):
    refunds differ by method."""

    payer: Mapped[User] = relationship(lazy="raise")
    booking: Mapped[Booking | None] = relationship(lazy="raise")
    order: Mapped[Order | None] = relationship(lazy="raise")
    join_request: Mapped[JoinRequest | None] = relationship(lazy="raise")
    """Exactly one of booking, order and join_request is set: what this payment is for."""


class PaymentTransition(Base):
    """Each status a payment enters, once: replayed or concurrent callbacks cannot apply twice."""

    __tablename__ = "payment_transitions"
    __table_args__ = (sa.UniqueConstraint("payment_id", "to_status", name="uq_payment_transitions_once"),)

    payment_id: Mapped[UUID] = mapped_column(fk("payments.id"))
    from_status: Mapped[PaymentStatus] = mapped_column(enum_type(PaymentStatus, name="from_status"))
    to_status: Mapped[PaymentStatus] = mapped_column(enum_type(PaymentStatus, name="to_status"))
    provider_txn_id: Mapped[str | None] = mapped_column(sa.String(80), nullable=True)

    payment: Mapped[Payment] = relationship(lazy="raise")


class ProviderCheck(Base):
    """What each provider's status inquiry said about every payment of one day (Pakistan time),
    asked by a job after the day ended (or when ops ask): the provider's own word beside the ledger's.
    Checking the day again replaces it."""

    __tablename__ = "provider_checks"
    __table_args__ = (sa.UniqueConstraint("provider", "day", name="uq_provider_checks_day"),)

    provider: Mapped[PaymentProviderName] = mapped_column(enum_type(PaymentProviderName))
    day: Mapped[date]
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    """[{reference, scene_status, amount_pkr, provider_status, provider_amount_pkr}]; provider_status
    is succeeded, failed, pending, or null when the provider gave no usable answer."""


class PaymentEvent(Base):
    """A raw callback or status answer from a provider, stored whether or not it verified."""

    __tablename__ = "payment_events"

    payment_id: Mapped[UUID | None] = mapped_column(fk("payments.id"), nullable=True, index=True)
    provider: Mapped[PaymentProviderName] = mapped_column(enum_type(PaymentProviderName))
    kind: Mapped[str] = mapped_column(sa.String(24))
    """callback, inquiry, refund."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    signature_valid: Mapped[bool]
    outcome: Mapped[str] = mapped_column(sa.String(40))
    """What was done with it: applied, duplicate, rejected_signature, amount_mismatch, ..."""

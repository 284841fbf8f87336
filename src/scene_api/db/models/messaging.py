"""Messages that leave the app: each delivery on each channel, providers' reports, push devices,
members' channel choices and the daily count that caps non-essential messages."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.users import User


class Channel(enum.StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    PUSH = "push"


class DeliveryStatus(enum.StrEnum):
    """Where one message stands on one channel. A report never moves a message backwards."""

    QUEUED = "queued"
    """The intent is recorded; no provider has been called yet (or a retry is due)."""
    SENDING = "sending"
    """A provider call is under way (or was interrupted: the sweep queues it again)."""
    SENT = "sent"
    """The provider accepted it."""
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    """The provider refused it or reported it undeliverable."""
    SKIPPED = "skipped"
    """Not sent on purpose: the daily cap, no way to reach the member, or no longer needed."""


class MessageDelivery(Base):
    """One message on one channel to one person: the intent first, then what the provider said."""

    __tablename__ = "message_deliveries"
    __table_args__ = (
        sa.Index(
            "uq_message_deliveries_provider_message",
            "provider",
            "provider_message_id",
            unique=True,
            postgresql_where=sa.text("provider_message_id IS NOT NULL"),
        ),
        sa.Index("ix_message_deliveries_status_updated", "status", "updated_at"),
        sa.Index("ix_message_deliveries_created", "created_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    user_id: Mapped[UUID | None] = mapped_column(fk("users.id"), nullable=True, index=True)
    """None for a sign-up code (the number belongs to nobody yet)."""
    notification_id: Mapped[UUID | None] = mapped_column(
        fk("notifications.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    category: Mapped[str] = mapped_column(sa.String(20))
    essential: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Codes and lapsing holds: never held back by quiet hours or the daily cap."""
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, name="message_channel"))
    provider: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    """One message per event, member and channel, however many jobs or retries ask for it."""
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus, name="delivery_status"),
        default=DeliveryStatus.QUEUED,
        server_default=DeliveryStatus.QUEUED.value,
    )
    phone_ciphertext: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    """The number for a code to someone who is not a member yet."""
    content_ciphertext: Mapped[str] = mapped_column(sa.Text)
    """What to send (title, body, link, code), encrypted: a code must not sit in the clear."""
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(128), nullable=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    error_code: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    error_message: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 5), nullable=True)
    currency: Mapped[str | None] = mapped_column(sa.String(3), nullable=True)
    not_before: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    """Held back by quiet hours until then."""
    sent_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    fallback_of_id: Mapped[UUID | None] = mapped_column(
        fk("message_deliveries.id", ondelete="SET NULL"), nullable=True
    )
    """The delivery on an earlier channel that failed (or was too slow) and this one replaces."""

    user: Mapped[User | None] = relationship(lazy="raise")


class MessageStatusEvent(Base):
    """Each report a provider sent about a message, once (a repeated report adds nothing)."""

    __tablename__ = "message_status_events"
    __table_args__ = (
        sa.UniqueConstraint(
            "provider", "provider_message_id", "status", name="uq_message_status_events_report"
        ),
    )

    delivery_id: Mapped[UUID | None] = mapped_column(
        fk("message_deliveries.id", ondelete="SET NULL"), nullable=True, index=True
    )
    provider: Mapped[str] = mapped_column(sa.String(20))
    provider_message_id: Mapped[str] = mapped_column(sa.String(128))
    status: Mapped[DeliveryStatus] = mapped_column(enum_type(DeliveryStatus, name="report_status"))
    occurred_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    error_code: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")


class RejectedWebhook(Base):
    """A callback that failed its provider's signature check: refused, and kept for ops to look at."""

    __tablename__ = "rejected_webhooks"

    provider: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(200))
    remote_addr: Mapped[str] = mapped_column(sa.String(45), default="", server_default="")
    headers: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    body: Mapped[str] = mapped_column(sa.Text, default="", server_default="")


class PushSubscription(Base):
    """One browser's push subscription; a push service answering 404 or 410 removes it."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (sa.CheckConstraint("length(endpoint) <= 2048", name="endpoint_length"),)

    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.Text, unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(100))
    auth: Mapped[str] = mapped_column(sa.String(50))
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    last_success_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    user: Mapped[User] = relationship(lazy="raise")


class MessagePreference(Base):
    """Which channels a member wants for one category of message (no row: the defaults)."""

    __tablename__ = "message_preferences"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "category", name="uq_message_preferences_member_category"),
        sa.CheckConstraint("channels <@ ARRAY['sms', 'whatsapp', 'push']::varchar[]", name="known_channels"),
    )

    user_id: Mapped[UUID] = mapped_column(fk("users.id"))
    category: Mapped[str] = mapped_column(sa.String(20))
    channels: Mapped[list[str]] = mapped_column(ARRAY(sa.String(10)), default=list, server_default="{}")

    user: Mapped[User] = relationship(lazy="raise")


class MessageDailyCount(Base):
    """Non-essential messages sent to a member on one day of their calendar (for the daily cap)."""

    __tablename__ = "message_daily_counts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "day", name="uq_message_daily_counts_member_day"),
        sa.CheckConstraint("sent >= 0", name="sent_not_negative"),
    )

    user_id: Mapped[UUID] = mapped_column(fk("users.id"))
    day: Mapped[date] = mapped_column(sa.Date)
    sent: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship(lazy="raise")

"""Events with ticket tiers, orders and tickets."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime
from scene_api.db.models.activities import Visibility

if TYPE_CHECKING:
    from scene_api.db.models.trust import Circle
    from scene_api.db.models.users import User


class EventStatus(enum.StrEnum):
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class Event(Base):
    """`tickets_sold` is guarded by a CHECK so the database refuses to sell past capacity."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("tickets_sold >= 0 AND tickets_sold <= capacity", name="sold_within_capacity"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name="lat_range"),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name="lng_range"),
        sa.Index("ix_events_status_starts", "status", "starts_at"),
        sa.Index("ix_events_lat_lng", "lat", "lng"),
    )

    host_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(24), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.String(4000), default="", server_default="")
    cover_key: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(utc_datetime())
    ends_at: Mapped[datetime] = mapped_column(utc_datetime())
    venue_id: Mapped[UUID | None] = mapped_column(
        fk("venues.id", ondelete="SET NULL"), nullable=True, index=True
    )
    place_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    city: Mapped[str | None] = mapped_column(sa.String(24), nullable=True)
    lat: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    lng: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    visibility: Mapped[Visibility] = mapped_column(
        enum_type(Visibility), default=Visibility.PUBLIC, server_default=Visibility.PUBLIC.value
    )
    approval_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    allow_pay_at_venue: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    capacity: Mapped[int]
    tickets_sold: Mapped[int] = mapped_column(default=0, server_default="0")
    status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus), default=EventStatus.PUBLISHED, server_default=EventStatus.PUBLISHED.value
    )
    featured: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    cancelled_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    host: Mapped[User] = relationship(lazy="raise")


class EventCircle(Base):
    __tablename__ = "event_circles"
    __table_args__ = (sa.UniqueConstraint("event_id", "circle_id", name="uq_event_circles_pair"),)

    event_id: Mapped[UUID] = mapped_column(fk("events.id"))
    circle_id: Mapped[UUID] = mapped_column(fk("circles.id"), index=True)

    event: Mapped[Event] = relationship(lazy="raise")
    circle: Mapped[Circle] = relationship(lazy="raise")


class TicketTier(Base):
    __tablename__ = "ticket_tiers"
    __table_args__ = (
        sa.CheckConstraint("price_pkr >= 0", name="price_not_negative"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("sold >= 0 AND sold <= quantity", name="sold_within_quantity"),
        sa.CheckConstraint("per_order_limit > 0", name="per_order_limit_positive"),
        sa.CheckConstraint(
            "sales_end IS NULL OR sales_start IS NULL OR sales_end > sales_start", name="sales_window_order"
        ),
        sa.UniqueConstraint("event_id", "name", name="uq_ticket_tiers_event_name"),
    )

    event_id: Mapped[UUID] = mapped_column(fk("events.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    price_pkr: Mapped[int]
    quantity: Mapped[int]
    sold: Mapped[int] = mapped_column(default=0, server_default="0")
    """Tickets reserved or paid; freed again when a reservation expires or is cancelled."""
    per_order_limit: Mapped[int] = mapped_column(default=4, server_default="4")
    sales_start: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    sales_end: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    event: Mapped[Event] = relationship(lazy="raise")


class OrderStatus(enum.StrEnum):
    RESERVED = "reserved"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("amount_pkr >= 0", name="amount_not_negative"),
        sa.Index("ix_orders_status_expires", "status", "expires_at"),
    )

    event_id: Mapped[UUID] = mapped_column(fk("events.id"), index=True)
    tier_id: Mapped[UUID] = mapped_column(fk("ticket_tiers.id"), index=True)
    buyer_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    quantity: Mapped[int]
    amount_pkr: Mapped[int]
    status: Mapped[OrderStatus] = mapped_column(
        enum_type(OrderStatus), default=OrderStatus.RESERVED, server_default=OrderStatus.RESERVED.value
    )
    pay_at_venue: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    expires_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    event: Mapped[Event] = relationship(lazy="raise")
    """Always the tier's event."""
    tier: Mapped[TicketTier] = relationship(lazy="raise")
    buyer: Mapped[User] = relationship(lazy="raise")


class TicketStatus(enum.StrEnum):
    VALID = "valid"
    CHECKED_IN = "checked_in"
    VOID = "void"


class Ticket(Base):
    __tablename__ = "tickets"

    order_id: Mapped[UUID] = mapped_column(fk("orders.id"), index=True)
    event_id: Mapped[UUID] = mapped_column(fk("events.id"), index=True)
    tier_id: Mapped[UUID] = mapped_column(fk("ticket_tiers.id"))
    holder_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    status: Mapped[TicketStatus] = mapped_column(
        enum_type(TicketStatus), default=TicketStatus.VALID, server_default=TicketStatus.VALID.value
    )
    checked_in_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    checked_in_by_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)

    order: Mapped[Order] = relationship(lazy="raise")
    event: Mapped[Event] = relationship(lazy="raise")
    """Always the order's event."""
    tier: Mapped[TicketTier] = relationship(lazy="raise")
    """Always the order's tier."""
    holder: Mapped[User] = relationship(foreign_keys=[holder_id], lazy="raise")


class EventWaitlistEntry(Base):
    """A member waiting for a sold-out event; offered tickets in order when some free up."""

    __tablename__ = "event_waitlist"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_waitlist_pair"),
        sa.Index("ix_event_waitlist_event_queued", "event_id", "queued_at"),
    )

    event_id: Mapped[UUID] = mapped_column(fk("events.id"))
    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    tier_id: Mapped[UUID | None] = mapped_column(fk("ticket_tiers.id", ondelete="SET NULL"), nullable=True)
    quantity: Mapped[int] = mapped_column(default=1, server_default="1")
    queued_at: Mapped[datetime] = mapped_column(utc_datetime(), server_default=sa.func.clock_timestamp())
    offered_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    offer_expires_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    event: Mapped[Event] = relationship(lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")


class EventStaff(Base):
    """A member the host lets work the door: checking tickets in and seeing the count, nothing more."""

    __tablename__ = "event_staff"
    __table_args__ = (sa.UniqueConstraint("event_id", "user_id", name="uq_event_staff_pair"),)

    event_id: Mapped[UUID] = mapped_column(fk("events.id"))
    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    added_by_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)

    event: Mapped[Event] = relationship(lazy="raise")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")

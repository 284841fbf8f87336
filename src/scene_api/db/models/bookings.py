"""Court bookings: a provisional hold that becomes confirmed, expires or is cancelled."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSTZRANGE, ExcludeConstraint, Range
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.users import User
    from scene_api.db.models.venues import Court, Venue


class BookingStatus(enum.StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"


OCCUPYING_STATUSES = ("held", "confirmed", "checked_in")
"""Bookings in these states own their slot; the exclusion constraint keeps them from overlapping."""


class PaymentMethod(enum.StrEnum):
    ONLINE = "online"
    PAY_AT_VENUE = "pay_at_venue"


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        ExcludeConstraint(
            (sa.column("court_id"), "="),
            (sa.column("period"), "&&"),
            name="no_overlapping_live_bookings",
            using="gist",
            where=sa.text("status IN ('held', 'confirmed', 'checked_in')"),
        ),
        sa.CheckConstraint("price_pkr >= 0", name="price_not_negative"),
        sa.CheckConstraint("NOT isempty(period)", name="period_not_empty"),
        sa.CheckConstraint("status <> 'held' OR hold_expires_at IS NOT NULL", name="hold_has_deadline"),
        sa.Index("ix_bookings_status_hold_expires", "status", "hold_expires_at"),
        sa.Index("ix_bookings_status_starts", "status", sa.text("lower(period)")),
        sa.Index("ix_bookings_venue_period", "venue_id", "period", postgresql_using="gist"),
        sa.Index(
            "uq_bookings_live_activity",
            "activity_id",
            unique=True,
            postgresql_where=sa.text(
                "status IN ('held', 'confirmed', 'checked_in') AND activity_id IS NOT NULL"
            ),
        ),
    )

    court_id: Mapped[UUID] = mapped_column(fk("courts.id"))
    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"))
    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    period: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)
    status: Mapped[BookingStatus] = mapped_column(
        enum_type(BookingStatus), default=BookingStatus.HELD, server_default=BookingStatus.HELD.value
    )
    price_pkr: Mapped[int]
    payment_method: Mapped[PaymentMethod | None] = mapped_column(enum_type(PaymentMethod), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    hold_expires_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    """Short code printed under the QR; the QR carries a signed token naming this booking."""
    activity_id: Mapped[UUID | None] = mapped_column(
        fk("activities.id", ondelete="SET NULL"), nullable=True, index=True
    )
    series_id: Mapped[UUID | None] = mapped_column(sa.Uuid, nullable=True, index=True)
    """Bookings made together as a weekly series share this id."""

    court: Mapped[Court] = relationship(lazy="raise")
    venue: Mapped[Venue] = relationship(lazy="raise")
    """Always the court's venue (kept on the row for per-venue calendars)."""
    user: Mapped[User] = relationship(lazy="raise")

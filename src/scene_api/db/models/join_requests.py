"""Requests to join an activity or an event, with their waitlist order."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime
from scene_api.db.models.bookings import PaymentMethod

if TYPE_CHECKING:
    from scene_api.db.models.activities import Activity
    from scene_api.db.models.events import Event
    from scene_api.db.models.users import User


class JoinRequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"


LIVE_JOIN_STATUSES = ("pending", "approved", "waitlisted")


class JoinRequest(Base):
    """Belongs to exactly one activity or event. One live request per member and target."""

    __tablename__ = "join_requests"
    __table_args__ = (
        sa.CheckConstraint("num_nonnulls(activity_id, event_id) = 1", name="one_target"),
        sa.Index(
            "uq_join_requests_live_activity",
            "activity_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text(
                "status IN ('pending', 'approved', 'waitlisted') AND activity_id IS NOT NULL"
            ),
        ),
        sa.Index(
            "uq_join_requests_live_event",
            "event_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text(
                "status IN ('pending', 'approved', 'waitlisted') AND event_id IS NOT NULL"
            ),
        ),
        sa.Index("ix_join_requests_activity_status_queued", "activity_id", "status", "queued_at"),
        sa.Index("ix_join_requests_event_status_queued", "event_id", "status", "queued_at"),
    )

    activity_id: Mapped[UUID | None] = mapped_column(fk("activities.id"), nullable=True)
    event_id: Mapped[UUID | None] = mapped_column(fk("events.id"), nullable=True)
    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    status: Mapped[JoinRequestStatus] = mapped_column(
        enum_type(JoinRequestStatus), default=JoinRequestStatus.PENDING, server_default="pending"
    )
    message: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    queued_at: Mapped[datetime] = mapped_column(utc_datetime(), server_default=sa.func.clock_timestamp())
    """Arrival order: the waitlist is promoted first-in, first-out by this."""
    decided_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    decided_by_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)
    share_method: Mapped[PaymentMethod | None] = mapped_column(enum_type(PaymentMethod), nullable=True)
    """How an approved participant pays their share of the activity's cost: online or at the venue."""
    share_paid_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    """When their share was paid online."""

    activity: Mapped[Activity | None] = relationship(lazy="raise")
    event: Mapped[Event | None] = relationship(lazy="raise")
    """Exactly one of activity and event is set."""
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")

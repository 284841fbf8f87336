"""Activities members post to find partners (a padel match that needs 2 more players)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.trust import Circle
    from scene_api.db.models.users import User


class ActivityType(enum.StrEnum):
    PADEL = "padel"
    FOOTBALL = "football"
    CRICKET = "cricket"
    FUTSAL = "futsal"
    BADMINTON = "badminton"
    TENNIS = "tennis"
    SQUASH = "squash"
    RUNNING = "running"
    CYCLING = "cycling"
    HIKING = "hiking"
    BASKETBALL = "basketball"
    BOARD_GAMES = "board_games"
    GYM = "gym"
    OTHER = "other"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    CIRCLES = "circles"
    LINK_ONLY = "link_only"


class Audience(enum.StrEnum):
    MIXED = "mixed"
    WOMEN_ONLY = "women_only"


class TrustedApproval(enum.StrEnum):
    """Whose vouch lets a request in at once (while seats remain), besides the host's own vouch."""

    NONE = "none"
    VOUCHED_BY_MY_CIRCLES = "vouched_by_my_circles"
    """Vouched for by a member of a circle the host is in."""
    VOUCHED_BY_PEOPLE_I_VOUCHED_FOR = "vouched_by_people_i_vouched_for"
    """Vouched for by someone the host vouched for."""


class ActivityStatus(enum.StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class Activity(Base):
    """Capacity counts the host's guests, not the host. `seats_taken` is guarded by a CHECK so the
    database itself refuses more approved participants than seats."""

    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"),
        sa.CheckConstraint("cost_pkr >= 0", name="cost_not_negative"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint(
            "skill_min BETWEEN 1 AND 5 AND skill_max BETWEEN skill_min AND 5", name="skill_range"
        ),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name="lat_range"),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name="lng_range"),
        sa.CheckConstraint(
            "underfill_cancel_hours IS NULL OR underfill_cancel_hours IN (1, 2)",
            name="underfill_hours_allowed",
        ),
        sa.Index("ix_activities_status_starts", "status", "starts_at"),
        sa.Index("ix_activities_lat_lng", "lat", "lng"),
        sa.Index("ix_activities_type_starts", "type", "starts_at"),
    )

    host_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(24), unique=True)
    type: Mapped[ActivityType] = mapped_column(enum_type(ActivityType))
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(utc_datetime())
    ends_at: Mapped[datetime] = mapped_column(utc_datetime())
    venue_id: Mapped[UUID | None] = mapped_column(
        fk("venues.id", ondelete="SET NULL"), nullable=True, index=True
    )
    place_name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    city: Mapped[str | None] = mapped_column(sa.String(24), nullable=True)
    lat: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    lng: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    capacity: Mapped[int]
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    skill_min: Mapped[int] = mapped_column(default=1, server_default="1")
    skill_max: Mapped[int] = mapped_column(default=5, server_default="5")
    cost_pkr: Mapped[int] = mapped_column(default=0, server_default="0")
    visibility: Mapped[Visibility] = mapped_column(
        enum_type(Visibility), default=Visibility.PUBLIC, server_default=Visibility.PUBLIC.value
    )
    audience: Mapped[Audience] = mapped_column(
        enum_type(Audience), default=Audience.MIXED, server_default=Audience.MIXED.value
    )
    auto_approve: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    auto_approve_trusted: Mapped[TrustedApproval] = mapped_column(
        enum_type(TrustedApproval, length=40),
        default=TrustedApproval.NONE,
        server_default=TrustedApproval.NONE.value,
    )
    underfill_cancel_hours: Mapped[int | None] = mapped_column(nullable=True)
    """Cancel the activity automatically if it is still not full this many hours before the start
    (1 or 2); None: never."""
    status: Mapped[ActivityStatus] = mapped_column(
        enum_type(ActivityStatus), default=ActivityStatus.OPEN, server_default=ActivityStatus.OPEN.value
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    host: Mapped[User] = relationship(lazy="raise")


class ActivityCircle(Base):
    """The circles an activity with `circles` visibility is shown to."""

    __tablename__ = "activity_circles"
    __table_args__ = (sa.UniqueConstraint("activity_id", "circle_id", name="uq_activity_circles_pair"),)

    activity_id: Mapped[UUID] = mapped_column(fk("activities.id"))
    circle_id: Mapped[UUID] = mapped_column(fk("circles.id"), index=True)

    activity: Mapped[Activity] = relationship(lazy="raise")
    circle: Mapped[Circle] = relationship(lazy="raise")

"""Members: profiles, blocks between members, reports to the admins."""

from __future__ import annotations

import enum
from datetime import datetime, time
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, CITEXT, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime


class UserRole(enum.StrEnum):
    MEMBER = "member"
    VENUE_OWNER = "venue_owner"
    ADMIN = "admin"


class UserStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Gender(enum.StrEnum):
    WOMAN = "woman"
    MAN = "man"
    UNDISCLOSED = "undisclosed"


class City(enum.StrEnum):
    LAHORE = "Lahore"
    KARACHI = "Karachi"
    ISLAMABAD = "Islamabad"
    RAWALPINDI = "Rawalpindi"
    FAISALABAD = "Faisalabad"
    PESHAWAR = "Peshawar"
    MULTAN = "Multan"


class User(Base):
    """A member. The phone number is PII: stored encrypted, found through a keyed hash."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("invite_quota >= 0", name="invite_quota_not_negative"),
        sa.CheckConstraint("handle::text ~ '^[a-z0-9_]{3,30}$'", name="handle_format"),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name="lat_range"),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name="lng_range"),
        sa.CheckConstraint("quiet_start <> quiet_end", name="quiet_hours_not_empty"),
        sa.Index("ix_users_lat_lng", "lat", "lng"),
        # Member search matches parts of names and handles (ILIKE '%...%'): trigram indexes (pg_trgm).
        sa.Index(
            "ix_users_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}
        ),
        sa.Index(
            "ix_users_handle_trgm",
            "handle",
            postgresql_using="gin",
            postgresql_ops={"handle": "gin_trgm_ops"},
        ),
    )

    phone_ciphertext: Mapped[str] = mapped_column(sa.Text)
    phone_blind_index: Mapped[str] = mapped_column(sa.String(64), unique=True)
    phone_last4: Mapped[str] = mapped_column(sa.String(4))
    """Kept in clear so masked numbers (+92 3** *** 4567) need no decryption."""
    handle: Mapped[str] = mapped_column(CITEXT, unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    bio: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    city: Mapped[City | None] = mapped_column(enum_type(City), nullable=True)
    lat: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    lng: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    gender: Mapped[Gender] = mapped_column(
        enum_type(Gender), default=Gender.UNDISCLOSED, server_default=Gender.UNDISCLOSED.value
    )
    interests: Mapped[list[str]] = mapped_column(ARRAY(sa.String(24)), default=list, server_default="{}")
    skill_levels: Mapped[dict[str, int]] = mapped_column(JSONB, default=dict, server_default="{}")
    """Activity type -> level 1 (beginner) .. 5 (pro)."""
    open_to_join: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    avatar_key: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    role: Mapped[UserRole] = mapped_column(
        enum_type(UserRole), default=UserRole.MEMBER, server_default=UserRole.MEMBER.value
    )
    status: Mapped[UserStatus] = mapped_column(
        enum_type(UserStatus), default=UserStatus.ACTIVE, server_default=UserStatus.ACTIVE.value
    )
    invite_quota: Mapped[int] = mapped_column(default=5, server_default="5")
    can_invite: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    invited_by_id: Mapped[UUID | None] = mapped_column(
        fk("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(5), default="en", server_default="en")
    time_zone: Mapped[str] = mapped_column(
        sa.String(40), default="Asia/Karachi", server_default="Asia/Karachi"
    )
    """Quiet hours and a day's message count follow the member's clock."""
    quiet_hours: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    """Non-essential messages wait from quiet_start to quiet_end (member's clock) while this is on."""
    quiet_start: Mapped[time] = mapped_column(sa.Time, default=time(23), server_default="23:00")
    quiet_end: Mapped[time] = mapped_column(sa.Time, default=time(8), server_default="08:00")
    last_seen_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)


class Block(Base):
    """`blocker` hides `blocked`; both stop seeing each other everywhere."""

    __tablename__ = "blocks"
    __table_args__ = (
        sa.UniqueConstraint("blocker_id", "blocked_id", name="uq_blocks_pair"),
        sa.CheckConstraint("blocker_id <> blocked_id", name="no_self_block"),
    )

    blocker_id: Mapped[UUID] = mapped_column(fk("users.id"))
    blocked_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)

    blocker: Mapped[User] = relationship(foreign_keys=[blocker_id], lazy="raise")
    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id], lazy="raise")


class ReportSubject(enum.StrEnum):
    USER = "user"
    ACTIVITY = "activity"
    EVENT = "event"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    ACTIONED = "actioned"
    DISMISSED = "dismissed"


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (sa.Index("ix_reports_status_created", "status", "created_at"),)

    reporter_id: Mapped[UUID] = mapped_column(fk("users.id"))
    subject_type: Mapped[ReportSubject] = mapped_column(enum_type(ReportSubject))
    subject_id: Mapped[UUID] = mapped_column(sa.Uuid)
    reason: Mapped[str] = mapped_column(sa.String(40))
    details: Mapped[str] = mapped_column(sa.String(1000), default="", server_default="")
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus), default=ReportStatus.OPEN, server_default=ReportStatus.OPEN.value
    )
    resolved_by_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    resolution_note: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="raise")

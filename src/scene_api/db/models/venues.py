"""Venues with courts, opening hours, prices, photos and blackout periods."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, TSTZRANGE, Range
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk
from scene_api.db.models.activities import ActivityType

if TYPE_CHECKING:
    from scene_api.db.models.users import User


class VenueStatus(enum.StrEnum):
    ACTIVE = "active"
    HIDDEN = "hidden"


class Venue(Base):
    __tablename__ = "venues"
    __table_args__ = (
        sa.CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        sa.CheckConstraint("lng BETWEEN -180 AND 180", name="lng_range"),
        sa.CheckConstraint(
            "peak_start_minute IS NULL OR (peak_start_minute BETWEEN 0 AND 1439 "
            "AND peak_end_minute > peak_start_minute AND peak_end_minute <= 2880)",
            name="peak_window",
        ),
        sa.Index("ix_venues_lat_lng", "lat", "lng"),
        sa.Index("ix_venues_city", "city"),
    )

    owner_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")
    address: Mapped[str] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(24))
    lat: Mapped[float]
    lng: Mapped[float]
    amenities: Mapped[list[str]] = mapped_column(ARRAY(sa.String(40)), default=list, server_default="{}")
    contact_phone: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    peak_start_minute: Mapped[int | None] = mapped_column(nullable=True)
    """Minutes after local midnight when peak pricing starts (e.g. 1080 = 18:00)."""
    peak_end_minute: Mapped[int | None] = mapped_column(nullable=True)
    status: Mapped[VenueStatus] = mapped_column(
        enum_type(VenueStatus), default=VenueStatus.ACTIVE, server_default=VenueStatus.ACTIVE.value
    )

    owner: Mapped[User] = relationship(lazy="raise")


class Court(Base):
    __tablename__ = "courts"
    __table_args__ = (sa.UniqueConstraint("venue_id", "name", name="uq_courts_venue_name"),)

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    sport: Mapped[ActivityType] = mapped_column(enum_type(ActivityType), default=ActivityType.PADEL)
    indoor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    venue: Mapped[Venue] = relationship(lazy="raise")


class OpeningHours(Base):
    """Weekly hours in local (Asia/Karachi) minutes. Closing may pass midnight (up to 48:00)."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        sa.UniqueConstraint("venue_id", "weekday", name="uq_opening_hours_venue_weekday"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        sa.CheckConstraint(
            "opens_minute BETWEEN 0 AND 1439 AND closes_minute > opens_minute AND closes_minute <= 2880",
            name="hours_order",
        ),
    )

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"))
    weekday: Mapped[int]
    """0 = Monday ... 6 = Sunday."""
    opens_minute: Mapped[int]
    closes_minute: Mapped[int]

    venue: Mapped[Venue] = relationship(lazy="raise")


class SpecialHours(Base):
    """Hours for one date that replace the weekly ones (late slots in Ramadan, Eid closures)."""

    __tablename__ = "special_hours"
    __table_args__ = (
        sa.UniqueConstraint("venue_id", "day", name="uq_special_hours_venue_day"),
        sa.CheckConstraint(
            "closed OR (opens_minute BETWEEN 0 AND 1439 AND closes_minute > opens_minute "
            "AND closes_minute <= 2880)",
            name="hours_order",
        ),
    )

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"))
    day: Mapped[date]
    closed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    opens_minute: Mapped[int | None] = mapped_column(nullable=True)
    closes_minute: Mapped[int | None] = mapped_column(nullable=True)
    note: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")

    venue: Mapped[Venue] = relationship(lazy="raise")


class PriceRule(Base):
    """The price of one slot length at a venue, off-peak and peak."""

    __tablename__ = "price_rules"
    __table_args__ = (
        sa.UniqueConstraint("venue_id", "duration_minutes", name="uq_price_rules_venue_duration"),
        sa.CheckConstraint("duration_minutes IN (60, 90, 120)", name="duration_allowed"),
        sa.CheckConstraint("price_pkr >= 0 AND peak_price_pkr >= 0", name="price_not_negative"),
    )

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"))
    duration_minutes: Mapped[int]
    price_pkr: Mapped[int]
    peak_price_pkr: Mapped[int]

    venue: Mapped[Venue] = relationship(lazy="raise")


class VenuePhoto(Base):
    __tablename__ = "venue_photos"

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(200))
    caption: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    venue: Mapped[Venue] = relationship(lazy="raise")


class Blackout(Base):
    """A period a court (or, with no court, the whole venue) cannot be booked: owner blocks, maintenance."""

    __tablename__ = "blackouts"
    __table_args__ = (
        sa.CheckConstraint("NOT isempty(period)", name="period_not_empty"),
        sa.Index("ix_blackouts_period", "venue_id", "period", postgresql_using="gist"),
    )

    venue_id: Mapped[UUID] = mapped_column(fk("venues.id"))
    court_id: Mapped[UUID | None] = mapped_column(fk("courts.id"), nullable=True)
    period: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)
    reason: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    created_by_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)

    venue: Mapped[Venue] = relationship(lazy="raise")

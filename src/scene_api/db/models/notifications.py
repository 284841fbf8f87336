"""In-app notifications."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.users import User


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_created", "user_id", "created_at"),)

    user_id: Mapped[UUID] = mapped_column(fk("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    link: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    read_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True, nullable=True)
    """Lets a job that runs twice create its notification once."""

    user: Mapped[User] = relationship(lazy="raise")

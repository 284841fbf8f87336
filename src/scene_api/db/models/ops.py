"""The audit log of admin and money actions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from scene_api.db.base import Base, fk


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_subject", "subject_type", "subject_id"),)

    actor_id: Mapped[UUID | None] = mapped_column(
        fk("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(sa.String(60))
    subject_type: Mapped[str] = mapped_column(sa.String(30))
    subject_id: Mapped[UUID | None] = mapped_column(sa.Uuid, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    ip: Mapped[str] = mapped_column(sa.String(45), default="", server_default="")

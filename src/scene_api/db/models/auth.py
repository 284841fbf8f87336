"""Sign-in: invites, OTP challenges, refresh tokens and the development SMS outbox."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk, utc_datetime

if TYPE_CHECKING:
    from scene_api.db.models.users import User


class InviteStatus(enum.StrEnum):
    ACTIVE = "active"
    REDEEMED = "redeemed"
    REVOKED = "revoked"


class Invite(Base):
    """One invite code; redeeming it at signup records who invited whom and the inviter's vouch."""

    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    inviter_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    invitee_id: Mapped[UUID | None] = mapped_column(fk("users.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[InviteStatus] = mapped_column(
        enum_type(InviteStatus), default=InviteStatus.ACTIVE, server_default=InviteStatus.ACTIVE.value
    )
    note: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    expires_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    redeemed_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)

    inviter: Mapped[User] = relationship(foreign_keys=[inviter_id], lazy="raise")


class OtpChallenge(Base):
    """A one-time code sent to a phone. Only the code's hash is stored."""

    __tablename__ = "otp_challenges"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_otp_challenges_phone_created", "phone_blind_index", "created_at"),
    )

    phone_blind_index: Mapped[str] = mapped_column(sa.String(64))
    code_hash: Mapped[str] = mapped_column(sa.String(128))
    phone_ciphertext: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    """The number, encrypted: a sign-up creates the member from it once the code is verified."""
    expires_at: Mapped[datetime] = mapped_column(utc_datetime())
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    consumed_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    invite_code: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    requested_ip: Mapped[str] = mapped_column(sa.String(45), default="", server_default="")


class RefreshToken(Base):
    """A refresh token (hashed). Tokens rotated from one sign-in share a family."""

    __tablename__ = "refresh_tokens"

    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    family_id: Mapped[UUID] = mapped_column(sa.Uuid, index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(utc_datetime())
    rotated_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(utc_datetime(), nullable=True)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    user: Mapped[User] = relationship(lazy="raise")


class SmsOutbox(Base):
    """Messages the development SMS sender 'sent': read by tests and the UI's dev mode."""

    __tablename__ = "sms_outbox"

    phone_blind_index: Mapped[str] = mapped_column(sa.String(64), index=True)
    phone_masked: Mapped[str] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.String(320))

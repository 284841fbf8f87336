"""Trust between members: vouches and circles."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scene_api.db.base import Base, enum_type, fk

if TYPE_CHECKING:
    from scene_api.db.models.users import User


class Vouch(Base):
    """`voucher` stands for `vouchee`. One per pair, never for oneself."""

    __tablename__ = "vouches"
    __table_args__ = (
        sa.UniqueConstraint("voucher_id", "vouchee_id", name="uq_vouches_pair"),
        sa.CheckConstraint("voucher_id <> vouchee_id", name="no_self_vouch"),
    )

    voucher_id: Mapped[UUID] = mapped_column(fk("users.id"))
    vouchee_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    note: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    from_invite: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    voucher: Mapped[User] = relationship(foreign_keys=[voucher_id], lazy="raise")
    vouchee: Mapped[User] = relationship(foreign_keys=[vouchee_id], lazy="raise")


class Circle(Base):
    __tablename__ = "circles"

    owner_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    is_private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    city: Mapped[str | None] = mapped_column(sa.String(24), nullable=True)

    owner: Mapped[User] = relationship(lazy="raise")


class CircleRole(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


class CircleMember(Base):
    __tablename__ = "circle_members"
    __table_args__ = (sa.UniqueConstraint("circle_id", "user_id", name="uq_circle_members_pair"),)

    circle_id: Mapped[UUID] = mapped_column(fk("circles.id"))
    user_id: Mapped[UUID] = mapped_column(fk("users.id"), index=True)
    role: Mapped[CircleRole] = mapped_column(
        enum_type(CircleRole), default=CircleRole.MEMBER, server_default=CircleRole.MEMBER.value
    )

    circle: Mapped[Circle] = relationship(lazy="raise")
    user: Mapped[User] = relationship(lazy="raise")

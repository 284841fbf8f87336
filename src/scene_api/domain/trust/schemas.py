"""What goes in and out of vouches and circles."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.users.schemas import Member

CircleName = Annotated[str, msgspec.Meta(max_length=60)]
CircleDescription = Annotated[str, msgspec.Meta(max_length=500)]


class VouchDirection(enum.StrEnum):
    GIVEN = "given"
    RECEIVED = "received"


class VouchCreate(msgspec.Struct, forbid_unknown_fields=True):
    vouchee_id: UUID
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""


class Vouch(msgspec.Struct):
    id: UUID
    voucher_id: UUID
    vouchee_id: UUID
    note: str
    from_invite: bool
    created_at: datetime
    member: Member
    """The other side: the vouchee in vouches given (and a new vouch), the voucher in vouches received."""


class CircleCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: CircleName
    description: CircleDescription = ""
    is_private: bool = False
    city: m.City | None = None


class CircleUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Leave a field out to keep it. The slug stays as it was, so shared links keep working."""

    name: CircleName | msgspec.UnsetType = msgspec.UNSET
    description: CircleDescription | msgspec.UnsetType = msgspec.UNSET
    is_private: bool | msgspec.UnsetType = msgspec.UNSET
    city: m.City | msgspec.UnsetType | None = msgspec.UNSET


class CircleMemberAdd(msgspec.Struct, forbid_unknown_fields=True):
    user_id: UUID
    role: m.CircleRole = m.CircleRole.MEMBER
    """`admin` (owner only) or `member`; a circle has one owner."""


class Circle(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    description: str
    is_private: bool
    city: m.City | None
    owner_id: UUID
    member_count: int
    my_role: m.CircleRole | None
    """Null when you are not in the circle (a public one)."""
    created_at: datetime


class CircleMembership(msgspec.Struct):
    member: Member
    role: m.CircleRole
    joined_at: datetime


class CircleDetail(Circle):
    members: list[CircleMembership]
    """Owner first, then admins, then members by when they joined; members hidden from you are left out."""

"""What goes in and out of member profiles, blocks and reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile

from scene_api.db import models as m
from scene_api.domain.trust.levels import TrustLevel

SkillLevel = Annotated[int, msgspec.Meta(ge=1, le=5, description="1 (beginner) .. 5 (pro)")]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
Handle = Annotated[str, msgspec.Meta(max_length=30, description="3-30 of a-z, 0-9 and _")]
Interests = Annotated[list[m.ActivityType], msgspec.Meta(max_length=len(m.ActivityType))]


class PersonSummary(msgspec.Struct):
    id: UUID
    handle: str
    name: str
    avatar_url: str | None


class Member(msgspec.Struct):
    """A member as they appear in lists: enough for a row with a picture."""

    id: UUID
    handle: str
    name: str
    avatar_url: str | None
    """The 128 px thumbnail."""
    city: m.City | None
    trust_level: TrustLevel
    open_to_join: bool = False
    """Says they are up for joining games: the home page's "Open to join" row."""


class Profile(msgspec.Struct):
    """A member's profile. `phone`, `lat` and `lng` are private: masked or null for anyone but the
    member and admins."""

    id: UUID
    handle: str
    name: str
    bio: str
    city: m.City | None
    gender: m.Gender
    interests: list[m.ActivityType]
    skill_levels: dict[m.ActivityType, int]
    open_to_join: bool
    locale: str
    avatar_url: str | None
    avatar_thumb_url: str | None
    phone: str
    lat: float | None
    lng: float | None
    trust_level: TrustLevel
    vouches_received: int
    vouches_given: int
    circles_in_common: int | None
    """Circles both of you are in; null on your own profile."""
    joined_at: datetime
    is_me: bool


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The profile fields a member may change; leave a field out to keep it. Nothing else is settable."""

    name: Annotated[str, msgspec.Meta(max_length=80)] | msgspec.UnsetType = msgspec.UNSET
    handle: Handle | msgspec.UnsetType = msgspec.UNSET
    bio: Annotated[str, msgspec.Meta(max_length=500)] | msgspec.UnsetType = msgspec.UNSET
    city: m.City | msgspec.UnsetType | None = msgspec.UNSET
    gender: m.Gender | msgspec.UnsetType = msgspec.UNSET
    interests: Interests | msgspec.UnsetType = msgspec.UNSET
    skill_levels: dict[m.ActivityType, SkillLevel] | msgspec.UnsetType = msgspec.UNSET
    """Replaces the whole map."""
    open_to_join: bool | msgspec.UnsetType = msgspec.UNSET
    locale: Literal["en", "ur"] | msgspec.UnsetType = msgspec.UNSET
    lat: Latitude | msgspec.UnsetType | None = msgspec.UNSET
    lng: Longitude | msgspec.UnsetType | None = msgspec.UNSET


@dataclass
class AvatarUpload:
    """multipart/form-data with the picture in the field `file`."""

    file: UploadFile


class BlockCreate(msgspec.Struct, forbid_unknown_fields=True):
    user_id: UUID


class Block(msgspec.Struct):
    member: Member
    created_at: datetime


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    THREATS = "threats"
    INAPPROPRIATE = "inappropriate"
    FAKE_PROFILE = "fake_profile"
    SCAM = "scam"
    UNDERAGE = "underage"
    UNSAFE_MEETUP = "unsafe_meetup"
    OTHER = "other"


class ReportCreate(msgspec.Struct, forbid_unknown_fields=True):
    subject_type: m.ReportSubject
    subject_id: UUID
    reason: ReportReason
    details: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class Report(msgspec.Struct):
    id: UUID
    subject_type: m.ReportSubject
    subject_id: UUID
    reason: ReportReason
    details: str
    status: m.ReportStatus
    created_at: datetime

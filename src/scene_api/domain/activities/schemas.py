"""What goes in and out of the activities API."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.joins.schemas import MyRequest
from scene_api.domain.users.schemas import PersonSummary

Title = Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
Description = Annotated[str, msgspec.Meta(max_length=2000)]
Capacity = Annotated[int, msgspec.Meta(ge=1, le=500, description="Seats for guests, not counting the host")]
Skill = Annotated[int, msgspec.Meta(ge=1, le=5)]
Rupees = Annotated[int, msgspec.Meta(ge=0, le=1_000_000, description="Whole Pakistani rupees")]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
UnderfillHours = Annotated[
    Literal[1, 2],
    msgspec.Meta(description="Cancel automatically if still not full this many hours before the start"),
]


class Activity(msgspec.Struct):
    id: UUID
    slug: str
    type: m.ActivityType
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    city: str | None
    lat: float | None
    lng: float | None
    venue_id: UUID | None
    capacity: int
    seats_taken: int
    spots_left: int
    skill_min: int
    skill_max: int
    cost_pkr: int
    visibility: m.Visibility
    audience: m.Audience
    auto_approve: bool
    auto_approve_trusted: m.TrustedApproval
    underfill_cancel_hours: int | None
    status: m.ActivityStatus
    host: PersonSummary
    share_url: str
    circle_ids: list[UUID] = []
    distance_km: float | None = None
    my_request: MyRequest | None = None


class ActivityCreate(msgspec.Struct, forbid_unknown_fields=True):
    type: m.ActivityType
    title: Title
    starts_at: datetime
    ends_at: datetime
    capacity: Capacity
    description: Description = ""
    venue_id: UUID | None = None
    place_name: Annotated[str, msgspec.Meta(max_length=120)] = ""
    city: m.City | None = None
    lat: Latitude | None = None
    lng: Longitude | None = None
    skill_min: Skill = 1
    skill_max: Skill = 5
    cost_pkr: Rupees = 0
    visibility: m.Visibility = m.Visibility.PUBLIC
    circle_ids: list[UUID] = []
    audience: m.Audience = m.Audience.MIXED
    auto_approve: bool = False
    auto_approve_trusted: m.TrustedApproval = m.TrustedApproval.NONE
    """Approve at once, while seats remain, requests from people vouched for by the host's circles
    or by people the host vouched for."""
    underfill_cancel_hours: UnderfillHours | None = None


class ActivityUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The fields a host may change; anything not sent stays as it is."""

    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    starts_at: datetime | msgspec.UnsetType = msgspec.UNSET
    ends_at: datetime | msgspec.UnsetType = msgspec.UNSET
    place_name: Annotated[str, msgspec.Meta(max_length=120)] | msgspec.UnsetType = msgspec.UNSET
    capacity: Capacity | msgspec.UnsetType = msgspec.UNSET
    skill_min: Skill | msgspec.UnsetType = msgspec.UNSET
    skill_max: Skill | msgspec.UnsetType = msgspec.UNSET
    cost_pkr: Rupees | msgspec.UnsetType = msgspec.UNSET
    visibility: m.Visibility | msgspec.UnsetType = msgspec.UNSET
    circle_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    audience: m.Audience | msgspec.UnsetType = msgspec.UNSET
    """Women only is refused while men are in."""
    auto_approve: bool | msgspec.UnsetType = msgspec.UNSET
    auto_approve_trusted: m.TrustedApproval | msgspec.UnsetType = msgspec.UNSET
    underfill_cancel_hours: UnderfillHours | msgspec.UnsetType | None = msgspec.UNSET


class TimeOfDay(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"


class SortOrder(enum.StrEnum):
    SOONEST = "soonest"
    NEAREST = "nearest"


class ActivityFilters(msgspec.Struct):
    type: m.ActivityType | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    time_of_day: TimeOfDay | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    city: str | None = None
    my_circles: bool = False
    skill: int | None = None
    q: str | None = None
    has_spots: bool = False
    hosted_by_me: bool = False
    host_id: UUID | None = None
    """What one member hosts (that the viewer may see): their profile's list."""
    sort: SortOrder = SortOrder.SOONEST


class Participant(msgspec.Struct):
    person: PersonSummary
    status: m.JoinRequestStatus
    joined_at: datetime


class PublicActivity(msgspec.Struct):
    """What anyone with the share link may see: no phone numbers, no private participant list."""

    slug: str
    type: m.ActivityType
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    city: str | None
    capacity: int
    spots_left: int
    skill_min: int
    skill_max: int
    cost_pkr: int
    status: m.ActivityStatus
    host_name: str
    host_avatar_url: str | None
    participants: list[PersonSummary] | None
    """Only for public activities; None when the activity is not public."""


# Split payment -----------------------------------------------------------------------------


class ShareStatus(enum.StrEnum):
    PAID_ONLINE = "paid_online"
    PAY_AT_VENUE = "pay_at_venue"
    UNPAID = "unpaid"
    NOTHING_DUE = "nothing_due"
    """The activity costs nothing."""


class MyShare(msgspec.Struct):
    """An approved participant's share of the activity's cost. Pay it online with
    `POST /api/v1/payments/checkout {"purpose": "share", "target_id": request_id, ...}`."""

    request_id: UUID
    activity_id: UUID
    amount_pkr: int
    status: ShareStatus
    paid_at: datetime | None
    refundable_until: datetime
    """Leaving before this refunds a share paid online; later it is kept."""


class ParticipantPayment(msgspec.Struct):
    request_id: UUID
    person: PersonSummary
    status: ShareStatus
    amount_pkr: int
    paid_at: datetime | None


class ActivityPayments(msgspec.Struct):
    """Who of the approved participants has paid their share, for the host."""

    activity_id: UUID
    cost_pkr: int
    items: list[ParticipantPayment]
    paid_online: int
    pay_at_venue: int
    unpaid: int
    collected_online_pkr: int
    to_collect_at_venue_pkr: int

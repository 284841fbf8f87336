"""What goes in and out of the activities API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from scene_api.db import models as m


class PersonSummary(msgspec.Struct):
    id: UUID
    handle: str
    name: str
    avatar_url: str | None


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
    status: m.ActivityStatus
    host: PersonSummary
    share_url: str

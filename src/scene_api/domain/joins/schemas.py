"""What goes in and out of the join-request API: requests, decisions and the host inbox, the same for
activities and events."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.users.schemas import PersonSummary

Message = Annotated[str, msgspec.Meta(max_length=500)]


class MyRequest(msgspec.Struct):
    """The caller's own request for this activity, with their place in the waitlist."""

    id: UUID
    status: m.JoinRequestStatus
    waitlist_position: int | None = None
    whatsapp_url: str | None = None
    """Once approved (events): a one-tap WhatsApp share of the confirmation."""


class JoinRequestCreate(msgspec.Struct, forbid_unknown_fields=True):
    message: Message = ""


class JoinRequest(msgspec.Struct):
    id: UUID
    activity_id: UUID | None
    event_id: UUID | None
    status: m.JoinRequestStatus
    message: str
    queued_at: datetime
    decided_at: datetime | None
    requester: PersonSummary
    waitlist_position: int | None = None
    vouched_by: list[PersonSummary] = []
    """For the host: who of their trusted people (themselves, people they vouched for, members of
    their circles) vouched for the requester."""
    whatsapp_url: str | None = None
    """Once approved: a one-tap WhatsApp share of the details and the share link."""


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class JoinDecision(msgspec.Struct, forbid_unknown_fields=True):
    decision: Decision


class BatchDecision(msgspec.Struct, forbid_unknown_fields=True):
    request_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=100)]
    decision: Decision


class BatchOutcome(msgspec.Struct):
    id: UUID
    status: m.JoinRequestStatus | None = None
    error: str | None = None


class InboxActivity(msgspec.Struct):
    id: UUID
    slug: str
    title: str
    starts_at: datetime
    spots_left: int


class InboxEvent(msgspec.Struct):
    id: UUID
    slug: str
    title: str
    starts_at: datetime
    tickets_left: int


class InboxItem(msgspec.Struct):
    """A request to join an activity or an event: exactly one of `activity` and `event` is set."""

    request: JoinRequest
    activity: InboxActivity | None = None
    event: InboxEvent | None = None


class InboxCounts(msgspec.Struct):
    pending: int
    waitlisted: int


class Inbox(msgspec.Struct):
    items: list[InboxItem]
    counts: InboxCounts
    next_cursor: str | None = None

"""What goes in and out of the events API: events, ticket tiers, orders, tickets, the waitlist, the door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile

from scene_api.db import models as m
from scene_api.domain.activities.schemas import Latitude, Longitude, Rupees
from scene_api.domain.joins.schemas import MyRequest
from scene_api.domain.users.schemas import PersonSummary

Title = Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
Description = Annotated[str, msgspec.Meta(max_length=4000)]
PlaceName = Annotated[str, msgspec.Meta(max_length=120)]
Capacity = Annotated[int, msgspec.Meta(ge=1, le=100_000, description="Tickets the event sells in all")]
TierName = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
TierDescription = Annotated[str, msgspec.Meta(max_length=300)]
TierQuantity = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
PerOrderLimit = Annotated[int, msgspec.Meta(ge=1, le=20)]
TicketCount = Annotated[int, msgspec.Meta(ge=1, le=20, description="Tickets in one order")]
TicketCode = Annotated[str, msgspec.Meta(max_length=200)]


# Ticket tiers -----------------------------------------------------------------------------


class TierCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: TierName
    price_pkr: Rupees
    """0 makes a free tier: its orders are paid the moment they are made."""
    quantity: TierQuantity
    description: TierDescription = ""
    per_order_limit: PerOrderLimit = 4
    sales_start: datetime | None = None
    sales_end: datetime | None = None


class TierUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The fields a host may change; anything not sent stays as it is."""

    name: TierName | msgspec.UnsetType = msgspec.UNSET
    description: TierDescription | msgspec.UnsetType = msgspec.UNSET
    price_pkr: Rupees | msgspec.UnsetType = msgspec.UNSET
    quantity: TierQuantity | msgspec.UnsetType = msgspec.UNSET
    per_order_limit: PerOrderLimit | msgspec.UnsetType = msgspec.UNSET
    sales_start: datetime | msgspec.UnsetType | None = msgspec.UNSET
    sales_end: datetime | msgspec.UnsetType | None = msgspec.UNSET


class Tier(msgspec.Struct):
    id: UUID
    name: str
    description: str
    price_pkr: int
    quantity: int
    sold: int
    available: int
    """What the viewer may buy now: tickets held for waitlist offers and the event's own limit count."""
    per_order_limit: int
    sales_start: datetime | None
    sales_end: datetime | None
    on_sale: bool


# Events -----------------------------------------------------------------------------------


class EventCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    starts_at: datetime
    ends_at: datetime
    capacity: Capacity
    description: Description = ""
    venue_id: UUID | None = None
    place_name: PlaceName = ""
    city: m.City | None = None
    lat: Latitude | None = None
    lng: Longitude | None = None
    visibility: m.Visibility = m.Visibility.PUBLIC
    circle_ids: list[UUID] = []
    approval_required: bool = False
    """Members ask to join first and may buy once the host approves."""
    allow_pay_at_venue: bool = False
    tiers: Annotated[list[TierCreate], msgspec.Meta(max_length=10)] = []


class EventUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The fields a host may change; anything not sent stays as it is."""

    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    starts_at: datetime | msgspec.UnsetType = msgspec.UNSET
    ends_at: datetime | msgspec.UnsetType = msgspec.UNSET
    place_name: PlaceName | msgspec.UnsetType = msgspec.UNSET
    capacity: Capacity | msgspec.UnsetType = msgspec.UNSET
    visibility: m.Visibility | msgspec.UnsetType = msgspec.UNSET
    circle_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    approval_required: bool | msgspec.UnsetType = msgspec.UNSET
    allow_pay_at_venue: bool | msgspec.UnsetType = msgspec.UNSET


class MyWaitlistEntry(msgspec.Struct):
    """The caller's place in the event's waitlist, and the offer they hold when tickets freed up."""

    id: UUID
    tier_id: UUID | None
    quantity: int
    position: int
    offered_until: datetime | None = None


class Event(msgspec.Struct):
    id: UUID
    slug: str
    title: str
    description: str
    cover_url: str | None
    starts_at: datetime
    ends_at: datetime
    place_name: str
    city: str | None
    lat: float | None
    lng: float | None
    venue_id: UUID | None
    capacity: int
    tickets_sold: int
    tickets_left: int
    price_from_pkr: int | None
    visibility: m.Visibility
    approval_required: bool
    allow_pay_at_venue: bool
    featured: bool
    status: m.EventStatus
    host: PersonSummary
    share_url: str
    tiers: list[Tier]
    circle_ids: list[UUID] = []
    distance_km: float | None = None
    my_request: MyRequest | None = None
    my_waitlist: MyWaitlistEntry | None = None


class EventFilters(msgspec.Struct):
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    city: str | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    q: str | None = None
    featured: bool = False
    hosted_by_me: bool = False


class PublicEvent(msgspec.Struct):
    """What anyone with the share link may see: no phone numbers, no attendees unless it is public."""

    slug: str
    title: str
    description: str
    cover_url: str | None
    starts_at: datetime
    ends_at: datetime
    place_name: str
    city: str | None
    tickets_left: int
    price_from_pkr: int | None
    approval_required: bool
    status: m.EventStatus
    host_name: str
    host_avatar_url: str | None
    tiers: list[Tier]
    attendees: list[PersonSummary] | None
    """Only for public events; None otherwise."""


@dataclass
class CoverUpload:
    """multipart/form-data with the picture in the field `file`."""

    file: UploadFile


# Orders and tickets -----------------------------------------------------------------------


class OrderCreate(msgspec.Struct, forbid_unknown_fields=True):
    tier_id: UUID
    quantity: TicketCount = 1
    pay_at_venue: bool = False
    """Only where the event allows it: tickets come at once and the host marks the order paid."""


class Ticket(msgspec.Struct):
    id: UUID
    code: str
    """Typed at the door when the QR code cannot be scanned."""
    status: m.TicketStatus
    tier_name: str
    checked_in_at: datetime | None
    qr_token: str
    """Signed: the door checks it without trusting the phone that shows it."""
    qr_svg: str
    """The token as a QR code (an SVG data URI)."""
    whatsapp_url: str | None = None
    """While valid: a one-tap WhatsApp share of the event's details and this ticket's QR link."""


class Order(msgspec.Struct):
    id: UUID
    code: str
    event_id: UUID
    event_title: str
    event_slug: str
    tier_id: UUID
    tier_name: str
    quantity: int
    amount_pkr: int
    status: m.OrderStatus
    pay_at_venue: bool
    expires_at: datetime | None
    """When an unpaid reservation gives its tickets back."""
    paid_at: datetime | None
    created_at: datetime
    tickets: list[Ticket]
    whatsapp_url: str | None = None
    """Once tickets are issued: a one-tap WhatsApp share of the event's details and the QR link."""


# The waitlist -----------------------------------------------------------------------------


class WaitlistJoin(msgspec.Struct, forbid_unknown_fields=True):
    tier_id: UUID | None = None
    """None: any tier."""
    quantity: TicketCount = 1


# The door ---------------------------------------------------------------------------------


class StaffAdd(msgspec.Struct, forbid_unknown_fields=True):
    handle: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    """The member's handle, with or without the @."""


class StaffMember(msgspec.Struct):
    member: PersonSummary
    added_at: datetime


class CheckinInput(msgspec.Struct, forbid_unknown_fields=True):
    """A scanned QR `token`, or a `code` typed by hand."""

    code: TicketCode | None = None
    token: TicketCode | None = None


class CheckinStats(msgspec.Struct):
    checked_in: int
    tickets: int
    """Valid and checked-in tickets: everyone expected at the door."""


class CheckinResult(msgspec.Struct):
    ticket_code: str
    tier_name: str
    holder: PersonSummary
    checked_in_at: datetime
    order_code: str
    amount_due_pkr: int
    """Left to collect at the door for a pay-at-venue order not marked paid; else 0."""
    stats: CheckinStats


class Attendee(msgspec.Struct):
    ticket_id: UUID
    ticket_code: str
    ticket_status: m.TicketStatus
    checked_in_at: datetime | None
    tier_name: str
    order_id: UUID
    order_code: str
    order_status: m.OrderStatus
    pay_at_venue: bool
    holder: PersonSummary
    phone: str
    """Masked (+92 3** ***4567) unless the host is an admin."""

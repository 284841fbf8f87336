"""What goes in and out of the bookings API: holds, my bookings, QR codes, the owner's desk."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.users.schemas import PersonSummary
from scene_api.domain.venues.schemas import Court, Duration


class BookingCreate(msgspec.Struct, forbid_unknown_fields=True):
    court_id: UUID
    starts_at: Annotated[datetime, msgspec.Meta(description="On the hour or half hour, with offset")]
    duration_minutes: Duration


class VenueRef(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    address: str
    city: str


class Booking(msgspec.Struct):
    id: UUID
    status: m.BookingStatus
    venue: VenueRef
    court: Court
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    price_pkr: int
    payment_method: m.PaymentMethod | None
    paid: bool
    hold_expires_at: datetime | None
    """While held: when the slot is released unless confirmed."""
    free_cancellation_until: datetime
    created_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None
    member: PersonSummary
    code: str | None = None
    """For the booker, once confirmed: the short code to read out at the desk."""
    qr_svg: str | None = None
    """For the booker, once confirmed: an SVG data URI of the QR code the venue scans."""
    activity_id: UUID | None = None
    """The activity this court was held for, if any (the hold follows the activity)."""
    series_id: UUID | None = None
    """Bookings made together as a weekly series share this id."""
    whatsapp_url: str | None = None
    """For the booker, once confirmed: a one-tap WhatsApp share of the details and the QR link."""


class CheckIn(msgspec.Struct, forbid_unknown_fields=True):
    """Send the scanned QR `token`, or the short `code` the member reads out."""

    token: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    code: Annotated[str, msgspec.Meta(max_length=16)] | None = None


class EntryKind(enum.StrEnum):
    BOOKING = "booking"
    BLACKOUT = "blackout"


class CalendarEntry(msgspec.Struct):
    kind: EntryKind
    id: UUID
    starts_at: datetime
    ends_at: datetime
    status: m.BookingStatus | None = None
    member: PersonSummary | None = None
    price_pkr: int | None = None
    payment_method: m.PaymentMethod | None = None
    paid: bool | None = None
    code: str | None = None
    hold_expires_at: datetime | None = None
    reason: str | None = None
    whole_venue: bool = False
    """A blackout of the whole venue, shown on every court."""


class CalendarCourt(msgspec.Struct):
    court: Court
    entries: list[CalendarEntry]


class CalendarDay(msgspec.Struct):
    """One business day of the week shown: when the venue opens and closes (None when closed)."""

    day: date
    opens_at: datetime | None
    closes_at: datetime | None


class Calendar(msgspec.Struct):
    venue_id: UUID
    week_start: date
    starts_at: datetime
    ends_at: datetime
    """The end of the last business day: past midnight when the venue closes after it."""
    courts: list[CalendarCourt]
    days: list[CalendarDay] = []


class AgendaEntry(msgspec.Struct):
    """A booking on the day's agenda across every venue one runs."""

    id: UUID
    venue_id: UUID
    venue_name: str
    court_name: str
    starts_at: datetime
    ends_at: datetime
    status: m.BookingStatus
    member: PersonSummary
    price_pkr: int
    payment_method: m.PaymentMethod | None
    paid: bool
    code: str | None
    hold_expires_at: datetime | None


class WeekRevenue(msgspec.Struct):
    """Money for the slots played in one local week (Monday first)."""

    week_start: date
    bookings: int
    """Confirmed, checked-in and no-show bookings with a slot that week."""
    collected_pkr: int
    """Paid online or marked paid at the desk."""
    to_collect_pkr: int
    """Pay-at-venue bookings nobody has marked paid yet."""


# Weekly series -----------------------------------------------------------------------------

Weeks = Annotated[int, msgspec.Meta(ge=2, le=12, description="How many weeks in a row, 2 to 12")]
WeekNumber = Annotated[int, msgspec.Meta(ge=1, le=12, description="1 is the week of `starts_at`")]


class SeriesAsk(msgspec.Struct, forbid_unknown_fields=True):
    """The same court at the same local time, every week for `weeks` weeks from `starts_at`."""

    court_id: UUID
    starts_at: Annotated[datetime, msgspec.Meta(description="The first week's slot, with offset")]
    duration_minutes: Duration
    weeks: Weeks


class SeriesCreate(SeriesAsk, forbid_unknown_fields=True):
    weeks_chosen: Annotated[list[WeekNumber], msgspec.Meta(min_length=1, max_length=12)] | None = None
    """The weeks to book (from the preview's free ones); leave out for every week."""


class SeriesConflict(enum.StrEnum):
    TAKEN = "slot_taken"
    BLOCKED = "slot_blocked"
    OUTSIDE_HOURS = "outside_hours"
    LENGTH_NOT_SOLD = "length_not_sold"


class SeriesWeek(msgspec.Struct):
    week: int
    starts_at: datetime
    ends_at: datetime
    free: bool
    price_pkr: int | None
    """The slot's price when it is free."""
    conflict: SeriesConflict | None = None
    message: str | None = None
    """Why the week cannot be booked, in words."""


class SeriesPreview(msgspec.Struct):
    court: Court
    venue: VenueRef
    duration_minutes: int
    weeks: list[SeriesWeek]
    free_weeks: list[int]
    total_pkr: int
    """The price of the free weeks together."""


class Series(msgspec.Struct):
    """Bookings made together, one a week; each can be cancelled alone."""

    id: UUID
    court: Court
    venue: VenueRef
    bookings: list[Booking]
    total_pkr: int
    """The price of the bookings not cancelled."""

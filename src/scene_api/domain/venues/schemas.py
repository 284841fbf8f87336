"""What goes in and out of the venues API: discovery, details, free slots and owner management."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile

from scene_api.db import models as m

Name = Annotated[str, msgspec.Meta(min_length=2, max_length=120)]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=3, max_length=60)]
Address = Annotated[str, msgspec.Meta(min_length=5, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=2000)]
Amenity = Annotated[str, msgspec.Meta(min_length=2, max_length=40)]
Amenities = Annotated[list[Amenity], msgspec.Meta(max_length=20)]
Phone = Annotated[str, msgspec.Meta(max_length=20)]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
StartMinute = Annotated[
    int, msgspec.Meta(ge=0, le=1439, description="Minutes after local (Asia/Karachi) midnight: 1080 = 6 pm")
]
EndMinute = Annotated[
    int,
    msgspec.Meta(ge=1, le=2880, description="Minutes after the same midnight; past 1440 is after midnight"),
]
Rupees = Annotated[int, msgspec.Meta(ge=0, le=1_000_000, description="Whole Pakistani rupees")]
Duration = Literal[60, 90, 120]
Caption = Annotated[str, msgspec.Meta(max_length=120)]
Reason = Annotated[str, msgspec.Meta(max_length=120)]


# --- reading ------------------------------------------------------------------------------------


class Court(msgspec.Struct):
    id: UUID
    name: str
    sport: m.ActivityType
    indoor: bool
    active: bool


class Hours(msgspec.Struct, forbid_unknown_fields=True):
    weekday: Annotated[int, msgspec.Meta(ge=0, le=6, description="0 = Monday ... 6 = Sunday")]
    opens_minute: StartMinute
    closes_minute: EndMinute


class SpecialHours(msgspec.Struct):
    day: date
    closed: bool
    opens_minute: int | None
    closes_minute: int | None
    note: str


class Price(msgspec.Struct, forbid_unknown_fields=True):
    duration_minutes: Duration
    price_pkr: Rupees
    peak_price_pkr: Rupees


class Photo(msgspec.Struct):
    id: UUID
    url: str
    caption: str
    position: int


class VenueSummary(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    address: str
    city: str
    lat: float
    lng: float
    amenities: list[str]
    sports: list[m.ActivityType]
    cover_url: str | None
    price_from_pkr: int | None
    """The lowest price of a slot: of a free one at the date (and time) asked for, else of any."""
    distance_km: float | None = None
    free_courts: int | None = None
    """With a date and time filter: how many courts are free at that time."""


class VenueDetail(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    description: str
    address: str
    city: str
    lat: float
    lng: float
    amenities: list[str]
    contact_phone: str
    peak_start_minute: int | None
    peak_end_minute: int | None
    status: m.VenueStatus
    courts: list[Court]
    opening_hours: list[Hours]
    special_hours: list[SpecialHours]
    """Upcoming dates only."""
    prices: list[Price]
    photos: list[Photo]


class VenueFilters(msgspec.Struct):
    city: m.City | None = None
    sport: m.ActivityType | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    day: date | None = None
    at: str | None = None
    """Local time of day (HH:MM) a free slot should start at; needs `day`."""
    duration: int = 60
    max_price_pkr: int | None = None
    q: str | None = None
    """Part of the venue's name or address."""


class Slot(msgspec.Struct):
    starts_at: datetime
    ends_at: datetime
    price_pkr: int
    peak: bool


class CourtSlots(msgspec.Struct):
    court: Court
    slots: list[Slot]


class VenueSlots(msgspec.Struct):
    venue_id: UUID
    date: date
    duration_minutes: int
    opens_at: datetime | None
    """None when the venue is closed that day."""
    closes_at: datetime | None
    courts: list[CourtSlots]


# --- owner management ---------------------------------------------------------------------------


class VenueCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    address: Address
    city: m.City
    lat: Latitude
    lng: Longitude
    slug: Slug | None = None
    """Made from the name when left out."""
    description: Description = ""
    amenities: Amenities = []
    contact_phone: Phone = ""
    peak_start_minute: StartMinute | None = None
    peak_end_minute: EndMinute | None = None
    owner_id: UUID | None = None
    """Admins only: the venue owner this venue belongs to (by default, whoever creates it)."""


class VenueUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The fields an owner may change; anything not sent stays as it is."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    address: Address | msgspec.UnsetType = msgspec.UNSET
    city: m.City | msgspec.UnsetType = msgspec.UNSET
    lat: Latitude | msgspec.UnsetType = msgspec.UNSET
    lng: Longitude | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    amenities: Amenities | msgspec.UnsetType = msgspec.UNSET
    contact_phone: Phone | msgspec.UnsetType = msgspec.UNSET
    peak_start_minute: StartMinute | msgspec.UnsetType | None = msgspec.UNSET
    peak_end_minute: EndMinute | msgspec.UnsetType | None = msgspec.UNSET
    status: m.VenueStatus | msgspec.UnsetType = msgspec.UNSET


class CourtCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    sport: m.ActivityType = m.ActivityType.PADEL
    indoor: bool = False


class CourtUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=60)] | msgspec.UnsetType = msgspec.UNSET
    sport: m.ActivityType | msgspec.UnsetType = msgspec.UNSET
    indoor: bool | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET
    """An inactive court takes no new bookings; courts are never deleted (bookings point at them)."""


class WeeklyHours(msgspec.Struct, forbid_unknown_fields=True):
    """Replaces every weekly opening; a weekday left out is closed."""

    hours: Annotated[list[Hours], msgspec.Meta(max_length=7)]


class SpecialHoursSet(msgspec.Struct, forbid_unknown_fields=True):
    closed: bool = False
    opens_minute: StartMinute | None = None
    closes_minute: EndMinute | None = None
    note: Reason = ""


class SpecialHoursRange(msgspec.Struct, forbid_unknown_fields=True):
    """The same special hours for every date from `from_day` to `to_day`, both included."""

    from_day: date
    to_day: date
    closed: bool = False
    opens_minute: StartMinute | None = None
    closes_minute: EndMinute | None = None
    note: Reason = ""


class PriceList(msgspec.Struct, forbid_unknown_fields=True):
    """Replaces every price; a slot length left out cannot be booked."""

    prices: Annotated[list[Price], msgspec.Meta(max_length=3)]


@dataclass
class PhotoUpload:
    """multipart/form-data with the picture in the field `file` and an optional `caption`."""

    file: UploadFile
    caption: str = ""


class BlackoutCreate(msgspec.Struct, forbid_unknown_fields=True):
    starts_at: datetime
    ends_at: datetime
    court_id: UUID | None = None
    """Leave out to block the whole venue."""
    reason: Reason = ""


class Blackout(msgspec.Struct):
    id: UUID
    venue_id: UUID
    court_id: UUID | None
    starts_at: datetime
    ends_at: datetime
    reason: str

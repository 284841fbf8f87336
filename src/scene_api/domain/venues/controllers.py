"""HTTP adapter for venues: discovery and free slots for everyone, management for their owners."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.auth.roles import RoleGuard
from scene_api.domain.bookings import schemas as bs
from scene_api.domain.venues import schemas as s
from scene_api.domain.venues.management import OWNERS_ONLY, PHOTO_MAX_BYTES
from scene_api.domain.venues.runners import RUNNER_ROLES
from scene_api.domain.venues.services import NO_SUCH_VENUE
from scene_api.lib.errors import NotFound, PermissionDenied
from scene_api.lib.pagination import Page
from scene_api.services import Services

MULTIPART_OVERHEAD = 64 * 1024


RUNS_VENUES = RoleGuard("venue_runner", RUNNER_ROLES, lambda: NotFound(NO_SUCH_VENUE))
"""A venue's desk: a member who runs no venue is told it does not exist, as the services tell them."""
ADDS_VENUES = RoleGuard("venue_runner", RUNNER_ROLES, lambda: PermissionDenied(OWNERS_ONLY))


class VenueController(Controller):
    path = "/api/v1/venues"
    tags = ["venues"]

    @get("/", summary="Discover venues; with a date (and time), only those with a free slot then")
    async def list_venues(
        self,
        services: Services,
        city: m.City | None = None,
        sport: m.ActivityType | None = None,
        lat: float | None = None,
        lng: float | None = None,
        radius_km: float | None = None,
        date: date | None = Parameter(default=None, description="Local date, YYYY-MM-DD"),
        time: str | None = Parameter(default=None, description="Local slot start, HH:MM (needs a date)"),
        duration: int = Parameter(default=60, description="Slot length: 60, 90 or 120 minutes"),
        max_price_pkr: int | None = Parameter(default=None, ge=0),
        q: str | None = Parameter(default=None, max_length=80, description="Part of a name or address"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.VenueSummary]:
        filters = s.VenueFilters(
            city=city,
            sport=sport,
            lat=lat,
            lng=lng,
            radius_km=radius_km,
            day=date,
            at=time,
            duration=duration,
            max_price_pkr=max_price_pkr,
            q=q,
        )
        return await services.venues.discover(filters, limit=limit, cursor=cursor)

    @get("/{venue_id:uuid}", summary="A venue with its courts, hours, prices and photos")
    async def get_venue(self, services: Services, venue_id: UUID) -> s.VenueDetail:
        return await services.venues.get(venue_id)

    @get("/by-slug/{slug:str}", summary="A venue by its slug")
    async def get_by_slug(self, services: Services, slug: str) -> s.VenueDetail:
        return await services.venues.get_by_slug(slug)

    @get("/{venue_id:uuid}/slots", summary="Free slots per court on one day (slots past midnight included)")
    async def slots(
        self,
        services: Services,
        venue_id: UUID,
        date: date = Parameter(description="Local date, YYYY-MM-DD"),
        duration: int = Parameter(default=60, description="Slot length: 60, 90 or 120 minutes"),
    ) -> s.VenueSlots:
        return await services.venues.slots(venue_id, date, duration)


class OwnerVenueController(Controller):
    """Venue owners run their own venues here (admins run all); other members get 404 (or 403 to add one)."""

    path = "/api/v1/owner/venues"
    tags = ["owner"]

    @get("/", summary="The venues I run")
    async def my_venues(
        self,
        services: Services,
        actor: m.User,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.VenueSummary]:
        return await services.venues.managed(actor, limit=limit, cursor=cursor)

    @post(
        "/",
        guards=[ADDS_VENUES],
        security=ADDS_VENUES.security,
        summary="Add a venue (venue owners and admins)",
    )
    async def create_venue(self, services: Services, actor: m.User, data: s.VenueCreate) -> s.VenueDetail:
        return await services.venue_management.create(actor, data)


class VenueDeskController(Controller):
    """One venue on its runner's desk. The guard refuses members who run no venue (404, as the
    services answer them); the services check that the caller runs THIS venue."""

    path = "/api/v1/owner/venues/{venue_id:uuid}"
    tags = ["owner"]
    guards = [RUNS_VENUES]
    security = RUNS_VENUES.security

    @get("/", summary="A venue I run, inactive courts and hidden status included")
    async def get_venue(self, services: Services, actor: m.User, venue_id: UUID) -> s.VenueDetail:
        return await services.venues.get_managed(actor, venue_id)

    @patch("/", summary="Change a venue's details")
    async def update_venue(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.VenueUpdate
    ) -> s.VenueDetail:
        return await services.venue_management.update(actor, venue_id, data)

    @post("/courts", summary="Add a court")
    async def add_court(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.CourtCreate
    ) -> s.Court:
        return await services.venue_management.add_court(actor, venue_id, data)

    @patch("/courts/{court_id:uuid}", summary="Change a court (or take it out of use)")
    async def update_court(
        self, services: Services, actor: m.User, venue_id: UUID, court_id: UUID, data: s.CourtUpdate
    ) -> s.Court:
        return await services.venue_management.update_court(actor, venue_id, court_id, data)

    @put("/hours", status_code=HTTP_200_OK, summary="Set the weekly opening hours")
    async def set_hours(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.WeeklyHours
    ) -> s.VenueDetail:
        return await services.venue_management.set_hours(actor, venue_id, data)

    @put(
        "/special-hours/{day:date}",
        status_code=HTTP_200_OK,
        summary="Set the hours of one date (or close it)",
    )
    async def set_special_hours(
        self, services: Services, actor: m.User, venue_id: UUID, day: date, data: s.SpecialHoursSet
    ) -> s.VenueDetail:
        return await services.venue_management.set_special_hours(actor, venue_id, day, data)

    @put(
        "/special-hours",
        status_code=HTTP_200_OK,
        summary="Set the same hours for a range of dates (Ramadan nights) or close them",
    )
    async def set_special_hours_range(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.SpecialHoursRange
    ) -> s.VenueDetail:
        return await services.venue_management.set_special_hours_range(actor, venue_id, data)

    @delete(
        "/special-hours/{day:date}",
        status_code=HTTP_200_OK,
        summary="Back to the weekly hours on a date",
    )
    async def clear_special_hours(
        self, services: Services, actor: m.User, venue_id: UUID, day: date
    ) -> s.VenueDetail:
        return await services.venue_management.clear_special_hours(actor, venue_id, day)

    @put("/prices", status_code=HTTP_200_OK, summary="Set prices per slot length")
    async def set_prices(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.PriceList
    ) -> s.VenueDetail:
        return await services.venue_management.set_prices(actor, venue_id, data)

    @post(
        "/photos",
        summary="Add a photo (JPEG, PNG or WebP, up to 8 MB)",
        request_max_body_size=PHOTO_MAX_BYTES + MULTIPART_OVERHEAD,
    )
    async def add_photo(
        self,
        services: Services,
        actor: m.User,
        venue_id: UUID,
        data: Annotated[s.PhotoUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> s.Photo:
        return await services.venue_management.add_photo(
            actor, venue_id, await data.file.read(), data.caption
        )

    @delete("/photos/{photo_id:uuid}", summary="Remove a photo")
    async def remove_photo(self, services: Services, actor: m.User, venue_id: UUID, photo_id: UUID) -> None:
        await services.venue_management.remove_photo(actor, venue_id, photo_id)

    @post("/blackouts", summary="Block a court or the whole venue for a period")
    async def block(
        self, services: Services, actor: m.User, venue_id: UUID, data: s.BlackoutCreate
    ) -> s.Blackout:
        return await services.venue_management.block(actor, venue_id, data)

    @delete("/blackouts/{blackout_id:uuid}", summary="Unblock a blocked period")
    async def unblock(self, services: Services, actor: m.User, venue_id: UUID, blackout_id: UUID) -> None:
        await services.venue_management.unblock(actor, venue_id, blackout_id)

    @get("/calendar", summary="A week of bookings, holds and blocked periods per court")
    async def calendar(
        self,
        services: Services,
        actor: m.User,
        venue_id: UUID,
        week_start: date = Parameter(description="First local day of the week shown, YYYY-MM-DD"),
    ) -> bs.Calendar:
        return await services.owner_bookings.calendar(actor, venue_id, week_start)

"""HTTP adapter for court bookings: holds, confirmation, cancellation, and the venue's desk."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.auth.roles import RoleGuard
from scene_api.domain.bookings import schemas as s
from scene_api.domain.bookings.owner import NO_SUCH_BOOKING
from scene_api.domain.venues.runners import RUNNER_ROLES
from scene_api.lib.errors import NotFound
from scene_api.lib.pagination import Page
from scene_api.services import Services


class BookingController(Controller):
    path = "/api/v1/bookings"
    tags = ["bookings"]

    @post("/", summary="Hold a slot for a few minutes at its price")
    async def hold(self, services: Services, actor: m.User, data: s.BookingCreate) -> s.Booking:
        return await services.bookings.hold(actor, data)

    @get("/", summary="My bookings, newest first")
    async def my_bookings(
        self,
        services: Services,
        actor: m.User,
        status: m.BookingStatus | None = None,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Booking]:
        return await services.bookings.mine(actor, status, limit=limit, cursor=cursor)

    @get("/{booking_id:uuid}", summary="One booking; its member sees the QR code once it is confirmed")
    async def get_booking(self, services: Services, actor: m.User, booking_id: UUID) -> s.Booking:
        return await services.bookings.get(actor, booking_id)

    @post(
        "/{booking_id:uuid}/pay-at-venue",
        status_code=HTTP_200_OK,
        summary="Confirm a hold, paying at the desk",
    )
    async def pay_at_venue(self, services: Services, actor: m.User, booking_id: UUID) -> s.Booking:
        return await services.bookings.pay_at_venue(actor, booking_id)

    @post(
        "/{booking_id:uuid}/cancel",
        status_code=HTTP_200_OK,
        summary="Cancel (free until the policy's deadline)",
    )
    async def cancel(self, services: Services, actor: m.User, booking_id: UUID) -> s.Booking:
        return await services.bookings.cancel(actor, booking_id)


class BookingSeriesController(Controller):
    """The same court every week: preview which weeks are free, book them together, read a series."""

    path = "/api/v1/bookings/series"
    tags = ["bookings"]

    @post(
        "/preview",
        status_code=HTTP_200_OK,
        summary="Which weeks of a weekly series are free (and why the others are not); books nothing",
    )
    async def preview(self, services: Services, actor: m.User, data: s.SeriesAsk) -> s.SeriesPreview:
        return await services.booking_series.preview(actor, data)

    @post("/", summary="Book the chosen weeks of a series, all or none (paid at the venue each week)")
    async def book(self, services: Services, actor: m.User, data: s.SeriesCreate) -> s.Series:
        return await services.booking_series.book(actor, data)

    @get("/{series_id:uuid}", summary="A series' bookings in date order (cancel each like any booking)")
    async def get_series(self, services: Services, actor: m.User, series_id: UUID) -> s.Series:
        return await services.booking_series.get(actor, series_id)

    @post(
        "/{series_id:uuid}/cancel",
        status_code=HTTP_200_OK,
        summary="Member: cancel every week still ahead that can be cancelled free (the rest stay booked)",
    )
    async def cancel_upcoming(self, services: Services, actor: m.User, series_id: UUID) -> s.Series:
        return await services.booking_series.cancel_upcoming(actor, series_id)


RUNS_A_DESK = RoleGuard("venue_runner", RUNNER_ROLES, lambda: NotFound(NO_SUCH_BOOKING))
"""A booking on the desk: a member who runs no venue is told it does not exist, as the service tells them."""


class OwnerBookingController(Controller):
    """The desk of venues one runs; bookings elsewhere do not exist here (404)."""

    path = "/api/v1/owner"
    tags = ["owner"]

    @post("/check-ins", status_code=HTTP_200_OK, summary="Check a member in by QR token or short code")
    async def check_in(self, services: Services, actor: m.User, data: s.CheckIn) -> s.Booking:
        return await services.owner_bookings.check_in(actor, data)

    @post(
        "/bookings/{booking_id:uuid}/mark-paid",
        status_code=HTTP_200_OK,
        guards=[RUNS_A_DESK],
        security=RUNS_A_DESK.security,
        summary="Cash received at the desk",
    )
    async def mark_paid(self, services: Services, actor: m.User, booking_id: UUID) -> s.Booking:
        return await services.owner_bookings.mark_paid(actor, booking_id)

    @post(
        "/bookings/{booking_id:uuid}/no-show",
        status_code=HTTP_200_OK,
        guards=[RUNS_A_DESK],
        security=RUNS_A_DESK.security,
        summary="The member did not come",
    )
    async def no_show(self, services: Services, actor: m.User, booking_id: UUID) -> s.Booking:
        return await services.owner_bookings.no_show(actor, booking_id)

    @get("/agenda", summary="One day's bookings at every venue I run, by start time")
    async def agenda(
        self,
        services: Services,
        actor: m.User,
        day: date = Parameter(description="Local day, YYYY-MM-DD"),
    ) -> list[s.AgendaEntry]:
        return await services.owner_bookings.agenda(actor, day)

    @get("/revenue", summary="Money per local week for the slots played at my venues, newest week first")
    async def revenue(
        self,
        services: Services,
        actor: m.User,
        weeks: int = Parameter(default=4, ge=1, le=26),
        venue_id: UUID | None = None,
    ) -> list[s.WeekRevenue]:
        return await services.owner_bookings.revenue(actor, weeks=weeks, venue_id=venue_id)

"""Venues, bookings and reports the owner and ops page tests arrange, through the real services."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.domain.venues.schemas import Duration
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member
from tests.venues import ALL_DAY, PRICES


async def person(runtime: Runtime, number: int, handle: str, name: str, **fields: Any) -> m.User:
    """Member `number` (a distinct phone from PHONES), in Lahore unless told otherwise."""
    return await create_member(
        runtime, PHONES[number], handle=handle, name=name, **{"city": m.City.LAHORE, **fields}
    )


async def open_venue(
    runtime: Runtime,
    owner: m.User,
    *,
    name: str = "Court Nine Padel",
    courts: tuple[str, ...] = ("Court 1", "Court 2"),
    hours: list[dict[str, int]] | None = None,
) -> venues_s.VenueDetail:
    """A listed venue run by `owner`, with courts, hours and prices."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, owner.id)
        venue = await services.venue_management.create(
            actor,
            venues_s.VenueCreate(
                name=name,
                address="Plot 9, Block E-1, Main Boulevard, Gulberg III",
                city=m.City.LAHORE,
                lat=31.512,
                lng=74.344,
                amenities=["parking", "cafe"],
                peak_start_minute=18 * 60,
                peak_end_minute=24 * 60,
            ),
        )
        for court in courts:
            await services.venue_management.add_court(
                actor, venue.id, venues_s.CourtCreate(name=court, indoor=True)
            )
        await services.venue_management.set_hours(
            actor, venue.id, msgspec.convert({"hours": hours or ALL_DAY}, venues_s.WeeklyHours)
        )
        return await services.venue_management.set_prices(
            actor, venue.id, msgspec.convert({"prices": PRICES}, venues_s.PriceList)
        )


async def book(
    runtime: Runtime,
    member: m.User,
    court_id: UUID,
    starts_at: datetime,
    *,
    duration: Duration = 60,
    confirm: bool = True,
) -> bookings_s.Booking:
    """A hold on the slot, confirmed to be paid at the venue unless `confirm=False`."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, member.id)
        booking = await services.bookings.hold(
            actor, bookings_s.BookingCreate(court_id=court_id, starts_at=starts_at, duration_minutes=duration)
        )
        if confirm:
            booking = await services.bookings.pay_at_venue(actor, booking.id)
        return booking


async def code_of(runtime: Runtime, booking_id: UUID) -> str:
    async with runtime.session_factory() as session:
        return (await session.get_one(m.Booking, booking_id)).code


async def booking_status(runtime: Runtime, booking_id: UUID) -> m.BookingStatus:
    async with runtime.session_factory() as session:
        return (await session.get_one(m.Booking, booking_id)).status


async def report(runtime: Runtime, reporter: m.User, subject: m.User, details: str = "") -> None:
    from scene_api.domain.users import schemas as users_s

    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, reporter.id)
        await services.safety.report(
            actor,
            users_s.ReportCreate(
                subject_type=m.ReportSubject.USER,
                subject_id=subject.id,
                reason=users_s.ReportReason.SCAM,
                details=details,
            ),
        )

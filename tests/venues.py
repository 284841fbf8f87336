"""Helpers for the venue and booking tests: an owner with a venue set up through the API, slot times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_api.runtime import Runtime
from tests.social import Person, person

ALL_DAY = [{"weekday": weekday, "opens_minute": 0, "closes_minute": 1500} for weekday in range(7)]
"""Open around the clock (until 01:00 the next night): an hour from any future half hour is bookable,
whatever time the tests run, 23:30 included. No later: a 90-minute game at 00:00 stays on its own
day's list only (with a 02:00 close it would be on the evening before too, under the same clock)."""
PRICES = [
    {"duration_minutes": 60, "price_pkr": 6000, "peak_price_pkr": 8000},
    {"duration_minutes": 90, "price_pkr": 8500, "peak_price_pkr": 11500},
]


async def venue_owner(runtime: Runtime, number: int = 900, handle: str = "court_owner") -> Person:
    return await person(runtime, number, handle, role=m.UserRole.VENUE_OWNER, name="Bilal Courts")


async def venue_row(runtime: Runtime, owner_id: Any) -> m.Venue:
    """A venue stored straight in the database (no courts, hours or prices): for tests that need only
    its name and place."""
    async with runtime.session_factory() as session:
        venue = m.Venue(
            owner_id=owner_id,
            slug="baseline-dha6",
            name="Baseline Padel DHA 6",
            city="Lahore",
            address="Main Boulevard",
            lat=31.47,
            lng=74.45,
        )
        session.add(venue)
        await session.commit()
        return venue


def venue_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Court Nine Padel",
        "address": "Plot 9, Block E-1, Main Boulevard, Gulberg III",
        "city": "Lahore",
        "lat": 31.5120,
        "lng": 74.3440,
        "amenities": ["parking", "cafe"],
        "contact_phone": "0300 1234567",
        "peak_start_minute": 1080,
        "peak_end_minute": 1440,
    } | overrides


async def open_venue(
    client: Any,
    owner: Person,
    *,
    courts: tuple[str, ...] = ("Court 1", "Court 2"),
    hours: list[dict[str, int]] | None = None,
    prices: list[dict[str, int]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A venue created by `owner` through the owner API, with courts, hours and prices; its detail."""
    answer = await client.post("/api/v1/owner/venues", json=venue_payload(**fields), headers=owner.headers)
    assert answer.status_code == 201, answer.text
    venue_id = answer.json()["id"]
    for name in courts:
        added = await client.post(
            f"/api/v1/owner/venues/{venue_id}/courts",
            json={"name": name, "indoor": True},
            headers=owner.headers,
        )
        assert added.status_code == 201, added.text
    hours_set = await client.put(
        f"/api/v1/owner/venues/{venue_id}/hours", json={"hours": hours or ALL_DAY}, headers=owner.headers
    )
    assert hours_set.status_code == 200, hours_set.text
    priced = await client.put(
        f"/api/v1/owner/venues/{venue_id}/prices", json={"prices": prices or PRICES}, headers=owner.headers
    )
    assert priced.status_code == 200, priced.text
    venue: dict[str, Any] = priced.json()
    return venue


def local_day(days_ahead: int = 1) -> date:
    return to_local(utcnow()).date() + timedelta(days=days_ahead)


def at(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` Pakistan time, `days_ahead` days from today."""
    return datetime.combine(local_day(days_ahead), time(hour, minute), KARACHI)


def next_half_hour(after: timedelta = timedelta(0)) -> datetime:
    """The first slot start (on the hour or half hour) later than now + `after`."""
    moment = to_local(utcnow() + after).replace(second=0, microsecond=0)
    return moment + timedelta(minutes=30 - moment.minute % 30)


def booking_payload(court_id: str, starts_at: datetime, duration: int = 60) -> dict[str, Any]:
    return {"court_id": court_id, "starts_at": starts_at.isoformat(), "duration_minutes": duration}


async def booking_row(runtime: Runtime, booking_id: str) -> m.Booking:
    async with runtime.session_factory() as session:
        return await session.get_one(m.Booking, booking_id)


async def set_booking(runtime: Runtime, booking_id: str, **values: Any) -> None:
    """Change a booking behind the API's back (a hold's deadline in the past, a slot that started)."""
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.Booking).where(m.Booking.id == booking_id).values(**values))
        await session.commit()


async def court_without_lock(self: Any, court_id: str) -> tuple[m.Court, m.Venue]:
    """`BookingService.lock_court` without its row lock, for the races that show what the lock does."""
    row = (
        await self.session.execute(
            sa.select(m.Court, m.Venue)
            .join(m.Venue, m.Venue.id == m.Court.venue_id)
            .where(m.Court.id == court_id)
        )
    ).one()
    return row[0], row[1]

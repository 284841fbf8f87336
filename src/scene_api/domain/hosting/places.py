"""Where and when a hosted thing happens, and the words filter of discovery lists."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.errors import InvalidInput
from scene_api.lib.timezone import utcnow


class PlaceInput(Protocol):
    """What a host says about the place: a venue, or a place name with an optional city and point."""

    @property
    def venue_id(self) -> UUID | None: ...
    @property
    def place_name(self) -> str: ...
    @property
    def city(self) -> m.City | None: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lng(self) -> float | None: ...


async def place_columns(session: AsyncSession, data: PlaceInput) -> dict[str, Any]:
    """The place columns to store: a venue's own city and point, or the given ones (a city's centre
    when only the city is known)."""
    if data.venue_id is not None:
        venue = await session.get(m.Venue, data.venue_id)
        if venue is None or venue.status != m.VenueStatus.ACTIVE:
            raise InvalidInput(Message("errors_hosting.no_such_venue"), field="venue_id")
        return {
            "venue_id": venue.id,
            "place_name": data.place_name.strip() or venue.name,
            "city": venue.city,
            "lat": venue.lat,
            "lng": venue.lng,
        }
    if not data.place_name.strip():
        raise InvalidInput(Message("errors_hosting.where"), field="place_name")
    if (data.lat is None) != (data.lng is None):
        raise InvalidInput(Message("errors_hosting.location_pair"), field="lat")
    lat, lng = (
        (data.lat, data.lng)
        if data.lat is not None
        else CITY_CENTRES.get(data.city, (None, None))
        if data.city
        else (None, None)
    )
    return {
        "place_name": data.place_name.strip(),
        "city": data.city.value if data.city else None,
        "lat": lat,
        "lng": lng,
    }


def check_times(
    starts_at: datetime, ends_at: datetime, *, longest: timedelta, what: Literal["activity", "event"]
) -> None:
    """Times with an offset, starting in the future, ending after the start, lasting at most `longest`."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidInput(Message("errors_hosting.utc_offset"), field="starts_at")
    if starts_at <= utcnow():
        raise InvalidInput(Message("errors_hosting.start_in_future"), field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput(Message("errors_hosting.end_after_start"), field="ends_at")
    if ends_at - starts_at > longest:
        hours = int(longest.total_seconds() // 3600)
        raise InvalidInput(Message(f"errors_hosting.{what}_too_long", hours=hours), field="ends_at")


def text_pattern(q: str | None) -> str | None:
    """An ILIKE pattern for a search box's words; a `%` or `_` typed by the member is no wildcard."""
    if not q or not q.strip():
        return None
    return f"%{q.strip()[:80].replace('%', '').replace('_', ' ')}%"

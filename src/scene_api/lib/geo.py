"""Radius search without PostGIS: a bounding box the (lat, lng) index can use, then exact distance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput

EARTH_RADIUS_KM = 6371.0
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 2000
"""Pakistan is about 1,500 km end to end."""


ORIGIN_LAT = sa.bindparam("origin_lat", type_=sa.Float)
ORIGIN_LNG = sa.bindparam("origin_lng", type_=sa.Float)
"""Where a search measures from: a statement using `distance_from_origin` or `within` is executed
with `Circle.origin()` as its parameters."""


@dataclass(frozen=True)
class Circle:
    lat: float
    lng: float
    radius_km: float

    def origin(self) -> dict[str, float]:
        """The values of `ORIGIN_LAT` and `ORIGIN_LNG` to execute a statement with."""
        return {ORIGIN_LAT.key: self.lat, ORIGIN_LNG.key: self.lng}


def search_area(lat: float | None, lng: float | None, radius_km: float | None) -> Circle | None:
    """The circle a list's `lat`, `lng` and `radius_km` filters ask for; None when they are not given."""
    if (lat is None) != (lng is None):
        raise InvalidInput(Message("errors_lib.location_pair"), field="lat" if lat is None else "lng")
    if lat is None or lng is None:
        if radius_km is not None:
            raise InvalidInput(Message("errors_lib.radius_needs_location"), field="radius_km")
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise InvalidInput(Message("errors_lib.location_range"), field="lat")
    radius = radius_km if radius_km is not None else DEFAULT_RADIUS_KM
    if not 0 < radius <= MAX_RADIUS_KM:
        raise InvalidInput(Message("errors_lib.radius_range", most=MAX_RADIUS_KM), field="radius_km")
    return Circle(lat, lng, radius)


def bounding_box(area: Circle) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle."""
    lat_delta = math.degrees(area.radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(area.lat)), 1e-6)
    lng_delta = math.degrees(area.radius_km / (EARTH_RADIUS_KM * cos_lat))
    return area.lat - lat_delta, area.lat + lat_delta, area.lng - lng_delta, area.lng + lng_delta


@cache
def distance_from_origin(lat_column: Any, lng_column: Any) -> sa.ColumnElement[float]:
    """Haversine distance in SQL, in kilometres, from the search's origin (`ORIGIN_LAT`, `ORIGIN_LNG`) to
    each row's place. Built once per table, its values given when the statement runs: building the
    formula afresh cost the activity feed more CPU than anything else in its query (bench/RESULTS.md,
    section 11)."""
    dlat = sa.func.radians(lat_column - ORIGIN_LAT)
    dlng = sa.func.radians(lng_column - ORIGIN_LNG)
    a = sa.func.power(sa.func.sin(dlat / 2), 2) + sa.func.cos(sa.func.radians(ORIGIN_LAT)) * sa.func.cos(
        sa.func.radians(lat_column)
    ) * sa.func.power(sa.func.sin(dlng / 2), 2)
    return 2 * EARTH_RADIUS_KM * sa.func.asin(sa.func.least(1.0, sa.func.sqrt(a)))


def within(lat_column: Any, lng_column: Any, area: Circle) -> sa.ColumnElement[bool]:
    """Rows whose place lies in `area`: the bounding box for the index, then the exact distance (the
    statement is executed with `area.origin()`)."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(area)
    return sa.and_(
        lat_column.between(min_lat, max_lat),
        lng_column.between(min_lng, max_lng),
        distance_from_origin(lat_column, lng_column) <= area.radius_km,
    )


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    dlat, dlng = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlng / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))

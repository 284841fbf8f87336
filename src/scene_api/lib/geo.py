"""Radius search without PostGIS: a bounding box the (lat, lng) index can use, then exact distance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Circle:
    lat: float
    lng: float
    radius_km: float


def bounding_box(area: Circle) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle."""
    lat_delta = math.degrees(area.radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(area.lat)), 1e-6)
    lng_delta = math.degrees(area.radius_km / (EARTH_RADIUS_KM * cos_lat))
    return area.lat - lat_delta, area.lat + lat_delta, area.lng - lng_delta, area.lng + lng_delta


def distance_km_sql(lat_column: Any, lng_column: Any, lat: float, lng: float) -> sa.ColumnElement[float]:
    """Haversine distance in SQL, in kilometres."""
    dlat = sa.func.radians(lat_column - lat)
    dlng = sa.func.radians(lng_column - lng)
    a = sa.func.power(sa.func.sin(dlat / 2), 2) + sa.func.cos(sa.func.radians(lat)) * sa.func.cos(
        sa.func.radians(lat_column)
    ) * sa.func.power(sa.func.sin(dlng / 2), 2)
    return 2 * EARTH_RADIUS_KM * sa.func.asin(sa.func.least(1.0, sa.func.sqrt(a)))


def within(lat_column: Any, lng_column: Any, area: Circle) -> sa.ColumnElement[bool]:
    min_lat, max_lat, min_lng, max_lng = bounding_box(area)
    return sa.and_(
        lat_column.between(min_lat, max_lat),
        lng_column.between(min_lng, max_lng),
        distance_km_sql(lat_column, lng_column, area.lat, area.lng) <= area.radius_km,
    )


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    dlat, dlng = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlng / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))

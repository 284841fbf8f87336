"""Where Scene's cities are: centres used when a place has no coordinates of its own."""

from __future__ import annotations

from scene_api.db.models import City

CITY_CENTRES: dict[City, tuple[float, float]] = {
    City.LAHORE: (31.5204, 74.3587),
    City.KARACHI: (24.8607, 67.0011),
    City.ISLAMABAD: (33.6844, 73.0479),
    City.RAWALPINDI: (33.5651, 73.0169),
    City.FAISALABAD: (31.4504, 73.1350),
    City.PESHAWAR: (34.0151, 71.5249),
    City.MULTAN: (30.1575, 71.5249),
}

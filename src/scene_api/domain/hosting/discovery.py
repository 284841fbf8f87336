"""What the activity and event lists share: upcoming and live, hosted by an active member, and the
filters both offer (the start window, the search area, the city, the words)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.hosting.places import text_pattern
from scene_api.lib import geo
from scene_api.lib.timezone import utcnow

Hosted = TypeVar("Hosted", m.Activity, m.Event)


class SharedFilters(Protocol):
    @property
    def starts_after(self) -> datetime | None: ...
    @property
    def starts_before(self) -> datetime | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def q(self) -> str | None: ...


def upcoming_with_host(
    listed: sa.Select[Hosted],
    model: type[Hosted],
    live: m.ActivityStatus | m.EventStatus,
    distance: Any,
) -> sa.Select[tuple[Hosted, m.User, Any]]:
    """`listed` narrowed to the ones still to end in their `live` status with an active host; each row
    is the hosted thing, its host and `distance` (a column, or NULL)."""
    return (
        listed.add_columns(m.User, distance)
        .join(m.User, m.User.id == model.host_id)
        .where(model.status == live, model.ends_at > utcnow(), m.User.status == m.UserStatus.ACTIVE)
    )


def shared_conditions(
    model: type[m.Activity] | type[m.Event], filters: SharedFilters, area: geo.Circle | None
) -> list[sa.ColumnElement[bool]]:
    """The conditions for the filters activities and events both take."""
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.starts_after is not None:
        conditions.append(model.starts_at >= filters.starts_after)
    if filters.starts_before is not None:
        conditions.append(model.starts_at < filters.starts_before)
    if area is not None:
        conditions.append(geo.within(model.lat, model.lng, area))
    if filters.city:
        conditions.append(sa.func.lower(model.city) == filters.city.strip().lower())
    if pattern := text_pattern(filters.q):
        conditions.append(
            sa.or_(
                model.title.ilike(pattern), model.description.ilike(pattern), model.place_name.ilike(pattern)
            )
        )
    return conditions

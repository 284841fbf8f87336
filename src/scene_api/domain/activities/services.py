"""Activity rules: who sees which activity, listing and reading them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.lib.errors import NotFound
from scene_api.lib.media import media_url
from scene_api.lib.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services


class ActivityService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def list_upcoming(
        self,
        *,
        activity_type: m.ActivityType | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Activity]:
        """Open public activities that have not ended, soonest first."""
        size = clamp_limit(limit)
        host = aliased(m.User)
        query = (
            sa.select(m.Activity, host)
            .join(host, host.id == m.Activity.host_id)
            .where(
                m.Activity.status == m.ActivityStatus.OPEN,
                m.Activity.visibility == m.Visibility.PUBLIC,
                m.Activity.ends_at > utcnow(),
                host.status == m.UserStatus.ACTIVE,
            )
            .order_by(m.Activity.starts_at, m.Activity.id)
            .limit(size + 1)
        )
        if activity_type is not None:
            query = query.where(m.Activity.type == activity_type)
        if cursor:
            starts_at, last_id = decode_cursor(cursor, 2)
            query = query.where(
                sa.tuple_(m.Activity.starts_at, m.Activity.id)
                > (datetime.fromisoformat(starts_at), UUID(last_id))
            )
        rows = (await self.session.execute(query)).all()
        items = [self.to_schema(activity, person) for activity, person in rows[:size]]
        next_cursor = (
            encode_cursor(rows[size - 1][0].starts_at.isoformat(), rows[size - 1][0].id)
            if len(rows) > size
            else None
        )
        return Page(items=items, next_cursor=next_cursor)

    async def get(self, activity_id: UUID) -> s.Activity:
        row = (
            await self.session.execute(
                sa.select(m.Activity, m.User)
                .join(m.User, m.User.id == m.Activity.host_id)
                .where(m.Activity.id == activity_id, m.Activity.visibility == m.Visibility.PUBLIC)
            )
        ).first()
        if row is None:
            raise NotFound("No such activity.")
        return self.to_schema(*row)

    def to_schema(self, activity: m.Activity, host: m.User) -> s.Activity:
        return s.Activity(
            id=activity.id,
            slug=activity.slug,
            type=activity.type,
            title=activity.title,
            description=activity.description,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            place_name=activity.place_name,
            city=activity.city,
            lat=activity.lat,
            lng=activity.lng,
            venue_id=activity.venue_id,
            capacity=activity.capacity,
            seats_taken=activity.seats_taken,
            spots_left=activity.capacity - activity.seats_taken,
            skill_min=activity.skill_min,
            skill_max=activity.skill_max,
            cost_pkr=activity.cost_pkr,
            visibility=activity.visibility,
            audience=activity.audience,
            auto_approve=activity.auto_approve,
            status=activity.status,
            host=s.PersonSummary(
                id=host.id, handle=host.handle, name=host.name, avatar_url=media_url(host.avatar_key)
            ),
            share_url=f"{self.services.settings.public_url}/a/{activity.slug}",
        )

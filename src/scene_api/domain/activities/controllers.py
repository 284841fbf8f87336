"""HTTP adapter for activities."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import Parameter

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.lib.pagination import Page
from scene_api.services import Services


class ActivityController(Controller):
    path = "/api/v1/activities"
    tags = ["activities"]

    @get("/", summary="Upcoming public activities, soonest first")
    async def list_activities(
        self,
        services: Services,
        type: m.ActivityType | None = None,  # the query parameter is `type`, as the API conventions say
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Activity]:
        return await services.activities.list_upcoming(
            activity_type=type, limit=limit, cursor=cursor
        )

    @get("/{activity_id:uuid}", summary="One activity")
    async def get_activity(self, services: Services, activity_id: UUID) -> s.Activity:
        return await services.activities.get(activity_id)

"""Members and activities the page tests arrange, through the real services (no page involved)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.joins import schemas as joins_s
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member


async def member(runtime: Runtime, number: int, handle: str, name: str, **fields: Any) -> m.User:
    """Member `number` (a distinct phone from PHONES), in Lahore unless told otherwise."""
    return await create_member(
        runtime, PHONES[number], handle=handle, name=name, **{"city": m.City.LAHORE, **fields}
    )


async def host_activity(
    runtime: Runtime, host: m.User, title: str = "Padel doubles, need 2", **fields: Any
) -> s.Activity:
    starts_at = utcnow() + timedelta(days=1)
    create = s.ActivityCreate(
        **{
            "type": m.ActivityType.PADEL,
            "title": title,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(minutes=90),
            "capacity": 2,
            "place_name": "Padel Arena DHA Phase 6",
            "city": m.City.LAHORE,
            "cost_pkr": 1500,
            **fields,
        }
    )
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        return await services.activities.create(actor, create)


async def ask_to_join(
    runtime: Runtime, who: m.User, activity_id: UUID, message: str = ""
) -> joins_s.JoinRequest:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, who.id)
        return await services.joins.request(actor, activity_id, joins_s.JoinRequestCreate(message=message))

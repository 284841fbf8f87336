"""Reminders before activities start."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.services import provide_services
from scene_tasks.context import JobContext


async def remind_activity(ctx: JobContext, *, activity_id: str, starts_at: str) -> int:
    """Remind the host and everyone approved. Does nothing if the activity was cancelled or moved
    (a moved activity has its own reminder); twice-run jobs notify once (dedupe key)."""
    async with provide_services(ctx["runtime"]) as services:
        activity = await services.session.get(m.Activity, UUID(activity_id))
        if (
            activity is None
            or activity.status != m.ActivityStatus.OPEN
            or activity.starts_at != datetime.fromisoformat(starts_at)
        ):
            return 0
        approved = await services.session.scalars(
            sa.select(m.JoinRequest.user_id).where(
                m.JoinRequest.activity_id == activity.id,
                m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
            )
        )
        people = [activity.host_id, *approved]
        await services.notifications.notify(
            people,
            kind="activity_reminder",
            title=Message("notify.starting_soon", title=activity.title),
            body=activity.place_name,
            link=f"/a/{activity.slug}",
            dedupe_key=f"reminder:{activity.id}:{int(activity.starts_at.timestamp())}",
        )
        return len(people)

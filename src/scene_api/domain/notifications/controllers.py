"""HTTP adapter for notifications."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.notifications import schemas as s
from scene_api.lib.pagination import Page
from scene_api.services import Services


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]

    @get("/", summary="My notifications, newest first")
    async def list_notifications(
        self, services: Services, actor: m.User, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Notification]:
        return await services.notifications.list_mine(actor, limit=limit, cursor=cursor)

    @get("/unread-count", summary="How many are unread")
    async def unread_count(self, services: Services, actor: m.User) -> s.UnreadCount:
        return await services.notifications.unread_count(actor)

    @post("/{notification_id:uuid}/read", status_code=HTTP_200_OK, summary="Mark one as read")
    async def mark_read(self, services: Services, actor: m.User, notification_id: UUID) -> s.Notification:
        return await services.notifications.mark_read(actor, notification_id)

    @post("/read-all", status_code=HTTP_200_OK, summary="Mark all as read")
    async def mark_all_read(self, services: Services, actor: m.User) -> s.UnreadCount:
        return await services.notifications.mark_all_read(actor)

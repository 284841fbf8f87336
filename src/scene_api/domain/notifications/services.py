"""In-app notifications: the record of every message, whatever else carried it (see messaging)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import OutgoingMessage
from scene_api.domain.notifications import schemas as s
from scene_api.i18n import DEFAULT, Message, render
from scene_api.lib.errors import NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services


class NotificationService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def notify(
        self,
        user_ids: list[UUID],
        *,
        kind: str,
        title: Message | str,
        body: Message | str = "",
        link: str = "",
        dedupe_key: str | None = None,
    ) -> None:
        """One notification per member, written in the member's language, which then goes out on the
        channels the member chose for its kind (`messaging.routing`). With `dedupe_key` a second call
        (a job that ran twice) adds nothing, on any channel."""
        recipients = list(dict.fromkeys(user_ids))
        found = await self.session.execute(
            sa.select(m.User.id, m.User.locale).where(m.User.id.in_(recipients))
        )
        languages = dict(found.tuples().all())
        for user_id in recipients:
            key = f"{dedupe_key}:{user_id}" if dedupe_key else None
            language = languages.get(user_id, DEFAULT)
            inserted = await self.session.execute(
                insert(m.Notification)
                .values(
                    user_id=user_id,
                    kind=kind,
                    title=render(title, language)[:120],
                    body=render(body, language)[:500],
                    link=link,
                    dedupe_key=key,
                )
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(m.Notification.id)
            )
            notification_id = inserted.scalar()
            if notification_id is None:
                continue
            await self.services.messaging.send_to_member(
                user_id,
                OutgoingMessage(
                    kind=kind,
                    language=language,
                    title=render(title, language),
                    body=render(body, language),
                    link=f"{self.services.settings.public_url}{link}" if link.startswith("/") else link,
                    tag=dedupe_key or kind,
                ),
                key=f"notification:{notification_id}",
                notification_id=notification_id,
            )

    async def list_mine(
        self, actor: m.User, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Notification]:
        size = clamp_limit(limit)
        query = (
            sa.select(m.Notification)
            .where(m.Notification.user_id == actor.id)
            .order_by(m.Notification.created_at.desc(), m.Notification.id.desc())
            .limit(size + 1)
        )
        if cursor:
            created_at, last_id = decode_cursor(cursor, 2)
            query = query.where(
                sa.tuple_(m.Notification.created_at, m.Notification.id)
                < (datetime.fromisoformat(created_at), UUID(last_id))
            )
        rows = (await self.session.scalars(query)).all()
        items = [self._to_schema(row) for row in rows[:size]]
        last = rows[size - 1] if len(rows) > size else None
        return Page(
            items=items, next_cursor=encode_cursor(last.created_at.isoformat(), last.id) if last else None
        )

    async def unread_count(self, actor: m.User) -> s.UnreadCount:
        count = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(m.Notification)
            .where(m.Notification.user_id == actor.id, m.Notification.read_at.is_(None))
        )
        return s.UnreadCount(unread=int(count or 0))

    async def mark_read(self, actor: m.User, notification_id: UUID) -> s.Notification:
        notification = await self.session.scalar(
            sa.select(m.Notification).where(
                m.Notification.id == notification_id, m.Notification.user_id == actor.id
            )
        )
        if notification is None:
            raise NotFound(Message("errors_notifications.no_such_notification"))
        notification.read_at = notification.read_at or utcnow()
        return self._to_schema(notification)

    async def mark_all_read(self, actor: m.User) -> s.UnreadCount:
        await self.session.execute(
            sa.update(m.Notification)
            .where(m.Notification.user_id == actor.id, m.Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
        return s.UnreadCount(unread=0)

    @staticmethod
    def _to_schema(row: m.Notification) -> s.Notification:
        return from_row(s.Notification, row, read=row.read_at is not None)

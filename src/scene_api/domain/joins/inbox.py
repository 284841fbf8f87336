"""The host inbox: pending requests to join anything a member hosts, activities and events alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.joins import schemas as s
from scene_api.domain.joins.services import request_schema
from scene_api.domain.trust.vouched_by import trusted_vouchers
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import clamp_limit, encode_cursor, newest_first
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.JoinRequestStatus


class InboxService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def pending(self, host: m.User, *, limit: int | None = None, cursor: str | None = None) -> s.Inbox:
        """Pending requests across everything the host runs and is still ahead, newest first, with counts
        and, for each requester, who of the host's trusted people vouched for them (one query a page)."""
        size = clamp_limit(limit)
        hosted = await self._hosted(host)
        query = newest_first(
            sa.select(m.JoinRequest, m.User, m.Activity, m.Event)
            .outerjoin(m.Activity, m.Activity.id == m.JoinRequest.activity_id)
            .outerjoin(m.Event, m.Event.id == m.JoinRequest.event_id)
            .join(m.User, m.User.id == m.JoinRequest.user_id)
            .where(hosted, m.JoinRequest.status == Status.PENDING),
            m.JoinRequest.queued_at,
            m.JoinRequest.id,
            cursor=cursor,
            size=size,
        )
        rows = (await self.session.execute(query)).tuples().all()
        counts = dict(
            (
                await self.session.execute(
                    sa.select(m.JoinRequest.status, sa.func.count())
                    .outerjoin(m.Activity, m.Activity.id == m.JoinRequest.activity_id)
                    .outerjoin(m.Event, m.Event.id == m.JoinRequest.event_id)
                    .where(hosted, m.JoinRequest.status.in_([Status.PENDING, Status.WAITLISTED]))
                    .group_by(m.JoinRequest.status)
                )
            ).all()
        )
        last = rows[size - 1][0] if len(rows) > size else None
        shown = rows[:size]
        vouchers = await trusted_vouchers(self.session, host, [requester.id for _, requester, _, _ in shown])
        return s.Inbox(
            items=[_item(*row, vouchers.get(row[1].id, [])) for row in shown],
            counts=s.InboxCounts(
                pending=counts.get(Status.PENDING, 0), waitlisted=counts.get(Status.WAITLISTED, 0)
            ),
            next_cursor=encode_cursor(last.queued_at.isoformat(), last.id) if last else None,
        )

    async def _hosted(self, host: m.User) -> sa.ColumnElement[bool]:
        """Requests for what the host runs that is still ahead. The ids come first (host_id indexes), so
        the requests are found through their activity and event indexes: a condition on the host of an
        outer-joined row would make PostgreSQL read every pending request of every host."""
        now = utcnow()
        activity_ids = await self.session.scalars(
            sa.select(m.Activity.id).where(
                m.Activity.host_id == host.id,
                m.Activity.status == m.ActivityStatus.OPEN,
                m.Activity.ends_at > now,
            )
        )
        event_ids = await self.session.scalars(
            sa.select(m.Event.id).where(
                m.Event.host_id == host.id,
                m.Event.status == m.EventStatus.PUBLISHED,
                m.Event.ends_at > now,
            )
        )
        return sa.or_(
            m.JoinRequest.activity_id.in_(activity_ids.all()), m.JoinRequest.event_id.in_(event_ids.all())
        )


def _item(
    request: m.JoinRequest,
    requester: m.User,
    activity: m.Activity | None,
    event: m.Event | None,
    vouched_by: list[m.User],
) -> s.InboxItem:
    return s.InboxItem(
        request=request_schema(request, requester, None, vouched_by=vouched_by),
        activity=from_row(s.InboxActivity, activity, spots_left=activity.capacity - activity.seats_taken)
        if activity
        else None,
        event=from_row(s.InboxEvent, event, tickets_left=event.capacity - event.tickets_sold)
        if event
        else None,
    )

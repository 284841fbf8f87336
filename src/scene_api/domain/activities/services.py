"""Activity rules: who sees which activity, discovery, hosting (create, edit, cancel), share pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.activities.underfill import check_underfill_choice
from scene_api.domain.hosting.discovery import shared_conditions, upcoming_with_host
from scene_api.domain.hosting.places import check_times, place_columns
from scene_api.domain.hosting.service import HostingService
from scene_api.domain.hosting.visibility import ACTIVITY_SHARING as SHARING
from scene_api.domain.hosting.visibility import listed_activities
from scene_api.domain.joins.schemas import MyRequest
from scene_api.domain.users.schemas import PersonSummary
from scene_api.i18n import Message, words
from scene_api.lib import geo
from scene_api.lib.errors import Conflict, InvalidInput
from scene_api.lib.mapping import from_row, new_row
from scene_api.lib.media import media_url
from scene_api.lib.pagination import Page, clamp_limit, decode_position, page_of
from scene_api.lib.slugs import share_slug
from scene_api.lib.timezone import utcnow
from scene_api.lib.updates import fields_set

MAX_DURATION = timedelta(hours=24)
LOCAL_HOURS = {
    s.TimeOfDay.MORNING: (5, 12),
    s.TimeOfDay.AFTERNOON: (12, 17),
    s.TimeOfDay.EVENING: (17, 21),
}
"""Local (Asia/Karachi) start hours [from, to) for each time of day; night is everything else."""


class ActivityService(HostingService[m.Activity, s.Activity]):
    """Opening one (`load`, `load_hosted`, `get`, `get_by_slug`) is the hosting base's."""

    model = m.Activity
    sharing = SHARING
    not_found = Message("errors_activities.no_such_activity")
    host_only = Message("errors_activities.host_only")

    # Discovery -----------------------------------------------------------------------------

    async def discover(
        self,
        actor: m.User | None,
        filters: s.ActivityFilters,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Activity]:
        """Upcoming open activities matching the filters, soonest or nearest first."""
        size = clamp_limit(limit)
        area = geo.search_area(filters.lat, filters.lng, filters.radius_km)
        distance = geo.distance_from_origin(m.Activity.lat, m.Activity.lng) if area else None
        query = upcoming_with_host(
            listed_activities(actor),
            m.Activity,
            m.ActivityStatus.OPEN,
            distance if distance is not None else sa.null(),
        ).where(*self._filter_conditions(actor, filters, area))
        nearest = filters.sort == s.SortOrder.NEAREST
        if nearest and distance is None:
            raise InvalidInput(Message("errors_activities.nearest_needs_location"), field="sort")
        sort_column: Any = distance if nearest else m.Activity.starts_at
        query = query.order_by(sort_column, m.Activity.id)
        if cursor:
            after = decode_position(cursor, float if nearest else datetime.fromisoformat)
            query = query.where(sa.tuple_(sort_column, m.Activity.id) > after)
        rows = (await self.session.execute(query.limit(size + 1), area.origin() if area else None)).all()
        requests = await self._my_requests(actor, [activity.id for activity, _, _ in rows[:size]])
        return page_of(
            rows,
            size,
            lambda row: self.to_schema(
                row[0], row[1], distance_km=row[2], my_request=requests.get(row[0].id)
            ),
            lambda row: (row[2] if nearest else row[0].starts_at.isoformat(), row[0].id),
        )

    async def list_upcoming(
        self,
        *,
        activity_type: m.ActivityType | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Activity]:
        """Public upcoming activities, soonest first: what a visitor who is not signed in sees."""
        return await self.discover(None, s.ActivityFilters(type=activity_type), limit=limit, cursor=cursor)

    def _filter_conditions(
        self, actor: m.User | None, filters: s.ActivityFilters, area: geo.Circle | None
    ) -> list[sa.ColumnElement[bool]]:
        conditions = shared_conditions(m.Activity, filters, area)
        if filters.type is not None:
            conditions.append(m.Activity.type == filters.type)
        if filters.time_of_day is not None:
            conditions.append(self._time_of_day(filters.time_of_day))
        if filters.skill is not None:
            if not 1 <= filters.skill <= 5:
                raise InvalidInput(Message("errors_activities.skill_1_to_5"), field="skill")
            conditions.append(
                sa.and_(m.Activity.skill_min <= filters.skill, m.Activity.skill_max >= filters.skill)
            )
        if filters.has_spots:
            conditions.append(m.Activity.seats_taken < m.Activity.capacity)
        if filters.host_id is not None:
            conditions.append(m.Activity.host_id == filters.host_id)
        if filters.my_circles or filters.hosted_by_me:
            if actor is None:
                raise InvalidInput(Message("errors_activities.sign_in_to_filter"), field="my_circles")
            if filters.my_circles:
                conditions.append(SHARING.shared_with(actor.id))
            if filters.hosted_by_me:
                conditions.append(m.Activity.host_id == actor.id)
        return conditions

    @staticmethod
    def _time_of_day(part: s.TimeOfDay) -> sa.ColumnElement[bool]:
        local_hour = sa.extract("hour", sa.func.timezone("Asia/Karachi", m.Activity.starts_at))
        if part == s.TimeOfDay.NIGHT:
            return sa.or_(local_hour >= 21, local_hour < 5)
        start, end = LOCAL_HOURS[part]
        return sa.and_(local_hour >= start, local_hour < end)

    async def _my_requests(self, actor: m.User | None, activity_ids: Sequence[UUID]) -> dict[UUID, MyRequest]:
        if actor is None or not activity_ids:
            return {}
        rows = await self.session.scalars(
            sa.select(m.JoinRequest).where(
                m.JoinRequest.user_id == actor.id,
                m.JoinRequest.activity_id.in_(activity_ids),
                m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES),
            )
        )
        return {row.activity_id: MyRequest(id=row.id, status=row.status) for row in rows if row.activity_id}

    # Reading one ---------------------------------------------------------------------------

    async def detail(self, actor: m.User | None, activity: m.Activity) -> s.Activity:
        host = await self.session.get_one(m.User, activity.host_id)
        my_request = (await self._my_requests(actor, [activity.id])).get(activity.id)
        if my_request is not None and my_request.status == m.JoinRequestStatus.WAITLISTED:
            my_request.waitlist_position = await self.services.joins.waitlist_position(my_request.id)
        circle_ids = await SHARING.circle_ids(self.session, activity.id)
        return self.to_schema(activity, host, my_request=my_request, circle_ids=circle_ids)

    async def get_public(self, slug: str) -> s.PublicActivity:
        """The share page's data: anyone with the link, signed in or not, sees what a visitor who is
        not signed in may open (circle-only ones stay hidden)."""
        activity, host = await self.public_with_host(slug)
        participants = None
        if activity.visibility == m.Visibility.PUBLIC:
            participants = [p.person for p in await self.services.joins.participants_of(activity)]
        shown = self.to_schema(activity, host)
        return from_row(
            s.PublicActivity,
            shown,
            host_name=first_name(host),
            host_avatar_url=shown.host.avatar_url,
            participants=participants,
        )

    # Hosting -------------------------------------------------------------------------------

    async def create(self, actor: m.User, data: s.ActivityCreate) -> s.Activity:
        check_times(data.starts_at, data.ends_at, longest=MAX_DURATION, what="activity")
        check_underfill_choice(data.starts_at, data.underfill_cancel_hours)
        if data.skill_min > data.skill_max:
            raise InvalidInput(Message("errors_activities.skill_range"), field="skill_max")
        place = await place_columns(self.session, data)
        activity = new_row(m.Activity, data, host_id=actor.id, slug=share_slug(data.title), **place)
        self.session.add(activity)
        await self.services.flush()
        await SHARING.share(self.session, actor, activity, data.visibility, data.circle_ids)
        self._schedule_reminder(activity)
        self.services.underfill.schedule(activity)
        return await self.detail(actor, activity)

    async def update(self, actor: m.User, activity_id: UUID, data: s.ActivityUpdate) -> s.Activity:
        activity = await self.load_hosted(actor, activity_id, for_update=True)
        if activity.status != m.ActivityStatus.OPEN:
            raise Conflict(
                Message("errors_activities.no_longer_edited", status=words.status(activity.status))
            )
        changes = fields_set(data)
        starts_at, ends_at = (
            changes.get("starts_at", activity.starts_at),
            changes.get("ends_at", activity.ends_at),
        )
        moved = "starts_at" in changes or "ends_at" in changes
        if moved:
            check_times(starts_at, ends_at, longest=MAX_DURATION, what="activity")
            await self.services.activity_courts.check_can_move(activity)
        underfill_changed = moved or "underfill_cancel_hours" in changes
        if underfill_changed:
            check_underfill_choice(
                starts_at, changes.get("underfill_cancel_hours", activity.underfill_cancel_hours)
            )
        if "cost_pkr" in changes and changes["cost_pkr"] != activity.cost_pkr:
            await self.services.shares.check_cost_can_change(activity)
        if changes.get("audience") == m.Audience.WOMEN_ONLY and activity.audience != m.Audience.WOMEN_ONLY:
            await self.services.joins.keep_to_women(activity)
        if changes.get("skill_min", activity.skill_min) > changes.get("skill_max", activity.skill_max):
            raise InvalidInput(Message("errors_activities.skill_range"), field="skill_max")
        if changes.get("capacity", activity.capacity) < activity.seats_taken:
            raise InvalidInput(
                Message("errors_activities.capacity_below_taken", taken=activity.seats_taken),
                field="capacity",
            )
        await self.apply_edit(actor, activity, changes)
        if "capacity" in changes:
            await self.services.joins.promote_waitlist(activity)
        if underfill_changed:
            self.services.underfill.schedule(activity)
            await self.services.activity_courts.follow(activity)
        if moved:
            self._schedule_reminder(activity)
            await self.tell_participants(
                activity, "activity_changed", Message("notify.time_changed", title=activity.title)
            )
        return await self.detail(actor, activity)

    async def cancel(self, actor: m.User, activity_id: UUID) -> s.Activity:
        activity = await self.load_hosted(actor, activity_id, for_update=True)
        if activity.status != m.ActivityStatus.OPEN:
            raise Conflict(Message("errors_activities.already_status", status=words.status(activity.status)))
        if activity.starts_at <= utcnow():
            raise Conflict(Message("errors_activities.already_started"))
        await self.call_off(activity, actor=actor)
        await self.tell_participants(
            activity, "activity_cancelled", Message("notify.cancelled", title=activity.title)
        )
        return await self.detail(actor, activity)

    async def call_off(self, activity: m.Activity, *, actor: m.User | None) -> None:
        """Cancel a locked, open activity (by its host, or by the under-fill job when `actor` is None):
        its court hold is released and the shares paid online are refunded."""
        activity.status = m.ActivityStatus.CANCELLED
        activity.cancelled_at = utcnow()
        await self.services.activity_courts.release_for(activity)
        await self.services.shares.refund_all(activity, actor=actor)

    async def tell_participants(
        self,
        activity: m.Activity,
        kind: str,
        title: Message,
        *,
        body: Message | None = None,
        dedupe_key: str | None = None,
        with_host: bool = False,
    ) -> None:
        """Everyone with a live request (and the host too, `with_host`)."""
        people = list(
            await self.session.scalars(
                sa.select(m.JoinRequest.user_id).where(
                    m.JoinRequest.activity_id == activity.id, m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES)
                )
            )
        )
        await self.services.notifications.notify(
            [activity.host_id, *people] if with_host else people,
            kind=kind,
            title=title,
            body=body if body is not None else Message("notify.updated_by_host", title=activity.title),
            link=f"/a/{activity.slug}",
            dedupe_key=dedupe_key,
        )

    def _schedule_reminder(self, activity: m.Activity) -> None:
        remind_at = activity.starts_at - timedelta(hours=self.settings.reminder_hours_before)
        if remind_at <= utcnow():
            return
        self.services.jobs.add(
            "remind_activity",
            key=f"reminder:activity:{activity.id}:{int(activity.starts_at.timestamp())}",
            scheduled=remind_at.timestamp(),
            activity_id=str(activity.id),
            starts_at=activity.starts_at.isoformat(),
        )

    # Output --------------------------------------------------------------------------------

    def to_schema(
        self,
        activity: m.Activity,
        host: m.User,
        *,
        distance_km: float | None = None,
        my_request: MyRequest | None = None,
        circle_ids: list[UUID] | None = None,
    ) -> s.Activity:
        return from_row(
            s.Activity,
            activity,
            spots_left=activity.capacity - activity.seats_taken,
            host=person_summary(host),
            share_url=f"{self.settings.public_url}/a/{activity.slug}",
            circle_ids=circle_ids or [],
            distance_km=round(distance_km, 2) if distance_km is not None else None,
            my_request=my_request,
        )


def person_summary(user: m.User) -> PersonSummary:
    return PersonSummary(
        id=user.id, handle=user.handle, name=user.name, avatar_url=media_url(user.avatar_key)
    )


def first_name(user: m.User) -> str:
    """How a share page names the host to anyone with the link: the first name, or else the handle."""
    return user.name.split(" ")[0] if user.name else user.handle

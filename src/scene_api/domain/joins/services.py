"""Joining activities and events: requests, host decisions, and for activities capacity and the
first-in-first-out waitlist.

Every change to who holds a seat locks the activity row first (the thing that becomes less
available), so concurrent joins and approvals are serialised and `seats_taken` never passes
`capacity` (the database checks that too).

An event whose host approves who comes (`approval_required`) uses the same machine (pending ->
approved | rejected | withdrawn; approved -> withdrawn). Approval holds no ticket: an approved member
may then buy, while tickets last. Decisions and withdrawals of both come through `JoinService` (the
shared request endpoints and the host inbox), which hands an event's request to
`EventRequestService`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.activities import schemas as activity_s
from scene_api.domain.activities.services import person_summary
from scene_api.domain.joins import schemas as s
from scene_api.domain.joins.states import JOIN_REQUESTS
from scene_api.domain.trust.vouched_by import trusted_vouchers, vouched_for_by_trusted
from scene_api.i18n import Message, render, words
from scene_api.lib import whatsapp
from scene_api.lib.errors import Conflict, DomainError, NotFound, PermissionDenied
from scene_api.lib.mapping import from_row
from scene_api.lib.ratelimit import RateLimiter
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.JoinRequestStatus


class JoinService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def count_request(self, actor: m.User) -> None:
        """Members may ask to join `join_requests_per_hour` activities and events an hour."""
        await RateLimiter(self.services.runtime.redis).hit(
            f"join:user:{actor.id}",
            limit=self.services.settings.join_requests_per_hour,
            window_seconds=3600,
            message=Message("errors_activities.too_many_requests"),
        )

    async def request(self, actor: m.User, activity_id: UUID, data: s.JoinRequestCreate) -> s.JoinRequest:
        await self.count_request(actor)
        activity = await self.services.activities.load(actor, activity_id, for_update=True)
        self._check_can_join(actor, activity)
        existing = await self.session.scalar(
            sa.select(m.JoinRequest.status).where(
                m.JoinRequest.activity_id == activity.id,
                m.JoinRequest.user_id == actor.id,
                m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES),
            )
        )
        if existing is not None:
            raise Conflict(Message("errors_activities.already_requested", status=words.status(existing)))
        seat_free = activity.seats_taken < activity.capacity
        if seat_free and (activity.auto_approve or await self._trusted(actor, activity)):
            status = Status.APPROVED
        elif not seat_free:
            status = Status.WAITLISTED
        else:
            status = Status.PENDING
        request = m.JoinRequest(
            activity_id=activity.id, user_id=actor.id, status=status, message=data.message.strip()
        )
        if status == Status.APPROVED:
            request.decided_at = utcnow()
            activity.seats_taken += 1
        self.session.add(request)
        await self.services.flush()
        await self.session.refresh(request, ["queued_at"])
        await self._tell_host(activity, actor, status)
        if status == Status.APPROVED:
            await self._tell_requester(
                activity, request, "join_approved", Message("notify.youre_in", title=activity.title)
            )
        return await self._to_schema(request, actor)

    async def _trusted(self, actor: m.User, activity: m.Activity) -> bool:
        """Whether the host's choice of trusted vouchers lets `actor` in at once."""
        if activity.auto_approve_trusted == m.TrustedApproval.NONE:
            return False
        host = await self.session.get_one(m.User, activity.host_id)
        return await vouched_for_by_trusted(self.session, host, actor.id, activity.auto_approve_trusted)

    @staticmethod
    def _check_can_join(actor: m.User, activity: m.Activity) -> None:
        if activity.host_id == actor.id:
            raise Conflict(Message("errors_activities.you_host"))
        if activity.status != m.ActivityStatus.OPEN:
            raise Conflict(Message("errors_activities.activity_is", status=words.status(activity.status)))
        if activity.starts_at <= utcnow():
            raise Conflict(Message("errors_activities.already_started"))
        if activity.audience == m.Audience.WOMEN_ONLY and actor.gender != m.Gender.WOMAN:
            raise PermissionDenied(Message("errors_activities.women_only"), code="audience_mismatch")

    async def withdraw(self, actor: m.User, request_id: UUID) -> s.JoinRequest:
        request = await self._load_request(request_id, requester=actor)
        if request.event_id is not None:
            return await self.services.event_requests.withdraw(actor, request)
        activity = await self._lock_activity(request)
        before = JOIN_REQUESTS.move(request, Status.WITHDRAWN)
        request.decided_at = utcnow()
        if before == Status.APPROVED:
            activity.seats_taken -= 1
            await self.services.shares.left(activity, request, actor)
            await self.promote_waitlist(activity)
        return await self._to_schema(request, actor)

    async def decide(self, host: m.User, request_id: UUID, decision: s.Decision) -> s.JoinRequest:
        request = await self._load_request(request_id)
        if request.event_id is not None:
            return await self.services.event_requests.decide(host, request, decision)
        activity = await self._lock_activity(request)
        if activity.host_id != host.id:
            raise NotFound(Message("errors_activities.no_such_request"))
        if decision == s.Decision.APPROVE:
            await self._approve(activity, request, decided_by=host)
        else:
            JOIN_REQUESTS.move(request, Status.REJECTED)
            request.decided_at, request.decided_by_id = utcnow(), host.id
            await self._tell_requester(
                activity, request, "join_rejected", Message("notify.not_this_time", title=activity.title)
            )
        requester = await self.session.get_one(m.User, request.user_id)
        return await self._to_schema(request, requester)

    async def decide_many(
        self, host: m.User, request_ids: list[UUID], decision: s.Decision
    ) -> list[s.BatchOutcome]:
        """Decide several requests in one go, oldest first; one refusal does not stop the others and
        is said in the host's language."""
        ordered = list(
            await self.session.scalars(
                sa.select(m.JoinRequest.id)
                .where(m.JoinRequest.id.in_(request_ids))
                .order_by(m.JoinRequest.activity_id, m.JoinRequest.queued_at)
            )
        )
        unknown = render(Message("errors_activities.no_such_request"), host.locale)
        outcomes = {request_id: s.BatchOutcome(id=request_id, error=unknown) for request_id in request_ids}
        for request_id in ordered:
            try:
                decided = await self.decide(host, request_id, decision)
            except DomainError as error:
                outcomes[request_id] = s.BatchOutcome(id=request_id, error=error.message_in(host.locale))
            else:
                outcomes[request_id] = s.BatchOutcome(id=request_id, status=decided.status)
        return [outcomes[request_id] for request_id in dict.fromkeys(request_ids)]

    async def _approve(
        self, activity: m.Activity, request: m.JoinRequest, *, decided_by: m.User | None
    ) -> None:
        if (
            request.status in (Status.PENDING, Status.WAITLISTED)
            and activity.seats_taken >= activity.capacity
        ):
            raise Conflict(Message("errors_activities.full"), code="full")
        before = JOIN_REQUESTS.move(request, Status.APPROVED)
        request.decided_at = utcnow()
        request.decided_by_id = decided_by.id if decided_by else None
        activity.seats_taken += 1
        kind = "join_promoted" if before == Status.WAITLISTED else "join_approved"
        await self._tell_requester(activity, request, kind, Message("notify.youre_in", title=activity.title))

    async def promote_waitlist(self, activity: m.Activity) -> None:
        """Fill free seats from the waitlist, first come first served. The caller holds the activity lock."""
        free = activity.capacity - activity.seats_taken
        if free <= 0 or activity.status != m.ActivityStatus.OPEN:
            return
        waiting = await self.session.scalars(
            sa.select(m.JoinRequest)
            .where(m.JoinRequest.activity_id == activity.id, m.JoinRequest.status == Status.WAITLISTED)
            .order_by(m.JoinRequest.queued_at, m.JoinRequest.id)
            .limit(free)
        )
        for request in waiting.all():
            await self._approve(activity, request, decided_by=None)

    async def waitlist_position(self, request_id: UUID) -> int:
        mine = sa.select(m.JoinRequest).where(m.JoinRequest.id == request_id).subquery()
        position = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(m.JoinRequest)
            .join(mine, mine.c.activity_id == m.JoinRequest.activity_id)
            .where(
                m.JoinRequest.status == Status.WAITLISTED,
                sa.tuple_(m.JoinRequest.queued_at, m.JoinRequest.id)
                <= sa.tuple_(mine.c.queued_at, mine.c.id),
            )
        )
        return int(position or 0)

    async def participants_of(self, activity: m.Activity) -> list[activity_s.Participant]:
        rows = await self.session.execute(
            with_requesters(
                m.JoinRequest.activity_id == activity.id, m.JoinRequest.status == Status.APPROVED
            ).order_by(m.JoinRequest.decided_at)
        )
        return [
            activity_s.Participant(
                person=person_summary(user),
                status=request.status,
                joined_at=request.decided_at or request.queued_at,
            )
            for request, user in rows
        ]

    async def participants(self, actor: m.User, activity_id: UUID) -> list[activity_s.Participant]:
        """Who is in: anyone may see it for a public activity; otherwise only the host and those in."""
        activity = await self.services.activities.load(actor, activity_id)
        participants = await self.participants_of(activity)
        insider = activity.host_id == actor.id or actor.id in {p.person.id for p in participants}
        if activity.visibility != m.Visibility.PUBLIC and not insider:
            raise PermissionDenied(Message("errors_activities.participants_only"))
        return participants

    async def requests_for(
        self, host: m.User, activity_id: UUID, status: Status | None = None
    ) -> list[s.JoinRequest]:
        activity = await self.services.activities.load_hosted(host, activity_id)
        return await requests_where(self.session, host, m.JoinRequest.activity_id == activity.id, status)

    async def keep_to_women(self, activity: m.Activity) -> None:
        """The host makes a locked activity women only: refused while men are in; men still asking
        or waiting are turned away (told so)."""
        rows = (
            await self.session.execute(
                with_requesters(
                    m.JoinRequest.activity_id == activity.id,
                    m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES),
                    m.User.gender != m.Gender.WOMAN,
                ).with_for_update(of=m.JoinRequest)
            )
        ).tuples()
        turned_away = []
        for request, requester in rows.all():
            if request.status == Status.APPROVED:
                raise Conflict(
                    Message("errors_activities.audience_conflict", name=requester.name or requester.handle),
                    code="audience_conflict",
                )
            JOIN_REQUESTS.move(
                request, Status.REJECTED if request.status == Status.PENDING else Status.WITHDRAWN
            )
            request.decided_at = utcnow()
            turned_away.append(request)
        for request in turned_away:
            await self._tell_requester(
                activity, request, "join_rejected", Message("notify.women_only_now", title=activity.title)
            )

    async def _load_request(self, request_id: UUID, *, requester: m.User | None = None) -> m.JoinRequest:
        query = sa.select(m.JoinRequest).where(m.JoinRequest.id == request_id)
        if requester is not None:
            query = query.where(m.JoinRequest.user_id == requester.id)
        request = await self.session.scalar(query)
        if request is None:
            raise NotFound(Message("errors_activities.no_such_request"))
        return request

    async def _lock_activity(self, request: m.JoinRequest) -> m.Activity:
        """Lock the activity, then re-read the request: its status may have changed while we waited."""
        activity = await self.session.scalar(
            sa.select(m.Activity).where(m.Activity.id == request.activity_id).with_for_update()
        )
        await self.session.refresh(request, with_for_update=True)
        assert activity is not None  # the foreign key guarantees it
        return activity

    async def _tell_host(self, activity: m.Activity, requester: m.User, status: Status) -> None:
        keys = {
            Status.APPROVED: "notify.joined",
            Status.PENDING: "notify.asked_to_join",
            Status.WAITLISTED: "notify.joined_waitlist",
        }
        title = Message(keys[status], name=requester.name or requester.handle, title=activity.title)
        await self.services.notifications.notify(
            [activity.host_id], kind=f"host_{status.value}", title=title, link="/inbox"
        )

    async def _tell_requester(
        self, activity: m.Activity, request: m.JoinRequest, kind: str, title: Message
    ) -> None:
        await self.services.notifications.notify(
            [request.user_id],
            kind=kind,
            title=title,
            body=activity.title,
            link=f"/a/{activity.slug}",
            dedupe_key=f"{kind}:{request.id}",
        )

    async def _to_schema(self, request: m.JoinRequest, requester: m.User) -> s.JoinRequest:
        position = await self.waitlist_position(request.id) if request.status == Status.WAITLISTED else None
        share = None
        if request.status == Status.APPROVED:
            activity = await self.session.get_one(m.Activity, request.activity_id)
            share = activity_whatsapp_url(self.services.settings.public_url, activity, requester.locale)
        return request_schema(request, requester, position, whatsapp_url=share)


class EventRequestService:
    """Requests to join an approval-required event. Decisions and withdrawals reach it through
    `JoinService`; the event's order checks `is_approved` before selling a ticket."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def request(self, actor: m.User, event_id: UUID, data: s.JoinRequestCreate) -> s.JoinRequest:
        await self.services.joins.count_request(actor)
        event = await self.services.events.load(actor, event_id, for_update=True)
        if not event.approval_required:
            raise Conflict(Message("errors_events.open_to_all"), code="no_approval_needed")
        if event.host_id == actor.id:
            raise Conflict(Message("errors_events.you_host"))
        if event.status != m.EventStatus.PUBLISHED or event.ends_at <= utcnow():
            raise Conflict(Message("errors_events.no_more_requests"))
        existing = await self._live(actor, event)
        if existing is not None:
            raise Conflict(Message("errors_events.already_requested", status=words.status(existing.status)))
        request = m.JoinRequest(event_id=event.id, user_id=actor.id, message=data.message.strip())
        self.session.add(request)
        await self.services.flush()
        await self.session.refresh(request, ["queued_at"])
        await self.services.notifications.notify(
            [event.host_id],
            kind="host_pending",
            title=Message("notify.asked_to_join", name=actor.name or actor.handle, title=event.title),
            link="/inbox",
        )
        return request_schema(request, actor, None)

    async def withdraw(self, actor: m.User, request: m.JoinRequest) -> s.JoinRequest:
        await self._lock_event(request)
        JOIN_REQUESTS.move(request, Status.WITHDRAWN)
        request.decided_at = utcnow()
        return request_schema(request, actor, None)

    async def decide(self, host: m.User, request: m.JoinRequest, decision: s.Decision) -> s.JoinRequest:
        event = await self._lock_event(request)
        if event.host_id != host.id:
            raise NotFound(Message("errors_events.no_such_request"))
        approve = decision == s.Decision.APPROVE
        JOIN_REQUESTS.move(request, Status.APPROVED if approve else Status.REJECTED)
        request.decided_at, request.decided_by_id = utcnow(), host.id
        await self.services.notifications.notify(
            [request.user_id],
            kind="event_request_approved" if approve else "event_request_rejected",
            title=Message(
                "notify.approved_for_event" if approve else "notify.not_this_time", title=event.title
            ),
            body=Message("notify.get_tickets") if approve else "",
            link=f"/e/{event.slug}",
            dedupe_key=f"event_request_decided:{request.id}",
        )
        requester = await self.session.get_one(m.User, request.user_id)
        return request_schema(request, requester, None, whatsapp_url=self._share(request, event, requester))

    def _share(self, request: m.JoinRequest, event: m.Event, requester: m.User) -> str | None:
        """An approved request's WhatsApp share, in the requester's language: the event and its page."""
        if request.status != Status.APPROVED:
            return None
        return whatsapp.whatsapp_url(
            Message("whatsapp.approved_for_event", title=event.title),
            language=requester.locale,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place=whatsapp.place(event.place_name, event.city),
            link=f"{self.services.settings.public_url}/e/{event.slug}",
        )

    async def requests_for(
        self, host: m.User, event_id: UUID, status: Status | None = None
    ) -> list[s.JoinRequest]:
        event = await self.services.events.load_hosted(host, event_id)
        return await requests_where(self.session, host, m.JoinRequest.event_id == event.id, status)

    async def is_approved(self, actor: m.User, event: m.Event) -> bool:
        request = await self._live(actor, event)
        return request is not None and request.status == Status.APPROVED

    async def mine(self, actor: m.User, event: m.Event) -> s.MyRequest | None:
        request = await self._live(actor, event)
        if request is None:
            return None
        return s.MyRequest(
            id=request.id, status=request.status, whatsapp_url=self._share(request, event, actor)
        )

    async def live_requesters(self, event: m.Event) -> list[UUID]:
        return list(
            await self.session.scalars(
                sa.select(m.JoinRequest.user_id).where(
                    m.JoinRequest.event_id == event.id, m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES)
                )
            )
        )

    async def _live(self, actor: m.User, event: m.Event) -> m.JoinRequest | None:
        return await self.session.scalar(
            sa.select(m.JoinRequest).where(
                m.JoinRequest.event_id == event.id,
                m.JoinRequest.user_id == actor.id,
                m.JoinRequest.status.in_(m.LIVE_JOIN_STATUSES),
            )
        )

    async def _lock_event(self, request: m.JoinRequest) -> m.Event:
        """Lock the event, then re-read the request: its status may have changed while we waited."""
        assert request.event_id is not None  # an event's request
        event = await self.services.events.lock(request.event_id)
        await self.session.refresh(request)
        return event


def activity_whatsapp_url(public_url: str, activity: m.Activity, language: str) -> str:
    """The share of an approved join: the activity, when and where, and its share page."""
    return whatsapp.whatsapp_url(
        Message("whatsapp.im_in", title=activity.title),
        language=language,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=whatsapp.place(activity.place_name, activity.city),
        link=f"{public_url}/a/{activity.slug}",
    )


def with_requesters(*conditions: sa.ColumnElement[bool]) -> sa.Select[m.JoinRequest, m.User]:
    """The join requests that meet `conditions`, each with the member who asked."""
    return (
        sa.select(m.JoinRequest, m.User).join(m.User, m.User.id == m.JoinRequest.user_id).where(*conditions)
    )


async def requests_where(
    session: AsyncSession, host: m.User, target: sa.ColumnElement[bool], status: Status | None
) -> list[s.JoinRequest]:
    """The requests for one activity or event (`target`) of `host`, in arrival order, with waitlist
    places and who of the host's trusted people vouched for each requester."""
    query = with_requesters(target).order_by(m.JoinRequest.queued_at, m.JoinRequest.id)
    if status is not None:
        query = query.where(m.JoinRequest.status == status)
    rows = (await session.execute(query)).tuples().all()
    vouchers = await trusted_vouchers(session, host, [user.id for _, user in rows])
    positions = iter(range(1, len(rows) + 1))
    return [
        request_schema(
            request,
            user,
            next(positions) if request.status == Status.WAITLISTED else None,
            vouched_by=vouchers.get(user.id, []),
        )
        for request, user in rows
    ]


def request_schema(
    request: m.JoinRequest,
    requester: m.User,
    position: int | None,
    *,
    vouched_by: Sequence[m.User] = (),
    whatsapp_url: str | None = None,
) -> s.JoinRequest:
    """A request to join an activity or an event, as the API shows it."""
    return from_row(
        s.JoinRequest,
        request,
        requester=person_summary(requester),
        waitlist_position=position,
        vouched_by=[person_summary(voucher) for voucher in vouched_by],
        whatsapp_url=whatsapp_url,
    )

"""Asking to join an event whose host approves who comes (`approval_required`).

The join-request machine is the one activities use (pending -> approved | rejected | withdrawn;
approved -> withdrawn). Approval holds no ticket: an approved member may then buy, while tickets
last. Decisions and withdrawals come through the shared request endpoints and the host inbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities import schemas as js
from scene_api.domain.activities.joins import request_schema, requests_where
from scene_api.domain.joins.states import move
from scene_api.i18n import Message, words
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.timezone import utcnow
from scene_api.lib.whatsapp import place, whatsapp_url

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.JoinRequestStatus


class EventRequestService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def request(self, actor: m.User, event_id: UUID, data: js.JoinRequestCreate) -> js.JoinRequest:
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

    async def withdraw(self, actor: m.User, request: m.JoinRequest) -> js.JoinRequest:
        await self._lock_event(request)
        move(request, Status.WITHDRAWN)
        request.decided_at = utcnow()
        return request_schema(request, actor, None)

    async def decide(self, host: m.User, request: m.JoinRequest, decision: js.Decision) -> js.JoinRequest:
        event = await self._lock_event(request)
        if event.host_id != host.id:
            raise NotFound(Message("errors_events.no_such_request"))
        approve = decision == js.Decision.APPROVE
        move(request, Status.APPROVED if approve else Status.REJECTED)
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
        return whatsapp_url(
            Message("whatsapp.approved_for_event", title=event.title),
            language=requester.locale,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place=place(event.place_name, event.city),
            link=f"{self.services.settings.public_url}/e/{event.slug}",
        )

    async def requests_for(
        self, host: m.User, event_id: UUID, status: Status | None = None
    ) -> list[js.JoinRequest]:
        event = await self.services.events.load_hosted(host, event_id)
        return await requests_where(self.session, host, m.JoinRequest.event_id == event.id, status)

    async def is_approved(self, actor: m.User, event: m.Event) -> bool:
        request = await self._live(actor, event)
        return request is not None and request.status == Status.APPROVED

    async def mine(self, actor: m.User, event: m.Event) -> js.MyRequest | None:
        request = await self._live(actor, event)
        if request is None:
            return None
        return js.MyRequest(
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

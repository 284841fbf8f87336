"""Event rules: who sees which event, discovery, hosting (create, edit, cancel, cover), share pages."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Literal
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.services import first_name, person_summary
from scene_api.domain.events import schemas as s
from scene_api.domain.hosting.discovery import shared_conditions, upcoming_with_host
from scene_api.domain.hosting.places import check_times, place_columns
from scene_api.domain.hosting.service import HostingService
from scene_api.domain.hosting.visibility import EVENT_SHARING as SHARING
from scene_api.domain.hosting.visibility import listed_events
from scene_api.domain.joins.schemas import MyRequest
from scene_api.domain.users.visibility import not_blocked
from scene_api.i18n import Message, words
from scene_api.lib import geo
from scene_api.lib.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from scene_api.lib.images import OUTPUT_CONTENT_TYPE, bounded_webp
from scene_api.lib.mapping import from_row, new_row
from scene_api.lib.media import media_url
from scene_api.lib.pagination import Page, clamp_limit, decode_position, page_of
from scene_api.lib.slugs import share_slug
from scene_api.lib.timezone import utcnow
from scene_api.lib.updates import fields_set

MAX_DURATION = timedelta(days=7)
COVER_MAX_BYTES = 5 * 1024 * 1024
COVER_WIDTH = 1200
"""Wide enough for WhatsApp's link preview."""
NO_SUCH_EVENT = Message("errors_events.no_such_event")
EventNews = Literal["order_expired", "payment_failed", "offer_lapsed", "on_the_door"]
"""News for one member about an event: catalogue keys `notify.<news>` (a title naming the event) and
`notify.<news>_body`."""


class EventService(HostingService[m.Event, s.Event]):
    """Opening one (`load`, `load_hosted`, `get`, `get_by_slug`) is the hosting base's. `load(...,
    for_update=True)` locks the event: every change to what an event has left to sell starts there,
    so the event row is always the first lock taken."""

    model = m.Event
    sharing = SHARING
    not_found = NO_SUCH_EVENT
    host_only = Message("errors_events.host_only")

    async def load_at_door(self, actor: m.User, event_id: UUID) -> m.Event:
        """The event for its host or a member of its staff (check-in and the live count), else 403.
        Staff open it even when it is shared with circles they are not in, unless a block stands
        between them and the host."""
        staff = sa.and_(
            sa.exists().where(m.EventStaff.event_id == m.Event.id, m.EventStaff.user_id == actor.id),
            not_blocked(actor, m.Event.host_id),
        )
        row = (
            await self.session.execute(
                sa.select(m.Event, staff).where(
                    m.Event.id == event_id, sa.or_(SHARING.openable_by(actor), staff)
                )
            )
        ).first()
        if row is None:
            raise NotFound(NO_SUCH_EVENT)
        event, is_staff = row
        if event.host_id != actor.id and not is_staff:
            raise PermissionDenied(Message("errors_events.host_or_staff_only"))
        return event

    async def lock(self, event_id: UUID) -> m.Event:
        """Lock an event for a change that comes from no member's request (a job, a payment)."""
        return await self.session.get_one(m.Event, event_id, with_for_update=True, populate_existing=True)

    # Discovery -----------------------------------------------------------------------------

    async def discover(
        self,
        actor: m.User | None,
        filters: s.EventFilters,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Event]:
        """Upcoming published events matching the filters, soonest first."""
        size = clamp_limit(limit)
        area = geo.search_area(filters.lat, filters.lng, filters.radius_km)
        distance = geo.distance_from_origin(m.Event.lat, m.Event.lng) if area else sa.null()
        query = (
            upcoming_with_host(listed_events(actor), m.Event, m.EventStatus.PUBLISHED, distance)
            .where(*self._filter_conditions(actor, filters, area))
            .order_by(m.Event.starts_at, m.Event.id)
        )
        if cursor:
            query = query.where(sa.tuple_(m.Event.starts_at, m.Event.id) > decode_position(cursor))
        rows = (
            (await self.session.execute(query.limit(size + 1), area.origin() if area else None))
            .tuples()
            .all()
        )
        tiers = await self.services.ticket_tiers.tiers_of([event for event, _, _ in rows[:size]], actor)
        return page_of(
            rows,
            size,
            lambda row: self.to_schema(row[0], row[1], tiers[row[0].id], distance_km=row[2]),
            lambda row: (row[0].starts_at.isoformat(), row[0].id),
        )

    @staticmethod
    def _filter_conditions(
        actor: m.User | None, filters: s.EventFilters, area: geo.Circle | None
    ) -> list[sa.ColumnElement[bool]]:
        conditions = shared_conditions(m.Event, filters, area)
        if filters.featured:
            conditions.append(m.Event.featured.is_(True))
        if filters.hosted_by_me:
            if actor is None:
                raise InvalidInput(Message("errors_events.sign_in_for_hosted"), field="hosted_by_me")
            conditions.append(m.Event.host_id == actor.id)
        return conditions

    # Reading one ---------------------------------------------------------------------------

    async def detail(self, actor: m.User | None, event: m.Event) -> s.Event:
        host = await self.session.get_one(m.User, event.host_id)
        tiers = await self.services.ticket_tiers.tiers_of([event], actor)
        my_request = my_waitlist = None
        if actor is not None:
            my_request = await self.services.event_requests.mine(actor, event)
            my_waitlist = await self.services.event_waitlist.mine(actor, event)
        return self.to_schema(
            event,
            host,
            tiers[event.id],
            circle_ids=await SHARING.circle_ids(self.session, event.id),
            my_request=my_request,
            my_waitlist=my_waitlist,
        )

    async def get_public(self, slug: str) -> s.PublicEvent:
        """The share page's data: anyone with the link, signed in or not, sees what a visitor who is
        not signed in may open (circle-only ones stay hidden)."""
        event, host = await self.public_with_host(slug)
        shown = self.to_schema(
            event, host, (await self.services.ticket_tiers.tiers_of([event], None))[event.id]
        )
        public = event.visibility == m.Visibility.PUBLIC
        return from_row(
            s.PublicEvent,
            shown,
            host_name=first_name(host),
            host_avatar_url=shown.host.avatar_url,
            attendees=await self.services.checkin.people_coming(event) if public else None,
        )

    # Hosting -------------------------------------------------------------------------------

    async def create(self, actor: m.User, data: s.EventCreate) -> s.Event:
        check_times(data.starts_at, data.ends_at, longest=MAX_DURATION, what="event")
        place = await place_columns(self.session, data)
        event = new_row(m.Event, data, host_id=actor.id, slug=share_slug(data.title), **place)
        self.session.add(event)
        await self.services.flush()
        await SHARING.share(self.session, actor, event, data.visibility, data.circle_ids)
        if len({tier.name.strip().lower() for tier in data.tiers}) != len(data.tiers):
            raise InvalidInput(Message("errors_events.tier_names_unique"), field="tiers")
        for position, tier in enumerate(data.tiers):
            self.services.ticket_tiers.add(event, tier, position=position)
        await self.services.flush()
        return await self.detail(actor, event)

    async def update(self, actor: m.User, event_id: UUID, data: s.EventUpdate) -> s.Event:
        event = await self.load_hosted(actor, event_id, for_update=True)
        _check_published(event)
        changes = fields_set(data)
        moved = "starts_at" in changes or "ends_at" in changes
        if moved:
            check_times(
                changes.get("starts_at", event.starts_at),
                changes.get("ends_at", event.ends_at),
                longest=MAX_DURATION,
                what="event",
            )
        if changes.get("capacity", event.capacity) < event.tickets_sold:
            raise InvalidInput(
                Message("errors_events.capacity_below_sold", sold=event.tickets_sold),
                field="capacity",
            )
        await self.apply_edit(actor, event, changes)
        if "capacity" in changes:
            await self.services.event_waitlist.offer_freed(event)
        if moved:
            await self.tell_ticket_holders(
                event,
                "event_changed",
                Message("notify.time_changed", title=event.title),
                Message("notify.event_moved_body"),
            )
        return await self.detail(actor, event)

    async def cancel(self, actor: m.User, event_id: UUID) -> s.Event:
        """Cancel for good: reservations end, paid orders are refunded, every ticket is void, and
        everyone with a ticket, a place in the waitlist or a request hears about it."""
        event = await self.load_hosted(actor, event_id, for_update=True)
        _check_published(event)
        if event.ends_at <= utcnow():
            raise Conflict(Message("errors_events.already_ended"))
        event.status = m.EventStatus.CANCELLED
        event.cancelled_at = utcnow()
        buyers = await self.services.orders.cancel_all(actor, event)
        waiting = await self.services.event_waitlist.clear(event)
        requesters = await self.services.event_requests.live_requesters(event)
        title = Message("notify.cancelled", title=event.title)
        body = Message("notify.event_cancelled_body")
        link = f"/e/{event.slug}"
        await self.services.notifications.notify(
            buyers, kind="event_cancelled", title=title, body=body, link=link
        )
        await self.services.notifications.notify(
            [person for person in [*waiting, *requesters] if person not in buyers],
            kind="event_cancelled",
            title=title,
            body=body,
            link=link,
        )
        return await self.detail(actor, event)

    async def set_cover(self, actor: m.User, event_id: UUID, picture: bytes) -> s.Event:
        """Store the picture re-encoded (its content checked, EXIF dropped) under a new key."""
        event = await self.load_hosted(actor, event_id)
        if len(picture) > COVER_MAX_BYTES:
            raise InvalidInput(Message("errors_events.picture_too_big"), field="file")
        await self.services.commit()  # no transaction open while the picture is made and stored
        body = await asyncio.to_thread(bounded_webp, picture, COVER_WIDTH)
        key = f"events/{event.id}/{uuid.uuid4().hex[:12]}/cover.webp"
        await self.services.runtime.storage.put(key, body, OUTPUT_CONTENT_TYPE)
        self._forget_cover(event)
        event.cover_key = key
        return await self.detail(actor, event)

    async def remove_cover(self, actor: m.User, event_id: UUID) -> s.Event:
        event = await self.load_hosted(actor, event_id)
        self._forget_cover(event)
        event.cover_key = None
        return await self.detail(actor, event)

    def _forget_cover(self, event: m.Event) -> None:
        """Delete an uploaded cover once the change is committed (seeded covers are shared)."""
        if event.cover_key and event.cover_key.startswith(f"events/{event.id}/"):
            self.services.jobs.add("delete_files", keys=[event.cover_key])

    async def tell_member(
        self, event: m.Event, member_id: UUID, *, kind: str, news: EventNews, about: UUID | None = None
    ) -> None:
        """Tell one member `news` about `event`, linking to its page. `about` (the order, payment or
        waitlist entry the news is for) makes a second call, such as a job run twice, add nothing."""
        await self.services.notifications.notify(
            [member_id],
            kind=kind,
            title=Message(f"notify.{news}", title=event.title),
            body=Message(f"notify.{news}_body"),
            link=f"/e/{event.slug}",
            dedupe_key=f"{kind}:{about}" if about else None,
        )

    async def tell_ticket_holders(self, event: m.Event, kind: str, title: Message, body: Message) -> None:
        await self.services.notifications.notify(
            await self.services.orders.buyers(event),
            kind=kind,
            title=title,
            body=body,
            link=f"/e/{event.slug}",
        )

    # Output --------------------------------------------------------------------------------

    def to_schema(
        self,
        event: m.Event,
        host: m.User,
        tiers: list[s.Tier],
        *,
        distance_km: float | None = None,
        circle_ids: list[UUID] | None = None,
        my_request: MyRequest | None = None,
        my_waitlist: s.MyWaitlistEntry | None = None,
    ) -> s.Event:
        return from_row(
            s.Event,
            event,
            cover_url=media_url(event.cover_key),
            tickets_left=_tickets_left(event, tiers),
            price_from_pkr=min((tier.price_pkr for tier in tiers), default=None),
            host=person_summary(host),
            share_url=f"{self.settings.public_url}/e/{event.slug}",
            tiers=tiers,
            circle_ids=circle_ids or [],
            distance_km=round(distance_km, 2) if distance_km is not None else None,
            my_request=my_request,
            my_waitlist=my_waitlist,
        )


def _check_published(event: m.Event) -> None:
    if event.status != m.EventStatus.PUBLISHED:
        raise Conflict(Message("errors_events.no_longer_changed", status=words.status(event.status)))


def _tickets_left(event: m.Event, tiers: list[s.Tier]) -> int:
    """What is left to buy: the event's own limit and every tier's (waitlist offers hold some back)."""
    return min(event.capacity - event.tickets_sold, sum(tier.available for tier in tiers))

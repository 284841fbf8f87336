"""HTTP adapter for events: hosting, tiers, orders and tickets, the waitlist, requests, the door."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.domain.events.services import COVER_MAX_BYTES
from scene_api.domain.joins import schemas as js
from scene_api.lib.pagination import Page
from scene_api.services import Services

MULTIPART_OVERHEAD = 64 * 1024


class EventController(Controller):
    path = "/api/v1/events"
    tags = ["events"]

    @get("/", summary="Discover upcoming events")
    async def list_events(
        self,
        services: Services,
        maybe_actor: m.User | None,
        starts_after: datetime | None = None,
        starts_before: datetime | None = None,
        city: str | None = None,
        lat: float | None = None,
        lng: float | None = None,
        radius_km: float | None = None,
        q: str | None = None,
        featured: bool = False,
        hosted_by_me: bool = False,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Event]:
        filters = s.EventFilters(
            starts_after=starts_after,
            starts_before=starts_before,
            city=city,
            lat=lat,
            lng=lng,
            radius_km=radius_km,
            q=q,
            featured=featured,
            hosted_by_me=hosted_by_me,
        )
        return await services.events.discover(maybe_actor, filters, limit=limit, cursor=cursor)

    @post("/", summary="Host an event (tiers may come with it)")
    async def create_event(self, services: Services, actor: m.User, data: s.EventCreate) -> s.Event:
        return await services.events.create(actor, data)

    @get("/{event_id:uuid}", summary="One event")
    async def get_event(self, services: Services, maybe_actor: m.User | None, event_id: UUID) -> s.Event:
        return await services.events.get(maybe_actor, event_id)

    @get("/by-slug/{slug:str}", summary="One event by its share slug")
    async def get_by_slug(self, services: Services, maybe_actor: m.User | None, slug: str) -> s.Event:
        return await services.events.get_by_slug(maybe_actor, slug)

    @patch("/{event_id:uuid}", summary="Edit an event you host")
    async def update_event(
        self, services: Services, actor: m.User, event_id: UUID, data: s.EventUpdate
    ) -> s.Event:
        return await services.events.update(actor, event_id, data)

    @post("/{event_id:uuid}/cancel", status_code=HTTP_200_OK, summary="Cancel an event you host (refunds)")
    async def cancel_event(self, services: Services, actor: m.User, event_id: UUID) -> s.Event:
        return await services.events.cancel(actor, event_id)

    @put(
        "/{event_id:uuid}/cover",
        status_code=HTTP_200_OK,
        summary="Upload the cover picture (JPEG, PNG or WebP, up to 5 MB)",
        request_max_body_size=COVER_MAX_BYTES + MULTIPART_OVERHEAD,
    )
    async def upload_cover(
        self,
        services: Services,
        actor: m.User,
        event_id: UUID,
        data: Annotated[s.CoverUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> s.Event:
        return await services.events.set_cover(actor, event_id, await data.file.read())

    @delete("/{event_id:uuid}/cover", status_code=HTTP_200_OK, summary="Remove the cover picture")
    async def remove_cover(self, services: Services, actor: m.User, event_id: UUID) -> s.Event:
        return await services.events.remove_cover(actor, event_id)

    # Tiers

    @post("/{event_id:uuid}/tiers", summary="Host: add a ticket tier")
    async def create_tier(
        self, services: Services, actor: m.User, event_id: UUID, data: s.TierCreate
    ) -> s.Tier:
        return await services.ticket_tiers.create(actor, event_id, data)

    @patch("/{event_id:uuid}/tiers/{tier_id:uuid}", summary="Host: change a ticket tier")
    async def update_tier(
        self, services: Services, actor: m.User, event_id: UUID, tier_id: UUID, data: s.TierUpdate
    ) -> s.Tier:
        return await services.ticket_tiers.update(actor, event_id, tier_id, data)

    @delete(
        "/{event_id:uuid}/tiers/{tier_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Host: delete a tier nobody ordered",
    )
    async def delete_tier(self, services: Services, actor: m.User, event_id: UUID, tier_id: UUID) -> None:
        await services.ticket_tiers.delete(actor, event_id, tier_id)

    # Buying

    @post("/{event_id:uuid}/orders", summary="Reserve tickets (free ones are issued at once)")
    async def reserve(
        self, services: Services, actor: m.User, event_id: UUID, data: s.OrderCreate
    ) -> s.Order:
        return await services.orders.reserve(actor, event_id, data)

    @post("/{event_id:uuid}/waitlist", summary="Join the waitlist of a sold-out event")
    async def join_waitlist(
        self, services: Services, actor: m.User, event_id: UUID, data: s.WaitlistJoin
    ) -> s.MyWaitlistEntry:
        return await services.event_waitlist.join(actor, event_id, data)

    @delete("/{event_id:uuid}/waitlist", status_code=HTTP_204_NO_CONTENT, summary="Leave the waitlist")
    async def leave_waitlist(self, services: Services, actor: m.User, event_id: UUID) -> None:
        await services.event_waitlist.leave(actor, event_id)

    @post("/{event_id:uuid}/requests", summary="Ask to join an event the host approves")
    async def request_to_join(
        self, services: Services, actor: m.User, event_id: UUID, data: js.JoinRequestCreate
    ) -> js.JoinRequest:
        return await services.event_requests.request(actor, event_id, data)

    @get("/{event_id:uuid}/requests", summary="Host: the requests for an event")
    async def list_requests(
        self, services: Services, actor: m.User, event_id: UUID, status: m.JoinRequestStatus | None = None
    ) -> list[js.JoinRequest]:
        return await services.event_requests.requests_for(actor, event_id, status)

    # The door

    @post("/{event_id:uuid}/staff", summary="Host: add a member (by handle) to work the door")
    async def add_staff(
        self, services: Services, actor: m.User, event_id: UUID, data: s.StaffAdd
    ) -> s.StaffMember:
        return await services.event_staff.add(actor, event_id, data)

    @get("/{event_id:uuid}/staff", summary="Host: who works the door")
    async def list_staff(self, services: Services, actor: m.User, event_id: UUID) -> list[s.StaffMember]:
        return await services.event_staff.members(actor, event_id)

    @delete(
        "/{event_id:uuid}/staff/{user_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Host: take a member off the door",
    )
    async def remove_staff(self, services: Services, actor: m.User, event_id: UUID, user_id: UUID) -> None:
        await services.event_staff.remove(actor, event_id, user_id)

    @post("/{event_id:uuid}/checkin", status_code=HTTP_200_OK, summary="Host or staff: check a ticket in")
    async def check_in(
        self, services: Services, actor: m.User, event_id: UUID, data: s.CheckinInput
    ) -> s.CheckinResult:
        return await services.checkin.check_in(actor, event_id, data)

    @get("/{event_id:uuid}/checkin/stats", summary="Host or staff: how many are in")
    async def checkin_stats(self, services: Services, actor: m.User, event_id: UUID) -> s.CheckinStats:
        return await services.checkin.stats(actor, event_id)

    @get("/{event_id:uuid}/attendees", summary="Host: everyone with a ticket")
    async def attendees(
        self,
        services: Services,
        actor: m.User,
        event_id: UUID,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Attendee]:
        return await services.checkin.attendees(actor, event_id, limit=limit, cursor=cursor)

    @get("/{event_id:uuid}/attendees.csv", summary="Host: the attendee list as CSV")
    async def attendees_csv(self, services: Services, actor: m.User, event_id: UUID) -> Response[str]:
        export = await services.checkin.attendees_csv(actor, event_id)
        return Response(
            export.text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
        )


class OrderController(Controller):
    path = "/api/v1/orders"
    tags = ["events"]

    @get("/", summary="My orders and tickets, newest first")
    async def my_orders(
        self, services: Services, actor: m.User, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Order]:
        return await services.orders.list_mine(actor, limit=limit, cursor=cursor)

    @get("/{order_id:uuid}", summary="One of my orders, with its tickets")
    async def get_order(self, services: Services, actor: m.User, order_id: UUID) -> s.Order:
        return await services.orders.get(actor, order_id)

    @post("/{order_id:uuid}/cancel", status_code=HTTP_200_OK, summary="Let a reservation go")
    async def cancel_order(self, services: Services, actor: m.User, order_id: UUID) -> s.Order:
        return await services.orders.cancel(actor, order_id)

    @post("/{order_id:uuid}/mark-paid", status_code=HTTP_200_OK, summary="Host: paid at the venue")
    async def mark_paid(self, services: Services, actor: m.User, order_id: UUID) -> s.Order:
        return await services.orders.mark_paid(actor, order_id)


class PublicEventController(Controller):
    path = "/api/v1/public/events"
    tags = ["public"]

    @get("/{slug:str}", summary="What a share link shows to anyone")
    async def public_event(self, services: Services, slug: str) -> s.PublicEvent:
        return await services.events.get_public(slug)

"""HTTP adapter for activities, joining them, the host inbox and share pages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.bookings import schemas as bs
from scene_api.domain.joins import schemas as joins_s
from scene_api.lib.pagination import Page
from scene_api.services import Services


class ActivityController(Controller):
    path = "/api/v1/activities"
    tags = ["activities"]

    @get("/", summary="Discover upcoming activities")
    async def list_activities(
        self,
        services: Services,
        maybe_actor: m.User | None,
        type: m.ActivityType | None = None,  # the query parameter is `type`, as the API conventions say
        starts_after: datetime | None = None,
        starts_before: datetime | None = None,
        time_of_day: s.TimeOfDay | None = None,
        lat: float | None = None,
        lng: float | None = None,
        radius_km: float | None = None,
        city: str | None = None,
        my_circles: bool = False,
        skill: int | None = None,
        q: str | None = None,
        has_spots: bool = False,
        hosted_by_me: bool = False,
        host_id: UUID | None = None,
        sort: s.SortOrder = s.SortOrder.SOONEST,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Activity]:
        filters = s.ActivityFilters(
            type=type,
            starts_after=starts_after,
            starts_before=starts_before,
            time_of_day=time_of_day,
            lat=lat,
            lng=lng,
            radius_km=radius_km,
            city=city,
            my_circles=my_circles,
            skill=skill,
            q=q,
            has_spots=has_spots,
            hosted_by_me=hosted_by_me,
            host_id=host_id,
            sort=sort,
        )
        return await services.activities.discover(maybe_actor, filters, limit=limit, cursor=cursor)

    @post("/", summary="Host an activity")
    async def create_activity(self, services: Services, actor: m.User, data: s.ActivityCreate) -> s.Activity:
        return await services.activities.create(actor, data)

    @get("/{activity_id:uuid}", summary="One activity")
    async def get_activity(
        self, services: Services, maybe_actor: m.User | None, activity_id: UUID
    ) -> s.Activity:
        return await services.activities.get(maybe_actor, activity_id)

    @get("/by-slug/{slug:str}", summary="One activity by its share slug")
    async def get_by_slug(self, services: Services, maybe_actor: m.User | None, slug: str) -> s.Activity:
        return await services.activities.get_by_slug(maybe_actor, slug)

    @patch("/{activity_id:uuid}", summary="Edit an activity you host")
    async def update_activity(
        self, services: Services, actor: m.User, activity_id: UUID, data: s.ActivityUpdate
    ) -> s.Activity:
        return await services.activities.update(actor, activity_id, data)

    @post("/{activity_id:uuid}/cancel", status_code=HTTP_200_OK, summary="Cancel an activity you host")
    async def cancel_activity(self, services: Services, actor: m.User, activity_id: UUID) -> s.Activity:
        return await services.activities.cancel(actor, activity_id)

    @get("/{activity_id:uuid}/participants", summary="Who is in")
    async def participants(self, services: Services, actor: m.User, activity_id: UUID) -> list[s.Participant]:
        return await services.joins.participants(actor, activity_id)

    @post(
        "/{activity_id:uuid}/requests", summary="Ask to join (approved at once when the host auto-approves)"
    )
    async def request_to_join(
        self, services: Services, actor: m.User, activity_id: UUID, data: joins_s.JoinRequestCreate
    ) -> joins_s.JoinRequest:
        return await services.joins.request(actor, activity_id, data)

    @get("/{activity_id:uuid}/requests", summary="Host: the requests for an activity")
    async def list_requests(
        self, services: Services, actor: m.User, activity_id: UUID, status: m.JoinRequestStatus | None = None
    ) -> list[joins_s.JoinRequest]:
        return await services.joins.requests_for(actor, activity_id, status)


class ActivityCourtController(Controller):
    """Match + court: the host holds a court of the activity's venue while the activity fills."""

    path = "/api/v1/activities/{activity_id:uuid}/court"
    tags = ["activities"]

    @post(
        "/",
        summary="Host: hold a court for the activity until its under-fill cut-off (or its start); "
        "confirm it with the booking's pay-at-venue or an online payment (purpose booking)",
    )
    async def hold_court(
        self, services: Services, actor: m.User, activity_id: UUID, data: bs.BookingCreate
    ) -> bs.Booking:
        return await services.activity_courts.hold(actor, activity_id, data)

    @get("/", summary="Host: the court the activity holds")
    async def get_court(self, services: Services, actor: m.User, activity_id: UUID) -> bs.Booking:
        return await services.activity_courts.get(actor, activity_id)

    @post("/release", status_code=HTTP_200_OK, summary="Host: let the court go (the booking's cancel policy)")
    async def release_court(self, services: Services, actor: m.User, activity_id: UUID) -> bs.Booking:
        return await services.activity_courts.release(actor, activity_id)


class ActivityShareController(Controller):
    """Split payment: each approved participant pays their share of the activity's cost."""

    path = "/api/v1/activities/{activity_id:uuid}"
    tags = ["activities"]

    @get("/payments", summary="Host: who of the participants has paid (online, at the venue, not yet)")
    async def payments(self, services: Services, actor: m.User, activity_id: UUID) -> s.ActivityPayments:
        return await services.shares.overview(actor, activity_id)

    @get("/my-share", summary="Participant: my share of the cost (pay it online with purpose share)")
    async def my_share(self, services: Services, actor: m.User, activity_id: UUID) -> s.MyShare:
        return await services.shares.mine(actor, activity_id)

    @post("/my-share/pay-at-venue", status_code=HTTP_200_OK, summary="Participant: I'll pay at the venue")
    async def pay_at_venue(self, services: Services, actor: m.User, activity_id: UUID) -> s.MyShare:
        return await services.shares.pay_at_venue(actor, activity_id)


class JoinRequestController(Controller):
    path = "/api/v1/requests"
    tags = ["activities"]

    @post("/{request_id:uuid}/withdraw", status_code=HTTP_200_OK, summary="Withdraw my request or leave")
    async def withdraw(self, services: Services, actor: m.User, request_id: UUID) -> joins_s.JoinRequest:
        return await services.joins.withdraw(actor, request_id)

    @get(
        "/{request_id:uuid}/share",
        summary="My share of the activity's cost, by my request (a share payment's target)",
    )
    async def share(self, services: Services, actor: m.User, request_id: UUID) -> s.MyShare:
        return await services.shares.of_request(actor, request_id)

    @post("/{request_id:uuid}/decision", status_code=HTTP_200_OK, summary="Host: approve or reject")
    async def decide(
        self, services: Services, actor: m.User, request_id: UUID, data: joins_s.JoinDecision
    ) -> joins_s.JoinRequest:
        return await services.joins.decide(actor, request_id, data.decision)


class InboxController(Controller):
    path = "/api/v1/inbox"
    tags = ["activities"]

    @get("/", summary="Host inbox: pending requests across the activities and events I host")
    async def inbox(
        self, services: Services, actor: m.User, limit: int | None = None, cursor: str | None = None
    ) -> joins_s.Inbox:
        return await services.inbox.pending(actor, limit=limit, cursor=cursor)

    @post("/decisions", status_code=HTTP_200_OK, summary="Host: decide several requests at once")
    async def decide_many(
        self, services: Services, actor: m.User, data: joins_s.BatchDecision
    ) -> list[joins_s.BatchOutcome]:
        return await services.joins.decide_many(actor, data.request_ids, data.decision)


class PublicActivityController(Controller):
    path = "/api/v1/public/activities"
    tags = ["public"]

    @get("/{slug:str}", summary="What a share link shows to anyone")
    async def public_activity(self, services: Services, slug: str) -> s.PublicActivity:
        return await services.activities.get_public(slug)

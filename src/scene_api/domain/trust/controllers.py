"""HTTP adapter for vouches and circles."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from scene_api.db import models as m
from scene_api.domain.trust import schemas as s
from scene_api.lib.pagination import Page
from scene_api.services import Services


class VouchController(Controller):
    path = "/api/v1"
    tags = ["vouches"]

    @post("/vouches", summary="Vouch for a member")
    async def vouch(self, services: Services, actor: m.User, data: s.VouchCreate) -> s.Vouch:
        return await services.vouches.create(actor, data)

    @delete("/vouches/{vouch_id:uuid}", summary="Take back a vouch I gave")
    async def revoke(self, services: Services, actor: m.User, vouch_id: UUID) -> None:
        await services.vouches.revoke(actor, vouch_id)

    @get("/users/{user_id:uuid}/vouches", summary="Vouches a member received or gave")
    async def list_vouches(
        self,
        services: Services,
        actor: m.User,
        user_id: UUID,
        direction: s.VouchDirection = s.VouchDirection.RECEIVED,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Vouch]:
        return await services.vouches.list_for(actor, user_id, direction, limit=limit, cursor=cursor)


class CircleController(Controller):
    path = "/api/v1/circles"
    tags = ["circles"]

    @get("/", summary="Circles I am in")
    async def my_circles(
        self,
        services: Services,
        actor: m.User,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Circle]:
        return await services.circles.list_mine(actor, limit=limit, cursor=cursor)

    @post("/", summary="Start a circle (I become its owner)")
    async def create_circle(self, services: Services, actor: m.User, data: s.CircleCreate) -> s.CircleDetail:
        return await services.circles.create(actor, data)

    @get("/{circle_id:uuid}", summary="A circle with its members")
    async def get_circle(self, services: Services, actor: m.User, circle_id: UUID) -> s.CircleDetail:
        return await services.circles.get(actor, circle_id)

    @patch("/{circle_id:uuid}", summary="Owner: edit the circle")
    async def update_circle(
        self, services: Services, actor: m.User, circle_id: UUID, data: s.CircleUpdate
    ) -> s.CircleDetail:
        return await services.circles.update(actor, circle_id, data)

    @delete("/{circle_id:uuid}", summary="Owner: delete the circle")
    async def delete_circle(self, services: Services, actor: m.User, circle_id: UUID) -> None:
        await services.circles.delete(actor, circle_id)

    @post("/{circle_id:uuid}/members", summary="Owner or admin: add a member")
    async def add_member(
        self, services: Services, actor: m.User, circle_id: UUID, data: s.CircleMemberAdd
    ) -> s.CircleDetail:
        return await services.circles.add_member(actor, circle_id, data)

    @delete("/{circle_id:uuid}/members/{user_id:uuid}", summary="Owner or admin: remove a member")
    async def remove_member(self, services: Services, actor: m.User, circle_id: UUID, user_id: UUID) -> None:
        await services.circles.remove_member(actor, circle_id, user_id)

    @post(
        "/{circle_id:uuid}/leave", status_code=HTTP_204_NO_CONTENT, summary="Leave a circle (not its owner)"
    )
    async def leave(self, services: Services, actor: m.User, circle_id: UUID) -> None:
        await services.circles.leave(actor, circle_id)

"""HTTP adapter for member profiles, blocks and reports."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.users import schemas as s
from scene_api.domain.users.services import AVATAR_MAX_BYTES
from scene_api.lib.pagination import Page
from scene_api.services import Services

MULTIPART_OVERHEAD = 64 * 1024


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get("/", summary="Find members by name or handle")
    async def list_members(
        self,
        services: Services,
        actor: m.User,
        q: str | None = Parameter(default=None, max_length=80, description="Part of a name or handle"),
        city: m.City | None = None,
        interest: m.ActivityType | None = None,
        open_to_join: bool = Parameter(default=False, description="Only members up for joining games"),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Member]:
        return await services.users.search(
            actor,
            text=q,
            city=city,
            interest=interest,
            open_to_join=open_to_join,
            limit=limit,
            cursor=cursor,
        )

    @get("/{user_id:uuid}", summary="A member's profile")
    async def get_profile(self, services: Services, actor: m.User, user_id: UUID) -> s.Profile:
        return await services.users.profile(actor, user_id)

    @get("/by-handle/{handle:str}", summary="A member's profile by handle")
    async def get_profile_by_handle(self, services: Services, actor: m.User, handle: str) -> s.Profile:
        return await services.users.profile_by_handle(actor, handle)


class MyProfileController(Controller):
    path = "/api/v1/me"
    tags = ["users"]

    @get("/profile", summary="My profile, private fields included")
    async def my_profile(self, services: Services, actor: m.User) -> s.Profile:
        return await services.users.profile(actor, actor.id)

    @patch("/profile", summary="Change my profile (only the fields listed)")
    async def update_profile(self, services: Services, actor: m.User, data: s.ProfileUpdate) -> s.Profile:
        return await services.users.update_profile(actor, data)

    @put(
        "/avatar",
        status_code=HTTP_200_OK,
        summary="Upload my picture (JPEG, PNG or WebP, up to 5 MB)",
        request_max_body_size=AVATAR_MAX_BYTES + MULTIPART_OVERHEAD,
    )
    async def upload_avatar(
        self,
        services: Services,
        actor: m.User,
        data: Annotated[s.AvatarUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> s.Profile:
        return await services.users.set_avatar(actor, await data.file.read())

    @delete("/avatar", status_code=HTTP_200_OK, summary="Remove my picture")
    async def remove_avatar(self, services: Services, actor: m.User) -> s.Profile:
        return await services.users.remove_avatar(actor)


class BlockController(Controller):
    path = "/api/v1/blocks"
    tags = ["safety"]

    @get("/", summary="Members I blocked")
    async def list_blocks(
        self,
        services: Services,
        actor: m.User,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[s.Block]:
        return await services.safety.list_blocked(actor, limit=limit, cursor=cursor)

    @post("/", summary="Block a member: both of you stop seeing each other")
    async def block(self, services: Services, actor: m.User, data: s.BlockCreate) -> s.Block:
        return await services.safety.block(actor, data)

    @delete("/{user_id:uuid}", summary="Unblock a member")
    async def unblock(self, services: Services, actor: m.User, user_id: UUID) -> None:
        await services.safety.unblock(actor, user_id)


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["safety"]

    @post("/", summary="Report a member, activity or event to the Scene team")
    async def report(self, services: Services, actor: m.User, data: s.ReportCreate) -> s.Report:
        return await services.safety.report(actor, data)

"""HTTP adapter for sign-in, sessions and invites."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from scene_api.db import models as m
from scene_api.domain.auth import schemas as s
from scene_api.domain.auth.deps import client_ip
from scene_api.domain.auth.invites import ADMINS_GRANT
from scene_api.domain.auth.roles import ADMINS, RoleGuard
from scene_api.domain.auth.services import Principal
from scene_api.lib.errors import PermissionDenied
from scene_api.services import Services

DEVICE_COOKIE = "scene_device"
DEVICE_COOKIE_DAYS = 365


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/otp/request", status_code=HTTP_200_OK, summary="Send a sign-in code by SMS")
    async def request_otp(
        self,
        request: Request,  # type: ignore[type-arg]
        services: Services,
        data: s.OtpRequest,
    ) -> Response[s.OtpChallenge]:
        """Counts codes per device with the signed `scene_device` cookie, set here when missing or forged."""
        device = services.auth.device(request.cookies.get(DEVICE_COOKIE))
        challenge = await services.auth.request_otp(data, ip=client_ip(request), device=device.id)
        cookies = []
        if device.new_cookie is not None:
            cookies.append(
                Cookie(
                    key=DEVICE_COOKIE,
                    value=device.new_cookie,
                    max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
                    path="/api/v1/auth",
                    httponly=True,
                    secure=services.settings.public_url.startswith("https://"),
                    samesite="lax",
                )
            )
        return Response(challenge, cookies=cookies)

    @post(
        "/otp/verify",
        status_code=HTTP_200_OK,
        summary="Exchange the code for tokens (signs up with an invite)",
    )
    async def verify_otp(self, request: Request, services: Services, data: s.OtpVerify) -> s.Session:  # type: ignore[type-arg]
        return await services.auth.verify_otp(data, user_agent=request.headers.get("user-agent", ""))

    @post("/refresh", status_code=HTTP_200_OK, summary="Rotate the refresh token, get a new access token")
    async def refresh(self, request: Request, services: Services, data: s.RefreshRequest) -> s.Session:  # type: ignore[type-arg]
        return await services.auth.refresh(data, user_agent=request.headers.get("user-agent", ""))

    @post("/logout", status_code=HTTP_204_NO_CONTENT, summary="End this sign-in")
    async def logout(self, services: Services, principal: Principal) -> None:
        await services.auth.logout(principal)

    @post("/logout-all", status_code=HTTP_200_OK, summary="End every sign-in of this account")
    async def logout_all(self, services: Services, principal: Principal) -> dict[str, int]:
        return {"revoked": await services.auth.logout_all(principal)}

    @get("/me", summary="The signed-in account")
    async def me(self, services: Services, actor: m.User) -> s.Account:
        return services.auth.account(actor)

    @get("/dev/outbox", summary="Development only: the last SMS sent to a number", include_in_schema=False)
    async def dev_outbox(self, services: Services, phone: str) -> list[s.SmsMessage]:
        return await services.auth.dev_outbox(phone)


GRANTS_INVITES = RoleGuard("admin", ADMINS, lambda: PermissionDenied(ADMINS_GRANT))


class InviteController(Controller):
    path = "/api/v1/invites"
    tags = ["invites"]

    @get("/", summary="My invites")
    async def list_invites(self, services: Services, actor: m.User) -> list[s.Invite]:
        return await services.invites.list_mine(actor)

    @get("/quota", summary="How many invites I have left")
    async def quota(self, services: Services, actor: m.User) -> s.InviteQuota:
        return await services.invites.quota(actor)

    @post("/", summary="Create an invite code with a share link")
    async def create_invite(self, services: Services, actor: m.User, data: s.InviteCreate) -> s.Invite:
        return await services.invites.create(actor, data)

    @post("/{invite_id:uuid}/revoke", status_code=HTTP_200_OK, summary="Revoke an unused invite")
    async def revoke_invite(self, services: Services, actor: m.User, invite_id: UUID) -> s.Invite:
        return await services.invites.revoke(actor, invite_id)

    @post(
        "/grant/{user_id:uuid}",
        status_code=HTTP_200_OK,
        guards=[GRANTS_INVITES],
        security=GRANTS_INVITES.security,
        summary="Admin: give a member more invites",
    )
    async def grant(
        self, services: Services, actor: m.User, user_id: UUID, data: s.InviteGrant
    ) -> s.InviteQuota:
        return await services.invites.grant(actor, user_id, data)

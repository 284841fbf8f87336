"""HTTP adapter for web push: the VAPID key for browsers, and a member's subscribed devices."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post

from scene_api.db import models as m
from scene_api.domain.messaging import push_schemas as s
from scene_api.services import Services


class PushController(Controller):
    path = "/api/v1"
    tags = ["push"]

    @get("/push/public-key", summary="The application server key browsers subscribe with")
    async def public_key(self, services: Services) -> s.PublicKey:
        return s.PublicKey(public_key=services.push_subscriptions.public_key())

    @post("/me/push-subscriptions", summary="Subscribe this browser (the PushSubscription JSON)")
    async def subscribe(
        self, services: Services, actor: m.User, request: Request[Any, Any, Any], data: s.BrowserSubscription
    ) -> s.PushDevice:
        return await services.push_subscriptions.subscribe(
            actor,
            endpoint=data.endpoint,
            p256dh=data.keys.p256dh,
            auth=data.keys.auth,
            user_agent=request.headers.get("user-agent", ""),
        )

    @get("/me/push-subscriptions", summary="My subscribed browsers, most recent first")
    async def list_mine(self, services: Services, actor: m.User) -> list[s.PushDevice]:
        return await services.push_subscriptions.list_mine(actor)

    @delete("/me/push-subscriptions", status_code=204, summary="Unsubscribe one browser by its endpoint")
    async def unsubscribe(self, services: Services, actor: m.User, endpoint: str) -> None:
        await services.push_subscriptions.unsubscribe(actor, endpoint)

"""HTTP adapters for messaging: providers' callbacks and a member's channel choices."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from litestar import Controller, Request, Response, get, post, put
from litestar.status_codes import HTTP_200_OK

from scene_api.db import models as m
from scene_api.domain.messaging import schemas as s
from scene_api.domain.messaging.channels.base import CallbackRequest
from scene_api.domain.messaging.channels.registry import callback_url
from scene_api.services import Services

FORM = "application/x-www-form-urlencoded"


async def callback_request(request: Request[Any, Any, Any], provider: str, settings: Any) -> CallbackRequest:
    """The provider's request as its adapter checks it. The URL is the one the provider was given
    (behind a proxy the request's own URL may differ in scheme or host, and signatures cover it)."""
    body = await request.body()
    query = request.url.query
    return CallbackRequest(
        method=request.method,
        url=f"{callback_url(settings, provider)}{'?' + query if query else ''}",
        headers={key.lower(): value for key, value in request.headers.items()},
        query=dict(parse_qsl(query, keep_blank_values=True)),
        form=dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        if request.headers.get("content-type", "").startswith(FORM)
        else {},
        body=body,
    )


class MessagingCallbackController(Controller):
    """What SMS gateways and WhatsApp send back: no sign-in, each request's signature is checked."""

    path = "/api/v1/messaging/callbacks"
    tags = ["messaging"]

    @get("/{provider:str}", summary="WhatsApp's webhook verification, or a report sent as a GET query")
    async def verify_or_report(
        self, services: Services, request: Request[Any, Any, Any], provider: str
    ) -> Response[str]:
        if "hub.mode" in request.query_params:
            challenge = services.messaging.handshake(provider, dict(request.query_params))
            return Response(challenge, media_type="text/plain")
        return await receive_report(services, request, provider)

    @post("/{provider:str}", status_code=HTTP_200_OK, summary="A delivery report or status webhook")
    async def report(
        self, services: Services, request: Request[Any, Any, Any], provider: str
    ) -> Response[str]:
        return await receive_report(services, request, provider)


async def receive_report(services: Services, request: Request[Any, Any, Any], provider: str) -> Response[str]:
    incoming = await callback_request(request, provider, services.settings)
    client = request.client.host if request.client else ""
    await services.messaging.receive_callback(provider, incoming, remote_addr=client)
    return Response("", media_type="text/plain")


class MessagePreferenceController(Controller):
    path = "/api/v1/me/message-preferences"
    tags = ["messaging"]

    @get("/", summary="Which channels carry which messages to me, my quiet hours and time zone")
    async def show(self, services: Services, actor: m.User) -> s.MessagePreferences:
        return await services.messaging.preferences(actor)

    @put("/", summary="Change my channels per kind of message, quiet hours or time zone")
    async def update(
        self, services: Services, actor: m.User, data: s.MessagePreferencesUpdate
    ) -> s.MessagePreferences:
        return await services.messaging.update_preferences(actor, data)

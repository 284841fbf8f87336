"""Which adapters this process uses, built from settings, each with its provider's pooled HTTP client;
and which channels can reach a member for a kind of message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import (
    CallbackRequest,
    Channel,
    OutgoingMessage,
    SendResult,
    StatusReport,
)
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.payments.providers.base import LOCAL_SANDBOX, api_url

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.domain.messaging.channels.webpush import WebPush
    from scene_api.domain.messaging.channels.whatsapp import WhatsAppCloud
    from scene_api.runtime import Runtime
    from scene_api.services import Services


class SmsGateway(Protocol):
    name: str

    async def send(self, to_e164: str, message: OutgoingMessage) -> SendResult: ...


class CallbackReader(Protocol):
    def read_callback(self, request: CallbackRequest) -> list[StatusReport]: ...


def provider_base_url(settings: Settings, configured: str, provider_path: str) -> str:
    """The provider's API root: as configured, or, for `dev-only-sandbox` (refused in production), the
    local sandbox's path for that provider."""
    if configured != LOCAL_SANDBOX:
        return configured.rstrip("/")
    sandbox = settings.messaging_sandbox_url or f"{api_url(settings)}/sandbox/messaging"
    return f"{sandbox.rstrip('/')}{provider_path}"


def callback_url(settings: Settings, provider: str) -> str:
    """Where a provider reports what became of a message (status callbacks, webhooks)."""
    return f"{api_url(settings)}/api/v1/messaging/callbacks/{provider}"


class ProviderClients:
    """One `ProviderHttp` per provider for the life of the process (closed with the runtime); the
    payment providers' clients live here too."""

    def __init__(self) -> None:
        self._clients: dict[str, ProviderHttp] = {}

    def for_provider(self, provider: str, **options: Any) -> ProviderHttp:
        """The provider's client; `options` (`ProviderHttp`'s keywords) apply when it is first made."""
        if provider not in self._clients:
            self._clients[provider] = ProviderHttp(provider, **options)
        return self._clients[provider]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


SMS_GATEWAYS = ("console", "twilio", "veevo")


def sms_gateways(runtime: Runtime) -> list[SmsGateway]:
    """The SMS gateways in the order they are tried (the next one when one is unavailable)."""
    from scene_api.domain.messaging.channels.console import ConsoleSms
    from scene_api.domain.messaging.channels.twilio import TwilioSms
    from scene_api.domain.messaging.channels.veevo import VeevoSms

    gateways: list[SmsGateway] = []
    for name in runtime.settings.sms_gateway_names:
        if name == "console":
            gateways.append(ConsoleSms(runtime))
        elif name == "twilio":
            gateways.append(TwilioSms(runtime.settings, runtime.providers.for_provider(name)))
        elif name == "veevo":
            gateways.append(VeevoSms(runtime.settings, runtime.providers.for_provider(name)))
    return gateways


def whatsapp(runtime: Runtime) -> WhatsAppCloud:
    from scene_api.domain.messaging.channels.whatsapp import WhatsAppCloud

    return WhatsAppCloud(runtime.settings, runtime.providers.for_provider("whatsapp"))


def web_push(runtime: Runtime) -> WebPush:
    from scene_api.domain.messaging.channels.webpush import WebPush

    return WebPush(runtime.settings, runtime.providers.for_provider("webpush"))


def callback_reader(runtime: Runtime, provider: str) -> CallbackReader | None:
    """The adapter that reads `provider`'s callbacks, if this process sends through it."""
    if provider == "whatsapp" and runtime.settings.whatsapp_backend == "cloud":
        return whatsapp(runtime)
    if provider in ("twilio", "veevo") and provider in runtime.settings.sms_gateway_names:
        readers = (gateway for gateway in sms_gateways(runtime) if gateway.name == provider)
        return next(readers)  # type: ignore[return-value]  # twilio and veevo read callbacks
    return None


async def reachable_channels(services: Services, user_id: UUID | None, kind: str) -> set[Channel]:
    """The channels that could carry `kind` to this member: SMS and WhatsApp when configured (and
    WhatsApp has a template for it), push when they have a subscribed device."""
    from scene_api.domain.messaging.channels.whatsapp import WhatsAppCloud

    settings = services.settings
    channels: set[Channel] = set()
    if settings.sms_gateway_names:
        channels.add(Channel.SMS)
    if settings.whatsapp_backend == "cloud" and WhatsAppCloud.supports(kind):
        channels.add(Channel.WHATSAPP)
    if user_id is not None:
        has_device = await services.session.scalar(
            sa.select(sa.exists().where(m.PushSubscription.user_id == user_id))
        )
        if has_device:
            channels.add(Channel.PUSH)
    return channels

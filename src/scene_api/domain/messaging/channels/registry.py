"""Which adapters this process uses, built once from settings, each with its own pooled HTTP client."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.payments.providers.base import LOCAL_SANDBOX, api_url

if TYPE_CHECKING:
    from scene_api.config import Settings


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
    """One `ProviderHttp` per provider for the life of the process (closed with the runtime)."""

    def __init__(self) -> None:
        self._clients: dict[str, ProviderHttp] = {}

    def for_provider(self, provider: str) -> ProviderHttp:
        if provider not in self._clients:
            self._clients[provider] = ProviderHttp(provider)
        return self._clients[provider]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

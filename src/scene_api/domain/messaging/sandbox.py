"""Serving the messaging sandboxes: Scene's settings become the accounts the fake providers accept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scene_api.config import Settings
from scene_api.domain.messaging.channels import veevo
from scene_api.domain.messaging.channels.registry import callback_url, provider_base_url
from scene_api.domain.payments.providers.base import LOCAL_SANDBOX
from scene_sandboxes.messaging.state import SandboxAccounts

if TYPE_CHECKING:
    from scene_api.runtime import Runtime


def sandbox_accounts(settings: Settings) -> SandboxAccounts:
    """The sandbox accepts exactly the credentials Scene is configured with, as a provider's console
    would after sign-up, and sends webhooks where Scene's dashboard settings would point them."""
    return SandboxAccounts(
        twilio_account_sid=settings.twilio_account_sid,
        twilio_auth_token=settings.twilio_auth_token,
        whatsapp_phone_number_id=settings.whatsapp_phone_number_id,
        whatsapp_access_token=settings.whatsapp_access_token,
        whatsapp_app_secret=settings.whatsapp_app_secret,
        whatsapp_webhook_url=callback_url(settings, "whatsapp"),
        veevo_api_key=settings.veevo_api_key,
        veevo_callback_url=veevo.report_url(settings),
        whatsapp_verify_token=settings.whatsapp_verify_token,
        whatsapp_link_base=settings.public_url,
    )


async def sandbox_handset(runtime: Runtime, phone_e164: str) -> list[dict[str, Any]]:
    """What reached `phone_e164` in the messaging sandbox (SMS and WhatsApp), oldest first: the
    development sign-in screen shows the code from here."""
    settings = runtime.settings
    base = provider_base_url(settings, LOCAL_SANDBOX, "")
    response = await runtime.providers.for_provider("sandbox").request(
        "GET", f"{base}/_control/handsets/{quote(phone_e164)}"
    )
    received = response.json() if response.status_code == 200 else []
    return received if isinstance(received, list) else []

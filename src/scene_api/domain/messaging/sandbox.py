"""Serving the messaging sandboxes: Scene's settings become the accounts the fake providers accept."""

from __future__ import annotations

from scene_api.config import Settings
from scene_api.domain.messaging.channels import veevo
from scene_api.domain.messaging.channels.registry import callback_url
from scene_sandboxes.messaging.state import SandboxAccounts


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

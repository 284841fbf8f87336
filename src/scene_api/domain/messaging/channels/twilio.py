"""Twilio Programmable Messaging over its REST API: sending an SMS and reading its status callbacks.

Sending is `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` (form fields, HTTP Basic auth
with the Account SID and Auth Token); Twilio answers the Message resource as JSON, or its error JSON
`{code, message, more_info, status}`. Status callbacks are form POSTs to the `StatusCallback` URL,
signed in `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, full URL + each POST parameter's name
and value, sorted by name)). See docs/messaging.md, "SMS: Twilio and a Pakistani gateway".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scene_api.domain.messaging.channels.base import (
    BadSignature,
    CallbackRequest,
    DeliveryStatus,
    OutgoingMessage,
    ProviderRejected,
    ProviderUnavailable,
    SendResult,
    StatusReport,
    json_object,
)
from scene_api.domain.messaging.channels.registry import callback_url, provider_base_url

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.domain.messaging.channels.http import ProviderHttp

log = logging.getLogger("scene.messaging.twilio")

SIGNATURE_HEADER = "x-twilio-signature"
MESSAGING_SERVICE_PREFIX = "MG"
"""A `twilio_from` starting with this is a Messaging Service SID, not a phone number."""

STATUSES: dict[str, DeliveryStatus] = {
    "accepted": DeliveryStatus.SENT,
    "scheduled": DeliveryStatus.SENT,
    "queued": DeliveryStatus.SENT,
    "sending": DeliveryStatus.SENT,
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "partially_delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "undelivered": DeliveryStatus.FAILED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.FAILED,
}
"""Twilio's outbound MessageStatus values. Twilio accepting the message (queued, accepted, sending)
is Scene's `sent`; inbound statuses (receiving, received) are not about a message Scene sent."""


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The `X-Twilio-Signature` Twilio computes for a request to `url` with POST `params`."""
    signed = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _signed_url_forms(url: str) -> Iterator[str]:
    """The URL without a port and with one (the default port when none is given): Twilio's own
    validators accept either, because Twilio may sign the URL with or without the port."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    default_port = 443 if parts.scheme == "https" else 80
    yield urlunsplit(parts._replace(netloc=host))
    yield urlunsplit(parts._replace(netloc=f"{host}:{parts.port or default_port}"))


def signature_is_valid(auth_token: str, url: str, params: Mapping[str, str], signature: str) -> bool:
    return bool(signature) and any(
        hmac.compare_digest(twilio_signature(auth_token, form, params), signature)
        for form in _signed_url_forms(url)
    )


def _cost(price: object) -> Decimal | None:
    """Twilio reports what it charged as a negative decimal string ("-0.00750"), or null until known."""
    if price in (None, ""):
        return None
    try:
        return abs(Decimal(str(price)))
    except InvalidOperation:
        return None


class TwilioSms:
    """Sends SMS through Twilio and reads Twilio's signed status callbacks."""

    name = "twilio"

    def __init__(self, settings: Settings, http: ProviderHttp) -> None:
        self.settings = settings
        self.http = http
        base = provider_base_url(settings, settings.twilio_base_url, "/twilio")
        self.messages_url = f"{base}/2010-04-01/Accounts/{settings.twilio_account_sid}/Messages.json"

    async def send(self, to_e164: str, message: OutgoingMessage) -> SendResult:
        sender = self.settings.twilio_from
        sender_field = "MessagingServiceSid" if sender.startswith(MESSAGING_SERVICE_PREFIX) else "From"
        form = {
            "To": to_e164,
            sender_field: sender,
            "Body": message.text,
            "StatusCallback": callback_url(self.settings, self.name),
        }
        response = await self.http.request(
            "POST",
            self.messages_url,
            data=form,
            auth=(self.settings.twilio_account_sid, self.settings.twilio_auth_token),
        )
        answer = json_object(response.content)
        if response.status_code >= 400:
            problem = str(answer.get("message") or f"answered {response.status_code}")
            raise ProviderRejected.answered(self.name, response, problem, code=answer.get("code"))
        if not answer.get("sid"):
            problem = f"answered {response.status_code} without a message sid"
            raise ProviderUnavailable.answered(self.name, response, problem)
        return SendResult(
            provider=self.name,
            provider_message_id=str(answer["sid"]),
            status=STATUSES.get(str(answer.get("status")), DeliveryStatus.SENT),
            cost=_cost(answer.get("price")),
            currency=answer.get("price_unit") or None,
            raw=answer,
        )

    def read_callback(self, request: CallbackRequest) -> list[StatusReport]:
        """The status a signed Twilio status callback reports. Raises `BadSignature` when the signature
        does not match the URL and parameters with this account's auth token."""
        params = dict(request.form)
        signature = request.header(SIGNATURE_HEADER)
        if not signature_is_valid(self.settings.twilio_auth_token, request.url, params, signature):
            raise BadSignature(f"{self.name}: X-Twilio-Signature does not match")
        status = STATUSES.get(params.get("MessageStatus", ""))
        message_id = params.get("MessageSid") or params.get("SmsSid")
        if status is None or not message_id:
            log.info("twilio callback without an outbound message status: %s", sorted(params))
            return []
        return [
            StatusReport(
                provider=self.name,
                provider_message_id=message_id,
                status=status,
                error_code=params.get("ErrorCode") or None,
                raw=params,
            )
        ]

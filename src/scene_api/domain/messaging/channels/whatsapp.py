"""WhatsApp Business Cloud API: template messages out, the signed status webhook in.

Sending is `POST {graph}/{phone-number-id}/messages` with the access token as a Bearer token and a
template message (docs/messaging.md, "WhatsApp Business Cloud API", names Meta's pages). Meta
answers a Graph error object on refusal; status changes (sent, delivered, read, failed) arrive on
the webhook Scene subscribed to, signed with the app secret in `X-Hub-Signature-256`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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
from scene_api.domain.messaging.channels.registry import provider_base_url
from scene_api.domain.messaging.channels.whatsapp_templates import TEMPLATE_FOR_KIND, Template

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.domain.messaging.channels.http import ProviderHttp

log = logging.getLogger("scene.messaging.whatsapp")

GRAPH_API_VERSION = "v21.0"
"""The Graph API version the local sandbox is reached under (a real base URL names its own)."""
SIGNATURE_HEADER = "x-hub-signature-256"
RATE_LIMIT_CODES = frozenset({130429, 131056})
"""Cloud API throughput and pair rate limits: the same message may go through later."""
STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}


def signature_for(app_secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta sends: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def template_parameter(value: str) -> str:
    """Meta refuses a parameter that is empty or holds a new line, a tab or more than four spaces in a
    row (error 132018), so text is laid out on one line and an empty field reads as a dash."""
    return " ".join(value.split()) or "-"


class WhatsAppCloud:
    name = "whatsapp"

    def __init__(self, settings: Settings, http: ProviderHttp) -> None:
        self.settings = settings
        self.http = http
        base = provider_base_url(settings, settings.whatsapp_base_url, f"/whatsapp/{GRAPH_API_VERSION}")
        self.messages_url = f"{base}/{settings.whatsapp_phone_number_id}/messages"

    @staticmethod
    def supports(kind: str) -> bool:
        """Whether a template is approved for `kind`; the router skips WhatsApp when not."""
        return kind in TEMPLATE_FOR_KIND

    async def send(self, to_e164: str, message: OutgoingMessage) -> SendResult:
        template = TEMPLATE_FOR_KIND.get(message.kind)
        if template is None:
            raise ProviderRejected(
                self.name, f"no approved template for {message.kind!r}", code="no_template"
            )
        response = await self.http.request(
            "POST",
            self.messages_url,
            headers={"Authorization": f"Bearer {self.settings.whatsapp_access_token}"},
            json={
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to_e164.removeprefix("+"),
                "type": "template",
                "template": {
                    "name": template.name,
                    "language": {"code": message.language},
                    "components": self._components(template, message),
                },
            },
        )
        answer = json_object(response.content)
        if response.status_code == 200:
            sent = answer.get("messages") or [{}]
            message_id = sent[0].get("id")
            if not message_id:
                raise ProviderUnavailable.answered(self.name, response, "answered 200 without a message id")
            return SendResult(provider=self.name, provider_message_id=message_id, raw=answer)
        error = answer.get("error") or {}
        code = error.get("code")
        details = (error.get("error_data") or {}).get("details", "")
        text = " ".join(part for part in (error.get("message", ""), details) if part) or response.text[:200]
        if response.status_code == 429 or code in RATE_LIMIT_CODES:
            raise ProviderUnavailable.answered(self.name, response, text, code=str(code))
        raise ProviderRejected.answered(self.name, response, text, code=code)

    def _components(self, template: Template, message: OutgoingMessage) -> list[dict[str, Any]]:
        body = [
            {"type": "text", "text": template_parameter(getattr(message, field))}
            for field in template.body_fields
        ]
        button = message.code if template.button == "code" else self._link_suffix(message.link)
        return [
            {"type": "body", "parameters": body},
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": button}],
            },
        ]

    def _link_suffix(self, link: str) -> str:
        """What follows `{public_url}/` in the approved button URL: the link's path and query (the link
        is the app's, absolute or a path). A message without a link opens the member's notifications,
        where every message is kept."""
        if not link:
            return "notifications"
        app = urlsplit(self.settings.public_url)
        target = urlsplit(link)
        if target.netloc and (target.scheme, target.netloc) != (app.scheme, app.netloc):
            raise ValueError(f"a WhatsApp button opens only {self.settings.public_url}, not {link}")
        return target.path.lstrip("/") + (f"?{target.query}" if target.query else "")

    def handshake(self, query: Mapping[str, str]) -> str:
        """Meta's subscription check (`GET` with hub.mode, hub.verify_token, hub.challenge): the
        challenge to echo when the token is ours."""
        token = query.get("hub.verify_token", "")
        challenge = query.get("hub.challenge", "")
        if not (
            query.get("hub.mode") == "subscribe"
            and challenge
            and hmac.compare_digest(token.encode(), self.settings.whatsapp_verify_token.encode())
        ):
            raise BadSignature("the WhatsApp verification request does not carry our verify token")
        return challenge

    def read_callback(self, request: CallbackRequest) -> list[StatusReport]:
        """The status reports in a webhook call, after checking its signature over the raw body."""
        sent_signature = request.header(SIGNATURE_HEADER)
        expected = signature_for(self.settings.whatsapp_app_secret, request.body)
        if not hmac.compare_digest(sent_signature.encode(), expected.encode()):
            raise BadSignature("X-Hub-Signature-256 does not match the body")
        payload = json_object(request.body)
        reports: list[StatusReport] = []
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                value = change.get("value") or {}
                number = (value.get("metadata") or {}).get("phone_number_id")
                if change.get("field") != "messages" or number != self.settings.whatsapp_phone_number_id:
                    continue
                reports.extend(
                    report for status in value.get("statuses") or [] if (report := self._report(status))
                )
        return reports

    def _report(self, status: dict[str, Any]) -> StatusReport | None:
        state = STATUSES.get(status.get("status", ""))
        message_id = status.get("id")
        if state is None or not message_id:
            return None  # e.g. `deleted` or `played`: nothing Scene tracks
        error = (status.get("errors") or [{}])[0]
        pricing = status.get("pricing") or {}
        timestamp = status.get("timestamp")
        return StatusReport(
            provider=self.name,
            provider_message_id=message_id,
            status=state,
            occurred_at=datetime.fromtimestamp(int(timestamp), UTC) if timestamp else None,
            error_code=str(error["code"]) if "code" in error else None,
            error_message=(error.get("error_data") or {}).get("details") or error.get("title", ""),
            raw={
                "recipient_id": status.get("recipient_id"),
                "pricing_category": pricing.get("category"),
                "pricing_model": pricing.get("pricing_model"),
                "billable": pricing.get("billable"),
            },
        )

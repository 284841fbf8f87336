"""Veevo Tech, a Pakistani bulk-SMS gateway: sending an SMS and reading its delivery reports.

What Veevo's published clients show (its own API page is not public): `POST {base}/v3/sendsms` with
JSON `{hash, receivernum, sendernum, textmessage}`, answered by JSON `{"STATUS": "SUCCESSFUL",
"MESSAGE_ID": ...}` or `{"STATUS": "ERROR", "ERROR_FILTER", "ERROR_CODE", "ERROR_DESCRIPTION"}`.

What is Scene's choice: Veevo documents no signed delivery reports, so the DLR URL Scene gives Veevo
(`report_url`) carries a per-account secret token that `read_callback` checks in constant time, and
the report's fields are the ones listed in `REPORT_FIELDS`. See docs/messaging.md.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

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

log = logging.getLogger("scene.messaging.veevo")

TOKEN_PARAMETER = "token"  # noqa: S105 (the query parameter's name, not a secret)
REPORT_FIELDS = ("MESSAGE_ID", "STATUS", "ERROR_CODE", "ERROR_DESCRIPTION", "DONE_DATE")
"""A delivery report as Scene asks Veevo to send it (GET query or POST form)."""

STATUSES: dict[str, DeliveryStatus] = {
    "SENT": DeliveryStatus.SENT,
    "DELIVERED": DeliveryStatus.DELIVERED,
    "UNDELIVERED": DeliveryStatus.FAILED,
    "FAILED": DeliveryStatus.FAILED,
    "EXPIRED": DeliveryStatus.FAILED,
    "REJECTED": DeliveryStatus.FAILED,
}


def report_url(settings: Settings) -> str:
    """The DLR URL to set in Veevo's portal: Scene's callback endpoint with the account's token."""
    token = urlencode({TOKEN_PARAMETER: settings.veevo_callback_secret})
    return f"{callback_url(settings, VeevoSms.name)}?{token}"


def _done_at(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


class VeevoSms:
    """Sends SMS through Veevo Tech and reads its token-checked delivery reports."""

    name = "veevo"

    def __init__(self, settings: Settings, http: ProviderHttp) -> None:
        self.settings = settings
        self.http = http
        self.send_url = f"{provider_base_url(settings, settings.veevo_base_url, '/veevo')}/v3/sendsms"

    async def send(self, to_e164: str, message: OutgoingMessage) -> SendResult:
        response = await self.http.request(
            "POST",
            self.send_url,
            json={
                "hash": self.settings.veevo_api_key,
                "receivernum": to_e164,
                "sendernum": self.settings.veevo_sender,
                "textmessage": message.text,
            },
        )
        answer = json_object(response.content)
        status = str(answer.get("STATUS", "")).upper()
        if status == "ERROR" or response.status_code >= 400:
            code = answer.get("ERROR_FILTER") or answer.get("ERROR_CODE") or None
            detail = answer.get("ERROR_DESCRIPTION") or f"answered {response.status_code}"
            problem = f"{detail} ({answer.get('ERROR_CODE')})" if answer.get("ERROR_CODE") else str(detail)
            raise ProviderRejected.answered(self.name, response, problem, code=code)
        if status != "SUCCESSFUL" or not answer.get("MESSAGE_ID"):
            problem = f"answered {response.status_code} without a message id"
            raise ProviderUnavailable.answered(self.name, response, problem)
        return SendResult(provider=self.name, provider_message_id=str(answer["MESSAGE_ID"]), raw=answer)

    def read_callback(self, request: CallbackRequest) -> list[StatusReport]:
        """The status a delivery report gives. Raises `BadSignature` when the DLR URL's token is not
        this account's secret."""
        token = request.query.get(TOKEN_PARAMETER, "")
        secret = self.settings.veevo_callback_secret
        if not secret or not hmac.compare_digest(token.encode(), secret.encode()):
            raise BadSignature(f"{self.name}: the delivery report's token is not this account's")
        params = {key: value for key, value in request.query.items() if key != TOKEN_PARAMETER}
        params.update(request.form)
        status = STATUSES.get(params.get("STATUS", "").upper())
        message_id = params.get("MESSAGE_ID")
        if status is None or not message_id:
            log.info("veevo report without a known status or message id: %s", sorted(params))
            return []
        return [
            StatusReport(
                provider=self.name,
                provider_message_id=message_id,
                status=status,
                occurred_at=_done_at(params.get("DONE_DATE", "")),
                error_code=params.get("ERROR_CODE") or None,
                error_message=params.get("ERROR_DESCRIPTION", ""),
                raw=params,
            )
        ]

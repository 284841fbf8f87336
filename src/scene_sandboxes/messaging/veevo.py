"""Veevo Tech's SMS API as its published clients use it (written without Scene's adapter).

`POST /v3/sendsms` with JSON `{hash, receivernum, sendernum, textmessage}` (published clients also
send the same fields as a GET query). Answers `{"STATUS": "SUCCESSFUL", "MESSAGE_ID", ...}` or
`{"STATUS": "ERROR", "ERROR_FILTER", "ERROR_CODE", "ERROR_DESCRIPTION"}` with HTTP 200, as the
published clients expect. Only `LOW_BALANCE` / `TAPI-149730721` is a value seen in published code;
the sandbox's other ERROR_FILTER names and its `SANDBOX-...` codes are its own.

Delivery reports are not documented by Veevo: the sandbox sends the shape Scene asks for (a form POST
of MESSAGE_ID, STATUS, ERROR_CODE, ERROR_DESCRIPTION, DONE_DATE) to the DLR URL configured for the
account, which carries Scene's secret token as the portal would store it.
"""

from __future__ import annotations

import hmac
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, route

from scene_sandboxes.messaging.sms import (
    Report,
    SmsSandboxControls,
    keep_sms,
    note_request,
    send_reports,
)
from scene_sandboxes.messaging.state import Fault, SandboxState

PROVIDER = "veevo"
PAKISTANI_MOBILE = re.compile(r"^(?:\+92|92|0)(3\d{9})$")
"""`receivernum` as published clients send it: +923001234567, 923001234567 or 03001234567."""
LOW_BALANCE_CODE = "TAPI-149730721"
FAILURE_CODES = {"failed": "SANDBOX-REJECTED", "undelivered": "SANDBOX-UNREACHABLE"}


def refusal(filter_name: str, description: str, code: str = "") -> dict[str, str]:
    return {
        "STATUS": "ERROR",
        "ERROR_FILTER": filter_name,
        "ERROR_CODE": code or f"SANDBOX-{filter_name}",
        "ERROR_DESCRIPTION": description,
    }


async def fields_of(request: Request[Any, Any, Any]) -> dict[str, str]:
    if request.method == "GET":
        return dict(request.query_params)
    try:
        body = await request.json()
    except ValueError:
        return {}
    return {key: str(value) for key, value in body.items()} if isinstance(body, dict) else {}


class VeevoSandbox(SmsSandboxControls):
    path = "/veevo"
    provider = PROVIDER

    @route("/v3/sendsms", http_method=["GET", "POST"], status_code=200)
    async def send_sms(
        self, request: Request[Any, Any, Any], sandbox: SandboxState
    ) -> Response[dict[str, Any]]:
        response = await self.answer(request, sandbox)
        note_request(sandbox, PROVIDER, request, response.status_code or 200)
        return response

    async def answer(
        self, request: Request[Any, Any, Any], sandbox: SandboxState
    ) -> Response[dict[str, Any]]:
        fields = await fields_of(request)
        if not hmac.compare_digest(fields.get("hash", "").encode(), sandbox.accounts.veevo_api_key.encode()):
            return Response(refusal("INVALID_HASH", "The API hash is not valid."))
        fault = await sandbox.planned_fault(PROVIDER)
        if fault and fault.status:
            filter_name = fault.error_code or "GATEWAY_ERROR"
            code = LOW_BALANCE_CODE if filter_name == "LOW_BALANCE" else ""
            return Response(
                refusal(filter_name, "The gateway could not take the message.", code),
                status_code=fault.status,
            )
        receiver = PAKISTANI_MOBILE.match(fields.get("receivernum", "").strip())
        if receiver is None:
            return Response(refusal("INVALID_RECEIVER", "receivernum is not a Pakistani mobile number."))
        if not fields.get("sendernum", "").strip():
            return Response(refusal("INVALID_SENDER", "sendernum is required."))
        if not fields.get("textmessage", "").strip():
            return Response(refusal("EMPTY_MESSAGE", "textmessage is required."))
        return Response(self.accept(sandbox, f"+92{receiver.group(1)}", fields, fault))

    def accept(
        self, sandbox: SandboxState, to: str, fields: dict[str, str], fault: Fault | None
    ) -> dict[str, Any]:
        message_id = uuid.uuid4().hex
        message = keep_sms(
            sandbox,
            fault,
            provider=PROVIDER,
            message_id=message_id,
            to=to,
            text=fields["textmessage"],
            sender=fields["sendernum"],
        )
        report_url = sandbox.accounts.veevo_callback_url
        if report_url:
            send_reports(
                sandbox,
                message,
                [self.report(report_url, message_id, status, fault) for status in message.statuses],
            )
        return {"STATUS": "SUCCESSFUL", "MESSAGE_ID": message_id}

    def report(self, url: str, message_id: str, status: str, fault: Fault | None) -> Report:
        form = {
            "MESSAGE_ID": message_id,
            "STATUS": status.upper(),
            "DONE_DATE": datetime.now(UTC).isoformat(),
        }
        if status in FAILURE_CODES:
            form["ERROR_CODE"] = (fault.error_code if fault else "") or FAILURE_CODES[status]
            form["ERROR_DESCRIPTION"] = "The handset could not be reached."
        return Report(url, form)

"""Twilio Programmable Messaging, as its documents describe it (written without Scene's adapter).

`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`: HTTP Basic auth (Account SID, Auth Token),
form fields To, From or MessagingServiceSid, Body, StatusCallback. Answers the Message resource (201)
or Twilio's error JSON `{code, message, more_info, status}`. The test-credential "magic numbers"
behave as Twilio documents them (+15005550001 as To is invalid, +15005550004 has opted out, ...).
Accepted messages reach the sandbox handset; status callbacks (sent, delivered, or the planned
failure) are form POSTs to StatusCallback, signed in X-Twilio-Signature with the auth token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from litestar import Request, Response, post

from scene_sandboxes.messaging.sms import (
    Report,
    SmsSandboxControls,
    keep_sms,
    note_request,
    send_reports,
)
from scene_sandboxes.messaging.state import Fault, SandboxState

PROVIDER = "twilio"
API_VERSION = "2010-04-01"
BODY_LIMIT = 1600
E164 = re.compile(r"^\+[1-9]\d{6,14}$")

MAGIC_TO_ERRORS = {
    "+15005550001": (21211, "The 'To' number +15005550001 is not a valid phone number."),
    "+15005550002": (21612, "The 'To' phone number is not currently reachable via SMS."),
    "+15005550003": (
        21408,
        "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.",
    ),
    "+15005550004": (21610, "Attempt to send to unsubscribed recipient"),
    "+15005550009": (21614, "'To' number is not a valid mobile number"),
}
MAGIC_FROM_ERRORS = {
    "+15005550001": (
        21212,
        "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID.",
    ),
    "+15005550007": (
        21606,
        "The 'From' phone number provided is not a valid message-capable Twilio phone number "
        "for this destination/account.",
    ),
    "+15005550008": (21611, "This 'From' number has exceeded the maximum number of queued messages."),
}
STATUS_ERRORS = {
    401: (20003, "Authenticate"),
    404: (20404, "The requested resource was not found"),
    429: (20429, "Too Many Requests"),
    500: (20500, "An internal server error has occurred"),
    503: (20503, "Service unavailable"),
}
DELIVERY_ERRORS = {"failed": "30008", "undelivered": "30003"}
"""The ErrorCode a failure callback carries unless the planned fault names one (30003: unreachable
destination handset; 30008: unknown error)."""

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def sign(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's request signature: HMAC-SHA1 keyed with the auth token over the URL followed by every
    POST parameter, in name order, as name then value; base64."""
    payload = url
    for name in sorted(params):
        payload += name + params[name]
    return base64.b64encode(hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def error(status: int, code: int, message: str) -> Response[dict[str, Any]]:
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return Response(body, status_code=status)


def segments(body: str) -> int:
    """How many SMS parts Twilio bills: GSM-7 fits 160 (153 when split), anything else 70 (67)."""
    single, part = (160, 153) if set(body) <= GSM7 else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // part)


def basic_auth(request: Request[Any, Any, Any]) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return user, password


def refusal(form: dict[str, str]) -> tuple[int, str] | None:
    """Twilio's error code and message for a create-message request it refuses, or None."""
    to, body = form.get("To", ""), form.get("Body", "")
    sender = form.get("From", "") or form.get("MessagingServiceSid", "")
    if not to:
        return 21604, "A 'To' phone number is required."
    if not sender:
        return 21603, "A 'From' phone number is required."
    if not body.strip():
        return 21602, "Message body is required."
    if not E164.match(to):
        return 21211, f"The 'To' number {to} is not a valid phone number."
    if to in MAGIC_TO_ERRORS:
        return MAGIC_TO_ERRORS[to]
    if form.get("From") in MAGIC_FROM_ERRORS:
        return MAGIC_FROM_ERRORS[form["From"]]
    if len(body) > BODY_LIMIT:
        return 21617, "The concatenated message body exceeds the 1600 character limit."
    callback = form.get("StatusCallback", "")
    if callback and not callback.startswith(("http://", "https://")):
        return 21609, "Invalid StatusCallback url"
    return None


class TwilioSandbox(SmsSandboxControls):
    path = "/twilio"
    provider = PROVIDER

    @post(f"/{API_VERSION}/Accounts/{{account_sid:str}}/Messages.json")
    async def create_message(
        self, request: Request[Any, Any, Any], sandbox: SandboxState, account_sid: str
    ) -> Response[dict[str, Any]]:
        response = await self.answer(request, sandbox, account_sid)
        note_request(sandbox, PROVIDER, request, response.status_code or 200)
        return response

    async def answer(
        self, request: Request[Any, Any, Any], sandbox: SandboxState, account_sid: str
    ) -> Response[dict[str, Any]]:
        accounts = sandbox.accounts
        form = {key: str(value) for key, value in (await request.form()).items()}
        user, password = basic_auth(request)
        if not (
            hmac.compare_digest(user.encode(), accounts.twilio_account_sid.encode())
            and hmac.compare_digest(password.encode(), accounts.twilio_auth_token.encode())
            and account_sid == user
        ):
            return error(401, 20003, "Authenticate")
        fault = await sandbox.planned_fault(PROVIDER)
        if fault and fault.status:
            code, message = STATUS_ERRORS.get(
                fault.status, (20500 if fault.status >= 500 else 20001, "Error")
            )
            return error(fault.status, int(fault.error_code or code), message)
        refused = refusal(form)
        if refused:
            return error(400, *refused)
        return Response(self.accept(sandbox, account_sid, form, fault), status_code=201)

    def accept(
        self, sandbox: SandboxState, account_sid: str, form: dict[str, str], fault: Fault | None
    ) -> dict[str, Any]:
        """Create the message: it reaches the handset and its status callbacks are sent."""
        sid = f"SM{uuid.uuid4().hex}"
        service = form.get("MessagingServiceSid") or None
        now = format_datetime(datetime.now(UTC), usegmt=True)
        resource = {
            "account_sid": account_sid,
            "api_version": API_VERSION,
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From") or None,
            "messaging_service_sid": service,
            "num_media": "0",
            "num_segments": str(segments(form["Body"])),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service else "queued",
            "subresource_uris": {"media": f"/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}/Media.json"},
            "to": form["To"],
            "uri": f"/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}.json",
        }
        message = keep_sms(
            sandbox,
            fault,
            provider=PROVIDER,
            message_id=sid,
            to=form["To"],
            text=form["Body"],
            sender=form.get("From") or service,
        )
        callback = form.get("StatusCallback", "")
        if callback:
            reports = [
                self.status_callback(sandbox, callback, form, sid, status=status, fault=fault)
                for status in message.statuses
            ]
            send_reports(sandbox, message, reports)
        return resource

    def status_callback(
        self,
        sandbox: SandboxState,
        url: str,
        form: dict[str, str],
        sid: str,
        *,
        status: str,
        fault: Fault | None,
    ) -> Report:
        params = {
            "AccountSid": sandbox.accounts.twilio_account_sid,
            "ApiVersion": API_VERSION,
            "From": form.get("From", ""),
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": form["To"],
        }
        if form.get("MessagingServiceSid"):
            params["MessagingServiceSid"] = form["MessagingServiceSid"]
        if status in DELIVERY_ERRORS:
            params["ErrorCode"] = (fault.error_code if fault else "") or DELIVERY_ERRORS[status]
        if status in ("delivered", "undelivered"):
            params["RawDlrDoneDate"] = datetime.now(UTC).strftime("%y%m%d%H%M")
        signature = sign(sandbox.accounts.twilio_auth_token, url, params)
        return Report(url, params, {"X-Twilio-Signature": signature})

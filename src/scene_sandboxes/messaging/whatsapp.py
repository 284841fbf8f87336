# ruff: noqa: E501, RUF001  (approved template wording reads whole; the Arabic full stop is the Urdu one)
"""A stand-in for the WhatsApp Business Cloud API, written from Meta's documents and examples.

`POST /whatsapp/{version}/{phone-number-id}/messages` checks the Bearer token and the phone number
id, then the template message against the templates this account has approved (its own copy, as
WhatsApp Manager holds them, written apart from Scene's adapter so the two can disagree), and answers
Meta's Graph error objects and codes when something does not fit. An accepted message reaches the
handset, then its statuses (sent, delivered, read; or a planned failure) are posted to the webhook
URL, signed the way Meta signs them. Nothing here imports Scene's adapter.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException

from scene_sandboxes.messaging.state import Fault, ReceivedMessage, SandboxAccounts, SandboxState

PROVIDER = "whatsapp"

ERROR_TITLES = {
    2: "Service temporarily unavailable",
    100: "Invalid parameter",
    190: "Invalid OAuth access token - Cannot parse access token",
    130429: "Rate limit hit",
    131000: "Something went wrong",
    131008: "Required parameter is missing",
    131026: "Message undeliverable",
    131047: "Re-engagement message",
    132000: "Number of parameters does not match the expected number of params",
    132001: "Template name does not exist in the translation",
    132018: "There was an issue with the parameters in your template.",
}
"""Meta's titles for the codes this sandbox answers (Meta puts the title in `message` as `(#code) title`)."""
STATUS_FOR_CODE = {2: 503, 190: 401, 130429: 429, 131000: 500, 132001: 404}
"""The HTTP status Meta's error-code table gives; every other code here is a 400."""
CODE_FOR_STATUS = {400: 100, 401: 190, 404: 132001, 429: 130429, 500: 131000, 503: 2}
"""The Graph error a planned fault of that HTTP status answers when it names no code."""


@dataclass(frozen=True)
class ApprovedButton:
    text: str
    url: str
    """The approved URL; `{{1}}` is the part each message fills in."""


@dataclass(frozen=True)
class ApprovedTemplate:
    category: str
    body: str
    button: ApprovedButton
    footer: str = ""

    @property
    def body_parameters(self) -> int:
        return len(set(re.findall(r"\{\{(\d+)\}\}", self.body)))


COPY_CODE_URL = "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}"
"""Meta stores an authentication template's copy-code button as a URL button with this URL."""


def approved_templates(link_base: str) -> dict[tuple[str, str], ApprovedTemplate]:
    """Scene's templates as WhatsApp Manager holds them after approval, by (name, language)."""
    link = f"{link_base.rstrip('/')}/{{{{1}}}}"
    open_en, open_ur = ApprovedButton("Open in Scene", link), ApprovedButton("Scene میں کھولیں", link)
    return {
        ("scene_sign_in_code", "en"): ApprovedTemplate(
            "AUTHENTICATION",
            "*{{1}}* is your verification code. For your security, do not share this code.",
            ApprovedButton("Copy code", COPY_CODE_URL),
            "This code expires in 5 minutes.",
        ),
        ("scene_sign_in_code", "ur"): ApprovedTemplate(
            "AUTHENTICATION",
            "*{{1}}* آپ کا تصدیقی کوڈ ہے۔ اپنی حفاظت کے لیے یہ کوڈ کسی کو نہ بتائیں۔",
            ApprovedButton("کوڈ کاپی کریں", COPY_CODE_URL),
            "یہ کوڈ 5 منٹ میں ختم ہو جائے گا۔",
        ),
        ("scene_request_approved", "en"): ApprovedTemplate(
            "UTILITY", "Scene: {{1}}.\n\n{{2}}\n\nTap below to see the plan and who is coming.", open_en
        ),
        ("scene_request_approved", "ur"): ApprovedTemplate(
            "UTILITY",
            "Scene: {{1}}۔\n\n{{2}}\n\nپروگرام اور آنے والے لوگ دیکھنے کے لیے نیچے ٹیپ کریں۔",
            open_ur,
        ),
        ("scene_waitlist_offer", "en"): ApprovedTemplate(
            "UTILITY",
            "Scene waitlist: {{1}}.\n\n{{2}}\n\nThe place is held for you for a short time only: tap below to take it.",
            open_en,
        ),
        ("scene_waitlist_offer", "ur"): ApprovedTemplate(
            "UTILITY",
            "Scene ویٹ لسٹ: {{1}}۔\n\n{{2}}\n\nیہ جگہ تھوڑی دیر کے لیے آپ کے لیے رکھی گئی ہے: لینے کے لیے نیچے ٹیپ کریں۔",
            open_ur,
        ),
        ("scene_confirmed", "en"): ApprovedTemplate(
            "UTILITY",
            "Scene confirmation: {{1}}.\n\n{{2}}\n\nYour ticket or booking and its QR code are in the app: tap below.",
            open_en,
        ),
        ("scene_confirmed", "ur"): ApprovedTemplate(
            "UTILITY",
            "Scene تصدیق: {{1}}۔\n\n{{2}}\n\nآپ کا ٹکٹ یا بکنگ اور اس کا QR کوڈ ایپ میں ہے: نیچے ٹیپ کریں۔",
            open_ur,
        ),
        ("scene_reminder", "en"): ApprovedTemplate(
            "UTILITY", "Reminder from Scene: {{1}}.\n\n{{2}}\n\nTap below for the details.", open_en
        ),
        ("scene_reminder", "ur"): ApprovedTemplate(
            "UTILITY", "Scene کی یاد دہانی: {{1}}۔\n\n{{2}}\n\nتفصیل کے لیے نیچے ٹیپ کریں۔", open_ur
        ),
        ("scene_cancelled", "en"): ApprovedTemplate(
            "UTILITY",
            "Scene cancellation: {{1}}.\n\n{{2}}\n\nTap below for the details, including any refund.",
            open_en,
        ),
        ("scene_cancelled", "ur"): ApprovedTemplate(
            "UTILITY",
            "Scene منسوخی: {{1}}۔\n\n{{2}}\n\nتفصیل اور رقم کی واپسی کے بارے میں جاننے کے لیے نیچے ٹیپ کریں۔",
            open_ur,
        ),
    }


class GraphError(Exception):
    """A request Meta would refuse, answered as a Graph API error object."""

    def __init__(
        self, code: int, details: str = "", *, status: int | None = None, subcode: int | None = None
    ):
        super().__init__(details or ERROR_TITLES.get(code, ""))
        self.code = code
        self.details = details
        self.status = status or STATUS_FOR_CODE.get(code, 400)
        self.subcode = subcode

    def response(self) -> Response[dict[str, Any]]:
        error: dict[str, Any] = {
            "message": f"(#{self.code}) {ERROR_TITLES.get(self.code, 'Unknown error')}",
            "type": "OAuthException",
            "code": self.code,
            "fbtrace_id": secrets.token_urlsafe(16),
        }
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        return Response({"error": error}, status_code=self.status)


def meta_json(payload: dict[str, Any]) -> bytes:
    """JSON as Meta sends webhooks: non-ASCII as lower-case `\\uXXXX` escapes, and `/`, `<`, `%`, `@`
    escaped too (Meta's webhook security notes), which is why a receiver must sign the raw bytes."""
    text = json.dumps(payload, separators=(",", ":"))
    for plain, escaped in (("/", "\\/"), ("<", "\\u003C"), ("%", "\\u0025"), ("@", "\\u0040")):
        text = text.replace(plain, escaped)
    return text.encode()


def meta_signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def check_template(
    template: dict[str, Any], approved: dict[tuple[str, str], ApprovedTemplate]
) -> tuple[ApprovedTemplate, list[str], str]:
    """The approved template a request names, its body parameters and its button parameter; raises
    the GraphError Meta would answer for a template that does not fit."""
    name = template.get("name", "")
    language = (template.get("language") or {}).get("code", "")
    if not name or not language:
        raise GraphError(131008, "template name and language.code are required")
    found = approved.get((name, language))
    if found is None:
        raise GraphError(132001, f"template name ({name}) does not exist in {language}")
    components = template.get("components") or []
    body: dict[str, Any] = next((c for c in components if c.get("type") == "body"), {})
    body_values = [p.get("text", "") for p in body.get("parameters") or []]
    if len(body_values) != found.body_parameters:
        raise GraphError(
            132000,
            f"body: number of localizable_params ({len(body_values)}) does not match the expected number "
            f"of params ({found.body_parameters})",
        )
    for value in body_values:
        if not value.strip():
            raise GraphError(131008, "body: parameter text is empty")
        if re.search(r"[\n\t]| {5,}", value):
            raise GraphError(
                132018, "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"
            )
    button: dict[str, Any] = next(
        (c for c in components if c.get("type") == "button" and str(c.get("index")) == "0"),
        {},
    )
    button_values = [p.get("text", "") for p in button.get("parameters") or [] if p.get("type") == "text"]
    if button.get("sub_type") != "url" or len(button_values) != 1 or not button_values[0]:
        raise GraphError(131008, "buttons: Button at index 0 of type Url requires a parameter")
    return found, body_values, button_values[0]


def render(found: ApprovedTemplate, body_values: list[str], button_value: str) -> tuple[str, str]:
    """What the handset shows: the filled body and footer, and where the button leads."""
    text = found.body
    for number, value in enumerate(body_values, start=1):
        text = text.replace(f"{{{{{number}}}}}", value)
    url = found.button.url.replace("{{1}}", button_value)
    return "\n\n".join(part for part in (text, found.footer) if part), url


def status_object(record: dict[str, Any], status: str, error_code: int | None) -> dict[str, Any]:
    """One entry of `statuses` in Meta's status webhook."""
    entry: dict[str, Any] = {
        "id": record["id"],
        "status": status,
        "timestamp": str(int(time.time())),
        "recipient_id": record["wa_id"],
    }
    if status in ("sent", "delivered"):
        entry["pricing"] = {
            "billable": True,
            "pricing_model": "PMP",
            "category": record["category"].lower(),
            "type": "regular",
        }
    if error_code is not None:
        title = ERROR_TITLES.get(error_code, "Message failed to send")
        entry["errors"] = [
            {"code": error_code, "title": title, "message": title, "error_data": {"details": f"{title}."}}
        ]
    return entry


def webhook_body(accounts: SandboxAccounts, statuses: list[dict[str, Any]]) -> bytes:
    return meta_json(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "sandbox-waba",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "15550001234",
                                    "phone_number_id": accounts.whatsapp_phone_number_id,
                                },
                                "statuses": statuses,
                            },
                        }
                    ],
                }
            ],
        }
    )


async def post_webhook(sandbox: SandboxState, body: bytes) -> int:
    """Posts one signed webhook call to Scene; the answer's HTTP status."""
    accounts = sandbox.accounts
    response = await sandbox.http.post(
        accounts.whatsapp_webhook_url,
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-Hub-Signature-256": meta_signature(accounts.whatsapp_app_secret, body),
        },
    )
    sandbox.store(PROVIDER).setdefault("webhook_answers", []).append(response.status_code)
    return response.status_code


async def report_statuses(
    sandbox: SandboxState, record: dict[str, Any], delivery: str, error_code: str
) -> None:
    """Sent, delivered, read, a short while apart; or the planned ending (`failed`, `sent`,
    `delivered`); `silent` reports nothing."""
    if delivery == "silent":
        return
    steps: list[tuple[str, int | None]]
    if delivery == "failed":
        steps = [("failed", int(error_code or 131026))]
    else:
        order = ["sent", "delivered", "read"]
        last = order.index(delivery) if delivery in order else len(order) - 1
        steps = [(status, None) for status in order[: last + 1]]
    for status, code in steps:
        await asyncio.sleep(sandbox.accounts.report_delay_seconds)
        body = webhook_body(sandbox.accounts, [status_object(record, status, code)])
        record["posted"].append(body)
        await post_webhook(sandbox, body)


def fault_response(fault: Fault) -> Response[dict[str, Any]]:
    code = int(fault.error_code) if fault.error_code else CODE_FOR_STATUS.get(fault.status, 131000)
    return GraphError(code, status=fault.status).response()


class WhatsAppCloudSandbox(Controller):
    path = "/whatsapp"
    include_in_schema = False

    @post("/{version:str}/{phone_number_id:str}/messages", status_code=200)
    async def send_message(
        self, sandbox: SandboxState, request: Request[Any, Any, Any], version: str, phone_number_id: str
    ) -> Response[dict[str, Any]]:
        accounts = sandbox.accounts
        sandbox.store(PROVIDER)["requests"] = sandbox.store(PROVIDER).get("requests", 0) + 1
        authorization = request.headers.get("authorization", "")
        if not hmac.compare_digest(
            authorization.encode(), f"Bearer {accounts.whatsapp_access_token}".encode()
        ):
            return GraphError(190).response()
        if phone_number_id != accounts.whatsapp_phone_number_id:
            return GraphError(
                100,
                f"Unsupported post request. Object with ID '{phone_number_id}' does not exist, cannot be "
                "loaded due to missing permissions, or does not support this operation.",
                subcode=33,
            ).response()
        fault = await sandbox.planned_fault(PROVIDER)
        if fault and fault.status:
            return fault_response(fault)
        try:
            payload = json.loads(await request.body())
            record = self._accept(sandbox, payload)
        except ValueError:
            return GraphError(100, "the request body is not JSON").response()
        except GraphError as refused:
            return refused.response()
        sandbox.later(
            report_statuses(
                sandbox, record, fault.delivery if fault else "", fault.error_code if fault else ""
            )
        )
        return Response(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": payload["to"], "wa_id": record["wa_id"]}],
                "messages": [{"id": record["id"], "message_status": "accepted"}],
            },
            status_code=200,
        )

    @staticmethod
    def _accept(sandbox: SandboxState, payload: dict[str, Any]) -> dict[str, Any]:
        if payload.get("messaging_product") != "whatsapp":
            raise GraphError(100, "The parameter messaging_product is required and must be 'whatsapp'.")
        wa_id = re.sub(r"\D", "", str(payload.get("to", "")))
        if not 8 <= len(wa_id) <= 15:
            raise GraphError(100, "The parameter to must be a phone number in international format.")
        if payload.get("type") != "template":
            raise GraphError(
                131047,
                "Message failed to send because more than 24 hours have passed since "
                "the customer last replied to this number.",
            )
        template = payload.get("template") or {}
        found, body_values, button_value = check_template(
            template, approved_templates(sandbox.accounts.whatsapp_link_base)
        )
        text, url = render(found, body_values, button_value)
        record: dict[str, Any] = {
            "id": "wamid." + secrets.token_urlsafe(30),
            "wa_id": wa_id,
            "category": found.category,
            "posted": [],
        }
        sandbox.store(PROVIDER).setdefault("messages", {})[record["id"]] = record
        sandbox.deliver(
            ReceivedMessage(
                channel="whatsapp",
                provider=PROVIDER,
                to=f"+{wa_id}",
                text=text,
                message_id=record["id"],
                extra={
                    "template": template["name"],
                    "language": template["language"]["code"],
                    "category": found.category,
                    "button": {"text": found.button.text, "url": url},
                },
            )
        )
        return record

    @get("/_control/log")
    async def log(self, sandbox: SandboxState) -> dict[str, Any]:
        """How many message requests arrived (retries included) and how Scene answered each webhook."""
        store = sandbox.store(PROVIDER)
        return {"requests": store.get("requests", 0), "webhook_answers": store.get("webhook_answers", [])}

    @post("/_control/messages/{message_id:str}/replay", status_code=200)
    async def replay(self, sandbox: SandboxState, message_id: str) -> list[int]:
        """Posts the message's status webhooks again, newest first and each twice (Meta does not
        promise order and retries calls): the webhook answers, in order."""
        record = sandbox.store(PROVIDER).get("messages", {}).get(message_id)
        if record is None:
            raise NotFoundException(f"no WhatsApp message {message_id}")
        return [await post_webhook(sandbox, body) for body in reversed(record["posted"]) for _ in range(2)]

    @post("/_control/handshake", status_code=200)
    async def handshake(self, sandbox: SandboxState, verify_token: str | None = None) -> dict[str, Any]:
        """What Meta's dashboard does on "Verify and save": a GET to the webhook URL with a challenge
        (with another verify token when one is given, to see it refused)."""
        challenge = str(secrets.randbelow(10**9))
        response = await sandbox.http.get(
            sandbox.accounts.whatsapp_webhook_url,
            params={
                "hub.mode": "subscribe",
                "hub.challenge": challenge,
                "hub.verify_token": sandbox.accounts.whatsapp_verify_token
                if verify_token is None
                else verify_token,
            },
        )
        return {
            "status_code": response.status_code,
            "verified": response.status_code == 200 and response.text == challenge,
        }

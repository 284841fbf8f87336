"""What the two SMS sandboxes (Twilio, Veevo) share: the requests each saw, which delivery reports a
message gets after a planned `delivery` fault, sending those reports, and replaying them.

`delivery` values: "" (sent, then delivered), "failed" (failed at once), "undelivered" (sent, then
undelivered), "silent" (no report at all), "duplicate" (every report twice), "out_of_order"
(delivered before sent). `POST /<provider>/_sandbox/messages/{id}/replay` sends every report a
message already got again, newest first and each twice, to test that storage never moves backwards.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException

from scene_sandboxes.messaging.state import Fault, ReceivedMessage, SandboxState

log = logging.getLogger("scene.sandbox.sms")

DELIVERY_PLANS: dict[str, list[str]] = {
    "": ["sent", "delivered"],
    "failed": ["failed"],
    "undelivered": ["sent", "undelivered"],
    "silent": [],
    "duplicate": ["sent", "sent", "delivered", "delivered"],
    "out_of_order": ["delivered", "sent"],
}
NEVER_ON_THE_HANDSET = frozenset({"failed", "undelivered"})
"""A message planned to end in one of these is reported, but never reaches the sandbox handset."""


def planned_statuses(fault: Fault | None) -> list[str]:
    """The statuses reported for a message accepted while `fault` was planned, in sending order."""
    delivery = fault.delivery if fault else ""
    if delivery not in DELIVERY_PLANS:
        log.warning("unknown planned delivery %r: reporting the message as delivered", delivery)
        return DELIVERY_PLANS[""]
    return DELIVERY_PLANS[delivery]


@dataclass(frozen=True)
class Report:
    """One delivery report as the provider sends it: a form POST to `url`."""

    url: str
    form: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class SentMessage:
    """A message the sandbox accepted, and the reports it sent about it so far."""

    message_id: str
    to: str
    statuses: list[str]
    """The statuses it is to be reported with, in sending order (`planned_statuses`)."""
    reports: list[Report] = field(default_factory=list)


def messages(sandbox: SandboxState, provider: str) -> dict[str, SentMessage]:
    found: dict[str, SentMessage] = sandbox.store(provider).setdefault("messages", {})
    return found


def keep_sms(
    sandbox: SandboxState,
    fault: Fault | None,
    *,
    provider: str,
    message_id: str,
    to: str,
    text: str,
    sender: str | None,
) -> SentMessage:
    """An SMS the provider accepted while `fault` was planned: it reaches the handset unless its
    planned statuses end it there, and it is kept for its delivery reports (and their replay)."""
    statuses = planned_statuses(fault)
    if not set(statuses) & NEVER_ON_THE_HANDSET:
        sandbox.deliver(ReceivedMessage("sms", provider, to, text, message_id, extra={"from": sender}))
    message = SentMessage(message_id, to, statuses)
    messages(sandbox, provider)[message_id] = message
    return message


def note_request(
    sandbox: SandboxState, provider: str, request: Request[Any, Any, Any], answered: int
) -> None:
    """Remember a request to the provider's API (tests count what the sandbox saw)."""
    sandbox.store(provider).setdefault("requests", []).append(
        {"method": request.method, "path": request.url.path, "answered": answered}
    )


async def post_report(sandbox: SandboxState, report: Report) -> None:
    response = await sandbox.http.post(report.url, data=report.form, headers=report.headers)
    if response.status_code >= 300:
        log.warning("report to %s answered %s", report.url, response.status_code)


def send_reports(sandbox: SandboxState, message: SentMessage, reports: list[Report]) -> None:
    """Send `reports` one after another in the background, each after the account's report delay."""

    async def deliver() -> None:
        for report in reports:
            await asyncio.sleep(sandbox.accounts.report_delay_seconds)
            message.reports.append(report)
            await post_report(sandbox, report)

    if reports:
        sandbox.later(deliver())


class SmsSandboxControls(Controller):
    """The sandbox-only endpoints every SMS provider's sandbox has under its own path."""

    include_in_schema = False
    provider: ClassVar[str]

    @get("/_sandbox/requests")
    async def requests_seen(self, sandbox: SandboxState) -> list[dict[str, Any]]:
        """Every API request this provider's sandbox answered, oldest first."""
        seen: list[dict[str, Any]] = sandbox.store(self.provider).get("requests", [])
        return seen

    @post("/_sandbox/messages/{message_id:str}/replay", status_code=202)
    async def replay(self, sandbox: SandboxState, message_id: str) -> dict[str, int]:
        """Send the message's reports again, newest first and each twice."""
        message = messages(sandbox, self.provider).get(message_id)
        if message is None:
            raise NotFoundException(f"no message {message_id}")
        replayed = [report for report in reversed(message.reports) for _ in range(2)]

        async def deliver() -> None:
            for report in replayed:
                await post_report(sandbox, report)

        sandbox.later(deliver())
        return {"reports": len(replayed)}

"""What every payment sandbox shares: the hosted checkout page, the payer's decision, and controls
for tests (send a notification again, late or twice). What follows a decision (the notification, the
browser's way back) is each provider's own, in its module."""

from __future__ import annotations

import asyncio
import enum
from abc import abstractmethod
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

from litestar import Controller, Litestar, Request, Response, post
from litestar.response import Redirect
from litestar.types import ASGIApp, Receive, Scope, Send
from redis.asyncio import Redis

from scene_sandboxes.payments import pages
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, SandboxStore, new_txn_id

SETTLED = {SandboxStatus.PAID, SandboxStatus.REFUNDED}


class Decision(enum.StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    ABANDON = "abandon"


def with_query(url: str, params: Mapping[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


async def form_of(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (await request.form()).items()}


async def json_of(request: Request[Any, Any, Any]) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


WAF_PAGE = (
    b"<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. "
    b"Please consult with your administrator.<br><br>Your support ID is: 1804289383846930886</body></html>"
)


def provider_faults(redis_of: Callable[[Litestar], Redis]) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware playing the faults set in the store: a provider that hangs (`hang_for`), and one
    whose firewall or gateway answers instead of it (`reject_next`)."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def with_faults(scope: Scope, receive: Receive, send: Send) -> None:
            provider = scope["path"].split("/sandbox/", 1)[-1].split("/", 1)[0]
            store = SandboxStore(redis_of(scope["app"]), provider)
            seconds = await store.hang_seconds()
            if seconds:
                await asyncio.sleep(seconds)
            rejected = None if "/_control/" in scope["path"] else await store.rejection_for(scope["path"])
            if rejected is not None:
                await answer_from_the_front(send, rejected)
                return
            await app(scope, receive, send)

        return with_faults

    return middleware


async def answer_from_the_front(send: Send, status: int) -> None:
    """What stands in front of the provider answers instead: its firewall's page, or a gateway error."""
    body = WAF_PAGE if status == 200 else f"<html><body><h1>{status} Bad Gateway</h1></body></html>".encode()
    headers = [(b"content-type", b"text/html"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class SandboxController(Controller):
    """The hosted checkout page and the payer's decision, shared by every provider's sandbox."""

    include_in_schema = False
    provider: ClassVar[str]
    methods: ClassVar[tuple[str, ...]] = ("",)
    """How a payer may pay at this provider, in its own words; the first is the default."""

    def store(self, sandbox: PaymentSandbox) -> SandboxStore:
        return sandbox.store(self.provider)

    def decide_url(self, reference: str) -> str:
        return f"/sandbox/{self.provider}/checkout/{reference}"

    async def open_checkout(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[str]:
        """Show the checkout page; a reference seen before keeps its first amount and outcome."""
        store = self.store(sandbox)
        known = await store.get(payment.reference)
        if known is None:
            await store.save(payment)
            known = payment
        if known.status != SandboxStatus.OPEN or known.expired:
            return pages.notice("Checkout closed", f"This payment is {known.status.value}.", 409)
        return pages.checkout(
            self.provider,
            known.reference,
            known.amount_pkr,
            known.description,
            self.decide_url(known.reference),
        )

    @post("/checkout/{reference:str}/{decision:str}", status_code=200)
    async def decide(
        self,
        request: Request[Any, Any, Any],
        sandbox: PaymentSandbox,
        reference: str,
        decision: Decision,
        method: str = "",
    ) -> Response[Any]:
        """The payer's choice. `method` (query) picks how an approving payer paid, among `methods`."""
        store = self.store(sandbox)
        payment = await store.get(reference)
        if payment is None:
            return pages.notice("Unknown payment", "The sandbox never saw this payment.", 404)
        if payment.status != SandboxStatus.OPEN or payment.expired:
            return pages.notice("Checkout closed", f"This payment is {payment.status.value}.", 409)
        if method and method not in self.methods:
            return pages.notice("Unknown method", f"Pay with one of {', '.join(self.methods)}.", 400)
        if decision == Decision.ABANDON:
            payment.status = SandboxStatus.ABANDONED
            await store.save(payment)
            return Redirect(payment.failure_url, status_code=303)
        payment.status = SandboxStatus.PAID if decision == Decision.APPROVE else SandboxStatus.DECLINED
        payment.txn_id = new_txn_id()
        payment.method = method or self.methods[0]
        if payment.status == SandboxStatus.PAID:
            payment.paid_at = datetime.now(UTC)
        await store.save(payment)
        await self.notify(request, sandbox, payment)
        return await self.send_browser_back(sandbox, payment)

    @post("/_control/{reference:str}/notify", status_code=200)
    async def renotify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, reference: str
    ) -> dict[str, Any]:
        """Send the payment's notification again, as a provider retrying (late, or twice) would.
        Answers the merchant's HTTP status (0: not reached)."""
        payment = await self.store(sandbox).get(reference)
        if payment is None:
            return {"delivered": False, "status_code": 404}
        answer = await self.notify(request, sandbox, payment)
        return {"delivered": answer is not None, "status_code": 0 if answer is None else answer.status_code}

    @abstractmethod
    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Response[Any] | Any:
        """The provider's server-to-server notification (`sandbox.deliver`); answers the merchant's
        HTTP response, or None when the provider sends none or could not deliver it."""

    @abstractmethod
    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        """How the provider hands the payer's browser back to the merchant."""

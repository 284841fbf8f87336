"""What every messaging sandbox shares: the accounts it accepts, the handsets, planned faults."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

log = logging.getLogger("scene.sandbox")


@dataclass(frozen=True)
class SandboxAccounts:
    """What each provider's console would hold for Scene's account: credentials it accepts, where it
    sends webhooks. Filled from Scene's settings by whoever serves the sandbox."""

    twilio_account_sid: str
    twilio_auth_token: str
    whatsapp_phone_number_id: str
    whatsapp_access_token: str
    whatsapp_app_secret: str
    whatsapp_webhook_url: str
    """Meta sends status webhooks to the URL configured in the app dashboard; this is it."""
    whatsapp_verify_token: str = ""
    """The token Scene's app dashboard holds for the webhook subscription (the GET handshake)."""
    whatsapp_link_base: str = ""
    """The website URL the templates' URL buttons were approved with (`{link_base}/{{1}}`)."""
    veevo_api_key: str = ""
    veevo_callback_url: str = ""
    """The DLR URL set in Veevo's portal (Scene's callback endpoint with its secret token)."""
    report_delay_seconds: float = 0.2
    """How long after accepting a message its first delivery report is sent."""


@dataclass
class ReceivedMessage:
    """A message that reached a sandbox handset."""

    channel: str
    provider: str
    to: str
    text: str
    message_id: str
    received_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fault:
    """The next `count` requests to `provider` answer `status` (with the provider's own error body),
    or hang for `hang_seconds` before answering normally."""

    status: int = 0
    count: int = 1
    hang_seconds: float = 0
    error_code: str = ""
    delivery: str = ""
    """Instead of an HTTP fault: the message is accepted, then reported with this final status
    (e.g. `failed`, `undelivered`), or never reported at all (`silent`)."""


class SandboxState:
    """The sandboxes' memory (one process; it resets with the process, like a test account)."""

    def __init__(self, accounts: SandboxAccounts) -> None:
        self.accounts = accounts
        self.handsets: dict[str, list[ReceivedMessage]] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.stores: dict[str, dict[str, Any]] = {}
        """Per provider: its own records (messages by id, subscriptions, ...)."""
        self._tasks: set[asyncio.Task[None]] = set()
        self._http: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The client the sandboxes use to call Scene back (status callbacks, webhooks)."""
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10)
        return self._http

    def store(self, provider: str) -> dict[str, Any]:
        return self.stores.setdefault(provider, {})

    def deliver(self, message: ReceivedMessage) -> None:
        self.handsets.setdefault(message.to, []).append(message)

    async def planned_fault(self, provider: str) -> Fault | None:
        """The next planned fault for `provider`, used up one request at a time. Its hang is served
        here (the provider is slow before it answers); what it answers is the caller's to say."""
        planned = self.faults.get(provider) or []
        if not planned:
            return None
        fault = planned[0]
        fault.count -= 1
        if fault.count <= 0:
            planned.pop(0)
        if fault.hang_seconds:
            await asyncio.sleep(fault.hang_seconds)
        return fault

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` (a callback to Scene) in the background, as a provider would after answering."""

        async def guarded() -> None:
            try:
                await work
            except Exception:  # a sandbox callback that fails is logged, like a provider's retry log
                log.exception("sandbox callback failed")

        task = asyncio.get_running_loop().create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._http is not None:
            await self._http.aclose()

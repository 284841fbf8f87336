"""What a payment sandbox knows of its merchant: the credentials the provider's portal issued, where
the merchant asked for notifications, and how to reach the merchant's servers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from litestar import Request
from redis.asyncio import Redis

from scene_sandboxes.payments.store import SandboxStore

DELIVERY_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class MerchantAccounts:
    """Filled from the merchant's settings by whoever serves the sandbox, as the providers' portals
    would hold them after sign-up."""

    payfast_merchant_id: str
    payfast_secured_key: str
    payfast_merchant_name: str
    jazzcash_merchant_id: str
    jazzcash_password: str
    jazzcash_integrity_salt: str
    jazzcash_mpin: str
    easypaisa_store_id: str
    easypaisa_hash_key: str
    easypaisa_account_num: str
    easypaisa_username: str
    easypaisa_password: str
    ipn_urls: dict[str, str] = field(default_factory=dict)
    """Per provider, the notification URL set in its merchant portal (JazzCash, Easypaisa)."""
    browser_base: str = ""
    """Where payers' browsers reach the sandbox's pages (`{browser_base}/sandbox/{provider}/...`)."""


@dataclass
class PaymentSandbox:
    accounts: MerchantAccounts
    redis: Redis
    deliver_in_process: bool = True
    """Notifications go into the app that serves the sandbox (the merchant's own API, in development
    and tests) instead of over the network."""

    def store(self, provider: str) -> SandboxStore:
        return SandboxStore(self.redis, provider)

    async def deliver(
        self, request: Request[Any, Any, Any], method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        """Send a notification to the merchant as the provider's servers would; None when the
        merchant could not be reached (a provider retries later, which the sandbox's `renotify`
        control plays)."""
        parts = urlsplit(url)
        transport = httpx.ASGITransport(app=cast(Any, request.app)) if self.deliver_in_process else None
        try:
            async with httpx.AsyncClient(
                transport=transport,
                base_url=f"{parts.scheme}://{parts.netloc}",
                timeout=DELIVERY_TIMEOUT_SECONDS,
            ) as client:
                return await client.request(method, url, **kwargs)
        except httpx.HTTPError:
            return None

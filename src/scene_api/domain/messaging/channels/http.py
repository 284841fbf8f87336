"""One pooled HTTP client per provider, with timeouts and retries on what retrying can fix.

A timeout, a connection failure and a 5xx are retried with exponential backoff (0.5 s, 1 s, ...);
a 4xx is the provider's final word and is returned at once for the adapter to read. Clients are
made once per process and provider and closed with the runtime.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from scene_api.domain.messaging.channels.base import ProviderUnavailable

log = logging.getLogger("scene.messaging.http")

CONNECT_TIMEOUT_SECONDS = 3.0
READ_TIMEOUT_SECONDS = 10.0


NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures before the request left: the provider cannot have acted on it."""


class ProviderHttp:
    """Sends a provider's requests through one shared `httpx.AsyncClient` (a connection pool)."""

    def __init__(
        self,
        provider: str,
        *,
        attempts: int = 3,
        backoff_seconds: float = 0.5,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.client = httpx.AsyncClient(
            timeout=timeout or httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
            transport=transport,
        )

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The provider's answer (any 2xx-4xx). Raises `ProviderUnavailable` once every attempt timed
        out, failed to connect or got a 5xx."""
        last_problem, maybe_received = "", False
        for attempt in range(self.attempts):
            if attempt:
                await asyncio.sleep(self.backoff_seconds * 2 ** (attempt - 1))
            try:
                response = await self.client.request(method, url, **kwargs)
            except NEVER_SENT as error:
                last_problem, maybe_received = f"unreachable ({type(error).__name__})", False
            except httpx.TimeoutException:
                last_problem, maybe_received = "timed out", True
            except httpx.TransportError as error:
                last_problem, maybe_received = f"unreachable ({type(error).__name__})", True
            else:
                if response.status_code < 500:
                    return response
                last_problem, maybe_received = f"answered {response.status_code}", True
            log.warning("%s %s %s: %s (attempt %d)", self.provider, method, url, last_problem, attempt + 1)
        raise ProviderUnavailable(self.provider, last_problem, maybe_received=maybe_received)

    async def aclose(self) -> None:
        await self.client.aclose()

"""The sandboxes served in process, as the adapters reach them, so that requests sent together
really overlap (the API's test client hands requests to its own loop one at a time)."""

import asyncio
from typing import Any, cast

import httpx
import pytest

from scene_api.domain.payments.sandbox import sandbox_app
from scene_api.runtime import Runtime
from scene_sandboxes.payments.store import SandboxPayment, SandboxStore


def at_the_sandbox(runtime: Runtime) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=cast(Any, sandbox_app(runtime)))
    return httpx.AsyncClient(transport=transport, base_url="http://sandbox.local")


def slow_redis(monkeypatch: pytest.MonkeyPatch, seconds: float = 0.05) -> None:
    """Reading a sandbox payment takes a while, as over a network: what two requests read at once
    overlaps."""
    read = SandboxStore.get

    async def slowly(self: SandboxStore, reference: str) -> SandboxPayment | None:
        payment = await read(self, reference)
        await asyncio.sleep(seconds)
        return payment

    monkeypatch.setattr(SandboxStore, "get", slowly)

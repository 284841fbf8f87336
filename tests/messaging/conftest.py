"""Messaging over real HTTP: the providers' sandboxes on one port, the API on another, the worker.

`messaging_settings` points every provider at the sandbox and the sandbox's webhooks at the API, the
way a provider's console would be set up; `sandbox` is an HTTP client on the sandbox (its provider
paths and its `/_control` endpoints); `messaging_api` is the API serving callbacks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from saq import Worker

from scene_api.config import Settings
from scene_api.lib.embedded import free_port
from scene_api.runtime import Runtime
from scene_tasks.context import JobContext
from tests.servers import running_worker, serve


@pytest.fixture
def ports() -> dict[str, int]:
    return {"api": free_port(), "sandbox": free_port()}


@pytest.fixture
def messaging_settings(settings: Settings, ports: dict[str, int]) -> Settings:
    return replace(
        settings,
        sms_backend="twilio",
        whatsapp_backend="cloud",
        messaging_sandbox=True,
        messaging_sandbox_url=f"http://127.0.0.1:{ports['sandbox']}/sandbox/messaging",
        api_public_url=f"http://127.0.0.1:{ports['api']}",
        host="127.0.0.1",
        api_port=ports["api"],
    )


@pytest.fixture
async def sandbox(messaging_settings: Settings, ports: dict[str, int]) -> AsyncIterator[httpx.AsyncClient]:
    """The messaging sandboxes served on their own port (as remote providers would be)."""
    from scene_api.domain.messaging.sandbox import sandbox_accounts
    from scene_sandboxes.messaging.app import messaging_sandbox_app

    app = messaging_sandbox_app(sandbox_accounts(messaging_settings))
    async with (
        serve(app, ports["sandbox"]) as base_url,
        httpx.AsyncClient(base_url=f"{base_url}/sandbox/messaging", timeout=30) as http,
    ):
        yield http


@pytest.fixture
async def messaging_api(
    messaging_settings: Settings, ports: dict[str, int]
) -> AsyncIterator[httpx.AsyncClient]:
    """The API on its public port, where the sandboxes send status callbacks and webhooks."""
    from scene_api.app import create_app

    async with (
        serve(create_app(messaging_settings), ports["api"]) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30) as http,
    ):
        yield http


@pytest.fixture
async def messaging_runtime(messaging_settings: Settings) -> AsyncIterator[Runtime]:
    """A runtime whose adapters send to the sandbox (the test database and Redis of `settings`)."""
    opened = await Runtime.open(messaging_settings)
    await opened.redis.flushdb()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def messaging_worker(messaging_runtime: Runtime) -> AsyncIterator[Worker[JobContext]]:
    """A real SAQ worker delivering through the sandbox."""
    async with running_worker(messaging_runtime) as running:
        yield running

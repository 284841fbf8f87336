"""The messaging sandboxes as one router (mounted by the API in development) or one app (tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide

from scene_sandboxes.messaging.control import ControlController
from scene_sandboxes.messaging.push import PushServiceController
from scene_sandboxes.messaging.state import SandboxAccounts, SandboxState
from scene_sandboxes.messaging.twilio import TwilioSandbox
from scene_sandboxes.messaging.veevo import VeevoSandbox
from scene_sandboxes.messaging.whatsapp import WhatsAppCloudSandbox

PREFIX = "/sandbox/messaging"

PROVIDER_CONTROLLERS: list[type] = [
    PushServiceController,
    TwilioSandbox,
    VeevoSandbox,
    WhatsAppCloudSandbox,
]
"""Each provider's sandbox controller, under PREFIX + its own path (the provider's real paths)."""


def messaging_sandbox_router(state: SandboxState) -> Router:
    return Router(
        path=PREFIX,
        route_handlers=[ControlController, *PROVIDER_CONTROLLERS],
        dependencies={"sandbox": Provide(lambda: state, sync_to_thread=False)},
        include_in_schema=False,
    )


def messaging_sandbox_app(accounts: SandboxAccounts) -> Litestar:
    """The sandboxes on their own, for a separate server (tests, or a fake provider host)."""
    state = SandboxState(accounts)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await state.aclose()

    return Litestar(
        route_handlers=[messaging_sandbox_router(state)], lifespan=[lifespan], openapi_config=None
    )

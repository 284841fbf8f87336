"""The payment sandboxes as one router (mounted by the API in development and tests) or one app
(for the adapters' server-to-server calls made in process, from the API and the worker alike)."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar, Request, Router
from litestar.di import Provide
from redis.asyncio import Redis

from scene_sandboxes.payments.checkout import provider_faults
from scene_sandboxes.payments.easypaisa import EasypaisaSandbox
from scene_sandboxes.payments.jazzcash import JazzCashSandbox
from scene_sandboxes.payments.payfast import PayFastApiSandbox, PayFastSandbox
from scene_sandboxes.payments.state import MerchantAccounts, PaymentSandbox

PROVIDER_CONTROLLERS: list[type] = [PayFastSandbox, PayFastApiSandbox, JazzCashSandbox, EasypaisaSandbox]


def payment_sandbox_router(
    accounts: MerchantAccounts, redis_of: Callable[[Litestar], Redis], *, deliver_in_process: bool
) -> Router:
    """`redis_of` finds the Redis client of the app serving the router (made after the router)."""

    def provide(request: Request) -> PaymentSandbox:  # type: ignore[type-arg]
        return PaymentSandbox(accounts, redis_of(request.app), deliver_in_process=deliver_in_process)

    return Router(
        path="/",
        route_handlers=PROVIDER_CONTROLLERS,
        dependencies={"sandbox": Provide(provide, sync_to_thread=False)},
        middleware=[provider_faults(redis_of)],
        include_in_schema=False,
    )


def payment_sandbox_app(accounts: MerchantAccounts, redis: Redis) -> Litestar:
    """The sandboxes on their own; their notifications go over the network to the URLs they name."""
    router = payment_sandbox_router(accounts, lambda _app: redis, deliver_in_process=False)
    return Litestar(route_handlers=[router], openapi_config=None)

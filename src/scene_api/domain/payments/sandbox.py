"""Serving the payment sandboxes: Scene's settings become the merchant accounts the local PayFast,
JazzCash and Easypaisa accept, as their portals would hold them after sign-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from litestar import Litestar, Router

from scene_api.config import Settings
from scene_api.db import models as m
from scene_sandboxes.payments.app import payment_sandbox_app, payment_sandbox_router
from scene_sandboxes.payments.state import MerchantAccounts

if TYPE_CHECKING:
    from scene_api.runtime import Runtime


def merchant_accounts(settings: Settings) -> MerchantAccounts:
    from scene_api.domain.payments.providers.base import api_url

    base = api_url(settings)
    return MerchantAccounts(
        payfast_merchant_id=settings.payfast_merchant_id,
        payfast_secured_key=settings.payfast_secured_key,
        payfast_merchant_name=settings.payfast_merchant_name,
        jazzcash_merchant_id=settings.jazzcash_merchant_id,
        jazzcash_password=settings.jazzcash_password,
        jazzcash_integrity_salt=settings.jazzcash_integrity_salt,
        jazzcash_mpin=settings.jazzcash_mpin,
        easypaisa_store_id=settings.easypaisa_store_id,
        easypaisa_hash_key=settings.easypaisa_hash_key,
        easypaisa_account_num=settings.easypaisa_account_num,
        easypaisa_username=settings.easypaisa_username,
        easypaisa_password=settings.easypaisa_password,
        ipn_urls={
            provider.value: f"{base}/api/v1/payments/callbacks/{provider.value}"
            for provider in m.PaymentProviderName
        },
        browser_base=base,
    )


def sandbox_router(settings: Settings) -> Router:
    """Mounted by the API: browsers reach the hosted checkouts here, and notifications go straight
    into the API that serves them."""

    def redis_of(app: Litestar) -> Any:
        return cast("Runtime", app.state.runtime).redis

    return payment_sandbox_router(merchant_accounts(settings), redis_of, deliver_in_process=True)


def sandbox_app(runtime: Runtime) -> Litestar:
    """For the adapters' server-to-server calls (tokens, inquiries, refunds) made in process, from the
    API and the worker alike, so the flow runs offline without a port."""
    return payment_sandbox_app(merchant_accounts(runtime.settings), runtime.redis)

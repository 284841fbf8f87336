"""Reconciliation, every five minutes: finishes what a provider call left undone. Pending payments
whose callback never came are settled from the provider's status inquiry, checkouts interrupted
before the provider step was recorded fail, requested refunds not yet sent are sent, and refunds
whose sender stopped before recording the answer become `unknown` for ops.
Each provider call is made with no transaction open (`scene_api.domain.payments.flow`)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from scene_api.domain.payments import flow, money
from scene_api.domain.payments.providers.base import ProviderUnavailable
from scene_api.domain.payments.services import SENDING_AT_MOST
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.services import provide_services
from scene_tasks.context import JobContext

log = logging.getLogger(__name__)


async def reconcile_payments(ctx: JobContext) -> int:
    """Look at payments left over for longer than `payment_reconcile_after_minutes`, one at a time
    (one provider being down holds up no other). Answers how many were settled or refunded. What is
    finished no longer matches, so a second run changes nothing."""
    runtime = ctx["runtime"]
    older_than = utcnow() - timedelta(minutes=runtime.settings.payment_reconcile_after_minutes)
    async with provide_services(runtime) as services:
        stale = await services.payments.stale_pending(older_than)
        interrupted = await services.payments.interrupted_checkouts(older_than)
        refunds = await services.payments.refunds_to_retry(older_than)
    for payment_id in interrupted:
        async with provide_services(runtime) as services:
            await services.payments.fail_interrupted_checkout(payment_id)
    done = 0
    for payment_id in stale:
        try:
            outcome = await flow.settle_pending(runtime, payment_id)
        except ProviderUnavailable:
            log.warning("payment %s: provider unavailable, next run will ask again", payment_id)
            continue
        done += bool(outcome and outcome.startswith("applied"))
    for payment_id in refunds:
        done += await flow.send_refund(runtime, payment_id)
    async with provide_services(runtime) as services:
        await services.payments.abandon_stale_sends(utcnow() - SENDING_AT_MOST)
    return done


async def check_money_day(ctx: JobContext, *, day: str) -> int:
    """Ask every provider about each payment of `day` (ops asked from the money report)."""
    return await money.check_with_providers(ctx["runtime"], date.fromisoformat(day))


async def check_yesterday_with_providers(ctx: JobContext) -> int:
    """Every night: yesterday (Pakistan time) checked with every provider, for the money report."""
    yesterday = utcnow().astimezone(KARACHI).date() - timedelta(days=1)
    return await money.check_with_providers(ctx["runtime"], yesterday)

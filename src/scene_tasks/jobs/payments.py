"""Reconciliation: pending payments whose callback never came are settled from the provider's status
inquiry, every five minutes."""

from __future__ import annotations

import logging
from datetime import timedelta

from scene_api.domain.payments.providers.base import ProviderUnavailable
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from scene_tasks.context import JobContext

log = logging.getLogger(__name__)


async def reconcile_payments(ctx: JobContext) -> int:
    """Ask about each pending payment older than `payment_reconcile_after_minutes`, one unit of work
    each (one provider being down holds up no other). Answers how many were settled. Settled
    payments are no longer pending, so a second run asks about none of them."""
    runtime = ctx["runtime"]
    older_than = utcnow() - timedelta(minutes=runtime.settings.payment_reconcile_after_minutes)
    async with provide_services(runtime) as services:
        stale = await services.payments.stale_pending(older_than)
    settled = 0
    for payment_id in stale:
        try:
            async with provide_services(runtime) as services:
                outcome = await services.payments.reconcile(payment_id)
        except ProviderUnavailable:
            log.warning("payment %s: provider unavailable, next run will ask again", payment_id)
            continue
        settled += bool(outcome and outcome.startswith("applied"))
    return settled

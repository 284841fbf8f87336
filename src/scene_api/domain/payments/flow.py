"""Provider calls made between short units of work, never inside one.

A row lock or a database connection must not wait on a provider (a hung provider would hold a
booking and, a few at a time, the whole pool). So every provider call follows the same shape:

1. the intent is recorded and committed: an `initiated` payment (checkout, in the ledger's
   `start_checkout`, which commits in steps), a refund request (`refund_requested_at`, set with the
   cancel that causes it, then claimed as `sending` by exactly one sender), or a pending payment to
   ask about;
2. the provider is called with no transaction open, through its pooled client
   (`PaymentProvider.http`, one per provider and process);
3. its answer is recorded in a new short unit of work that locks the target, then the payment, and
   applies only what still applies (the status it read).

What a crash, a timeout or a refusal interrupts stays recorded and `reconcile_payments` finishes it:
interrupted checkouts fail, requested refunds are asked for again, pending payments are settled
from the provider's status inquiry. A refund whose request may have reached the provider but whose
answer was lost (a read timeout, a 5xx: `AnswerLost`) is never asked for again by itself: it is
`unknown`, for ops to check (giving money back twice is worse than late).
"""

from __future__ import annotations

import logging
from uuid import UUID

from scene_api.domain.payments.providers import adapter_for
from scene_api.domain.payments.providers.base import (
    AnswerLost,
    ProviderUnavailable,
    RefundAnswer,
    RefundOutcome,
)
from scene_api.runtime import Runtime
from scene_api.services import provide_services

log = logging.getLogger(__name__)


async def send_refund(runtime: Runtime, payment_id: UUID, *, actor_id: UUID | None = None) -> bool:
    """Claim a requested refund, ask the provider with no transaction open, and record its answer.
    False when there was nothing to send (claimed by another sender, done, waiting on ops), or it was
    not made. A request that never left goes back to `requested` for the job; one that may have
    reached the provider without an answer coming back is `unknown`, for ops."""
    async with provide_services(runtime) as services:
        payment = await services.payments.claim_refund(payment_id)
    if payment is None:
        return False
    try:
        answer = await adapter_for(payment.provider, runtime).refund(payment, payment.refund_reason)
    except AnswerLost as lost:
        answer = RefundAnswer(
            raw={"error": lost.message}, outcome=RefundOutcome.UNKNOWN, message=lost.message
        )
    except ProviderUnavailable:
        log.warning("refund of payment %s: provider unreachable, reconciliation asks again", payment_id)
        async with provide_services(runtime) as services:
            await services.payments.unclaim_refund(payment_id)
        return False
    async with provide_services(runtime) as services:
        return await services.payments.record_refund(payment_id, answer, actor_id=actor_id)


async def settle_pending(runtime: Runtime, payment_id: UUID) -> str | None:
    """Settle a pending payment from the provider's status inquiry, asked with no transaction open;
    None if it is no longer pending. Raises `ProviderUnavailable` when the provider does not answer."""
    async with provide_services(runtime) as services:
        payment = await services.payments.pending(payment_id)
    if payment is None:
        return None
    answer = await adapter_for(payment.provider, runtime).query_status(payment)
    async with provide_services(runtime) as services:
        return await services.payments.settle_from_inquiry(payment_id, answer)

"""The payments ledger: checkouts, provider callbacks applied exactly once, refunds, reconciliation.

Every payment moves initiated -> pending -> succeeded | failed, and succeeded -> refunded, each
status entered once. Three things keep a callback from applying twice, even when the provider
sends ten at the same moment: a row lock on the payment, a conditional update that only moves
the status it read, and the unique (payment, to_status) key of `PaymentTransition`.

Every callback is kept raw as a `PaymentEvent`, verified or not, with what was done with it. A
callback is applied only when its signature verifies (or, for providers that sign nothing, when
their status inquiry confirms it), it names a payment of ours at that provider and its amount is
the payment's. Anything else changes nothing and gets the provider's "rejected" answer.

No provider is called inside a transaction: a checkout commits its initiated payment first, a
refund is a request (`refund_requested_at`) sent after the cancel commits, and each answer is
recorded in a new short transaction (`flow.py`; docs/payments.md, "Provider calls and transactions").

Pay at venue never creates a Payment: a booking paid at the venue is confirmed by the bookings
service with `payment_method = pay_at_venue`, and the money is counted from those bookings, not
from this ledger. `refund_for` therefore finds nothing to refund for them and answers None.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin, require_admin
from scene_api.domain.payments import flow
from scene_api.domain.payments import schemas as s
from scene_api.domain.payments.providers import ADAPTERS, adapter_for
from scene_api.domain.payments.providers.base import (
    BrowserStep,
    CallbackCheck,
    CallbackReply,
    CheckoutRequest,
    PaymentProvider,
    ProviderAnswer,
    ProviderReport,
    ProviderStatus,
    ProviderUnavailable,
    RefundAnswer,
    RefundOutcome,
)
from scene_api.domain.payments.targets import TARGET_COLUMNS, target_for, target_id_of
from scene_api.i18n import Message, words
from scene_api.lib.crypto import PiiCipher, new_code
from scene_api.lib.errors import Conflict, DomainError, InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.states import Transitions
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

log = logging.getLogger(__name__)

Status = m.PaymentStatus
PAYMENTS = Transitions(
    {
        Status.INITIATED: {Status.PENDING, Status.FAILED},
        Status.PENDING: {Status.SUCCEEDED, Status.FAILED},
        Status.SUCCEEDED: {Status.REFUNDED},
        Status.FAILED: {Status.REFUNDED},
    }
)
"""The payment state machine: the only moves there are. failed -> refunded is the money a provider
took after Scene had failed the payment, given back. A move outside it is not an error but a
callback that lost the race or came twice: `_transition` answers False."""
REJECTED = {"unreadable", "rejected_signature", "unknown_reference", "amount_mismatch", "unconfirmed"}
"""Outcomes answered with the provider's "rejected"; every other outcome is acknowledged."""
TARGET_REFUSED = "Paid after the hold ended, and it could no longer be confirmed."
CHECKOUT_LIFETIME = timedelta(hours=1)
"""How long a hosted checkout stays open when the target sets no deadline of its own."""
RefundState = m.RefundState
WAITING_ON_OPS = (RefundState.UNKNOWN, RefundState.MANUAL, RefundState.REFUSED)
"""Refunds ops settle by hand or send again; the job leaves them alone."""
REFUNDABLE = (Status.SUCCEEDED, Status.FAILED)
"""Payments a refund can be under way for: succeeded ones, and failed ones the provider took anyway."""
SENDING_AT_MOST = timedelta(minutes=2)
"""Longer than any refund's provider calls take (each gives up after 13 s): a refund still `sending`
after this lost its sender, whose request may have reached the provider."""


def refund_details(payment: m.Payment) -> dict[str, Any]:
    """What the audit log keeps about a refund."""
    return {
        "reason": payment.refund_reason,
        "amount_pkr": payment.amount_pkr,
        "provider": payment.provider.value,
    }


def new_reference() -> str:
    """Our id for a payment at the provider: short, letters and digits (JazzCash allows 20)."""
    return f"SCN{new_code(12)}"


class PaymentService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    def adapter(self, provider: m.PaymentProviderName) -> PaymentProvider:
        return adapter_for(provider, self.services.runtime)

    # Paying -------------------------------------------------------------------------------

    async def start_checkout(
        self,
        payer: m.User,
        *,
        purpose: m.PaymentPurpose,
        target_id: UUID,
        provider: m.PaymentProviderName,
    ) -> s.Checkout:
        """Ask the target what to charge and record the payment (initiated) under the target's lock;
        commit; open the provider's checkout with no transaction open; record where it went in a new
        short transaction. A checkout interrupted in between stays initiated, and
        `reconcile_payments` fails it (the payer never got the form, so nothing can have been paid)."""
        details = await target_for(self.services, purpose).payment_details(payer, target_id)
        if details.amount_pkr <= 0:
            raise InvalidInput(Message("errors_payments.nothing_to_pay"), field="target_id")
        payment = m.Payment(
            payer_id=payer.id,
            provider=provider,
            purpose=purpose,
            amount_pkr=details.amount_pkr,
            merchant_reference=new_reference(),
            status=Status.INITIATED,
            **{TARGET_COLUMNS[purpose]: target_id},
        )
        self.session.add(payment)
        await self.services.flush()
        adapter = self.adapter(provider)
        request = CheckoutRequest(
            reference=payment.merchant_reference,
            amount_pkr=payment.amount_pkr,
            description=details.description,
            created_at=payment.created_at,
            expires_at=details.expires_at or payment.created_at + CHECKOUT_LIFETIME,
            callback_url=adapter.callback_url,
            return_url=adapter.return_url,
            payer_phone=PiiCipher(self.settings.pii_keys).decrypt(payer.phone_ciphertext),
        )
        await self.services.commit()
        try:
            step = await adapter.start_checkout(request)
        except ProviderUnavailable as error:
            await self._transition(payment, Status.FAILED, failure_reason=error.message[:200])
            raise ProviderUnavailable(error.said, keep_changes=True) from error
        if not await self._transition(payment, Status.PENDING):
            # Reconciliation failed it meanwhile: the provider took far longer than its timeout.
            raise ProviderUnavailable(Message("errors_payments.no_answer", provider=words.provider(provider)))
        form = s.CheckoutForm(action=step.action, fields=step.fields) if step.action else None
        return s.Checkout(payment=self.to_schema(payment), redirect_url=step.url, form=form)

    async def get(self, actor: m.User, payment_id: UUID) -> s.Payment:
        """A payment, for its payer or an admin; anyone else is told it does not exist."""
        payment = await self.session.get(m.Payment, payment_id)
        if payment is None or (payment.payer_id != actor.id and not is_admin(actor)):
            raise NotFound(Message("errors_payments.no_such_payment"))
        return self.to_schema(payment)

    # What providers tell us ------------------------------------------------------------------

    async def handle_callback(
        self, provider: m.PaymentProviderName, payload: Mapping[str, str]
    ) -> CallbackReply:
        """A server-to-server notification: kept, verified, applied at most once, answered."""
        outcome, _ = await self._receive(provider, payload, kind="callback")
        return self.adapter(provider).reply(accepted=outcome not in REJECTED)

    async def handle_return(self, provider: m.PaymentProviderName, params: Mapping[str, str]) -> BrowserStep:
        """The payer's browser coming back: a last step at the provider, or our payment page.
        Signed outcomes it carries are applied like callbacks (they are often the first to arrive)."""
        adapter = self.adapter(provider)
        step = adapter.browser_step(params)
        if step is not None:
            return step
        payment = None
        if params:
            _, payment = await self._receive(provider, params, kind="return")
        page = f"/payments/{payment.id}" if payment is not None else "/"
        return BrowserStep(url=f"{self.settings.public_url}{page}")

    async def _receive(
        self, provider: m.PaymentProviderName, payload: Mapping[str, str], *, kind: str
    ) -> tuple[str, m.Payment | None]:
        adapter = self.adapter(provider)
        check = adapter.verify_callback(payload)
        event = self._record(provider, kind, dict(payload), signature_valid=check.signature_valid)
        outcome, payment = await self._apply(adapter, check)
        event.outcome = outcome
        event.payment_id = payment.id if payment is not None else None
        await self.services.flush()
        if outcome in REJECTED:
            log.warning("%s %s rejected: %s", provider.value, kind, outcome)
        return outcome, payment

    async def _apply(self, adapter: PaymentProvider, check: CallbackCheck) -> tuple[str, m.Payment | None]:
        if check.report is None:
            return "unreadable", None
        if not (check.signature_valid or check.needs_inquiry):
            return "rejected_signature", None
        if check.needs_inquiry:
            return await self._apply_by_inquiry(adapter, check.report.reference)
        payment = await self._locked_with_target(m.Payment.merchant_reference == check.report.reference)
        if payment is None or payment.provider != adapter.name:
            return "unknown_reference", None
        return await self._settle(payment, check.report, amount_required=True), payment

    async def _apply_by_inquiry(
        self, adapter: PaymentProvider, reference: str
    ) -> tuple[str, m.Payment | None]:
        """A callback that is only a hint: ask the provider's status inquiry with no transaction open
        (what was received so far is committed first), then settle under the locks."""
        found = await self.session.scalar(
            sa.select(m.Payment).where(m.Payment.merchant_reference == reference)
        )
        if found is None or found.provider != adapter.name:
            return "unknown_reference", None
        await self.services.commit()
        answer = await adapter.query_status(found)
        payment = await self._locked_with_target(m.Payment.id == found.id)
        if payment is None:
            return "unknown_reference", None
        report = self._keep_inquiry(payment, answer)
        if report is None:
            return "unconfirmed", payment
        return await self._settle(payment, report, amount_required=False), payment

    def _keep_inquiry(self, payment: m.Payment, answer: ProviderAnswer) -> ProviderReport | None:
        """The provider's own word on a payment, kept as an event."""
        event = self._record(
            payment.provider, "inquiry", answer.raw, signature_valid=answer.report is not None
        )
        event.payment_id = payment.id
        event.outcome = answer.report.status.value if answer.report else "no_answer"
        return answer.report

    async def _settle(self, payment: m.Payment, report: ProviderReport, *, amount_required: bool) -> str:
        """Apply what the provider says, if it moves the payment on; say what was done."""
        if (amount_required or report.amount_pkr is not None) and report.amount_pkr != payment.amount_pkr:
            return "amount_mismatch"
        if report.status == ProviderStatus.PENDING:
            return "still_pending"
        if report.status == ProviderStatus.SUCCEEDED:
            return await self._succeed(payment, report)
        return await self._fail(payment, report)

    async def _succeed(self, payment: m.Payment, report: ProviderReport) -> str:
        if payment.status == Status.FAILED:
            # The provider took money for a payment Scene had failed (its target let go): it goes back.
            self.services.audit.record(
                None, "payment.paid_after_failure", "payment", payment.id, {"provider_txn_id": report.txn_id}
            )
            if payment.refund_requested_at is None:
                payment.provider_txn_id = payment.provider_txn_id or report.txn_id
                payment.provider_method = payment.provider_method or report.method
                self._request_refund(payment, reason="Paid after the payment had failed.", actor=None)
            return "paid_after_failure_refund_requested"
        moved = await self._transition(
            payment, Status.SUCCEEDED, provider_txn_id=report.txn_id, provider_method=report.method
        )
        if not moved:
            return "duplicate"
        if await self._target_confirms(payment):
            return "applied"
        self._request_refund(payment, reason="The booking or order could no longer be confirmed.", actor=None)
        return "applied_refund_requested"

    async def _fail(self, payment: m.Payment, report: ProviderReport) -> str:
        if payment.status in (Status.SUCCEEDED, Status.REFUNDED):
            return "ignored_out_of_order"
        reason = report.message[:200] or "Declined"
        if not await self._transition(payment, Status.FAILED, failure_reason=reason):
            return "duplicate"
        try:
            async with self.session.begin_nested():
                await target_for(self.services, payment.purpose).payment_failed(payment)
        except (DomainError, IntegrityError):
            log.exception("target of payment %s did not take its failure", payment.id)
        return "applied"

    async def _target_confirms(self, payment: m.Payment) -> bool:
        """Tell the target it is paid. It may refuse (its hold expired and the slot is taken), and
        a target already paid by another payment never takes a second one."""
        if await self._paid_by_another(payment):
            return False
        try:
            async with self.session.begin_nested():
                return await target_for(self.services, payment.purpose).payment_succeeded(payment)
        except (DomainError, IntegrityError):
            log.exception("target of payment %s refused it", payment.id)
            return False

    async def _paid_by_another(self, payment: m.Payment) -> bool:
        column = getattr(m.Payment, TARGET_COLUMNS[payment.purpose])
        other = await self.session.scalar(
            sa.select(m.Payment.id).where(
                column == target_id_of(payment),
                m.Payment.status == Status.SUCCEEDED,
                m.Payment.id != payment.id,
            )
        )
        return other is not None

    # Refunds ---------------------------------------------------------------------------------

    async def refund_for(
        self,
        *,
        booking_id: UUID | None = None,
        order_id: UUID | None = None,
        join_request_id: UUID | None = None,
        reason: str,
        actor: m.User | None,
    ) -> m.Payment | None:
        """Ask for the online payment of a booking, an order or an activity share being cancelled to be
        given back; the caller holds the target's lock and has decided the actor may cancel it. The
        request is recorded in the caller's transaction and the provider is asked once that commits,
        with no transaction open (`flow.send_refund`); `reconcile_payments` asks again for a request
        whose sending was interrupted or refused. None when nothing was paid online (pay at venue).
        Asking twice asks once."""
        targets = [
            (m.Payment.booking_id, booking_id),
            (m.Payment.order_id, order_id),
            (m.Payment.join_request_id, join_request_id),
        ]
        named = [(column, target) for column, target in targets if target is not None]
        if len(named) != 1:
            raise ValueError("refund_for needs exactly one of booking_id, order_id and join_request_id")
        column, target_id = named[0]
        payment = await self._locked(
            column == target_id,
            m.Payment.status.in_([Status.SUCCEEDED, Status.REFUNDED]),
        )
        if payment is not None and payment.status == Status.SUCCEEDED and payment.refund_requested_at is None:
            self._request_refund(payment, reason=reason, actor=actor)
        return payment

    def _request_refund(self, payment: m.Payment, *, reason: str, actor: m.User | None) -> None:
        """Record the wish to give the money back. A provider with a refund API is asked after the
        commit; one without makes it an ops task (`manual`) from the start."""
        payment.refund_requested_at = utcnow()
        payment.refund_reason = reason[:200]
        if not self.adapter(payment.provider).refunds_online:
            payment.refund_state = RefundState.MANUAL
            self.services.audit.record(
                actor, "payment.refund_manual", "payment", payment.id, refund_details(payment)
            )
            return
        payment.refund_state = RefundState.REQUESTED
        self._send_refund_after_commit(payment, actor)

    def _send_refund_after_commit(self, payment: m.Payment, actor: m.User | None) -> None:
        actor_id = actor.id if actor is not None else None
        self.services.after_commit.append(
            partial(flow.send_refund, self.services.runtime, payment.id, actor_id=actor_id)
        )

    async def claim_refund(self, payment_id: UUID) -> m.Payment | None:
        """Claim a requested refund for sending: one conditional update, so of two senders (the
        request's after-commit step and the job, or two jobs) exactly one gets it. None: nothing to
        send (already claimed, done, or waiting on ops)."""
        return await self.session.scalar(
            sa.update(m.Payment)
            .where(
                m.Payment.id == payment_id,
                m.Payment.status.in_(REFUNDABLE),
                m.Payment.refund_state == RefundState.REQUESTED,
            )
            .values(refund_state=RefundState.SENDING, refund_sent_at=utcnow())
            .returning(m.Payment)
            .execution_options(populate_existing=True)
        )

    async def unclaim_refund(self, payment_id: UUID) -> None:
        """The claimed refund never left (the provider could not be reached): requested again."""
        await self.session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment_id, m.Payment.refund_state == RefundState.SENDING)
            .values(refund_state=RefundState.REQUESTED)
        )

    async def abandon_stale_sends(self, before: datetime) -> int:
        """Refunds claimed before `before` whose answer was never recorded (the sender died or was
        cancelled mid-call): their request may have reached the provider, so they become `unknown`
        for ops, never sent again blindly."""
        abandoned = list(
            await self.session.scalars(
                sa.update(m.Payment)
                .where(m.Payment.refund_state == RefundState.SENDING, m.Payment.refund_sent_at < before)
                .values(refund_state=RefundState.UNKNOWN)
                .returning(m.Payment)
            )
        )
        for payment in abandoned:
            details = refund_details(payment) | {"message": "The sender stopped before the answer came."}
            self.services.audit.record(None, "payment.refund_unknown", "payment", payment.id, details)
        return len(abandoned)

    async def record_refund(self, payment_id: UUID, answer: RefundAnswer, *, actor_id: UUID | None) -> bool:
        """Keep the provider's answer to the refund this sender claimed. Done: the payment is refunded
        and the target told (its `paid` ends). Refused, unreadable or manual: the refund's state says
        so, for ops. Locks the target, then the payment, like every writer."""
        payment = await self._locked_with_target(m.Payment.id == payment_id)
        if payment is None:
            return False
        event = self._record(
            payment.provider, "refund", answer.raw, signature_valid=answer.outcome == RefundOutcome.DONE
        )
        event.payment_id = payment.id
        event.outcome = (
            "refunded" if answer.outcome == RefundOutcome.DONE else f"refund_{answer.outcome.value}"
        )
        if payment.refund_state != RefundState.SENDING:
            # Ops settled it, or the job gave it up as unknown, while this answer was on its way.
            event.outcome = "refund_answer_kept"
            return payment.status == Status.REFUNDED
        actor = await self.session.get(m.User, actor_id) if actor_id is not None else None
        if answer.outcome == RefundOutcome.DONE:
            return await self._refunded(payment, actor)
        payment.refund_state = RefundState(answer.outcome.value)
        details = refund_details(payment) | {"message": answer.message[:200]}
        self.services.audit.record(
            actor, f"payment.refund_{answer.outcome.value}", "payment", payment.id, details
        )
        return False

    async def _refunded(self, payment: m.Payment, actor: m.User | None, note: str = "") -> bool:
        """The money went back: the payment is refunded, and the target hears it if it had taken this
        payment (not one it refused because another had paid it, nor a payment that had failed)."""
        target_took_it = payment.status == Status.SUCCEEDED and not await self._paid_by_another(payment)
        if not await self._transition(
            payment, Status.REFUNDED, refund_state=RefundState.DONE, refund_note=note
        ):
            return payment.status == Status.REFUNDED
        self.services.audit.record(
            actor, "payment.refunded", "payment", payment.id, refund_details(payment) | {"note": note}
        )
        if target_took_it:
            async with self.session.begin_nested():
                await target_for(self.services, payment.purpose).payment_refunded(payment)
        return True

    async def settle_refund(self, actor: m.User, payment_id: UUID, data: s.RefundSettlement) -> s.Payment:
        """Ops close a refund the ledger could not finish alone: they gave the money back in the
        provider's portal (or found it went back) and say so with the portal's reference, or, for a
        provider with a refund API, they send it again once they have checked it did not go through."""
        require_admin(actor)
        payment = await self._locked_with_target(m.Payment.id == payment_id)
        if payment is None:
            raise NotFound(Message("errors_payments.no_such_payment"))
        if payment.status not in REFUNDABLE or payment.refund_state not in WAITING_ON_OPS:
            raise Conflict(Message("errors_payments.no_refund_to_settle"))
        if data.action == s.RefundAction.MARK_REFUNDED:
            if not data.note.strip():
                raise InvalidInput(Message("errors_payments.note_needed"), field="note")
            await self._refunded(payment, actor, note=data.note.strip())
        elif not self.adapter(payment.provider).refunds_online:
            raise Conflict(
                Message("errors_payments.refund_not_online", provider=words.provider(payment.provider))
            )
        else:
            # Asked now: the job, which sends requests older than a few minutes, leaves it to this one.
            payment.refund_state = RefundState.REQUESTED
            payment.refund_requested_at = utcnow()
            payment.refund_note = data.note
            self.services.audit.record(
                actor, "payment.refund_resent", "payment", payment.id, refund_details(payment)
            )
            self._send_refund_after_commit(payment, actor)
        await self.services.flush()
        return self.to_schema(payment)

    # Reconciliation ------------------------------------------------------------------------

    async def stale_pending(self, older_than: datetime) -> list[UUID]:
        """Pending payments started before `older_than`, whose callbacks may never come, and long enough
        ago that their provider answers inquiries about them (JazzCash: ten minutes)."""
        now = utcnow()
        old_enough = [
            sa.and_(
                m.Payment.provider == name,
                m.Payment.created_at < min(older_than, now - adapter.inquiry_after),
            )
            for name, adapter in ADAPTERS.items()
        ]
        return await self._ids_where(m.Payment.status == Status.PENDING, sa.or_(*old_enough))

    async def interrupted_checkouts(self, older_than: datetime) -> list[UUID]:
        """Checkouts recorded before `older_than` whose provider step never got recorded."""
        return await self._ids_where(m.Payment.status == Status.INITIATED, m.Payment.created_at < older_than)

    async def refunds_to_retry(self, older_than: datetime) -> list[UUID]:
        """Refunds requested before `older_than` and not sent (interrupted before the request left, or
        the provider could not be reached); never those waiting on ops."""
        return await self._ids_where(
            m.Payment.status.in_(REFUNDABLE),
            m.Payment.refund_state == RefundState.REQUESTED,
            m.Payment.refund_requested_at < older_than,
        )

    async def _ids_where(self, *conditions: sa.ColumnElement[bool]) -> list[UUID]:
        rows = await self.session.scalars(
            sa.select(m.Payment.id).where(*conditions).order_by(m.Payment.created_at)
        )
        return list(rows)

    async def fail_interrupted_checkout(self, payment_id: UUID) -> bool:
        """An initiated checkout whose provider step was never recorded: the payer never got the form,
        so nothing was paid; it fails."""
        payment = await self._locked(m.Payment.id == payment_id, m.Payment.status == Status.INITIATED)
        if payment is None:
            return False
        return await self._transition(payment, Status.FAILED, failure_reason="Checkout interrupted")

    async def pending(self, payment_id: UUID) -> m.Payment | None:
        return await self.session.scalar(
            sa.select(m.Payment).where(m.Payment.id == payment_id, m.Payment.status == Status.PENDING)
        )

    async def settle_from_inquiry(self, payment_id: UUID, answer: ProviderAnswer) -> str | None:
        """Keep a status inquiry's answer and settle the payment from it if it is still pending."""
        payment = await self._locked_with_target(
            m.Payment.id == payment_id, m.Payment.status == Status.PENDING
        )
        if payment is None:
            return None
        report = self._keep_inquiry(payment, answer)
        if report is None:
            return "unconfirmed"
        return await self._settle(payment, report, amount_required=False)

    # Pieces --------------------------------------------------------------------------------

    async def _locked_with_target(self, *conditions: sa.ColumnElement[bool]) -> m.Payment | None:
        """Lock what the payment pays for, then the payment: the order every other writer uses."""
        found = await self.session.scalar(
            sa.select(m.Payment).where(*conditions).order_by(m.Payment.created_at.desc()).limit(1)
        )
        if found is None:
            return None
        await target_for(self.services, found.purpose).lock_for_payment(target_id_of(found))
        return await self._locked(m.Payment.id == found.id, *conditions)

    async def _locked(self, *conditions: sa.ColumnElement[bool]) -> m.Payment | None:
        """The newest payment matching, locked for this transaction and read fresh."""
        return await self.session.scalar(
            sa.select(m.Payment)
            .where(*conditions)
            .order_by(m.Payment.created_at.desc())
            .limit(1)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def _transition(self, payment: m.Payment, to: Status, **changes: Any) -> bool:
        """Move a payment on, once. The update only matches the status we hold, so a writer that got
        there first leaves nothing to update; the unique (payment, to_status) key is the last line."""
        came_from = payment.status
        if not PAYMENTS.allows(came_from, to):
            return False
        stamps = {Status.SUCCEEDED: "succeeded_at", Status.REFUNDED: "refunded_at"}
        if to in stamps:
            changes[stamps[to]] = utcnow()
        moved = await self.session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment.id, m.Payment.status == came_from)
            .values(status=to, **changes)
            .returning(m.Payment.id)
        )
        if moved.first() is None:
            return False
        self.session.add(
            m.PaymentTransition(
                payment_id=payment.id,
                from_status=came_from,
                to_status=to,
                provider_txn_id=changes.get("provider_txn_id"),
            )
        )
        await self.services.flush()
        return True

    def _record(
        self, provider: m.PaymentProviderName, kind: str, payload: dict[str, Any], *, signature_valid: bool
    ) -> m.PaymentEvent:
        event = m.PaymentEvent(
            provider=provider, kind=kind, payload=payload, signature_valid=signature_valid, outcome="received"
        )
        self.session.add(event)
        return event

    @staticmethod
    def to_schema(payment: m.Payment) -> s.Payment:
        return from_row(s.Payment, payment, target_id=target_id_of(payment))

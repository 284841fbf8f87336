"""Split payment: each approved participant of an activity with a cost pays their share.

A share is the activity's `cost_pkr`, paid online through the payments ledger (purpose `share`,
target: the participant's join request; this service is that `PaymentTarget`) or marked "pay at
venue". The host sees who has paid. A share paid online is refunded when its participant leaves
more than `share_refund_hours` before the start, and when the activity is cancelled; a later
leaver's share is kept.

Races: a payment locks the join request row; leaving and cancelling lock the activity and then the
request rows, and read the share after the lock. A payment that lands after its participant left
(or the activity was cancelled) is refused, and the ledger refunds it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.activities.services import person_summary
from scene_api.domain.joins.services import with_requesters
from scene_api.domain.payments.targets import PaymentDetails
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.timezone import clock_on_day, utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

Method = m.PaymentMethod
Share = s.ShareStatus


def share_status(activity: m.Activity, request: m.JoinRequest) -> s.ShareStatus:
    if activity.cost_pkr == 0:
        return Share.NOTHING_DUE
    if request.share_paid_at is not None:
        return Share.PAID_ONLINE
    if request.share_method == Method.PAY_AT_VENUE:
        return Share.PAY_AT_VENUE
    return Share.UNPAID


class ShareService:
    """Also the payments ledger's `PaymentTarget` for purpose `share`."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    # The participant ------------------------------------------------------------------------

    async def mine(self, actor: m.User, activity_id: UUID) -> s.MyShare:
        activity = await self.services.activities.load(actor, activity_id)
        request = await self._approved(activity, actor)
        return self._my_share(activity, request)

    async def of_request(self, actor: m.User, request_id: UUID) -> s.MyShare:
        """The caller's share by their join request (what a share payment's target is), whatever the
        request's state now: the payment page links from a payment back to its activity."""
        request = await self.session.scalar(
            sa.select(m.JoinRequest).where(
                m.JoinRequest.id == request_id,
                m.JoinRequest.user_id == actor.id,
                m.JoinRequest.activity_id.is_not(None),
            )
        )
        if request is None:
            raise NotFound(Message("errors_activities.no_such_share"))
        activity = await self.session.get_one(m.Activity, request.activity_id)
        return self._my_share(activity, request)

    async def pay_at_venue(self, actor: m.User, activity_id: UUID) -> s.MyShare:
        """The participant will pay their share in cash at the venue."""
        activity = await self.services.activities.load(actor, activity_id)
        request = await self._approved(activity, actor, lock=True)
        self._check_payable(activity, request)
        request.share_method = Method.PAY_AT_VENUE
        return self._my_share(activity, request)

    def _my_share(self, activity: m.Activity, request: m.JoinRequest) -> s.MyShare:
        return s.MyShare(
            request_id=request.id,
            activity_id=activity.id,
            amount_pkr=activity.cost_pkr,
            status=share_status(activity, request),
            paid_at=request.share_paid_at,
            refundable_until=self._refundable_until(activity),
        )

    async def _approved(self, activity: m.Activity, actor: m.User, *, lock: bool = False) -> m.JoinRequest:
        query = sa.select(m.JoinRequest).where(
            m.JoinRequest.activity_id == activity.id,
            m.JoinRequest.user_id == actor.id,
            m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
        )
        request = await self.session.scalar(query.with_for_update() if lock else query)
        if request is None:
            raise NotFound(Message("errors_activities.not_in_activity"))
        return request

    def _check_payable(self, activity: m.Activity, request: m.JoinRequest) -> None:
        if activity.cost_pkr == 0:
            raise Conflict(Message("errors_activities.free"), code="nothing_to_pay")
        if activity.status != m.ActivityStatus.OPEN or activity.starts_at <= utcnow():
            raise Conflict(Message("errors_activities.not_open"), code="activity_closed")
        if request.share_paid_at is not None:
            raise Conflict(Message("errors_activities.share_paid"), code="already_paid")

    def _refundable_until(self, activity: m.Activity) -> datetime:
        return activity.starts_at - timedelta(hours=self.settings.share_refund_hours)

    # The host -------------------------------------------------------------------------------

    async def overview(self, host: m.User, activity_id: UUID) -> s.ActivityPayments:
        """Every approved participant and where their share stands, in the order they joined."""
        activity = await self.services.activities.load_hosted(host, activity_id)
        rows = (
            await self.session.execute(
                with_requesters(
                    m.JoinRequest.activity_id == activity.id,
                    m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
                ).order_by(m.JoinRequest.decided_at, m.JoinRequest.id)
            )
        ).tuples()
        items = [
            s.ParticipantPayment(
                request_id=request.id,
                person=person_summary(user),
                status=share_status(activity, request),
                amount_pkr=activity.cost_pkr,
                paid_at=request.share_paid_at,
            )
            for request, user in rows
        ]
        counts = {status: sum(1 for item in items if item.status == status) for status in Share}
        return s.ActivityPayments(
            activity_id=activity.id,
            cost_pkr=activity.cost_pkr,
            items=items,
            paid_online=counts[Share.PAID_ONLINE],
            pay_at_venue=counts[Share.PAY_AT_VENUE],
            unpaid=counts[Share.UNPAID],
            collected_online_pkr=counts[Share.PAID_ONLINE] * activity.cost_pkr,
            to_collect_at_venue_pkr=counts[Share.PAY_AT_VENUE] * activity.cost_pkr,
        )

    async def check_cost_can_change(self, activity: m.Activity) -> None:
        paid = await self.session.scalar(
            sa.select(
                sa.exists().where(
                    m.JoinRequest.activity_id == activity.id,
                    m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
                    m.JoinRequest.share_paid_at.is_not(None),
                )
            )
        )
        if paid:
            raise Conflict(
                Message("errors_activities.cost_locked"),
                code="shares_paid",
            )

    # Refunds ----------------------------------------------------------------------------------

    async def left(self, activity: m.Activity, request: m.JoinRequest, actor: m.User) -> None:
        """A participant left (the caller holds the activity and request locks): a share paid online
        is refunded when they left early enough."""
        if request.share_paid_at is None or utcnow() > self._refundable_until(activity):
            return
        await self.services.payments.refund_for(
            join_request_id=request.id, reason="Left the activity in time.", actor=actor
        )

    async def refund_all(self, activity: m.Activity, *, actor: m.User | None) -> None:
        """The activity was cancelled (the caller holds its lock): every share paid online goes back."""
        requests = await self.session.scalars(
            sa.select(m.JoinRequest)
            .where(
                m.JoinRequest.activity_id == activity.id,
                m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
            )
            .order_by(m.JoinRequest.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        for request in requests.all():
            if request.share_paid_at is not None:
                await self.services.payments.refund_for(
                    join_request_id=request.id, reason="The activity was cancelled.", actor=actor
                )

    # Payments (the PaymentTarget contract) ---------------------------------------------------

    async def payment_details(self, payer: m.User, target_id: UUID) -> PaymentDetails:
        request = await self.session.scalar(
            sa.select(m.JoinRequest)
            .where(
                m.JoinRequest.id == target_id,
                m.JoinRequest.user_id == payer.id,
                m.JoinRequest.activity_id.is_not(None),
            )
            .with_for_update()
        )
        if request is None or request.status != m.JoinRequestStatus.APPROVED:
            raise NotFound(Message("errors_activities.no_share_to_pay"))
        activity = await self.session.get_one(m.Activity, request.activity_id)
        self._check_payable(activity, request)
        return PaymentDetails(
            amount_pkr=activity.cost_pkr,
            description=f"Share: {activity.title[:60]}, {clock_on_day(activity.starts_at)}",
            expires_at=activity.starts_at,
        )

    async def lock_for_payment(self, target_id: UUID) -> None:
        """The activity first, then the participant's request: the order withdrawals lock them in."""
        activity_id = (
            sa.select(m.JoinRequest.activity_id).where(m.JoinRequest.id == target_id).scalar_subquery()
        )
        await self.session.execute(
            sa.select(m.Activity.id).where(m.Activity.id == activity_id).with_for_update()
        )
        await self.session.execute(
            sa.select(m.JoinRequest.id).where(m.JoinRequest.id == target_id).with_for_update()
        )

    async def payment_succeeded(self, payment: m.Payment) -> bool:
        """Mark the share paid; False (the ledger refunds) when its participant left or the activity
        is no longer open."""
        request = await self.session.scalar(
            sa.select(m.JoinRequest)
            .where(m.JoinRequest.id == payment.join_request_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if request is None or request.status != m.JoinRequestStatus.APPROVED or request.share_paid_at:
            return False
        activity = await self.session.get_one(m.Activity, request.activity_id)
        if activity.status != m.ActivityStatus.OPEN:
            return False
        request.share_method = Method.ONLINE
        request.share_paid_at = utcnow()
        return True

    async def payment_failed(self, payment: m.Payment) -> None:
        """Nothing to do: the share stays unpaid and the participant may try again."""

    async def payment_refunded(self, payment: m.Payment) -> None:
        """The share's money went back: it no longer reads as paid."""
        await self.session.execute(
            sa.update(m.JoinRequest)
            .where(m.JoinRequest.id == payment.join_request_id)
            .values(share_paid_at=None)
        )

"""Delivering one recorded message: claim it, call the provider outside any transaction, record.

1. Claim (a short transaction): `queued` -> `sending`, only if still queued and due, so a second job
   for the same message finds nothing to do; the daily cap is counted here, atomically.
2. Call the provider with no transaction open and no row locked.
3. Record (another short transaction): `sent` with the provider's id (and any report that beat us
   to it), or `failed` and the next channel, or back to `queued` with a later retry.
A job killed between 1 and 3 leaves the message `sending`; `requeue_stalled` queues it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.messaging import routing
from scene_api.domain.messaging.channels.base import (
    Channel,
    OutgoingMessage,
    ProviderError,
    ProviderRejected,
    ProviderUnavailable,
    PushTarget,
    SendResult,
    SubscriptionGone,
)
from scene_api.domain.messaging.channels.registry import sms_gateways, web_push, whatsapp
from scene_api.domain.messaging.services import report_lock
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services

log = logging.getLogger("scene.messaging")

MAX_ATTEMPTS = 4
RETRY_BASE_SECONDS = 20
"""A message whose provider was unavailable is tried again after 20 s, 40 s, 80 s, then fails over."""
STALLED_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Claim:
    delivery_id: UUID
    channel: Channel
    message: OutgoingMessage
    phone: str | None
    push_targets: list[PushTarget]


@dataclass(frozen=True)
class Outcome:
    result: SendResult | None = None
    error: ProviderError | None = None
    gone_endpoints: tuple[str, ...] = ()


async def deliver(runtime: Runtime, delivery_id: UUID) -> str:
    """Deliver one message; returns what happened (for the job's log)."""
    claim = await _claim(runtime, delivery_id)
    if claim is None:
        return "nothing to do"
    outcome = await _send(runtime, claim)
    return await _record(runtime, claim, outcome)


async def _claim(runtime: Runtime, delivery_id: UUID) -> Claim | None:
    async with provide_services(runtime) as services:
        session = services.session
        delivery = await session.scalar(
            sa.update(m.MessageDelivery)
            .where(
                m.MessageDelivery.id == delivery_id,
                m.MessageDelivery.status == m.DeliveryStatus.QUEUED,
                sa.or_(m.MessageDelivery.not_before.is_(None), m.MessageDelivery.not_before <= sa.func.now()),
            )
            .values(
                status=m.DeliveryStatus.SENDING,
                attempts=m.MessageDelivery.attempts + 1,
                updated_at=sa.func.now(),
            )
            .returning(m.MessageDelivery)
        )
        if delivery is None:
            return None
        member = await session.get(m.User, delivery.user_id) if delivery.user_id else None
        over_cap = (
            member is not None
            and delivery.attempts == 1
            and not delivery.essential
            and not await _count_against_cap(session, member, runtime.settings.messages_daily_cap)
        )
        if over_cap:
            delivery.status = m.DeliveryStatus.SKIPPED
            delivery.error_code = "daily_cap"
            return None
        cipher = services.messaging.cipher
        phone_ciphertext = delivery.phone_ciphertext or (member.phone_ciphertext if member else None)
        targets: list[PushTarget] = []
        if delivery.channel == Channel.PUSH and member is not None:
            rows = await session.scalars(
                sa.select(m.PushSubscription).where(m.PushSubscription.user_id == member.id)
            )
            targets = [PushTarget(row.endpoint, row.p256dh, row.auth) for row in rows]
        return Claim(
            delivery_id=delivery.id,
            channel=delivery.channel,
            message=services.messaging.content_of(delivery),
            phone=cipher.decrypt(phone_ciphertext) if phone_ciphertext else None,
            push_targets=targets,
        )


async def _count_against_cap(session: AsyncSession, member: m.User, cap: int) -> bool:
    """Count one more non-essential message for the member's day; False when the cap is reached.
    One statement (an upsert that only adds below the cap), so concurrent jobs cannot pass it."""
    day = routing.local_day(utcnow(), routing.zone_of(member.time_zone))
    table = m.MessageDailyCount.__table__
    counted = await session.execute(
        insert(m.MessageDailyCount)
        .values(user_id=member.id, day=day, sent=1)
        .on_conflict_do_update(
            constraint="uq_message_daily_counts_member_day",
            set_={"sent": table.c.sent + 1, "updated_at": sa.func.now()},
            where=table.c.sent < cap,
        )
        .returning(m.MessageDailyCount.sent)
    )
    return counted.scalar() is not None


async def _send(runtime: Runtime, claim: Claim) -> Outcome:
    """The provider call: no transaction is open here."""
    try:
        if claim.channel == Channel.PUSH:
            return await _send_push(runtime, claim)
        if claim.phone is None:
            return Outcome(error=ProviderRejected("scene", "no phone number to send to", code="no_phone"))
        if claim.channel == Channel.WHATSAPP:
            return Outcome(result=await whatsapp(runtime).send(claim.phone, claim.message))
        return Outcome(result=await _send_sms(runtime, claim.phone, claim.message))
    except ProviderError as error:
        return Outcome(error=error)


async def _send_sms(runtime: Runtime, phone: str, message: OutgoingMessage) -> SendResult:
    """The gateways in order: one that is unavailable passes the message to the next."""
    unavailable: ProviderUnavailable | None = None
    for gateway in sms_gateways(runtime):
        try:
            return await gateway.send(phone, message)
        except ProviderUnavailable as error:
            log.warning("SMS gateway %s unavailable: %s", gateway.name, error.message)
            unavailable = error
    raise unavailable or ProviderRejected("scene", "no SMS gateway configured", code="no_gateway")


async def _send_push(runtime: Runtime, claim: Claim) -> Outcome:
    """Every device the member subscribed; sent when any took it. Dead subscriptions are removed."""
    adapter = web_push(runtime)
    result: SendResult | None = None
    gone: list[str] = []
    error: ProviderError | None = None
    for target in claim.push_targets:
        try:
            sent = await adapter.send(target, claim.message)
            result = result or sent
        except SubscriptionGone:
            gone.append(target.endpoint)
        except ProviderError as problem:
            error = problem
    if result is None and error is None:
        error = ProviderRejected("webpush", "no live push subscription", code="no_subscription")
    return Outcome(result=result, error=None if result else error, gone_endpoints=tuple(gone))


async def _record(runtime: Runtime, claim: Claim, outcome: Outcome) -> str:
    async with provide_services(runtime) as services:
        session = services.session
        for endpoint in outcome.gone_endpoints:
            await services.push_subscriptions.remove_gone(endpoint)
        result = outcome.result
        if result is not None and result.provider_message_id:
            await session.execute(report_lock(result.provider, result.provider_message_id))
        delivery = await session.scalar(
            sa.select(m.MessageDelivery).where(m.MessageDelivery.id == claim.delivery_id).with_for_update()
        )
        if delivery is None or delivery.status != m.DeliveryStatus.SENDING:
            return "already settled"
        if result is not None:
            delivery.provider = result.provider
            delivery.provider_message_id = result.provider_message_id
            delivery.cost, delivery.currency = result.cost, result.currency
            await services.messaging.apply_report(delivery, result.status)
            if result.provider_message_id:
                await services.messaging.apply_early_reports(delivery)
            if claim.channel == Channel.PUSH:
                await session.execute(
                    sa.update(m.PushSubscription)
                    .where(m.PushSubscription.user_id == delivery.user_id)
                    .where(m.PushSubscription.endpoint.notin_(outcome.gone_endpoints))
                    .values(last_success_at=utcnow())
                )
            return f"sent by {result.provider}"
        error = outcome.error
        assert error is not None
        delivery.provider = error.provider[:20]
        delivery.error_code = (error.code or type(error).__name__)[:40]
        delivery.error_message = error.message[:300]
        if isinstance(error, ProviderUnavailable) and delivery.attempts < MAX_ATTEMPTS:
            delivery.status = m.DeliveryStatus.QUEUED
            retry_at = utcnow() + timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1))
            services.jobs.add(
                "deliver_message",
                key=f"deliver:{delivery.id}:{delivery.attempts}",
                scheduled=retry_at.timestamp(),
                delivery_id=str(delivery.id),
            )
            return f"retry at {retry_at.isoformat()}"
        await services.messaging.apply_report(delivery, m.DeliveryStatus.FAILED)
        return f"failed: {delivery.error_code}"


async def check_code(runtime: Runtime, delivery_id: UUID) -> str:
    """A code not delivered within `code_fallback_seconds` goes on the next channel too."""
    async with provide_services(runtime) as services:
        delivery = await services.session.scalar(
            sa.select(m.MessageDelivery).where(m.MessageDelivery.id == delivery_id).with_for_update()
        )
        if delivery is None or delivery.status in (m.DeliveryStatus.DELIVERED, m.DeliveryStatus.READ):
            return "delivered in time"
        fallback = await services.messaging.fall_back(delivery)
        return f"fell back ({fallback})" if fallback else "no other channel"


async def requeue_stalled(runtime: Runtime) -> int:
    """Messages nobody is working on go again: left `sending` by a job that died mid-call (at least
    once, not at most), or left `queued` past their time because their job never reached the queue
    (Redis was down when the request that recorded them committed)."""
    stale = utcnow() - STALLED_AFTER
    interrupted = m.MessageDelivery.status == m.DeliveryStatus.SENDING
    forgotten = sa.and_(
        m.MessageDelivery.status == m.DeliveryStatus.QUEUED,
        sa.func.coalesce(m.MessageDelivery.not_before, m.MessageDelivery.created_at) < stale,
    )
    async with provide_services(runtime) as services:
        stalled = list(
            await services.session.scalars(
                sa.update(m.MessageDelivery)
                .where(m.MessageDelivery.updated_at < stale, sa.or_(interrupted, forgotten))
                .values(status=m.DeliveryStatus.QUEUED, updated_at=sa.func.now())
                .returning(m.MessageDelivery.id)
            )
        )
        for delivery_id in stalled:
            services.jobs.add(
                "deliver_message",
                key=f"deliver:{delivery_id}:again:{int(utcnow().timestamp())}",
                delivery_id=str(delivery_id),
            )
        return len(stalled)

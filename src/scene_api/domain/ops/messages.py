"""Message delivery as the ops page sees it: counts per channel, kind and status from one aggregate
query, what the providers charged, the commonest error codes and the latest refused callbacks.

Never anything a message said or whom it went to: no content, no phone numbers, no webhook bodies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.ops import schemas as s
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput
from scene_api.lib.timezone import at_local_minute, to_local

MAX_DAYS = 90
ERRORS_SHOWN = 8
REJECTED_SHOWN = 10

SETTLED = (
    m.DeliveryStatus.SENT,
    m.DeliveryStatus.DELIVERED,
    m.DeliveryStatus.READ,
    m.DeliveryStatus.FAILED,
)
"""A provider has had its say: the message left, and we know where it stands."""
REACHED: dict[m.Channel, frozenset[m.DeliveryStatus]] = {
    m.Channel.SMS: frozenset({m.DeliveryStatus.DELIVERED, m.DeliveryStatus.READ}),
    m.Channel.WHATSAPP: frozenset({m.DeliveryStatus.DELIVERED, m.DeliveryStatus.READ}),
    m.Channel.PUSH: frozenset({m.DeliveryStatus.SENT, m.DeliveryStatus.DELIVERED, m.DeliveryStatus.READ}),
}
"""What counts as reaching the person. Push services never report delivery, so for push a message the
push service accepted is as far as anyone can know."""


def period_start(days: int, now: datetime) -> datetime:
    """Local (Pakistan) midnight `days - 1` days before `now`'s day: 1 is today, 7 the last week."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(Message("errors_ops.days_out_of_range", most=MAX_DAYS), field="days")
    return at_local_minute(to_local(now).date() - timedelta(days=days - 1), 0)


def first_uuid7_at(moment: datetime) -> UUID:
    """The smallest UUIDv7 made at `moment`. Ids begin with their creation millisecond, so
    `id >= first_uuid7_at(t)` finds the rows made since t on the primary key's index (for tables, like
    rejected_webhooks, with no index on created_at)."""
    millis = int(moment.timestamp() * 1000)
    return UUID(int=(millis << 80) | (0x7 << 76) | (0b10 << 62))


def error_code_of(code: str | None) -> str:
    """A failure whose provider gave no code reads `unknown`."""
    return code or "unknown"


def delivery_counts(channel: m.Channel, by_status: Mapping[m.DeliveryStatus, int]) -> s.DeliveryCounts:
    settled = sum(by_status.get(status, 0) for status in SETTLED)
    reached = sum(by_status.get(status, 0) for status in REACHED[channel])
    return s.DeliveryCounts(
        queued=by_status.get(m.DeliveryStatus.QUEUED, 0),
        sending=by_status.get(m.DeliveryStatus.SENDING, 0),
        sent=by_status.get(m.DeliveryStatus.SENT, 0),
        delivered=by_status.get(m.DeliveryStatus.DELIVERED, 0),
        read=by_status.get(m.DeliveryStatus.READ, 0),
        failed=by_status.get(m.DeliveryStatus.FAILED, 0),
        skipped=by_status.get(m.DeliveryStatus.SKIPPED, 0),
        total=sum(by_status.values()),
        delivery_rate=reached / settled if settled else None,
    )


class CostTally:
    """Sums of reported prices per currency."""

    def __init__(self) -> None:
        self.amounts: dict[str, Decimal] = defaultdict(Decimal)
        self.messages: Counter[str] = Counter()

    def add(self, currency: str, amount: Decimal, messages: int) -> None:
        self.amounts[currency] += amount
        self.messages[currency] += messages

    def listed(self) -> list[s.ProviderCost]:
        return [
            s.ProviderCost(currency=currency, amount=self.amounts[currency], messages=self.messages[currency])
            for currency in sorted(self.amounts)
        ]


async def message_stats(session: AsyncSession, days: int, now: datetime) -> s.MessageStats:
    since = period_start(days, now)
    delivery = m.MessageDelivery
    rows = await session.execute(
        sa.select(
            delivery.channel,
            delivery.kind,
            delivery.status,
            delivery.currency,
            sa.func.count(),
            sa.func.sum(delivery.cost),
            sa.func.count(delivery.cost),
        )
        .where(delivery.created_at >= since)
        .group_by(delivery.channel, delivery.kind, delivery.status, delivery.currency)
    )
    per_channel: dict[m.Channel, Counter[m.DeliveryStatus]] = {channel: Counter() for channel in m.Channel}
    per_kind: dict[m.Channel, dict[str, Counter[m.DeliveryStatus]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    channel_costs: dict[m.Channel, CostTally] = defaultdict(CostTally)
    all_costs = CostTally()
    for channel, kind, status, currency, count, amount, priced in rows:
        per_channel[channel][status] += count
        per_kind[channel][kind][status] += count
        if currency is not None and amount is not None:
            channel_costs[channel].add(currency, amount, priced)
            all_costs.add(currency, amount, priced)
    channels = [
        s.ChannelDelivery(
            channel=channel,
            counts=delivery_counts(channel, by_status),
            costs=channel_costs[channel].listed(),
            kinds=[
                s.KindDelivery(kind=kind, counts=delivery_counts(channel, kind_statuses))
                for kind, kind_statuses in sorted(
                    per_kind[channel].items(), key=lambda item: (-item[1].total(), item[0])
                )
            ],
        )
        for channel, by_status in per_channel.items()
    ]
    return s.MessageStats(
        days=days,
        since=since,
        channels=channels,
        costs=all_costs.listed(),
        errors=await _commonest_errors(session, since),
        rejected_webhooks=await _latest_rejected(session, since),
    )


async def _commonest_errors(session: AsyncSession, since: datetime) -> list[s.ErrorCount]:
    delivery = m.MessageDelivery
    count = sa.func.count().label("count")
    rows = await session.execute(
        sa.select(delivery.channel, delivery.provider, delivery.error_code, count)
        .where(delivery.created_at >= since, delivery.status == m.DeliveryStatus.FAILED)
        .group_by(delivery.channel, delivery.provider, delivery.error_code)
        .order_by(count.desc(), delivery.error_code)
        .limit(ERRORS_SHOWN)
    )
    return [
        s.ErrorCount(channel=channel, provider=provider, error_code=error_code_of(code), count=n)
        for channel, provider, code, n in rows
    ]


async def _latest_rejected(session: AsyncSession, since: datetime) -> list[s.RejectedWebhookEntry]:
    rejected = m.RejectedWebhook
    rows = await session.execute(
        sa.select(rejected.provider, rejected.reason, rejected.remote_addr, rejected.created_at)
        .where(rejected.id >= first_uuid7_at(since))
        .order_by(rejected.id.desc())
        .limit(REJECTED_SHOWN)
    )
    return [
        s.RejectedWebhookEntry(provider=provider, reason=reason, remote_addr=addr, received_at=at)
        for provider, reason, addr, at in rows
    ]

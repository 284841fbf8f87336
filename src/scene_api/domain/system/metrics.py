"""/metrics: Prometheus text format, with state counts read from the database at scrape time.

What the worker does (messages it delivered) is read from the database too, so every API replica
reports the same numbers whichever process sent the message.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from litestar import Controller, Response, get
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest

from scene_api.db import models as m
from scene_api.domain.ops.messages import error_code_of, first_uuid7_at
from scene_api.lib.metrics import MESSAGE_FAILURES, MESSAGES, REJECTED_WEBHOOKS, ROWS_BY_STATUS
from scene_api.lib.timezone import utcnow
from scene_api.services import Services

COUNTED: dict[str, tuple[Any, type[enum.Enum]]] = {
    "bookings": (m.Booking.status, m.BookingStatus),
    "payments": (m.Payment.status, m.PaymentStatus),
    "orders": (m.Order.status, m.OrderStatus),
    "join_requests": (m.JoinRequest.status, m.JoinRequestStatus),
}
"""Every status is reported, 0 when no row has it (a count that drops to nothing must read 0, not
its last value)."""
MESSAGE_WINDOW = timedelta(hours=1)
"""Messages are counted over the last hour: `created_at` is indexed (and rejected webhooks are found
by their time-ordered ids), so a scrape reads one hour of rows however large the tables grow."""

Sample = tuple[tuple[str, ...], float]


class MetricsService:
    def __init__(self, services: Services) -> None:
        self.session = services.session

    async def refresh(self) -> None:
        """Read everything first, then set the gauges with no await in between, so a concurrent
        scrape never reads a gauge half set."""
        samples = {
            ROWS_BY_STATUS: await self._status_counts(),
            **await self._message_counts(),
        }
        for gauge, values in samples.items():
            _replace(gauge, values)

    async def _status_counts(self) -> list[Sample]:
        samples: list[Sample] = []
        for kind, (status, statuses) in COUNTED.items():
            counts: dict[Any, int] = dict(
                (await self.session.execute(sa.select(status, sa.func.count()).group_by(status))).all()
            )
            samples += [((kind, str(value.value)), counts.get(value, 0)) for value in statuses]
        return samples

    async def _message_counts(self) -> dict[Gauge, list[Sample]]:
        since = utcnow() - MESSAGE_WINDOW
        delivery = m.MessageDelivery
        by_status = await self.session.execute(
            sa.select(delivery.channel, delivery.provider, delivery.status, sa.func.count())
            .where(delivery.created_at >= since)
            .group_by(delivery.channel, delivery.provider, delivery.status)
        )
        failures = await self.session.execute(
            sa.select(delivery.channel, delivery.provider, delivery.error_code, sa.func.count())
            .where(delivery.created_at >= since, delivery.status == m.DeliveryStatus.FAILED)
            .group_by(delivery.channel, delivery.provider, delivery.error_code)
        )
        rejected = await self.session.execute(
            sa.select(m.RejectedWebhook.provider, sa.func.count())
            .where(m.RejectedWebhook.id >= first_uuid7_at(since))
            .group_by(m.RejectedWebhook.provider)
        )
        return {
            MESSAGES: [
                ((channel.value, provider, status.value), n) for channel, provider, status, n in by_status
            ],
            MESSAGE_FAILURES: [
                ((channel.value, provider, error_code_of(code)), n) for channel, provider, code, n in failures
            ],
            REJECTED_WEBHOOKS: [((provider,), n) for provider, n in rejected],
        }


def _replace(gauge: Gauge, samples: Iterable[Sample]) -> None:
    """Make `gauge` hold exactly `samples`: a series with no rows behind it any more goes away."""
    gauge.clear()
    for labels, value in samples:
        gauge.labels(*labels).set(value)


class MetricsController(Controller):
    path = "/metrics"
    tags = ["system"]
    include_in_schema = False

    @get("/", summary="Prometheus metrics")
    async def metrics(self, services: Services) -> Response[bytes]:
        await MetricsService(services).refresh()
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

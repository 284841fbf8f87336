"""Message deliveries and refused callbacks written straight to the database, for the ops page's tests
and screenshots (the pipeline that normally writes them has its own tests)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import count

from scene_api.db import models as m
from scene_api.domain.messaging import routing
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from tests.factories import MessageDeliveryFactory

_keys = count()


def delivery(
    channel: m.Channel,
    kind: str,
    status: m.DeliveryStatus,
    *,
    provider: str = "",
    cost: str | None = None,
    currency: str | None = None,
    error_code: str | None = None,
    created_at: datetime | None = None,
) -> m.MessageDelivery:
    """One message on one channel to nobody in particular; `cost` is the provider's reported price as
    a decimal string."""
    return MessageDeliveryFactory.build(
        user=None,
        kind=kind,
        category=routing.category_of(kind).value,
        channel=channel,
        provider=provider,
        status=status,
        idempotency_key=f"test:{next(_keys)}|{channel.value}",
        cost=Decimal(cost) if cost is not None else None,
        currency=currency,
        error_code=error_code,
        created_at=created_at or utcnow(),
    )


async def store(runtime: Runtime, *rows: m.MessageDelivery | m.RejectedWebhook) -> None:
    async with runtime.session_factory() as session:
        session.add_all(rows)
        await session.commit()

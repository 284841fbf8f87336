"""Helpers for the event, order and check-in tests: an event to post, hosting it, buying tickets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.runtime import Runtime


def event_payload(**overrides: Any) -> dict[str, Any]:
    """A valid event to POST: a qawwali night in Lahore the day after tomorrow at 8 pm, one free tier."""
    start = (
        (utcnow() + timedelta(days=2)).astimezone(KARACHI).replace(hour=20, minute=0, second=0, microsecond=0)
    )
    return {
        "title": "Qawwali night under the stars",
        "description": "Sufi kalam till late. Chai and samosas on the house.",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "capacity": 100,
        "place_name": "Alhamra Open Air Theatre",
        "city": "Lahore",
        "lat": 31.5580,
        "lng": 74.3290,
        "tiers": [{"name": "General", "price_pkr": 0, "quantity": 50}],
    } | overrides


def tier(name: str = "General", price_pkr: int = 0, quantity: int = 50, **extra: Any) -> dict[str, Any]:
    return {"name": name, "price_pkr": price_pkr, "quantity": quantity, **extra}


async def host_event(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/events", json=event_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    event: dict[str, Any] = response.json()
    return event


async def buy(
    client: Any,
    event: dict[str, Any],
    headers: dict[str, str],
    *,
    tier_index: int = 0,
    quantity: int = 1,
    **extra: Any,
) -> Any:
    """POST an order for `quantity` tickets of the event's `tier_index`th tier; answers the response."""
    return await client.post(
        f"/api/v1/events/{event['id']}/orders",
        json={"tier_id": event["tiers"][tier_index]["id"], "quantity": quantity, **extra},
        headers=headers,
    )


async def sold(runtime: Runtime, event_id: str) -> tuple[int, list[int]]:
    """The event's `tickets_sold` and each tier's `sold`, straight from the database."""
    async with runtime.session_factory() as session:
        event = await session.get_one(m.Event, event_id)
        tiers = (
            await session.scalars(
                sa.select(m.TicketTier.sold)
                .where(m.TicketTier.event_id == event.id)
                .order_by(m.TicketTier.position)
            )
        ).all()
    return event.tickets_sold, list(tiers)


async def notifications_of(runtime: Runtime, user_id: Any, kind: str) -> list[m.Notification]:
    async with runtime.session_factory() as session:
        return list(
            await session.scalars(
                sa.select(m.Notification)
                .where(m.Notification.user_id == user_id, m.Notification.kind == kind)
                .order_by(m.Notification.created_at)
            )
        )


async def make_overdue(runtime: Runtime, order_id: str) -> None:
    """Move a reservation's deadline into the past, as if its minutes had run out."""
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Order)
            .where(m.Order.id == order_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()

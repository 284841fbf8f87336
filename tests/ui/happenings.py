"""Events, orders and payments the page tests arrange, through the real services (no page involved)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.events import schemas as events_s
from scene_api.domain.payments import schemas as payments_s
from scene_api.domain.venues.schemas import Duration
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.events import event_payload
from tests.payments.ledger import signed_callback


async def host_event(
    runtime: Runtime,
    host: m.User,
    title: str = "Qawwali night under the stars",
    *,
    tiers: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> events_s.Event:
    """A published event (tests/events.py's: the day after tomorrow at 8 pm in Lahore, one free tier)."""
    payload = event_payload(title=title, **fields)
    if tiers is not None:
        payload["tiers"] = tiers
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        return await services.events.create(actor, msgspec.convert(payload, events_s.EventCreate))


async def buy(
    runtime: Runtime, buyer: m.User, event: events_s.Event, quantity: int = 1, **fields: Any
) -> events_s.Order:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, buyer.id)
        return await services.orders.reserve(
            actor, event.id, events_s.OrderCreate(tier_id=event.tiers[0].id, quantity=quantity, **fields)
        )


async def checkout(
    runtime: Runtime, payer: m.User, purpose: m.PaymentPurpose, target_id: UUID, provider: str = "jazzcash"
) -> payments_s.Checkout:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, payer.id)
        return await services.payments.start_checkout(
            actor, purpose=purpose, target_id=target_id, provider=m.PaymentProviderName(provider)
        )


async def provider_says(runtime: Runtime, payment: payments_s.Payment, *, paid: bool) -> None:
    """The provider's signed callback for the payment: paid, or declined."""
    fields = signed_callback(
        runtime.settings, payment.provider.value, payment.merchant_reference, payment.amount_pkr, paid=paid
    )
    async with provide_services(runtime) as services:
        await services.payments.handle_callback(payment.provider, fields)


async def hold(
    runtime: Runtime, member: m.User, court_id: UUID, starts_at: Any, duration: Duration = 60
) -> bookings_s.Booking:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, member.id)
        return await services.bookings.hold(
            actor, bookings_s.BookingCreate(court_id=court_id, starts_at=starts_at, duration_minutes=duration)
        )

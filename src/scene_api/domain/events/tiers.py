"""Ticket tiers: what an event sells, at what price, how many, and when; and what is left of each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.i18n import Message, words
from scene_api.lib.errors import Conflict, InvalidInput
from scene_api.lib.mapping import from_row, new_row
from scene_api.lib.rows import lock_one
from scene_api.lib.timezone import utcnow
from scene_api.lib.updates import apply_changes, fields_set

if TYPE_CHECKING:
    from scene_api.services import Services

NO_SUCH_TIER = Message("errors_events.no_such_tier")


@dataclass
class Held:
    """Tickets kept back, per tier, for members holding a live waitlist offer."""

    by_tier: dict[UUID, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_tier.values())


def available(event: m.Event, tier: m.TicketTier, held: Held) -> int:
    """Tickets of `tier` one may still reserve: within the tier's quantity and the event's capacity,
    less those held for waitlist offers."""
    in_tier = tier.quantity - tier.sold - held.by_tier.get(tier.id, 0)
    in_event = event.capacity - event.tickets_sold - held.total
    return max(0, min(in_tier, in_event))


def on_sale(tier: m.TicketTier, now: datetime) -> bool:
    return (tier.sales_start is None or tier.sales_start <= now) and (
        tier.sales_end is None or now < tier.sales_end
    )


class TierService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def tiers_of(self, events: Sequence[m.Event], viewer: m.User | None) -> dict[UUID, list[s.Tier]]:
        """Each event's tiers in the host's order, with what `viewer` may still buy of each."""
        tiers: dict[UUID, list[s.Tier]] = {event.id: [] for event in events}
        if not events:
            return tiers
        rows = await self.session.scalars(
            sa.select(m.TicketTier)
            .where(m.TicketTier.event_id.in_(tiers))
            .order_by(m.TicketTier.position, m.TicketTier.created_at)
        )
        held = await self.services.event_waitlist.held(list(tiers), excluding=viewer)
        by_id = {event.id: event for event in events}
        now = utcnow()
        for tier in rows:
            event = by_id[tier.event_id]
            tiers[event.id].append(self.to_schema(event, tier, held.get(event.id, Held()), now))
        return tiers

    async def lock(self, event: m.Event, tier_id: UUID) -> m.TicketTier:
        """Lock one of the event's tiers; the caller already holds the event's lock (always first)."""
        return await lock_one(
            self.session,
            m.TicketTier,
            m.TicketTier.id == tier_id,
            m.TicketTier.event_id == event.id,
            missing=NO_SUCH_TIER,
            fresh=True,
        )

    def add(self, event: m.Event, data: s.TierCreate, *, position: int) -> m.TicketTier:
        _check_sales_window(event, data.sales_start, data.sales_end)
        tier = new_row(m.TicketTier, data, event_id=event.id, position=position)
        self.session.add(tier)
        return tier

    async def create(self, actor: m.User, event_id: UUID, data: s.TierCreate) -> s.Tier:
        event = await self.services.events.load_hosted(actor, event_id, for_update=True)
        _check_open(event)
        names = list(
            await self.session.scalars(sa.select(m.TicketTier.name).where(m.TicketTier.event_id == event.id))
        )
        if data.name.strip().lower() in {name.lower() for name in names}:
            raise Conflict(Message("errors_events.tier_name_taken"))
        tier = self.add(event, data, position=len(names))
        await self.services.flush()
        await self.services.event_waitlist.offer_freed(event)
        return await self._answer(event, tier, actor)

    async def update(self, actor: m.User, event_id: UUID, tier_id: UUID, data: s.TierUpdate) -> s.Tier:
        event = await self.services.events.load_hosted(actor, event_id, for_update=True)
        _check_open(event)
        tier = await self.lock(event, tier_id)
        changes = fields_set(data)
        if changes.get("quantity", tier.quantity) < tier.sold:
            raise InvalidInput(
                Message("errors_events.quantity_below_sold", sold=tier.sold),
                field="quantity",
            )
        if "sales_start" in changes or "sales_end" in changes:
            _check_sales_window(
                event, changes.get("sales_start", tier.sales_start), changes.get("sales_end", tier.sales_end)
            )
        apply_changes(tier, changes)
        await self.services.flush()
        if "quantity" in changes:
            await self.services.event_waitlist.offer_freed(event)
        return await self._answer(event, tier, actor)

    async def delete(self, actor: m.User, event_id: UUID, tier_id: UUID) -> None:
        event = await self.services.events.load_hosted(actor, event_id, for_update=True)
        tier = await self.lock(event, tier_id)
        ordered = await self.session.scalar(sa.select(sa.exists().where(m.Order.tier_id == tier.id)))
        if ordered:
            raise Conflict(Message("errors_events.tier_ordered"))
        await self.session.delete(tier)

    async def _answer(self, event: m.Event, tier: m.TicketTier, viewer: m.User) -> s.Tier:
        held = await self.services.event_waitlist.held([event.id], excluding=viewer)
        return self.to_schema(event, tier, held.get(event.id, Held()), utcnow())

    @staticmethod
    def to_schema(event: m.Event, tier: m.TicketTier, held: Held, now: datetime) -> s.Tier:
        return from_row(s.Tier, tier, available=available(event, tier, held), on_sale=on_sale(tier, now))


def _check_open(event: m.Event) -> None:
    if event.status != m.EventStatus.PUBLISHED:
        raise Conflict(Message("errors_events.tickets_no_longer_change", status=words.status(event.status)))


def _check_sales_window(event: m.Event, start: datetime | None, end: datetime | None) -> None:
    for name, moment in (("sales_start", start), ("sales_end", end)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput(Message("errors_events.utc_offset"), field=name)
    if start is not None and end is not None and end <= start:
        raise InvalidInput(Message("errors_events.sales_end_after_start"), field="sales_end")
    if end is not None and end > event.ends_at:
        raise InvalidInput(Message("errors_events.sales_after_event"), field="sales_end")

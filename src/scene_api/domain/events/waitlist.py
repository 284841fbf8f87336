"""The waitlist of a sold-out event: members queue, and tickets that free up are offered in order.

An offer holds its tickets for `OFFER_MINUTES`: nobody else may reserve them meanwhile, and the
member offered may reserve them although others are still queued. A lapsed offer goes to the
next member in line. Every change happens under the event's lock (always the first lock taken),
so the counts read here cannot move underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.domain.events.tiers import Held, available, on_sale
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

OFFER_MINUTES = 30
Entry = m.EventWaitlistEntry


class WaitlistService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def held(self, event_ids: Sequence[UUID], *, excluding: m.User | None) -> dict[UUID, Held]:
        """Tickets held by live offers, per event and tier; `excluding` a member's own offer, which
        is theirs to use."""
        query = (
            sa.select(Entry.event_id, Entry.tier_id, sa.func.sum(Entry.quantity))
            .where(
                Entry.event_id.in_(event_ids), Entry.offer_expires_at > utcnow(), Entry.tier_id.is_not(None)
            )
            .group_by(Entry.event_id, Entry.tier_id)
        )
        if excluding is not None:
            query = query.where(Entry.user_id != excluding.id)
        held: dict[UUID, Held] = {}
        for event_id, tier_id, quantity in (await self.session.execute(query)).tuples():
            if tier_id is not None:
                held.setdefault(event_id, Held()).by_tier[tier_id] = int(quantity)
        return held

    async def mine(self, actor: m.User, event: m.Event) -> s.MyWaitlistEntry | None:
        entry = await self.session.scalar(
            sa.select(Entry).where(Entry.event_id == event.id, Entry.user_id == actor.id)
        )
        if entry is None:
            return None
        position = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(Entry)
            .where(
                Entry.event_id == event.id,
                sa.tuple_(Entry.queued_at, Entry.id) <= sa.tuple_(entry.queued_at, entry.id),
            )
        )
        live_offer = entry.offer_expires_at is not None and entry.offer_expires_at > utcnow()
        return s.MyWaitlistEntry(
            id=entry.id,
            tier_id=entry.tier_id,
            quantity=entry.quantity,
            position=int(position or 0),
            offered_until=entry.offer_expires_at if live_offer else None,
        )

    async def join(self, actor: m.User, event_id: UUID, data: s.WaitlistJoin) -> s.MyWaitlistEntry:
        """Queue for tickets; only when what one asks for is sold out."""
        event = await self.services.events.load(actor, event_id, for_update=True)
        await self.services.orders.check_may_buy(actor, event)
        tiers = list(
            await self.session.scalars(
                sa.select(m.TicketTier).where(
                    m.TicketTier.event_id == event.id,
                    m.TicketTier.id == data.tier_id if data.tier_id else sa.true(),
                )
            )
        )
        if data.tier_id is not None and not tiers:
            raise NotFound(Message("errors_events.no_such_tier"))
        now = utcnow()
        selling = [tier for tier in tiers if on_sale(tier, now)]
        if not selling:
            raise Conflict(Message("errors_events.not_on_sale"), code="not_on_sale")
        if await self.session.scalar(
            sa.select(Entry.id).where(Entry.event_id == event.id, Entry.user_id == actor.id)
        ):
            raise Conflict(Message("errors_events.already_waiting"))
        await self.offer_freed(event)
        held = (await self.held([event.id], excluding=None)).get(event.id, Held())
        if any(available(event, tier, held) >= data.quantity for tier in selling):
            raise Conflict(Message("errors_events.still_available"), code="not_sold_out")
        self.session.add(
            Entry(event_id=event.id, user_id=actor.id, tier_id=data.tier_id, quantity=data.quantity)
        )
        await self.services.flush()
        mine = await self.mine(actor, event)
        assert mine is not None  # just added
        return mine

    async def leave(self, actor: m.User, event_id: UUID) -> None:
        event = await self.services.events.load(actor, event_id, for_update=True)
        if not await self.remove(event, actor):
            raise NotFound(Message("errors_events.not_waiting"))

    async def remove(self, event: m.Event, member: m.User) -> bool:
        """Take the member off the waitlist (they bought, or left); what a live offer of theirs still
        holds goes to the next in line. Answers whether they were on it. The caller holds the event's
        lock."""
        entry = await self.session.scalar(
            sa.select(Entry).where(Entry.event_id == event.id, Entry.user_id == member.id)
        )
        if entry is None:
            return False
        had_offer = entry.offer_expires_at is not None and entry.offer_expires_at > utcnow()
        await self.session.delete(entry)
        await self.services.flush()
        if had_offer:
            await self.offer_freed(event)
        return True

    async def offer_freed(self, event: m.Event) -> None:
        """Drop lapsed offers, then offer what is free to those waiting, first come first served (one
        asking for more than is free lets those behind who ask for less go first). The caller holds
        the event's lock."""
        now = utcnow()
        lapsed = (
            await self.session.scalars(
                sa.select(Entry).where(Entry.event_id == event.id, Entry.offer_expires_at <= now)
            )
        ).all()
        for entry in lapsed:
            await self.session.delete(entry)
            await self.services.events.tell_member(
                event, entry.user_id, kind="waitlist_offer_lapsed", news="offer_lapsed", about=entry.id
            )
        await self.services.flush()
        if event.status != m.EventStatus.PUBLISHED or event.ends_at <= now:
            return
        waiting = (
            await self.session.scalars(
                sa.select(Entry)
                .where(Entry.event_id == event.id, Entry.offered_at.is_(None))
                .order_by(Entry.queued_at, Entry.id)
            )
        ).all()
        if not waiting:
            return
        selling = [
            tier
            for tier in await self.session.scalars(
                sa.select(m.TicketTier)
                .where(m.TicketTier.event_id == event.id)
                .order_by(m.TicketTier.position, m.TicketTier.created_at)
            )
            if on_sale(tier, now)
        ]
        held = (await self.held([event.id], excluding=None)).get(event.id, Held())
        for entry in waiting:
            tier = next(
                (
                    tier
                    for tier in selling
                    if entry.tier_id in (None, tier.id) and available(event, tier, held) >= entry.quantity
                ),
                None,
            )
            if tier is not None:
                await self._offer(event, entry, tier, held)

    async def _offer(self, event: m.Event, entry: Entry, tier: m.TicketTier, held: Held) -> None:
        entry.tier_id = tier.id
        entry.offered_at = utcnow()
        entry.offer_expires_at = entry.offered_at + timedelta(minutes=OFFER_MINUTES)
        held.by_tier[tier.id] = held.by_tier.get(tier.id, 0) + entry.quantity
        await self.services.notifications.notify(
            [entry.user_id],
            kind="waitlist_offer",
            title=Message("notify.offer", title=event.title),
            body=Message(
                "notify.offer_body_one" if entry.quantity == 1 else "notify.offer_body_many",
                quantity=entry.quantity,
                tier=tier.name,
                until=entry.offer_expires_at,
            ),
            link=f"/e/{event.slug}",
            dedupe_key=f"waitlist_offer:{entry.id}:{int(entry.offered_at.timestamp())}",
        )

    async def clear(self, event: m.Event) -> list[UUID]:
        """Empty the waitlist of a cancelled event; answers who was on it."""
        removed = await self.session.scalars(
            sa.delete(Entry).where(Entry.event_id == event.id).returning(Entry.user_id)
        )
        return list(removed)

    async def events_with_lapsed_offers(self) -> list[UUID]:
        """For the sweep: events where an offer lapsed and the next member waits for theirs."""
        return list(
            await self.session.scalars(
                sa.select(Entry.event_id).where(Entry.offer_expires_at <= utcnow()).distinct()
            )
        )

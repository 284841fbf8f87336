"""Vouch rules: one per pair, never for oneself, only for active members, a daily limit per voucher."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scene_api.db import models as m
from scene_api.domain.quotas import lock_member
from scene_api.domain.trust import schemas as s
from scene_api.domain.trust.levels import vouches_received
from scene_api.domain.users.services import member_card
from scene_api.domain.users.visibility import member_visible
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput, NotFound, RateLimited
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

DAILY_WINDOW = timedelta(days=1)


class VouchService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    async def create(self, actor: m.User, request: s.VouchCreate) -> s.Vouch:
        """A second vouch for the same member is a 409 from the database's unique constraint."""
        if request.vouchee_id == actor.id:
            raise InvalidInput(Message("errors_trust.self_vouch"), field="vouchee_id")
        vouchee = await self.services.users.find_active(actor, request.vouchee_id, field="vouchee_id")
        await self._within_daily_limit(actor)
        vouch = m.Vouch(voucher_id=actor.id, vouchee_id=vouchee.id, note=request.note.strip())
        self.session.add(vouch)
        await self.services.flush()
        received = await self.session.scalar(sa.select(vouches_received(vouchee.id)))
        return self.to_schema(vouch, vouchee, received or 0)

    async def _within_daily_limit(self, actor: m.User) -> None:
        """Over a rolling 24 hours; vouches that came with an invite do not count. The voucher's row is
        locked so that two vouches at once cannot both take the last one of the day."""
        await lock_member(self.session, actor.id)
        now, limit = utcnow(), self.settings.vouch_daily_limit
        recent = await self._given_since(actor, now - DAILY_WINDOW)
        if len(recent) >= limit:
            frees_up = recent[len(recent) - limit] + DAILY_WINDOW
            raise RateLimited(
                Message("errors_trust.daily_limit", limit=limit),
                retry_after=max(math.ceil((frees_up - now).total_seconds()), 1),
            )

    async def _given_since(self, actor: m.User, since: datetime) -> Sequence[datetime]:
        """When `actor` vouched since `since`, oldest first (vouches that came with an invite aside)."""
        return (
            await self.session.scalars(
                sa.select(m.Vouch.created_at)
                .where(m.Vouch.voucher_id == actor.id, ~m.Vouch.from_invite, m.Vouch.created_at > since)
                .order_by(m.Vouch.created_at)
            )
        ).all()

    async def revoke(self, actor: m.User, vouch_id: UUID) -> None:
        """Only the voucher takes a vouch back; anyone else's vouch does not exist for them (404)."""
        vouch = await self.session.scalar(
            sa.select(m.Vouch).where(m.Vouch.id == vouch_id, m.Vouch.voucher_id == actor.id)
        )
        if vouch is None:
            raise NotFound(Message("errors_trust.no_such_vouch"))
        await self.session.delete(vouch)

    async def list_for(
        self,
        actor: m.User,
        user_id: UUID,
        direction: s.VouchDirection,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Vouch]:
        """Vouches a member gave or received, newest first, leaving out members hidden from `actor`."""
        member = await self.services.users.find_visible(actor, user_id)
        other = aliased(m.User)
        own_side, other_side = (
            (m.Vouch.voucher_id, m.Vouch.vouchee_id)
            if direction == s.VouchDirection.GIVEN
            else (m.Vouch.vouchee_id, m.Vouch.voucher_id)
        )
        query = (
            sa.select(m.Vouch, other, vouches_received(other.id))
            .join(other, other.id == other_side)
            .where(own_side == member.id, member_visible(actor, other))
        )
        return await newest_first_page(
            self.session, query, m.Vouch, self.to_schema, limit=limit, cursor=cursor
        )

    def to_schema(self, vouch: m.Vouch, other: m.User, other_received: int) -> s.Vouch:
        return from_row(s.Vouch, vouch, member=member_card(other, other_received))

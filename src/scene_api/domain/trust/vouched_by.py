"""Who of a host's trusted people vouched for someone: the host's inbox shows it ("vouched by Ayesha
and Bilal") and trust-aware hosts approve such requests at once.

A host's trusted people are the host, the members the host vouched for, and the members of the
circles the host is in. A vouch counts only while its voucher is active, still trusted to invite
(an admin who takes the invite privilege away takes this weight away too) and not blocked by
the host, or blocking them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from scene_api.db import models as m
from scene_api.domain.users.visibility import not_blocked

Rule = m.TrustedApproval
HOST_VOUCH = aliased(m.Vouch)
MINE, THEIRS = aliased(m.CircleMember), aliased(m.CircleMember)
"""Built once: making an alias cost more CPU than the rest of the host inbox's statements (bench/RESULTS.md,
section 11)."""


def _trusted_voucher(host: m.User, rule: Rule | None) -> sa.ColumnElement[bool]:
    """True where `Vouch.voucher_id` is one of the host's trusted people: those `rule` names, or
    all of them (None, what the inbox shows)."""
    vouched_by_host = sa.exists().where(
        HOST_VOUCH.voucher_id == host.id, HOST_VOUCH.vouchee_id == m.Vouch.voucher_id
    )
    in_my_circles = sa.exists().where(
        MINE.user_id == host.id, THEIRS.circle_id == MINE.circle_id, THEIRS.user_id == m.Vouch.voucher_id
    )
    through = {
        None: [vouched_by_host, in_my_circles],
        Rule.VOUCHED_BY_MY_CIRCLES: [in_my_circles],
        Rule.VOUCHED_BY_PEOPLE_I_VOUCHED_FOR: [vouched_by_host],
    }.get(rule, [])
    return sa.and_(
        sa.or_(m.Vouch.voucher_id == host.id, *through),
        m.User.status == m.UserStatus.ACTIVE,
        m.User.can_invite,
        not_blocked(host, m.Vouch.voucher_id),
    )


def _trusted_vouches(host: m.User, rule: Rule | None) -> sa.Select[UUID, m.User]:
    return (
        sa.select(m.Vouch.vouchee_id, m.User)
        .join(m.User, m.User.id == m.Vouch.voucher_id)
        .where(_trusted_voucher(host, rule))
    )


async def trusted_vouchers(
    session: AsyncSession, host: m.User, member_ids: Sequence[UUID]
) -> dict[UUID, list[m.User]]:
    """For each member, the host's trusted people who vouched for them, oldest vouch first: one query
    for a whole page of requests."""
    if not member_ids:
        return {}
    rows = await session.execute(
        _trusted_vouches(host, None)
        .where(m.Vouch.vouchee_id.in_(set(member_ids)))
        .order_by(m.Vouch.vouchee_id, m.Vouch.created_at, m.Vouch.id)
    )
    found: dict[UUID, list[m.User]] = defaultdict(list)
    for vouchee_id, voucher in rows.tuples():
        found[vouchee_id].append(voucher)
    return found


async def vouched_for_by_trusted(session: AsyncSession, host: m.User, member_id: UUID, rule: Rule) -> bool:
    """Whether one of the host's trusted people under `rule` vouched for the member (never under
    `none`, which trusts only the host's own decisions)."""
    if rule == Rule.NONE:
        return False
    found = await session.scalar(
        sa.select(sa.exists(_trusted_vouches(host, rule).where(m.Vouch.vouchee_id == member_id)))
    )
    return bool(found)

"""Trust signals on profiles: the trust level vouches earn (defined here only) and the counts behind them."""

from __future__ import annotations

import enum
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scene_api.db import models as m

VOUCHED_FROM = 1
TRUSTED_FROM = 3


class TrustLevel(enum.StrEnum):
    NEW = "new"
    """No vouches yet."""
    VOUCHED = "vouched"
    """One or two members stand for them."""
    TRUSTED = "trusted"
    """Three or more members stand for them."""


def trust_level(vouches_received: int) -> TrustLevel:
    if vouches_received >= TRUSTED_FROM:
        return TrustLevel.TRUSTED
    if vouches_received >= VOUCHED_FROM:
        return TrustLevel.VOUCHED
    return TrustLevel.NEW


def vouches_received(user_id: Any) -> sa.ScalarSelect[int]:
    """How many vouches the member in `user_id` (a column or a UUID) received, as a correlated subquery."""
    return _count_vouches("vouchee_id", user_id)


def vouches_given(user_id: Any) -> sa.ScalarSelect[int]:
    return _count_vouches("voucher_id", user_id)


def _count_vouches(side: str, user_id: Any) -> sa.ScalarSelect[int]:
    """Over an alias of `vouches`, so that it never correlates with a query that lists vouches."""
    counted = aliased(m.Vouch)
    return (
        sa.select(sa.func.count())
        .select_from(counted)
        .where(getattr(counted, side) == user_id)
        .scalar_subquery()
    )


def circles_in_common(viewer_id: UUID, user_id: Any) -> sa.ScalarSelect[int]:
    """How many circles the member in `user_id` shares with `viewer_id`, as a correlated subquery."""
    mine, theirs = aliased(m.CircleMember), aliased(m.CircleMember)
    return (
        sa.select(sa.func.count())
        .select_from(theirs)
        .join(mine, sa.and_(mine.circle_id == theirs.circle_id, mine.user_id == viewer_id))
        .where(theirs.user_id == user_id)
        .scalar_subquery()
    )

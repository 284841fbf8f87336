"""Trust signals on profiles: the trust level vouches earn (defined here only) and the counts behind them."""

from __future__ import annotations

import enum
from typing import Any

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


RECEIVED = aliased(m.Vouch, name="vouches_received")
GIVEN = aliased(m.Vouch, name="vouches_given")
"""Aliases of `vouches`, so that a count never correlates with a query that lists vouches. Built once:
an alias costs ~0.4 ms of CPU to make, and profiles and lists ask for these counts on every row set."""
MY_CIRCLES = aliased(m.CircleMember, name="my_circles")
THEIR_CIRCLES = aliased(m.CircleMember, name="their_circles")


def vouches_received(user_id: Any) -> sa.ScalarSelect[int]:
    """How many vouches the member in `user_id` (a column or a UUID) received, as a correlated subquery."""
    return (
        sa.select(sa.func.count())
        .select_from(RECEIVED)
        .where(RECEIVED.vouchee_id == user_id)
        .scalar_subquery()
    )


def vouches_given(user_id: Any) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(GIVEN).where(GIVEN.voucher_id == user_id).scalar_subquery()


def circles_in_common(viewer_id: Any, user_id: Any) -> sa.ScalarSelect[int]:
    """How many circles the member in `user_id` shares with `viewer_id` (a UUID, or a bound parameter),
    as a correlated subquery."""
    mine, theirs = MY_CIRCLES, THEIR_CIRCLES
    return (
        sa.select(sa.func.count())
        .select_from(theirs)
        .join(mine, sa.and_(mine.circle_id == theirs.circle_id, mine.user_id == viewer_id))
        .where(theirs.user_id == user_id)
        .scalar_subquery()
    )

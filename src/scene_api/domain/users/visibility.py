"""Who a member may see: the filters every member-facing query applies (blocks, suspensions).

A block hides two members from each other in both directions, wherever one of them would show
up to the other: member lists and search, profiles, vouches, circles, and (for the contexts
that build on this) activities, events and their requests. Use `not_blocked` on the column
holding the other person's id:

    query.where(not_blocked(actor, m.Activity.host_id))
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.orm.util import AliasedClass

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin


def not_blocked(
    viewer: m.User | None, column: QueryableAttribute[UUID] | sa.ColumnElement[Any]
) -> sa.ColumnElement[bool]:
    """True where the user id in `column` and `viewer` have not blocked each other (either way).

    Anonymous viewers (None) are not filtered. A NULL `column` counts as not blocked.
    """
    if viewer is None:
        return sa.true()
    return not_blocked_with(viewer.id, column)


def not_blocked_with(
    viewer_id: Any, column: QueryableAttribute[UUID] | sa.ColumnElement[Any]
) -> sa.ColumnElement[bool]:
    """`not_blocked` for a viewer given by id: a UUID, or a bound parameter in a statement built once."""
    return ~sa.exists().where(
        sa.or_(
            sa.and_(m.Block.blocker_id == viewer_id, m.Block.blocked_id == column),
            sa.and_(m.Block.blocked_id == viewer_id, m.Block.blocker_id == column),
        )
    )


def member_visible(
    viewer: m.User, member: type[m.User] | AliasedClass[m.User] = m.User
) -> sa.ColumnElement[bool]:
    """The members `viewer` may see: not blocked either way; suspended ones only by admins."""
    return members_visible_with(viewer.id, admin=is_admin(viewer), member=member)


def members_visible_with(
    viewer_id: Any, *, admin: bool, member: type[m.User] | AliasedClass[m.User] = m.User
) -> sa.ColumnElement[bool]:
    """`member_visible` for a viewer given by id (a UUID, or a bound parameter) and whether they are
    an admin."""
    unblocked = not_blocked_with(viewer_id, member.id)
    if admin:
        return unblocked
    return sa.and_(unblocked, member.status == m.UserStatus.ACTIVE)

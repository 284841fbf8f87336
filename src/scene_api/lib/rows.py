"""Loading one row to change it: locked until the commit, or the caller's 404."""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.i18n import Message
from scene_api.lib.errors import NotFound

Row = TypeVar("Row")


async def lock_one(
    session: AsyncSession,
    model: type[Row],
    *where: sa.ColumnElement[bool],
    missing: Message,
    fresh: bool = False,
) -> Row:
    """The one `model` row matching `where`, locked (`FOR UPDATE`) for the rest of the transaction;
    `NotFound(missing)` when there is none. Put the owner in `where` (`Invite.inviter_id ==
    actor.id`) so that someone else's row answers the same 404 as a row that does not exist.

    `fresh` re-reads a row the session already holds: another transaction may have changed it while
    this one waited for the lock."""
    query = sa.select(model).where(*where).with_for_update()
    if fresh:
        query = query.execution_options(populate_existing=True)
    row = await session.scalar(query)
    if row is None:
        raise NotFound(missing)
    return row

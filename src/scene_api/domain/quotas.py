"""Per-member quotas counted in the database (live holds, open orders, invites, vouches a day).

Each is a check-then-write: count the member's rows, refuse at the cap, insert one more. Two
requests of one member at once would both count below the cap, so the count is taken under a lock
on the member's own row, held until the unit of work commits.

Lock order: the member's row first, then the thing that becomes less available (the court, the
event and its tier), so a member's request never waits for a member lock while holding another.
Take it after any call to Redis or a provider, never before one: nothing waits on the network
while holding it.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m


async def lock_member(session: AsyncSession, member_id: UUID) -> m.User:
    """Lock the member's row for the rest of the transaction and answer it re-read (an admin may have
    changed the quota meanwhile).

    `FOR NO KEY UPDATE`: it serialises the member's own quota checks, yet does not block rows that
    merely reference the member (the key-share lock a foreign key takes), so two members vouching
    for each other at the same moment do not deadlock."""
    return await session.get_one(
        m.User, member_id, with_for_update={"key_share": True}, populate_existing=True
    )

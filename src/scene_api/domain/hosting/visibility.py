"""Who sees a hosted thing (an activity or an event): one set of conditions for both.

Public ones are listed for everyone; circle ones for members of the circles they are shared
with; link-only ones are never listed but open by id or link. A block hides a host's things
both ways, and the host always sees their own. A visitor who is not signed in (`viewer` None)
opens public and link-only ones, never circle ones.

Services and pages read through the statements at the end (`readable_activities(viewer)`,
`listed_events(viewer)`, ...): a `select()` already limited to what the viewer may see, to which
they add their own conditions and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from scene_api.db import models as m
from scene_api.domain.users.visibility import not_blocked
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput


@dataclass(frozen=True)
class Sharing:
    """A hosted table (with `id`, `host_id` and `visibility`) and the table naming its circles."""

    hosted: type[m.Activity] | type[m.Event]
    circle_link: type[m.ActivityCircle] | type[m.EventCircle]
    link_column: InstrumentedAttribute[UUID]
    """The circle link's column naming the hosted row: `ActivityCircle.activity_id`, ..."""

    def shared_with(self, actor_id: UUID) -> sa.ColumnElement[bool]:
        """True where the row is shared with a circle the actor is in."""
        return sa.exists().where(
            self.link_column == self.hosted.id,
            m.CircleMember.circle_id == self.circle_link.circle_id,
            m.CircleMember.user_id == actor_id,
        )

    def listed_for(self, actor: m.User | None) -> sa.ColumnElement[bool]:
        """Rows that show up in lists: public ones, circle ones for circle members, and one's own.
        Link-only rows are never listed; blocked hosts are invisible."""
        hosted = self.hosted
        if actor is None:
            return hosted.visibility == m.Visibility.PUBLIC
        return sa.and_(
            sa.or_(
                hosted.host_id == actor.id,
                hosted.visibility == m.Visibility.PUBLIC,
                sa.and_(hosted.visibility == m.Visibility.CIRCLES, self.shared_with(actor.id)),
            ),
            not_blocked(actor, hosted.host_id),
        )

    def openable_by(self, actor: m.User | None) -> sa.ColumnElement[bool]:
        """Rows one may open by id or link: everything listed, plus link-only ones."""
        hosted = self.hosted
        if actor is None:
            return hosted.visibility != m.Visibility.CIRCLES
        return sa.or_(
            self.listed_for(actor),
            sa.and_(hosted.visibility == m.Visibility.LINK_ONLY, not_blocked(actor, hosted.host_id)),
        )

    async def circle_ids(self, session: AsyncSession, row_id: UUID) -> list[UUID]:
        return list(
            await session.scalars(sa.select(self.circle_link.circle_id).where(self.link_column == row_id))
        )

    async def set_circles(self, session: AsyncSession, row_id: UUID, circle_ids: list[UUID]) -> None:
        await session.execute(sa.delete(self.circle_link).where(self.link_column == row_id))
        session.add_all(
            self.circle_link(**{self.link_column.key: row_id, "circle_id": circle_id})
            for circle_id in dict.fromkeys(circle_ids)
        )

    async def share(
        self,
        session: AsyncSession,
        actor: m.User,
        row: m.Activity | m.Event,
        visibility: m.Visibility,
        circle_ids: list[UUID],
    ) -> None:
        """Share a new row with its circles (none unless it is for circles)."""
        await check_circles(session, actor, visibility, circle_ids)
        await self.set_circles(session, row.id, circle_ids if visibility == m.Visibility.CIRCLES else [])

    async def reshare(
        self, session: AsyncSession, actor: m.User, row: m.Activity | m.Event, changes: dict[str, Any]
    ) -> None:
        """Apply an edit's `visibility` and `circle_ids` (taken out of `changes`) to the circle links;
        the caller sets the other changed columns."""
        visibility = changes.get("visibility", row.visibility)
        circle_ids = changes.pop("circle_ids", None)
        if visibility == m.Visibility.CIRCLES and (circle_ids is not None or "visibility" in changes):
            if circle_ids is None:
                circle_ids = await self.circle_ids(session, row.id)
            await check_circles(session, actor, visibility, circle_ids)
            await self.set_circles(session, row.id, circle_ids)
        elif "visibility" in changes:
            await self.set_circles(session, row.id, [])


async def check_circles(
    session: AsyncSession, actor: m.User, visibility: m.Visibility, circle_ids: list[UUID]
) -> None:
    """A host shares only with circles they are in, and with at least one when sharing with circles."""
    if visibility != m.Visibility.CIRCLES:
        return
    if not circle_ids:
        raise InvalidInput(Message("errors_hosting.pick_a_circle"), field="circle_ids")
    mine = set(
        await session.scalars(
            sa.select(m.CircleMember.circle_id).where(
                m.CircleMember.user_id == actor.id, m.CircleMember.circle_id.in_(circle_ids)
            )
        )
    )
    if mine != set(circle_ids):
        raise InvalidInput(Message("errors_hosting.own_circles_only"), field="circle_ids")


ACTIVITY_SHARING = Sharing(m.Activity, m.ActivityCircle, m.ActivityCircle.activity_id)
EVENT_SHARING = Sharing(m.Event, m.EventCircle, m.EventCircle.event_id)


def readable_activities(viewer: m.User | None) -> sa.Select[m.Activity]:
    """The activities `viewer` may open by id or link (None: a visitor who is not signed in)."""
    return sa.select(m.Activity).where(ACTIVITY_SHARING.openable_by(viewer))


def listed_activities(viewer: m.User | None) -> sa.Select[m.Activity]:
    """The activities that show up in `viewer`'s lists."""
    return sa.select(m.Activity).where(ACTIVITY_SHARING.listed_for(viewer))


def readable_events(viewer: m.User | None) -> sa.Select[m.Event]:
    """The events `viewer` may open by id or link (None: a visitor who is not signed in)."""
    return sa.select(m.Event).where(EVENT_SHARING.openable_by(viewer))


def listed_events(viewer: m.User | None) -> sa.Select[m.Event]:
    """The events that show up in `viewer`'s lists."""
    return sa.select(m.Event).where(EVENT_SHARING.listed_for(viewer))

"""Circle rules: private circles exist only for their members; the owner runs a circle, admins help."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import msgspec
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.trust import schemas as s
from scene_api.domain.trust.levels import vouches_received
from scene_api.domain.users.services import member_card
from scene_api.domain.users.visibility import member_visible, not_blocked
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.slugs import slugify
from scene_api.lib.updates import fields_set

if TYPE_CHECKING:
    from scene_api.services import Services

NO_SUCH_CIRCLE = Message("errors_trust.no_such_circle")
SLUG_LENGTH = 50
"""Leaves room in the 60-character column for a `-N` suffix."""
MANAGERS = frozenset({m.CircleRole.OWNER, m.CircleRole.ADMIN})


class CircleService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    def _circles(self, actor: m.User) -> sa.Select[m.Circle, m.CircleRole | None, int]:
        """Circles `actor` can see, with their role in each and the member count.

        Private circles are readable by their members only, and public ones are hidden from members
        blocked by (or blocking) the owner: for anyone else the circle does not exist (404, not 403).
        """
        my_role = (
            sa.select(m.CircleMember.role)
            .where(m.CircleMember.circle_id == m.Circle.id, m.CircleMember.user_id == actor.id)
            .scalar_subquery()
        )
        member_count = (
            sa.select(sa.func.count())
            .select_from(m.CircleMember)
            .where(m.CircleMember.circle_id == m.Circle.id)
            .scalar_subquery()
        )
        return sa.select(m.Circle, my_role, member_count).where(
            sa.or_(my_role.is_not(None), sa.and_(~m.Circle.is_private, not_blocked(actor, m.Circle.owner_id)))
        )

    async def _find(
        self, actor: m.User, circle_id: UUID, *, lock: bool = False
    ) -> tuple[m.Circle, m.CircleRole | None, int]:
        """A readable circle; `lock` it to change it, so changes to one circle happen one at a time."""
        query = self._circles(actor).where(m.Circle.id == circle_id)
        row = (
            (await self.session.execute(query.with_for_update(of=m.Circle) if lock else query))
            .tuples()
            .first()
        )
        if row is None:
            raise NotFound(NO_SUCH_CIRCLE)
        return row

    async def _managed(
        self, actor: m.User, circle_id: UUID, *, owner_only: bool, refusal: Message
    ) -> m.Circle:
        circle, my_role, _ = await self._find(actor, circle_id, lock=True)
        allowed = {m.CircleRole.OWNER} if owner_only else MANAGERS
        if my_role not in allowed:
            raise PermissionDenied(refusal)
        return circle

    async def list_mine(
        self, actor: m.User, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Circle]:
        """Circles I am in, newest first."""
        mine = sa.exists().where(m.CircleMember.circle_id == m.Circle.id, m.CircleMember.user_id == actor.id)
        return await newest_first_page(
            self.session,
            self._circles(actor).where(mine),
            m.Circle,
            self.to_schema,
            limit=limit,
            cursor=cursor,
        )

    async def get(self, actor: m.User, circle_id: UUID) -> s.CircleDetail:
        return await self._detail(actor, *await self._find(actor, circle_id))

    async def create(self, actor: m.User, request: s.CircleCreate) -> s.CircleDetail:
        name = _required_name(request.name)
        circle = m.Circle(
            owner_id=actor.id,
            slug=await self._free_slug(name),
            name=name,
            description=request.description.strip(),
            is_private=request.is_private,
            city=request.city,
        )
        self.session.add(circle)
        await self.services.flush()
        self.session.add(m.CircleMember(circle_id=circle.id, user_id=actor.id, role=m.CircleRole.OWNER))
        await self.services.flush()
        return await self.get(actor, circle.id)

    async def _free_slug(self, name: str) -> str:
        """The name as a slug, with `-2`, `-3`... when taken. A race for the same slug ends in a 409."""
        base = slugify(name, max_length=SLUG_LENGTH) or "circle"
        taken = set(
            await self.session.scalars(sa.select(m.Circle.slug).where(m.Circle.slug.startswith(base)))
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    async def update(self, actor: m.User, circle_id: UUID, request: s.CircleUpdate) -> s.CircleDetail:
        circle = await self._managed(
            actor, circle_id, owner_only=True, refusal=Message("errors_trust.owner_edits")
        )
        changes = fields_set(request)
        if "name" in changes:
            changes["name"] = _required_name(changes["name"])
        if "description" in changes:
            changes["description"] = changes["description"].strip()
        for name, value in changes.items():
            setattr(circle, name, value)
        await self.services.flush()
        return await self.get(actor, circle.id)

    async def delete(self, actor: m.User, circle_id: UUID) -> None:
        """Memberships and the circle's links to activities and events go with it (ON DELETE CASCADE)."""
        circle = await self._managed(
            actor, circle_id, owner_only=True, refusal=Message("errors_trust.owner_deletes")
        )
        await self.session.execute(sa.delete(m.Circle).where(m.Circle.id == circle.id))

    async def add_member(self, actor: m.User, circle_id: UUID, request: s.CircleMemberAdd) -> s.CircleDetail:
        """Owner and admins add members; only the owner makes admins. Adding twice is a 409."""
        circle = await self._managed(
            actor, circle_id, owner_only=False, refusal=Message("errors_trust.managers_add")
        )
        if request.role == m.CircleRole.OWNER:
            raise InvalidInput(Message("errors_trust.one_owner"), field="role")
        if request.role == m.CircleRole.ADMIN and circle.owner_id != actor.id:
            raise PermissionDenied(Message("errors_trust.owner_makes_admins"))
        member = await self.services.users.find_active(actor, request.user_id, field="user_id")
        self.session.add(m.CircleMember(circle_id=circle.id, user_id=member.id, role=request.role))
        await self.services.flush()
        return await self.get(actor, circle.id)

    async def remove_member(self, actor: m.User, circle_id: UUID, user_id: UUID) -> None:
        """Admins remove members; only the owner removes admins; nobody removes the owner."""
        if user_id == actor.id:
            await self.leave(actor, circle_id)
            return
        circle = await self._managed(
            actor, circle_id, owner_only=False, refusal=Message("errors_trust.managers_remove")
        )
        membership = await self._membership(circle.id, user_id)
        if membership.role == m.CircleRole.OWNER:
            raise PermissionDenied(Message("errors_trust.owner_stays"))
        if membership.role == m.CircleRole.ADMIN and circle.owner_id != actor.id:
            raise PermissionDenied(Message("errors_trust.owner_removes_admins"))
        await self.session.delete(membership)

    async def leave(self, actor: m.User, circle_id: UUID) -> None:
        """The owner cannot leave: a circle always has its owner, who deletes it to be rid of it."""
        circle, _, _ = await self._find(actor, circle_id, lock=True)
        membership = await self._membership(circle.id, actor.id)
        if membership.role == m.CircleRole.OWNER:
            raise Conflict(Message("errors_trust.owner_cannot_leave"), code="owner_cannot_leave")
        await self.session.delete(membership)

    async def _membership(self, circle_id: UUID, user_id: UUID) -> m.CircleMember:
        membership = await self.session.scalar(
            sa.select(m.CircleMember).where(
                m.CircleMember.circle_id == circle_id, m.CircleMember.user_id == user_id
            )
        )
        if membership is None:
            raise NotFound(Message("errors_trust.not_a_member"))
        return membership

    async def _detail(
        self, actor: m.User, circle: m.Circle, my_role: m.CircleRole | None, member_count: int
    ) -> s.CircleDetail:
        rank = sa.case({m.CircleRole.OWNER: 0, m.CircleRole.ADMIN: 1}, value=m.CircleMember.role, else_=2)
        rows = await self.session.execute(
            sa.select(m.CircleMember, m.User, vouches_received(m.User.id))
            .join(m.User, m.User.id == m.CircleMember.user_id)
            .where(m.CircleMember.circle_id == circle.id, member_visible(actor))
            .order_by(rank, m.CircleMember.created_at, m.CircleMember.id)
        )
        members = [
            s.CircleMembership(
                member=member_card(user, received), role=membership.role, joined_at=membership.created_at
            )
            for membership, user, received in rows.tuples()
        ]
        return s.CircleDetail(
            **msgspec.structs.asdict(self.to_schema(circle, my_role, member_count)), members=members
        )

    def to_schema(self, circle: m.Circle, my_role: m.CircleRole | None, member_count: int) -> s.Circle:
        return from_row(
            s.Circle,
            circle,
            city=m.City(circle.city) if circle.city else None,
            member_count=member_count,
            my_role=my_role,
        )


def _required_name(name: str) -> str:
    if not name.strip():
        raise InvalidInput(Message("errors_trust.name_empty"), field="name")
    return name.strip()

"""Event staff: the members a host lets work the door (check tickets in, see the live count).

Only the host adds, lists and removes them (`EventService.load_hosted`); what staff may do is
decided by `EventService.load_at_door`. Staff never edit or cancel the event, see the attendee
list or its CSV, or touch money.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.services import person_summary
from scene_api.domain.events import schemas as s
from scene_api.domain.users.visibility import member_visible
from scene_api.i18n import Message, words
from scene_api.lib.errors import Conflict, InvalidInput, NotFound

if TYPE_CHECKING:
    from scene_api.services import Services


class EventStaffService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def add(self, host: m.User, event_id: UUID, data: s.StaffAdd) -> s.StaffMember:
        """Add a member by handle. Members blocked either way are not found (404), like everywhere
        else; yourself, a suspended member or someone already on the staff are refused."""
        event = await self.services.events.load_hosted(host, event_id)
        if event.status != m.EventStatus.PUBLISHED:
            raise Conflict(Message("errors_events.no_longer_changed", status=words.status(event.status)))
        handle = data.handle.strip().removeprefix("@").lower()
        if not handle:
            raise InvalidInput(Message("errors_events.give_handle"), field="handle")
        member = await self.session.scalar(
            sa.select(m.User).where(m.User.handle == handle, member_visible(host))
        )
        if member is None:
            raise NotFound(Message("errors_events.no_member_handle", handle=handle))
        if member.id == host.id:
            raise InvalidInput(Message("errors_events.host_works_door"), field="handle")
        if member.status != m.UserStatus.ACTIVE:
            raise InvalidInput(Message("errors_events.member_suspended"), field="handle")
        if await self._find(event.id, member.id) is not None:
            raise Conflict(Message("errors_events.already_staff", handle=member.handle), code="already_staff")
        staff = m.EventStaff(event_id=event.id, user_id=member.id, added_by_id=host.id)
        self.session.add(staff)
        await self.services.flush()
        await self.services.events.tell_member(event, member.id, kind="event_staff_added", news="on_the_door")
        return s.StaffMember(member=person_summary(member), added_at=staff.created_at)

    async def members(self, host: m.User, event_id: UUID) -> list[s.StaffMember]:
        event = await self.services.events.load_hosted(host, event_id)
        rows = await self.session.execute(
            sa.select(m.EventStaff, m.User)
            .join(m.User, m.User.id == m.EventStaff.user_id)
            .where(m.EventStaff.event_id == event.id)
            .order_by(m.EventStaff.created_at, m.EventStaff.id)
        )
        return [
            s.StaffMember(member=person_summary(member), added_at=staff.created_at)
            for staff, member in rows.tuples()
        ]

    async def remove(self, host: m.User, event_id: UUID, user_id: UUID) -> None:
        event = await self.services.events.load_hosted(host, event_id)
        staff = await self._find(event.id, user_id)
        if staff is None:
            raise NotFound(Message("errors_events.not_staff"))
        await self.session.delete(staff)

    async def _find(self, event_id: UUID, user_id: UUID) -> m.EventStaff | None:
        return await self.session.scalar(
            sa.select(m.EventStaff).where(m.EventStaff.event_id == event_id, m.EventStaff.user_id == user_id)
        )

"""Safety rules: blocking members (see `visibility` for what a block hides) and reports to the admins."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.trust.levels import vouches_received
from scene_api.domain.users import schemas as s
from scene_api.domain.users.services import member_card
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.ratelimit import RateLimiter

if TYPE_CHECKING:
    from scene_api.services import Services

REPORTS_PER_HOUR = 10
REPORTABLE: dict[m.ReportSubject, type[m.User | m.Activity | m.Event]] = {
    m.ReportSubject.USER: m.User,
    m.ReportSubject.ACTIVITY: m.Activity,
    m.ReportSubject.EVENT: m.Event,
}


class SafetyService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.limits = RateLimiter(services.runtime.redis)

    async def block(self, actor: m.User, request: s.BlockCreate) -> s.Block:
        """Anyone who exists can be blocked, even a member who already blocked you. Twice is a 409."""
        if request.user_id == actor.id:
            raise InvalidInput(Message("errors_users.self_block"), field="user_id")
        row = (
            await self.session.execute(
                sa.select(m.User, vouches_received(m.User.id)).where(m.User.id == request.user_id)
            )
        ).first()
        if row is None:
            raise NotFound(Message("errors_users.no_such_member"))
        block = m.Block(blocker_id=actor.id, blocked_id=request.user_id)
        self.session.add(block)
        await self.services.flush()
        return _block(block, *row)

    async def unblock(self, actor: m.User, user_id: UUID) -> None:
        block = await self.session.scalar(
            sa.select(m.Block).where(m.Block.blocker_id == actor.id, m.Block.blocked_id == user_id)
        )
        if block is None:
            raise NotFound(Message("errors_users.not_blocked"))
        await self.session.delete(block)

    async def list_blocked(
        self, actor: m.User, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Block]:
        """The members I blocked, newest first (never who blocked me)."""
        query = (
            sa.select(m.Block, m.User, vouches_received(m.User.id))
            .join(m.User, m.User.id == m.Block.blocked_id)
            .where(m.Block.blocker_id == actor.id)
        )
        return await newest_first_page(self.session, query, m.Block, _block, limit=limit, cursor=cursor)

    async def report(self, actor: m.User, request: s.ReportCreate) -> s.Report:
        """File a report in the admins' queue. Blocked members can still be reported; one open report
        per subject and reporter; at most REPORTS_PER_HOUR an hour."""
        if request.subject_type == m.ReportSubject.USER and request.subject_id == actor.id:
            raise InvalidInput(Message("errors_users.self_report"), field="subject_id")
        subject = REPORTABLE[request.subject_type]
        if await self.session.scalar(sa.select(subject.id).where(subject.id == request.subject_id)) is None:
            raise NotFound(Message(f"errors_users.no_such_{request.subject_type.value}"))
        already = await self.session.scalar(
            sa.select(m.Report.id).where(
                m.Report.reporter_id == actor.id,
                m.Report.subject_type == request.subject_type,
                m.Report.subject_id == request.subject_id,
                m.Report.status == m.ReportStatus.OPEN,
            )
        )
        if already is not None:
            raise Conflict(Message("errors_users.already_reported"), code="already_reported")
        await self.limits.hit(
            f"reports:{actor.id}",
            limit=REPORTS_PER_HOUR,
            window_seconds=3600,
            message=Message("errors_users.too_many_reports"),
        )
        report = m.Report(
            reporter_id=actor.id,
            subject_type=request.subject_type,
            subject_id=request.subject_id,
            reason=request.reason.value,
            details=request.details.strip(),
        )
        self.session.add(report)
        await self.services.flush()
        return from_row(s.Report, report, reason=request.reason)


def _block(block: m.Block, blocked: m.User, received: int) -> s.Block:
    return s.Block(member=member_card(blocked, received), created_at=block.created_at)

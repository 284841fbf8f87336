"""The ops desk: members, suspensions, invite privileges and trees, growth, reports, job queue, audit log.

Every method starts by checking the actor is an admin; every change writes an audit row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from saq.job import Status
from sqlalchemy.orm import aliased

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin, require_admin
from scene_api.domain.ops import messages
from scene_api.domain.ops import schemas as s
from scene_api.domain.trust.levels import trust_level, vouches_received
from scene_api.i18n import Message
from scene_api.lib.crypto import PiiCipher
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.jobs import HEARTBEAT_KEY
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.rows import lock_one
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

GROWTH_DAYS = 30
FAILED_JOBS_SHOWN = 50
STUCK_PAYMENT_AFTER = timedelta(minutes=30)
"""A payment still initiated or pending this long after it started is stuck: its callback never came
and reconciliation (which asks the provider after a few minutes) could not settle it either."""
UNSETTLED = (m.PaymentStatus.INITIATED, m.PaymentStatus.PENDING)


class AdminService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.cipher = PiiCipher(services.settings.pii_keys)

    # Members -------------------------------------------------------------------------------

    async def members(
        self,
        actor: m.User,
        *,
        text: str | None = None,
        status: m.UserStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminMember]:
        """Everyone, newest first, by name or handle; suspended ones included."""
        require_admin(actor)
        inviter = aliased(m.User)
        query = sa.select(m.User, vouches_received(m.User.id), inviter.handle).outerjoin(
            inviter, inviter.id == m.User.invited_by_id
        )
        if text and text.strip():
            words = text.strip().removeprefix("@")
            query = query.where(
                sa.or_(
                    m.User.name.icontains(words, autoescape=True),
                    m.User.handle.icontains(words, autoescape=True),
                )
            )
        if status is not None:
            query = query.where(m.User.status == status)
        return await newest_first_page(self.session, query, m.User, self._member, limit=limit, cursor=cursor)

    def _member(self, user: m.User, received: int, invited_by: str | None) -> s.AdminMember:
        return from_row(
            s.AdminMember,
            user,
            phone=self.cipher.decrypt(user.phone_ciphertext),
            trust_level=trust_level(received),
            vouches_received=received,
            invited_by=invited_by,
            joined_at=user.created_at,
        )

    async def _member_for_update(self, member_id: UUID) -> m.User:
        return await lock_one(
            self.session, m.User, m.User.id == member_id, missing=Message("errors_ops.no_such_member")
        )

    async def suspend(self, actor: m.User, member_id: UUID, request: s.Suspension) -> s.AdminMember:
        """Suspended members are signed out everywhere at once and cannot sign in again."""
        require_admin(actor)
        member = await self._member_for_update(member_id)
        await self._suspend(actor, member, request.reason)
        return await self.member(actor, member.id)

    async def _suspend(self, actor: m.User, member: m.User, reason: str) -> None:
        if member.id == actor.id or is_admin(member):
            raise Conflict(Message("errors_ops.admin_not_suspendable"))
        if member.status == m.UserStatus.SUSPENDED:
            raise Conflict(Message("errors_ops.already_suspended"))
        member.status = m.UserStatus.SUSPENDED
        await self.session.execute(
            sa.update(m.RefreshToken)
            .where(m.RefreshToken.user_id == member.id, m.RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        self.services.audit.record(actor, "members.suspend", "user", member.id, {"reason": reason})

    async def reinstate(self, actor: m.User, member_id: UUID) -> s.AdminMember:
        require_admin(actor)
        member = await self._member_for_update(member_id)
        if member.status == m.UserStatus.ACTIVE:
            raise Conflict(Message("errors_ops.not_suspended"))
        member.status = m.UserStatus.ACTIVE
        self.services.audit.record(actor, "members.reinstate", "user", member.id)
        return await self.member(actor, member.id)

    async def set_invite_privilege(
        self, actor: m.User, member_id: UUID, request: s.InvitePrivilege
    ) -> s.AdminMember:
        require_admin(actor)
        member = await self._member_for_update(member_id)
        member.can_invite = request.can_invite
        self.services.audit.record(
            actor, "invites.privilege", "user", member.id, {"can_invite": request.can_invite}
        )
        return await self.member(actor, member.id)

    async def member(self, actor: m.User, member_id: UUID) -> s.AdminMember:
        require_admin(actor)
        inviter = aliased(m.User)
        row = (
            await self.session.execute(
                sa.select(m.User, vouches_received(m.User.id), inviter.handle)
                .outerjoin(inviter, inviter.id == m.User.invited_by_id)
                .where(m.User.id == member_id)
            )
        ).first()
        if row is None:
            raise NotFound(Message("errors_ops.no_such_member"))
        return self._member(*row)

    async def invite_tree(self, actor: m.User, member_id: UUID) -> s.InviteTreeNode:
        """Everyone who came in below a member, invite by invite (one recursive query)."""
        require_admin(actor)
        tree = (
            sa.select(m.User.id, m.User.invited_by_id)
            .where(m.User.id == member_id)
            .cte("invite_tree", recursive=True)
        )
        tree = tree.union_all(
            sa.select(m.User.id, m.User.invited_by_id).join(tree, m.User.invited_by_id == tree.c.id)
        )
        users = (
            await self.session.scalars(
                sa.select(m.User).where(m.User.id.in_(sa.select(tree.c.id))).order_by(m.User.created_at)
            )
        ).all()
        if not users:
            raise NotFound(Message("errors_ops.no_such_member"))
        nodes = {
            user.id: s.InviteTreeNode(
                id=user.id,
                handle=user.handle,
                name=user.name,
                status=user.status,
                joined_at=user.created_at,
                invited=[],
            )
            for user in users
        }
        for user in users:
            if user.id != member_id and user.invited_by_id in nodes:
                nodes[user.invited_by_id].invited.append(nodes[user.id])
        return nodes[member_id]

    async def growth(self, actor: m.User) -> s.GrowthStats:
        require_admin(actor)

        async def count(query: sa.Select[Any]) -> int:
            return int(await self.session.scalar(query) or 0)

        since = utcnow() - timedelta(days=GROWTH_DAYS)
        local_day = sa.func.date(sa.func.timezone("Asia/Karachi", m.User.created_at))
        per_day = await self.session.execute(
            sa.select(local_day, sa.func.count())
            .where(m.User.created_at >= since)
            .group_by(local_day)
            .order_by(local_day)
        )
        top = await self.session.execute(
            sa.select(m.User.handle, sa.func.count(m.Invite.id))
            .join(m.Invite, m.Invite.inviter_id == m.User.id)
            .where(m.Invite.status == m.InviteStatus.REDEEMED)
            .group_by(m.User.handle)
            .order_by(sa.func.count(m.Invite.id).desc(), m.User.handle)
            .limit(10)
        )
        users = sa.select(sa.func.count()).select_from(m.User)
        invites = sa.select(sa.func.count()).select_from(m.Invite)
        return s.GrowthStats(
            members=await count(users),
            active_members=await count(users.where(m.User.status == m.UserStatus.ACTIVE)),
            invites_created=await count(invites),
            invites_redeemed=await count(invites.where(m.Invite.status == m.InviteStatus.REDEEMED)),
            vouches=await count(sa.select(sa.func.count()).select_from(m.Vouch)),
            signups_per_day=[s.DayCount(day=day, count=n) for day, n in per_day],
            top_inviters=[s.InviterCount(handle=handle, invited=n) for handle, n in top],
        )

    # Reports -------------------------------------------------------------------------------

    async def reports(
        self,
        actor: m.User,
        *,
        status: m.ReportStatus | None = m.ReportStatus.OPEN,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminReport]:
        require_admin(actor)
        reporter = aliased(m.User)
        query = sa.select(m.Report, reporter.handle).join(reporter, reporter.id == m.Report.reporter_id)
        if status is not None:
            query = query.where(m.Report.status == status)
        page = await newest_first_page(
            self.session, query, m.Report, lambda r, h: (r, h), limit=limit, cursor=cursor
        )
        return Page(
            items=[await self._report(report, handle) for report, handle in page.items],
            next_cursor=page.next_cursor,
        )

    async def _report(self, report: m.Report, reporter_handle: str) -> s.AdminReport:
        label, member_id = await self._subject(report)
        return from_row(
            s.AdminReport,
            report,
            subject_label=label,
            reported_member_id=member_id,
            reporter_handle=reporter_handle,
        )

    async def _subject(self, report: m.Report) -> tuple[str, UUID | None]:
        """A readable name for what was reported, and the member answerable for it."""
        if report.subject_type == m.ReportSubject.USER:
            handle = await self.session.scalar(sa.select(m.User.handle).where(m.User.id == report.subject_id))
            return (f"@{handle}", report.subject_id) if handle else ("(deleted member)", None)
        model = m.Activity if report.subject_type == m.ReportSubject.ACTIVITY else m.Event
        row = (
            await self.session.execute(
                sa.select(model.title, model.host_id).where(model.id == report.subject_id)
            )
        ).first()
        return (row[0], row[1]) if row else (f"(deleted {report.subject_type.value})", None)

    async def resolve_report(
        self, actor: m.User, report_id: UUID, request: s.ReportResolution
    ) -> s.AdminReport:
        require_admin(actor)
        report = await lock_one(
            self.session, m.Report, m.Report.id == report_id, missing=Message("errors_ops.no_such_report")
        )
        if report.status != m.ReportStatus.OPEN:
            raise Conflict(Message(f"errors_ops.report_already_{report.status.value}"))
        upheld = request.action == s.ReportAction.ACTION
        report.status = m.ReportStatus.ACTIONED if upheld else m.ReportStatus.DISMISSED
        report.resolved_by_id, report.resolved_at = actor.id, utcnow()
        report.resolution_note = request.note.strip()
        _, member_id = await self._subject(report)
        if upheld and request.suspend_member and member_id is not None:
            member = await self._member_for_update(member_id)
            await self._suspend(actor, member, f"report {report.id}: {report.reason}")
        self.services.audit.record(
            actor,
            f"reports.{report.status.value}",
            "report",
            report.id,
            {"suspended": request.suspend_member and upheld},
        )
        reporter_handle = await self.session.scalar(
            sa.select(m.User.handle).where(m.User.id == report.reporter_id)
        )
        return await self._report(report, reporter_handle or "")

    # Bookings and payments -----------------------------------------------------------------

    async def payments(
        self,
        actor: m.User,
        *,
        view: s.PaymentView = s.PaymentView.ALL,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminPayment]:
        """Every payment, newest first: all of them, the stuck ones, the failed, the refunded, or those
        with a refund not yet done."""
        require_admin(actor)
        stuck_before = utcnow() - STUCK_PAYMENT_AFTER
        payer = aliased(m.User)
        query = sa.select(m.Payment, payer.handle).join(payer, payer.id == m.Payment.payer_id)
        if view is s.PaymentView.STUCK:
            query = query.where(m.Payment.status.in_(UNSETTLED), m.Payment.created_at < stuck_before)
        elif view is s.PaymentView.FAILED:
            query = query.where(m.Payment.status == m.PaymentStatus.FAILED)
        elif view is s.PaymentView.REFUNDED:
            query = query.where(m.Payment.status == m.PaymentStatus.REFUNDED)
        elif view is s.PaymentView.REFUNDS:
            query = query.where(
                m.Payment.status == m.PaymentStatus.SUCCEEDED, m.Payment.refund_state.is_not(None)
            )

        def listed(payment: m.Payment, handle: str) -> s.AdminPayment:
            return from_row(
                s.AdminPayment,
                payment,
                payer_handle=handle,
                stuck=payment.status in UNSETTLED and payment.created_at < stuck_before,
            )

        return await newest_first_page(self.session, query, m.Payment, listed, limit=limit, cursor=cursor)

    async def bookings(
        self,
        actor: m.User,
        *,
        status: m.BookingStatus | None = None,
        unpaid_at_venue: bool = False,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminBooking]:
        """Court bookings at every venue, newest first; `unpaid_at_venue` keeps confirmed pay-at-venue
        bookings nobody has marked paid yet (cash still to collect)."""
        require_admin(actor)
        member = aliased(m.User)
        query = (
            sa.select(m.Booking, m.Venue.name, m.Court.name, member.handle)
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .join(m.Court, m.Court.id == m.Booking.court_id)
            .join(member, member.id == m.Booking.user_id)
        )
        if status is not None:
            query = query.where(m.Booking.status == status)
        if unpaid_at_venue:
            query = query.where(
                m.Booking.payment_method == m.PaymentMethod.PAY_AT_VENUE,
                m.Booking.paid_at.is_(None),
                m.Booking.status.in_([m.BookingStatus.CONFIRMED, m.BookingStatus.CHECKED_IN]),
            )

        def listed(booking: m.Booking, venue: str, court: str, handle: str) -> s.AdminBooking:
            assert booking.period.lower is not None  # a CHECK keeps periods non-empty
            assert booking.period.upper is not None
            return from_row(
                s.AdminBooking,
                booking,
                venue_name=venue,
                court_name=court,
                member_handle=handle,
                starts_at=booking.period.lower,
                ends_at=booking.period.upper,
                paid=booking.paid_at is not None,
            )

        return await newest_first_page(self.session, query, m.Booking, listed, limit=limit, cursor=cursor)

    # Messages ------------------------------------------------------------------------------

    async def message_stats(self, actor: m.User, *, days: int = 7) -> s.MessageStats:
        """Delivery per channel and kind for the last `days` days (1: today), what providers charged,
        the commonest errors and the latest refused callbacks."""
        require_admin(actor)
        return await messages.message_stats(self.session, days, utcnow())

    # Jobs and audit ------------------------------------------------------------------------

    async def queue_health(self, actor: m.User) -> s.QueueHealth:
        require_admin(actor)
        queue = self.services.runtime.queue
        info = await queue.info()
        return s.QueueHealth(
            queued=info["queued"],
            active=info["active"],
            scheduled=info["scheduled"],
            workers=len(info["workers"]),
            last_heartbeat=str(await self.services.runtime.redis.get(HEARTBEAT_KEY) or "") or None,
            failed=await self._failed_jobs(),
        )

    async def _failed_jobs(self) -> list[s.FailedJob]:
        """Failed jobs SAQ still remembers (it keeps a finished job for its ttl, 10 minutes by default)."""
        jobs = [job async for job in self.services.runtime.queue.iter_jobs(statuses=[Status.FAILED])]
        jobs.sort(key=lambda job: job.completed, reverse=True)
        return [
            s.FailedJob(
                key=job.key,
                function=job.function,
                error=(job.error or "")[-500:] or None,
                attempts=job.attempts,
                completed_at=datetime.fromtimestamp(job.completed / 1000, UTC) if job.completed else None,
            )
            for job in jobs[:FAILED_JOBS_SHOWN]
        ]

    async def retry_job(self, actor: m.User, key: str) -> s.QueueHealth:
        require_admin(actor)
        queue = self.services.runtime.queue
        job = await queue.job(key)
        if job is None or job.status != Status.FAILED:
            raise NotFound(Message("errors_ops.no_failed_job"))
        await queue.retry(job, error=None)
        self.services.audit.record(actor, "jobs.retry", "job", None, {"key": key, "function": job.function})
        return await self.queue_health(actor)

    async def audit_log(
        self, actor: m.User, *, action: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.AuditEntry]:
        require_admin(actor)
        who = aliased(m.User)
        query = sa.select(m.AuditLog, who.handle).outerjoin(who, who.id == m.AuditLog.actor_id)
        if action:
            query = query.where(m.AuditLog.action.startswith(action, autoescape=True))
        return await newest_first_page(
            self.session,
            query,
            m.AuditLog,
            lambda row, handle: from_row(s.AuditEntry, row, actor_handle=handle),
            limit=limit,
            cursor=cursor,
        )

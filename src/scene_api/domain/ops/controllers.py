"""HTTP adapter for the admin (ops) API. Every route is admin-only: the `ADMIN` guard on the route, and
the services again (pages call them without a route)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, get, post
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from scene_api.db import models as m
from scene_api.domain.auth.roles import ADMIN
from scene_api.domain.ops import schemas as s
from scene_api.domain.payments import schemas as ps
from scene_api.lib.pagination import Page
from scene_api.services import Services


class AdminController(Controller):
    path = "/api/v1/admin"
    tags = ["admin"]
    guards = [ADMIN]
    security = ADMIN.security

    @get("/members", summary="Members, newest first, with search and status filter")
    async def members(
        self,
        services: Services,
        actor: m.User,
        q: str | None = None,
        status: m.UserStatus | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminMember]:
        return await services.admin.members(actor, text=q, status=status, limit=limit, cursor=cursor)

    @get("/members/{member_id:uuid}", summary="One member")
    async def member(self, services: Services, actor: m.User, member_id: UUID) -> s.AdminMember:
        return await services.admin.member(actor, member_id)

    @post("/members/{member_id:uuid}/suspend", status_code=HTTP_200_OK, summary="Suspend and sign out")
    async def suspend(
        self, services: Services, actor: m.User, member_id: UUID, data: s.Suspension
    ) -> s.AdminMember:
        return await services.admin.suspend(actor, member_id, data)

    @post("/members/{member_id:uuid}/reinstate", status_code=HTTP_200_OK, summary="Lift a suspension")
    async def reinstate(self, services: Services, actor: m.User, member_id: UUID) -> s.AdminMember:
        return await services.admin.reinstate(actor, member_id)

    @post(
        "/members/{member_id:uuid}/invite-privilege",
        status_code=HTTP_200_OK,
        summary="Allow or stop inviting",
    )
    async def invite_privilege(
        self, services: Services, actor: m.User, member_id: UUID, data: s.InvitePrivilege
    ) -> s.AdminMember:
        return await services.admin.set_invite_privilege(actor, member_id, data)

    @get("/members/{member_id:uuid}/invite-tree", summary="Everyone who joined below a member")
    async def invite_tree(self, services: Services, actor: m.User, member_id: UUID) -> s.InviteTreeNode:
        return await services.admin.invite_tree(actor, member_id)

    @get("/growth", summary="Members, invites and vouches, signups per day")
    async def growth(self, services: Services, actor: m.User) -> s.GrowthStats:
        return await services.admin.growth(actor)

    @get("/reports", summary="The reports queue (open by default)")
    async def reports(
        self,
        services: Services,
        actor: m.User,
        status: m.ReportStatus | None = m.ReportStatus.OPEN,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminReport]:
        return await services.admin.reports(actor, status=status, limit=limit, cursor=cursor)

    @post("/reports/{report_id:uuid}/resolve", status_code=HTTP_200_OK, summary="Dismiss or act on a report")
    async def resolve_report(
        self, services: Services, actor: m.User, report_id: UUID, data: s.ReportResolution
    ) -> s.AdminReport:
        return await services.admin.resolve_report(actor, report_id, data)

    @get("/payments", summary="Payments, newest first: all, stuck, failed, refunded, or refunds not done")
    async def payments(
        self,
        services: Services,
        actor: m.User,
        view: s.PaymentView = s.PaymentView.ALL,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminPayment]:
        return await services.admin.payments(actor, view=view, limit=limit, cursor=cursor)

    @post(
        "/payments/{payment_id:uuid}/refund",
        status_code=HTTP_200_OK,
        summary="Settle a refund waiting on ops: mark it refunded (portal reference) or send it again",
    )
    async def settle_refund(
        self, services: Services, actor: m.User, payment_id: UUID, data: ps.RefundSettlement
    ) -> ps.Payment:
        return await services.payments.settle_refund(actor, payment_id, data)

    @get("/money/{day:date}", summary="One day's money per provider, beside the provider's own word")
    async def money(self, services: Services, actor: m.User, day: date) -> ps.MoneyDay:
        return await services.money.day(actor, day)

    @post(
        "/money/{day:date}/check",
        status_code=HTTP_202_ACCEPTED,
        summary="Ask every provider about each payment of the day again (a job; the report shows it)",
    )
    async def check_money(self, services: Services, actor: m.User, day: date) -> ps.MoneyDay:
        return await services.money.ask_for_check(actor, day)

    @get("/bookings", summary="Court bookings at every venue, newest first")
    async def bookings(
        self,
        services: Services,
        actor: m.User,
        status: m.BookingStatus | None = None,
        unpaid_at_venue: bool = False,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AdminBooking]:
        return await services.admin.bookings(
            actor, status=status, unpaid_at_venue=unpaid_at_venue, limit=limit, cursor=cursor
        )

    @get("/messages", summary="Message delivery per channel and kind over the last `days` days (1: today)")
    async def messages(self, services: Services, actor: m.User, days: int = 7) -> s.MessageStats:
        return await services.admin.message_stats(actor, days=days)

    @get("/jobs", summary="Job queue health and recent failed jobs")
    async def jobs(self, services: Services, actor: m.User) -> s.QueueHealth:
        return await services.admin.queue_health(actor)

    @post("/jobs/{key:str}/retry", status_code=HTTP_200_OK, summary="Run a failed job again")
    async def retry_job(self, services: Services, actor: m.User, key: str) -> s.QueueHealth:
        return await services.admin.retry_job(actor, key)

    @get("/audit", summary="The audit log, newest first")
    async def audit(
        self,
        services: Services,
        actor: m.User,
        action: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.AuditEntry]:
        return await services.admin.audit_log(actor, action=action, limit=limit, cursor=cursor)

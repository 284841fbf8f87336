"""What the ops page reads back: growth (signups, invites, vouches), bookings and payments, the audit log."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta
from functools import partial
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.pagination import Page
from scene_api.lib.timezone import to_local
from scene_ui import formats
from scene_ui.components.buttons import secondary_button
from scene_ui.formats import short_date
from scene_ui.i18n import Labels, labels, t, texts
from scene_ui.pages.admin_money import WAITING_ON_OPS, DayReport, Settled, refund_pill, settle_refund
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    PagedList,
    Panel,
    as_admin,
    money,
    pill,
    quiet_note,
    row_classes,
    stat_tile,
    table,
    table_row,
)

PAGE = "admin_activity"
tx = texts(PAGE)
CHART_DAYS = 30

MONEY_VIEWS: Labels[str] = labels(PAGE, "view_", ("day", "payments", "bookings"))
PAYMENT_VIEWS = (
    ops_s.PaymentView.STUCK,
    ops_s.PaymentView.REFUNDS,
    ops_s.PaymentView.FAILED,
    ops_s.PaymentView.REFUNDED,
    ops_s.PaymentView.ALL,
)
PAYMENT_FILTERS = labels(PAGE, "payments_", PAYMENT_VIEWS)
NO_PAYMENTS = labels(PAGE, "no_payments_", PAYMENT_VIEWS)
BOOKING_FILTERS = labels(PAGE, "bookings_", ("cash", "held", "confirmed", "checked_in", "cancelled", "all"))
PAYMENT_TONES = {
    m.PaymentStatus.INITIATED: "warn",
    m.PaymentStatus.PENDING: "warn",
    m.PaymentStatus.SUCCEEDED: "good",
    m.PaymentStatus.FAILED: "bad",
    m.PaymentStatus.REFUNDED: "quiet",
}
PAYMENT_LABELS = labels(PAGE, "payment_", m.PaymentStatus)
PROVIDERS = {
    m.PaymentProviderName.PAYFAST: "PayFast",
    m.PaymentProviderName.JAZZCASH: "JazzCash",
    m.PaymentProviderName.EASYPAISA: "Easypaisa",
}
PURPOSES = labels(PAGE, "purpose_", m.PaymentPurpose)
BOOKING_TONES = {
    m.BookingStatus.HELD: "warn",
    m.BookingStatus.CONFIRMED: "good",
    m.BookingStatus.CHECKED_IN: "good",
    m.BookingStatus.EXPIRED: "quiet",
    m.BookingStatus.CANCELLED: "quiet",
    m.BookingStatus.NO_SHOW: "bad",
}
BOOKING_LABELS = labels(PAGE, "booking_", m.BookingStatus)
AUDIT_FILTERS: Labels[str] = Labels(
    PAGE,
    {
        "": "audit_all",
        "members.": "audit_members",
        "reports.": "audit_reports",
        "invites.": "audit_invites",
        "booking.": "audit_bookings",
        "payment.": "audit_payments",
        "venue.": "audit_venues",
        "jobs.": "audit_jobs",
    },
)
"""Audit actions by the start of their name; the names themselves (`members.suspend`) stay as logged."""


class GrowthPanel(Panel):
    def __init__(self) -> None:
        self.stats: ops_s.GrowthStats | None = None

    async def load(self) -> None:
        self.stats = await as_admin(lambda services, me: services.admin.growth(me))

    def render(self) -> None:
        stats = self.stats
        if stats is None:
            return
        with ui.element("div").classes("w-full grid grid-cols-3 gap-2").mark("growth"):
            with stat_tile(str(stats.members), tx.members):
                ui.label(tx.active.format(count=stats.active_members)).classes("text-meta text-muted")
            with stat_tile(str(stats.invites_redeemed), tx.invites):
                ui.label(tx.invites_of.format(count=stats.invites_created)).classes("text-meta text-muted")
            stat_tile(str(stats.vouches), tx.vouches)
        self._chart(stats)
        self._inviters(stats)

    def _chart(self, stats: ops_s.GrowthStats) -> None:
        today = formats.today()
        days = [today - timedelta(days=offset) for offset in range(CHART_DAYS - 1, -1, -1)]
        counts = {row.day: row.count for row in stats.signups_per_day}
        total = sum(counts.get(day, 0) for day in days)
        most = max((counts.get(day, 0) for day in days), default=0) or 1
        with (
            ui.column().classes("w-full gap-3 p-4 rounded-card bg-surface border border-line").mark("signups")
        ):
            with ui.row().classes("w-full items-baseline justify-between gap-2"):
                ui.label(tx.signups).classes("text-title font-bold text-ink")
                ui.label(tx.signups_caption.format(days=CHART_DAYS)).classes("text-meta text-muted")
            ui.label(tx("signups_total", count=total, s="" if total == 1 else "s")).classes(
                "text-meta text-muted"
            )
            with ui.row().classes("w-full h-32 items-end gap-[2px] flex-nowrap"):
                for day in days:
                    count = counts.get(day, 0)
                    height = max(4, round(100 * count / most)) if count else 2
                    bar = ui.element("div").classes(
                        "flex-1 min-w-0 rounded-t-sm " + ("bg-accent" if count else "bg-raised")
                    )
                    bar.style(f"height: {height}%").props(f'title="{short_date(day)}: {count}"')
            with ui.row().classes("w-full justify-between"):
                ui.label(short_date(days[0])).classes("text-label text-muted")
                ui.label(t("formats.today")).classes("text-label text-muted")

    def _inviters(self, stats: ops_s.GrowthStats) -> None:
        with ui.column().classes("w-full gap-2").mark("top-inviters"):
            ui.label(tx.top_inviters).classes("text-title font-bold text-ink")
            if not stats.top_inviters:
                quiet_note(tx.no_inviters)
                return
            most = stats.top_inviters[0].invited or 1
            with ui.column().classes("w-full gap-3 p-4 rounded-card bg-surface border border-line"):
                for rank, inviter in enumerate(stats.top_inviters, start=1):
                    with ui.column().classes("w-full gap-1"):
                        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
                            ui.label(str(rank)).classes("w-5 text-meta font-bold text-muted")
                            ui.label(f"@{inviter.handle}").classes(
                                "flex-1 text-body font-semibold text-ink truncate"
                            )
                            ui.label(tx.invited.format(count=inviter.invited)).classes("text-meta text-muted")
                        with ui.element("div").classes("ms-7 h-1 rounded-full bg-raised overflow-hidden"):
                            ui.element("div").classes("h-full bg-accent rounded-full").style(
                                f"width: {round(100 * inviter.invited / most)}%"
                            )


Money = ops_s.AdminPayment | ops_s.AdminBooking


class MoneyPanel(PagedList[Money]):
    """Payments or court bookings, each under its own filters."""

    def __init__(self) -> None:
        super().__init__()
        self.view = "day"
        self.day_report = DayReport()
        self.payment_view = ops_s.PaymentView.STUCK
        self.booking_filter = "cash"
        self.views = Filters(MONEY_VIEWS, "day", self.switch)
        self.payment_filters = Filters(PAYMENT_FILTERS, ops_s.PaymentView.STUCK, self.filter_payments)
        self.booking_filters = Filters(BOOKING_FILTERS, "cash", self.filter_bookings)

    def filters_key(self) -> Hashable:
        return self.view, self.payment_view, self.booking_filter

    async def load(self, *, more: bool = False) -> None:
        if self.view == "day":
            await self.day_report.load()
        else:
            await super().load(more=more)

    async def fetch(self, cursor: str | None) -> Page[Money]:
        page: Page[Money]
        if self.view == "payments":
            view = self.payment_view
            page = await as_admin(
                lambda services, me: services.admin.payments(me, view=view, limit=PAGE_SIZE, cursor=cursor)
            )
        else:
            chosen = self.booking_filter
            status = None if chosen in ("cash", "all") else m.BookingStatus(chosen)
            page = await as_admin(
                lambda services, me: services.admin.bookings(
                    me, status=status, unpaid_at_venue=chosen == "cash", limit=PAGE_SIZE, cursor=cursor
                )
            )
        return page

    def empty_note(self) -> str:
        return NO_PAYMENTS[self.payment_view] if self.view == "payments" else tx.no_bookings

    def render(self) -> None:
        self.views.render("money-view")
        self.body()

    async def switch(self, view: str) -> None:
        self.view = view
        await self.load()
        self.body.refresh()

    async def filter_payments(self, view: ops_s.PaymentView) -> None:
        self.payment_view = view
        await self.reload()

    async def filter_bookings(self, chosen: str) -> None:
        self.booking_filter = chosen
        await self.reload()

    @ui.refreshable_method
    def body(self) -> None:
        if self.view == "day":
            self.day_report.render()
            return
        if self.view == "payments":
            self.payment_filters.chips.clear()
            self.payment_filters.render("payment-filter")
        else:
            self.booking_filters.chips.clear()
            self.booking_filters.render("booking-filter")
        self.listing()

    def rows(self, items: list[Money]) -> None:
        with table():
            for index, item in enumerate(items):
                if isinstance(item, ops_s.AdminPayment):
                    _payment_row(item, first=index == 0, on_settled=self.reload)
                else:
                    _booking_row(item, first=index == 0)


def _payment_row(payment: ops_s.AdminPayment, *, first: bool, on_settled: Settled) -> None:
    with table_row(f"payment-{payment.merchant_reference}", first=first):
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(money(payment.amount_pkr)).classes("text-body font-bold text-ink whitespace-nowrap")
            ui.label(f"{PROVIDERS[payment.provider]} \u00b7 {PURPOSES[payment.purpose]}").classes(
                "flex-1 text-meta text-muted truncate"
            )
            if payment.stuck:
                pill(tx.stuck, "bad")
            else:
                pill(PAYMENT_LABELS[payment.status], PAYMENT_TONES[payment.status])
        ui.label(f"@{payment.payer_handle} \u00b7 {payment.merchant_reference}").classes(
            "text-meta text-muted font-mono truncate"
        )
        moment = payment.refunded_at or payment.succeeded_at or payment.created_at
        ui.label(formats.ago(moment)).classes("text-label text-muted")
        if payment.failure_reason:
            ui.label(payment.failure_reason).classes("text-meta text-danger")
        state = payment.refund_state
        if state is not None and state != m.RefundState.DONE:
            with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                refund_pill(state)
                ui.label(payment.refund_reason).classes("flex-1 text-meta text-muted truncate")
                if state in WAITING_ON_OPS:
                    settle = partial(settle_refund, payment.id, payment.provider, state, on_settled)
                    secondary_button(tx.settle, settle).mark(f"settle-{payment.merchant_reference}")


def _booking_row(booking: ops_s.AdminBooking, *, first: bool) -> None:
    with table_row(f"booking-{booking.id}", first=first):
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(f"{booking.venue_name} \u00b7 {booking.court_name}").classes(
                "flex-1 text-body font-semibold text-ink truncate"
            )
            pill(BOOKING_LABELS[booking.status], BOOKING_TONES[booking.status])
        slot = f"{formats.when(booking.starts_at)} \u2013 {formats.clock(booking.ends_at)}"
        ui.label(f"{slot} \u00b7 @{booking.member_handle}").classes("text-meta text-muted truncate")
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(money(booking.price_pkr)).classes("text-meta font-bold text-ink")
            method = tx.online if booking.payment_method is m.PaymentMethod.ONLINE else tx.at_venue
            if booking.paid:
                ui.label(tx("paid_method", method=method)).classes("text-meta text-muted")
            elif booking.payment_method is m.PaymentMethod.PAY_AT_VENUE and booking.status in (
                m.BookingStatus.CONFIRMED,
                m.BookingStatus.CHECKED_IN,
            ):
                ui.label(tx.cash_due).classes("text-meta font-semibold text-warning")


class AuditPanel(PagedList[ops_s.AuditEntry]):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.filters = Filters(AUDIT_FILTERS, "", self.filter_by)

    def filters_key(self) -> Hashable:
        return self.action

    async def fetch(self, cursor: str | None) -> Page[ops_s.AuditEntry]:
        action = self.action
        page: Page[ops_s.AuditEntry] = await as_admin(
            lambda services, me: services.admin.audit_log(
                me, action=action or None, limit=PAGE_SIZE, cursor=cursor
            )
        )
        return page

    def empty_note(self) -> str:
        return tx.no_audit

    def render(self) -> None:
        self.filters.render("audit-filter")
        self.listing()

    async def filter_by(self, action: str) -> None:
        self.action = action
        await self.reload()

    def rows(self, items: list[ops_s.AuditEntry]) -> None:
        current: date | None = None
        with table():
            for entry in items:
                day = to_local(entry.created_at).date()
                if day != current:
                    current = day
                    ui.label(formats.day_heading(day) if day >= formats.today() else short_date(day)).classes(
                        "w-full px-4 pt-3 pb-1 text-label font-bold uppercase tracking-wider text-muted"
                    )
                _audit_row(entry)


def _audit_row(entry: ops_s.AuditEntry) -> None:
    with ui.column().classes(row_classes(False, "gap-0.5 px-4 py-2.5")).mark(f"audit-{entry.action}"):
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
            ui.label(entry.action).classes("flex-1 text-meta font-bold text-ink font-mono truncate")
            ui.label(formats.clock(entry.created_at)).classes("text-label text-muted whitespace-nowrap")
        who = f"@{entry.actor_handle}" if entry.actor_handle else tx.system
        ui.label(f"{who} \u00b7 {entry.subject_type}").classes("text-meta text-muted")
        if entry.details:
            ui.label(_details(entry.details)).classes("text-meta text-muted break-words line-clamp-2").props(
                f'title="{_details(entry.details)}"'
            )


def _details(details: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in details.items())

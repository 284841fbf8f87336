"""What the ops page reads back: growth (signups, invites, vouches), bookings and payments, the audit log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.timezone import short_date, to_local
from scene_ui import formats
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    Panel,
    as_admin,
    money,
    pill,
    quiet_note,
    show_more,
    stat_tile,
)

MEMBERS = "Members"
ACTIVE = "{count} active"
INVITES = "Invites used"
INVITES_OF = "of {count} made"
VOUCHES = "Vouches"
SIGNUPS = "Sign-ups per day"
SIGNUPS_CAPTION = "Last {days} days"
SIGNUPS_TOTAL = "{count} new member{s}"
TOP_INVITERS = "Top inviters"
NO_INVITERS = "Nobody has brought anyone in yet."
INVITED = "{count} joined"
CHART_DAYS = 30

MONEY_VIEWS = {"payments": "Payments", "bookings": "Court bookings"}
PAYMENT_FILTERS = {
    ops_s.PaymentView.STUCK: "Stuck",
    ops_s.PaymentView.FAILED: "Failed",
    ops_s.PaymentView.REFUNDED: "Refunded",
    ops_s.PaymentView.ALL: "All",
}
NO_PAYMENTS = {
    ops_s.PaymentView.STUCK: "No stuck payments: every payment settled or failed in time.",
    ops_s.PaymentView.FAILED: "No failed payments.",
    ops_s.PaymentView.REFUNDED: "No refunds.",
    ops_s.PaymentView.ALL: "No payments yet.",
}
BOOKING_FILTERS: dict[str, str] = {
    "cash": "Cash to collect",
    "held": "On hold",
    "confirmed": "Confirmed",
    "checked_in": "Checked in",
    "cancelled": "Cancelled",
    "all": "All",
}
NO_BOOKINGS = "No bookings here."
PAYMENT_TONES = {
    m.PaymentStatus.INITIATED: "warn",
    m.PaymentStatus.PENDING: "warn",
    m.PaymentStatus.SUCCEEDED: "good",
    m.PaymentStatus.FAILED: "bad",
    m.PaymentStatus.REFUNDED: "quiet",
}
PAYMENT_LABELS = {
    m.PaymentStatus.INITIATED: "Started",
    m.PaymentStatus.PENDING: "Pending",
    m.PaymentStatus.SUCCEEDED: "Paid",
    m.PaymentStatus.FAILED: "Failed",
    m.PaymentStatus.REFUNDED: "Refunded",
}
STUCK = "Stuck"
PROVIDERS = {
    m.PaymentProviderName.PAYFAST: "PayFast",
    m.PaymentProviderName.JAZZCASH: "JazzCash",
    m.PaymentProviderName.EASYPAISA: "Easypaisa",
}
PURPOSES = {
    m.PaymentPurpose.BOOKING: "Court booking",
    m.PaymentPurpose.ORDER: "Tickets",
    m.PaymentPurpose.SHARE: "Share",
}
BOOKING_TONES = {
    m.BookingStatus.HELD: "warn",
    m.BookingStatus.CONFIRMED: "good",
    m.BookingStatus.CHECKED_IN: "good",
    m.BookingStatus.EXPIRED: "quiet",
    m.BookingStatus.CANCELLED: "quiet",
    m.BookingStatus.NO_SHOW: "bad",
}
BOOKING_LABELS = {
    m.BookingStatus.HELD: "On hold",
    m.BookingStatus.CONFIRMED: "Confirmed",
    m.BookingStatus.CHECKED_IN: "Checked in",
    m.BookingStatus.EXPIRED: "Expired",
    m.BookingStatus.CANCELLED: "Cancelled",
    m.BookingStatus.NO_SHOW: "No-show",
}
CASH_DUE = "Cash due"
PAID = "Paid"
ONLINE = "online"
AT_VENUE = "at venue"

AUDIT_FILTERS = {
    "": "Everything",
    "members.": "Members",
    "reports.": "Reports",
    "invites.": "Invites",
    "booking.": "Bookings",
    "payment.": "Payments",
    "venue.": "Venues",
    "jobs.": "Jobs",
}
NO_AUDIT = "Nothing recorded here yet."
SYSTEM = "system"


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
            with stat_tile(str(stats.members), MEMBERS):
                ui.label(ACTIVE.format(count=stats.active_members)).classes("text-meta text-muted")
            with stat_tile(str(stats.invites_redeemed), INVITES):
                ui.label(INVITES_OF.format(count=stats.invites_created)).classes("text-meta text-muted")
            stat_tile(str(stats.vouches), VOUCHES)
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
                ui.label(SIGNUPS).classes("text-title font-bold text-ink")
                ui.label(SIGNUPS_CAPTION.format(days=CHART_DAYS)).classes("text-meta text-muted")
            ui.label(SIGNUPS_TOTAL.format(count=total, s="" if total == 1 else "s")).classes(
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
                ui.label(formats.TODAY).classes("text-label text-muted")

    def _inviters(self, stats: ops_s.GrowthStats) -> None:
        with ui.column().classes("w-full gap-2").mark("top-inviters"):
            ui.label(TOP_INVITERS).classes("text-title font-bold text-ink")
            if not stats.top_inviters:
                quiet_note(NO_INVITERS)
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
                            ui.label(INVITED.format(count=inviter.invited)).classes("text-meta text-muted")
                        with ui.element("div").classes("ml-7 h-1 rounded-full bg-raised overflow-hidden"):
                            ui.element("div").classes("h-full bg-accent rounded-full").style(
                                f"width: {round(100 * inviter.invited / most)}%"
                            )


class MoneyPanel(Panel):
    def __init__(self) -> None:
        self.view = "payments"
        self.payment_view = ops_s.PaymentView.STUCK
        self.booking_filter = "cash"
        self.payments: list[ops_s.AdminPayment] = []
        self.bookings: list[ops_s.AdminBooking] = []
        self.next_cursor: str | None = None
        self.views = Filters(MONEY_VIEWS, "payments", self.switch)
        self.payment_filters = Filters(PAYMENT_FILTERS, ops_s.PaymentView.STUCK, self.filter_payments)
        self.booking_filters = Filters(BOOKING_FILTERS, "cash", self.filter_bookings)

    async def load(self, *, more: bool = False) -> None:
        cursor = self.next_cursor if more else None
        if self.view == "payments":
            view = self.payment_view
            payments = await as_admin(
                lambda services, me: services.admin.payments(me, view=view, limit=PAGE_SIZE, cursor=cursor)
            )
            self.payments = [*self.payments, *payments.items] if more else payments.items
            self.next_cursor = payments.next_cursor
        else:
            chosen = self.booking_filter
            status = None if chosen in ("cash", "all") else m.BookingStatus(chosen)
            bookings = await as_admin(
                lambda services, me: services.admin.bookings(
                    me, status=status, unpaid_at_venue=chosen == "cash", limit=PAGE_SIZE, cursor=cursor
                )
            )
            self.bookings = [*self.bookings, *bookings.items] if more else bookings.items
            self.next_cursor = bookings.next_cursor

    def render(self) -> None:
        self.views.render("money-view")
        self.body()

    async def switch(self, view: str) -> None:
        self.view = view
        await self.load()
        self.body.refresh()

    async def filter_payments(self, view: ops_s.PaymentView) -> None:
        self.payment_view = view
        await self.load()
        self.listing.refresh()

    async def filter_bookings(self, chosen: str) -> None:
        self.booking_filter = chosen
        await self.load()
        self.listing.refresh()

    async def more(self) -> None:
        await self.load(more=True)
        self.listing.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        if self.view == "payments":
            self.payment_filters.chips.clear()
            self.payment_filters.render("payment-filter")
        else:
            self.booking_filters.chips.clear()
            self.booking_filters.render("booking-filter")
        self.listing()

    @ui.refreshable_method
    def listing(self) -> None:
        if self.view == "payments":
            if not self.payments:
                quiet_note(NO_PAYMENTS[self.payment_view])
            else:
                with ui.column().classes(
                    "w-full gap-0 rounded-card bg-surface border border-line overflow-hidden"
                ):
                    for index, payment in enumerate(self.payments):
                        _payment_row(payment, first=index == 0)
        elif not self.bookings:
            quiet_note(NO_BOOKINGS)
        else:
            with ui.column().classes(
                "w-full gap-0 rounded-card bg-surface border border-line overflow-hidden"
            ):
                for index, booking in enumerate(self.bookings):
                    _booking_row(booking, first=index == 0)
        if self.next_cursor:
            show_more(self.more)


def _payment_row(payment: ops_s.AdminPayment, *, first: bool) -> None:
    with (
        ui.column()
        .classes("w-full gap-1 px-4 py-3 " + ("" if first else "border-t border-line"))
        .mark(f"payment-{payment.merchant_reference}")
    ):
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(money(payment.amount_pkr)).classes("text-body font-bold text-ink whitespace-nowrap")
            ui.label(f"{PROVIDERS[payment.provider]} \u00b7 {PURPOSES[payment.purpose]}").classes(
                "flex-1 text-meta text-muted truncate"
            )
            if payment.stuck:
                pill(STUCK, "bad")
            else:
                pill(PAYMENT_LABELS[payment.status], PAYMENT_TONES[payment.status])
        ui.label(f"@{payment.payer_handle} \u00b7 {payment.merchant_reference}").classes(
            "text-meta text-muted font-mono truncate"
        )
        moment = payment.refunded_at or payment.succeeded_at or payment.created_at
        ui.label(formats.ago(moment)).classes("text-label text-muted")
        if payment.failure_reason:
            ui.label(payment.failure_reason).classes("text-meta text-danger")


def _booking_row(booking: ops_s.AdminBooking, *, first: bool) -> None:
    with (
        ui.column()
        .classes("w-full gap-1 px-4 py-3 " + ("" if first else "border-t border-line"))
        .mark(f"booking-{booking.id}")
    ):
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(f"{booking.venue_name} \u00b7 {booking.court_name}").classes(
                "flex-1 text-body font-semibold text-ink truncate"
            )
            pill(BOOKING_LABELS[booking.status], BOOKING_TONES[booking.status])
        slot = f"{formats.when(booking.starts_at)} \u2013 {formats.clock(booking.ends_at)}"
        ui.label(f"{slot} \u00b7 @{booking.member_handle}").classes("text-meta text-muted truncate")
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.label(money(booking.price_pkr)).classes("text-meta font-bold text-ink")
            method = ONLINE if booking.payment_method is m.PaymentMethod.ONLINE else AT_VENUE
            if booking.paid:
                ui.label(f"{PAID} {method}").classes("text-meta text-muted")
            elif booking.payment_method is m.PaymentMethod.PAY_AT_VENUE and booking.status in (
                m.BookingStatus.CONFIRMED,
                m.BookingStatus.CHECKED_IN,
            ):
                ui.label(CASH_DUE).classes("text-meta font-semibold text-warning")


class AuditPanel(Panel):
    def __init__(self) -> None:
        self.action = ""
        self.entries: list[ops_s.AuditEntry] = []
        self.next_cursor: str | None = None
        self.filters = Filters(AUDIT_FILTERS, "", self.filter_by)

    async def load(self, *, more: bool = False) -> None:
        action, cursor = self.action, self.next_cursor if more else None
        page = await as_admin(
            lambda services, me: services.admin.audit_log(
                me, action=action or None, limit=PAGE_SIZE, cursor=cursor
            )
        )
        if action != self.action:
            return
        self.entries = [*self.entries, *page.items] if more else page.items
        self.next_cursor = page.next_cursor

    def render(self) -> None:
        self.filters.render("audit-filter")
        self.listing()

    async def filter_by(self, action: str) -> None:
        self.action = action
        await self.load()
        self.listing.refresh()

    async def more(self) -> None:
        await self.load(more=True)
        self.listing.refresh()

    @ui.refreshable_method
    def listing(self) -> None:
        if not self.entries:
            quiet_note(NO_AUDIT)
            return
        current: date | None = None
        with ui.column().classes("w-full gap-0 rounded-card bg-surface border border-line overflow-hidden"):
            for entry in self.entries:
                day = to_local(entry.created_at).date()
                if day != current:
                    current = day
                    ui.label(formats.day_heading(day) if day >= formats.today() else short_date(day)).classes(
                        "w-full px-4 pt-3 pb-1 text-label font-bold uppercase tracking-wider text-muted"
                    )
                _audit_row(entry)
        if self.next_cursor:
            show_more(self.more)


def _audit_row(entry: ops_s.AuditEntry) -> None:
    with ui.column().classes("w-full gap-0.5 px-4 py-2.5 border-t border-line").mark(f"audit-{entry.action}"):
        with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
            ui.label(entry.action).classes("flex-1 text-meta font-bold text-ink font-mono truncate")
            ui.label(formats.clock(entry.created_at)).classes("text-label text-muted whitespace-nowrap")
        who = f"@{entry.actor_handle}" if entry.actor_handle else SYSTEM
        ui.label(f"{who} \u00b7 {entry.subject_type}").classes("text-meta text-muted")
        if entry.details:
            ui.label(_details(entry.details)).classes("text-meta text-muted break-words line-clamp-2").props(
                f'title="{_details(entry.details)}"'
            )


def _details(details: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in details.items())

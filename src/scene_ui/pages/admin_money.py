"""The ops page's money that needs people: refunds the ledger could not finish (settled here with the
provider portal's reference, or sent again), and one day's money per provider beside what each
provider itself says (`scene_api.domain.payments.money`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.payments import schemas as pay_s
from scene_api.lib.errors import DomainError
from scene_ui import feedback, formats
from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.i18n import labels, texts
from scene_ui.pages.admin_shared import as_admin, attempt, money, pill, quiet_note

PAGE = "admin_money"
tx = texts(PAGE)

WAITING_ON_OPS = (m.RefundState.MANUAL, m.RefundState.UNKNOWN, m.RefundState.REFUSED)
REFUND_LABELS = labels(PAGE, "refund_", m.RefundState)
REFUND_EXPLAIN = labels(PAGE, "explain_", WAITING_ON_OPS)
REFUND_TONES = {
    m.RefundState.REQUESTED: "warn",
    m.RefundState.REFUSED: "bad",
    m.RefundState.UNKNOWN: "bad",
    m.RefundState.MANUAL: "warn",
    m.RefundState.DONE: "quiet",
}
PROVIDERS = {
    m.PaymentProviderName.PAYFAST: "PayFast",
    m.PaymentProviderName.JAZZCASH: "JazzCash",
    m.PaymentProviderName.EASYPAISA: "Easypaisa",
}
DISAGREEMENTS = ("paid_only_at_provider", "paid_only_in_scene", "amount_differs", "no_answer")
DISAGREEMENT_LABELS = labels(PAGE, "", DISAGREEMENTS)

Settled = Callable[[], Awaitable[None]]


def refund_pill(state: m.RefundState) -> None:
    pill(REFUND_LABELS[state], REFUND_TONES[state])


def settle_refund(
    payment_id: UUID, provider: m.PaymentProviderName, state: m.RefundState, on_settled: Settled
) -> None:
    """The dialog closing a refund waiting on ops: mark it refunded with the portal's reference, or
    (when the provider has a refund API and ops checked nothing went back) send it again."""
    with (
        dialog_root(),
        ui.dialog() as dialog,
        ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
    ):
        dialog_title(tx("settle_title", provider=PROVIDERS[provider]))
        ui.label(REFUND_EXPLAIN[state]).classes("text-body text-muted")
        note = ui.input(tx.note_label, placeholder=tx.note_placeholder).props("outlined maxlength=200")
        note.classes("w-full").mark("refund-note")

        async def settle(action: pay_s.RefundAction, done: str) -> None:
            try:
                request = feedback.checked(
                    {"action": action.value, "note": (note.value or "").strip()}, pay_s.RefundSettlement
                )
            except DomainError as error:
                feedback.failed(error)
                return
            settled = await attempt(
                lambda services, me: services.payments.settle_refund(me, payment_id, request), done
            )
            if settled is not None:
                dialog.close()
                await on_settled()

        with ui.column().classes("w-full gap-2 pt-2"):
            primary_button(
                tx.mark_refunded, lambda: settle(pay_s.RefundAction.MARK_REFUNDED, tx.marked)
            ).classes("w-full").mark("mark-refunded")
            if state != m.RefundState.MANUAL:
                secondary_button(
                    tx.send_again, lambda: settle(pay_s.RefundAction.SEND_AGAIN, tx.sent)
                ).classes("w-full").mark("send-again")
            secondary_button(tx.cancel, dialog.close).classes("w-full")
    open_once(dialog)


class DayReport:
    """One day's money per provider, with the refunds waiting on ops; yesterday first (the nightly
    check with the providers has run by morning)."""

    def __init__(self) -> None:
        self.day: date = formats.today() - timedelta(days=1)
        self.report: pay_s.MoneyDay | None = None

    async def load(self) -> None:
        day = self.day
        self.report = await as_admin(lambda services, me: services.money.day(me, day))

    async def reload(self) -> None:
        await self.load()
        self.render.refresh()

    async def move(self, days: int) -> None:
        self.day = min(formats.today(), self.day + timedelta(days=days))
        await self.reload()

    async def check_now(self) -> None:
        day = self.day
        await attempt(lambda services, me: services.money.ask_for_check(me, day), tx.check_asked)

    @ui.refreshable_method
    def render(self) -> None:
        report = self.report
        if report is None:
            return
        with ui.row().classes("w-full items-center gap-2 flex-nowrap").mark("money-day"):
            secondary_button("\u2039", lambda: self.move(-1)).props(f'aria-label="{tx.earlier}"')
            ui.label(formats.short_date(report.day)).classes(
                "flex-1 text-center text-title font-bold text-ink"
            )
            later = secondary_button("\u203a", lambda: self.move(1)).props(f'aria-label="{tx.later}"')
            later.set_enabled(report.day < formats.today())
        self._waiting(report.refunds_waiting_on_ops)
        for provider_day in report.providers:
            self._provider(provider_day)
        secondary_button(tx.check_now, self.check_now).classes("w-full").mark("check-now")

    def _waiting(self, payments: list[pay_s.Payment]) -> None:
        with ui.column().classes("w-full gap-2").mark("refunds-waiting"):
            ui.label(tx.waiting_title).classes("text-title font-bold text-ink")
            if not payments:
                quiet_note(tx.nothing_waiting)
                return
            for payment in payments:
                with ui.column().classes("w-full gap-1 p-3 rounded-card bg-surface border border-line"):
                    with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                        ui.label(money(payment.amount_pkr)).classes("text-body font-bold text-ink")
                        ui.label(PROVIDERS[payment.provider]).classes("flex-1 text-meta text-muted truncate")
                        if payment.refund_state is not None:
                            refund_pill(payment.refund_state)
                    ui.label(payment.merchant_reference).classes("text-meta text-muted font-mono")
                    if payment.refund_state is not None:
                        state = payment.refund_state
                        secondary_button(
                            tx.settle,
                            lambda p=payment, s=state: settle_refund(p.id, p.provider, s, self.reload),
                        ).classes("w-full").mark(f"settle-{payment.merchant_reference}")

    def _provider(self, day: pay_s.ProviderDay) -> None:
        with (
            ui.column()
            .classes("w-full gap-2 p-4 rounded-card bg-surface border border-line")
            .mark(f"money-{day.provider.value}")
        ):
            ui.label(PROVIDERS[day.provider]).classes("text-title font-bold text-ink")
            with ui.element("div").classes("w-full grid grid-cols-3 gap-2"):
                for amount, label in (
                    (day.received_pkr, tx.received),
                    (day.refunded_pkr, tx.refunded),
                    (day.refunds_waiting_pkr, tx.waiting),
                ):
                    with ui.column().classes("min-w-0 gap-0.5 p-3 rounded-card bg-raised"):
                        ui.label(money(amount)).classes("text-body font-bold text-ink whitespace-nowrap")
                        ui.label(label).classes(
                            "text-label font-semibold uppercase tracking-wider text-muted"
                        )
            started = sum(day.payments.values())
            ui.label(tx("started", count=started)).classes("text-meta text-muted")
            check = day.check
            if check is None:
                quiet_note(tx.not_checked)
                return
            tone = "text-accent" if check.difference_pkr == 0 else "text-danger"
            ui.label(
                tx(
                    "provider_says",
                    provider=money(check.provider_paid_pkr),
                    scene=money(check.scene_paid_pkr),
                )
            ).classes("text-meta text-muted")
            ui.label(tx("difference", amount=money(abs(check.difference_pkr)))).classes(
                f"text-body font-bold {tone}"
            )
            ui.label(tx("checked", when=formats.ago(check.checked_at), count=check.payments_checked)).classes(
                "text-label text-muted"
            )
            for kind in DISAGREEMENTS:
                references: list[str] = getattr(check, kind)
                if references:
                    ui.label(DISAGREEMENT_LABELS[kind]).classes("text-meta font-semibold text-danger")
                    ui.label(", ".join(references)).classes("text-meta text-muted font-mono break-all")

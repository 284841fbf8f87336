"""Split payment on the activity page: a participant's share of the cost (pay online, or say they'll
pay at the venue) and, for the host, who has paid. The rules are `services.shares`'."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats
from scene_ui.components.buttons import spinning
from scene_ui.components.checkout import ProviderChoice, online_or_at_venue
from scene_ui.components.facts import state_line
from scene_ui.components.person_card import person_row
from scene_ui.components.section import panel, section_header
from scene_ui.i18n import texts

tx = texts("activity_shares")
Share = s.ShareStatus

STATUS_TONES = {
    Share.PAID_ONLINE: "bg-accent-soft text-accent",
    Share.PAY_AT_VENUE: "bg-warning/15 text-warning",
    Share.UNPAID: "bg-raised text-muted",
    Share.NOTHING_DUE: "bg-raised text-muted",
}


def status_label(status: s.ShareStatus) -> str:
    return tx(f"status_{status.value}")


class ShareCard:
    """An approved participant's share: Rs X, and how it is (or will be) paid."""

    def __init__(self, activity: s.Activity, share: s.MyShare, on_change: Any) -> None:
        self.activity = activity
        self.share = share
        self.on_change = on_change
        self.busy = False

    def render(self) -> None:
        share = self.share
        amount = formats.rupees(share.amount_pkr)
        with ui.column().classes("w-full gap-2").mark("my-share"):
            section_header(tx.title)
            with panel(classes="gap-4 p-4"):
                ui.label(tx("amount", amount=amount)).classes("text-title font-bold text-ink").mark(
                    "share-amount"
                )
                if share.status is Share.PAID_ONLINE:
                    paid = tx("paid_hint", when=formats.when(share.paid_at)) if share.paid_at else None
                    state_line("check_circle", tx.paid_title, paid, marker="share-state")
                    self._refund_note()
                    return
                if share.status is Share.PAY_AT_VENUE:
                    state_line(
                        "storefront",
                        tx.at_venue_title,
                        tx("at_venue_hint", amount=amount),
                        marker="share-state",
                    )
                    ProviderChoice(m.PaymentPurpose.SHARE, share.request_id, share.amount_pkr).render()
                    self._refund_note()
                    return
                ui.label(tx("unpaid_hint", host=self.activity.host.name)).classes("text-meta text-muted")
                at_venue = online_or_at_venue(
                    m.PaymentPurpose.SHARE,
                    share.request_id,
                    share.amount_pkr,
                    at_venue=tx.pay_at_venue,
                    marker="share-pay-at-venue",
                )
                at_venue.on_click(lambda: self.pay_at_venue(at_venue))
                self._refund_note()

    def _refund_note(self) -> None:
        if self.share.refundable_until > utcnow():
            ui.label(tx("refundable", until=formats.when(self.share.refundable_until))).classes(
                "text-meta text-muted"
            )

    async def pay_at_venue(self, button: ui.button) -> None:
        if self.busy:
            return
        activity_id = self.activity.id
        async with spinning(self, button):
            share = await feedback.attempt(
                lambda services, me: services.shares.pay_at_venue(me.user, activity_id)
            )
            if share is feedback.REFUSED:
                await self.on_change()
                return
        self.share = share
        feedback.done(tx("pay_at_venue_done", amount=formats.rupees(share.amount_pkr)))
        await self.on_change()


def payments_list(payments: s.ActivityPayments) -> None:
    """For the host: every participant's share (paid online, at the venue, not yet) and the totals."""
    with ui.column().classes("w-full gap-2").mark("payments"):
        section_header(tx.payments_title, formats.rupees(payments.cost_pkr))
        with panel(classes="gap-0 px-4 py-2"):
            if not payments.items:
                ui.label(tx.no_one).classes("text-meta text-muted py-2")
            for item in payments.items:
                person = item.person
                with (
                    ui.row().classes("w-full items-center gap-2 flex-nowrap").mark(f"payment-{person.handle}")
                ):
                    with ui.element("div").classes("flex-1 min-w-0"):
                        person_row(person.name, person.handle, person.avatar_url)
                    ui.label(status_label(item.status)).classes(
                        "h-6 px-2 rounded-full text-label font-bold uppercase tracking-wide "
                        f"whitespace-nowrap flex items-center shrink-0 {STATUS_TONES[item.status]}"
                    )
            if payments.items:
                with ui.column().classes("w-full gap-0.5 py-3 border-t border-line").mark("payment-totals"):
                    ui.label(
                        tx(
                            "totals",
                            online=payments.paid_online,
                            venue=payments.pay_at_venue,
                            unpaid=payments.unpaid,
                        )
                    ).classes("text-body font-semibold text-ink")
                    money = [
                        tx(key, amount=formats.rupees(amount))
                        for key, amount in (
                            ("collected_online", payments.collected_online_pkr),
                            ("to_collect", payments.to_collect_at_venue_pkr),
                        )
                        if amount
                    ]
                    if money:
                        ui.label(" \u00b7 ".join(money)).classes("text-meta text-muted")

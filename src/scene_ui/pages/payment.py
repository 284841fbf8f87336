"""Back from the payment provider (`/payments/{id}`): did it go through, and what it paid for.

The API sends the browser here once the provider is done. The provider's answer often arrives a
moment later (a callback), so while the payment is pending the page asks again every few seconds.
"""

from __future__ import annotations

import json
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as activities_s
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.events import schemas as events_s
from scene_api.domain.payments import schemas as payments_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.services import Services
from scene_ui import formats, session
from scene_ui.components.activity_card import activity_path
from scene_ui.components.booking_card import booking_path
from scene_ui.components.buttons import link_button
from scene_ui.components.checkout import LABELS
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.section import panel
from scene_ui.components.tickets import order_path, ticket_passes
from scene_ui.i18n import texts
from scene_ui.pages.booking import confirmation

tx = texts("payment")

BACK_LEADS_TO = """<script>
(() => {{
  history.pushState({{scenePaid: true}}, "", location.href);
  addEventListener("popstate", () => location.replace({target}), {{once: true}});
}})();
</script>"""
"""Back from here would show the provider's pages again (its approve/decline form, from the browser's cache):
Back goes to what was paid for instead."""
POLL_SECONDS = 2.0
POLL_FOR_SECONDS = 40.0

Status = m.PaymentStatus
TONES = {
    Status.SUCCEEDED: ("check_circle", "text-accent", "bg-accent-soft"),
    Status.PENDING: ("hourglass_top", "text-warning", "bg-warning/15"),
    Status.INITIATED: ("hourglass_top", "text-warning", "bg-warning/15"),
    Status.FAILED: ("error_outline", "text-danger", "bg-danger/15"),
    Status.REFUNDED: ("undo", "text-muted", "bg-raised"),
}


def create() -> None:
    ui.page("/payments/{payment_id}")(session.members_only(payment_page))


async def payment_page(payment_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = PaymentView()
    await view.load(payment_id)
    with frame(tx.title, member=member, back="/me/bookings"):
        view.render()
    if view.payment is not None:
        ui.add_body_html(BACK_LEADS_TO.format(target=json.dumps(view.paid_for_path(view.payment))))


class PaymentView:
    """The payment as the ledger has it, and the booking or order it paid for once it succeeded."""

    def __init__(self) -> None:
        self.payment: payments_s.Payment | None = None
        self.booking: bookings_s.Booking | None = None
        self.order: events_s.Order | None = None
        self.share: activities_s.MyShare | None = None
        self.waited = 0.0

    async def load(self, payment_id: str | UUID) -> None:
        try:
            async with session.member_services() as (services, me):
                self.payment = await services.payments.get(me.user, UUID(str(payment_id)))
                if self.payment.purpose is m.PaymentPurpose.SHARE:  # whatever its state: the way back
                    self.share = await services.shares.of_request(me.user, self.payment.target_id)
                if self.payment.status is Status.SUCCEEDED:
                    await self._load_target(services, me.user)
        except (NotFound, ValueError):
            self.payment = None

    async def _load_target(self, services: Services, actor: m.User) -> None:
        assert self.payment is not None
        try:
            if self.payment.purpose is m.PaymentPurpose.BOOKING:
                self.booking = await services.bookings.get(actor, self.payment.target_id)
            elif self.payment.purpose is m.PaymentPurpose.ORDER:
                self.order = await services.orders.get(actor, self.payment.target_id)
        except NotFound:
            pass

    def render(self) -> None:
        if self.payment is None:
            empty_state("receipt_long", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()
        if self.payment.status in (Status.INITIATED, Status.PENDING):
            self.timer = ui.timer(POLL_SECONDS, self.poll, immediate=False)

    async def poll(self) -> None:
        assert self.payment is not None
        self.waited += POLL_SECONDS
        try:
            await self.load(self.payment.id)
        except DomainError:
            return
        settled = self.payment is not None and self.payment.status not in (Status.INITIATED, Status.PENDING)
        if settled or self.waited >= POLL_FOR_SECONDS:
            self.timer.deactivate()
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        payment = self.payment
        assert payment is not None
        provider = LABELS[payment.provider]
        icon, tone, backdrop = TONES[payment.status]
        title, hint = {
            Status.SUCCEEDED: (tx.succeeded, None),
            Status.FAILED: (tx.failed, tx(f"failed_{payment.purpose.value}_hint")),
            Status.REFUNDED: (tx.refunded, tx.refunded_hint),
        }.get(
            payment.status,
            (
                tx.pending.format(provider=provider),
                tx.still_pending.format(provider=provider)
                if self.waited >= POLL_FOR_SECONDS
                else tx.pending_hint,
            ),
        )
        with (
            ui.column()
            .classes("w-full items-center text-center gap-3 pt-4")
            .mark(f"payment-{payment.status.value}")
        ):
            with ui.element("div").classes(
                f"w-20 h-20 rounded-full {backdrop} flex items-center justify-center"
            ):
                if payment.status in (Status.INITIATED, Status.PENDING):
                    ui.spinner(size="2.5rem").classes(tone)
                else:
                    ui.icon(icon).classes(f"text-5xl {tone} {'scene-mirror' if icon == 'undo' else ''}")
            ui.label(title).classes("text-display font-extrabold text-ink").props(
                'role="heading" aria-level="1"'
            ).mark("payment-title")
            ui.label(
                tx.details.format(
                    amount=formats.rupees(payment.amount_pkr),
                    provider=provider,
                    reference=payment.merchant_reference,
                )
            ).classes("text-meta text-muted")
            if hint:
                ui.label(hint).classes("text-body text-muted max-w-[20rem]")
            if payment.failure_reason and payment.status in (Status.FAILED, Status.REFUNDED):
                # The provider's own words, in whatever language it writes them: quoted, not translated.
                ui.label(tx("provider_says", provider=provider, reason=payment.failure_reason)).classes(
                    "text-meta text-muted max-w-[20rem]"
                ).mark("provider-reason")
        self._what_it_paid_for(payment)

    def paid_for_path(self, payment: payments_s.Payment) -> str:
        """The page of what the payment is for: the booking, the order, or the activity a share is of."""
        if self.share is not None:
            return activity_path(self.share.activity_id)
        if payment.purpose is m.PaymentPurpose.BOOKING:
            return booking_path(payment.target_id)
        return order_path(payment.target_id)

    def _what_it_paid_for(self, payment: payments_s.Payment) -> None:
        target = self.paid_for_path(payment)
        if self.share is not None:  # a share of an activity's cost: back to the activity
            link_button(tx.view_activity, target, primary=payment.status is Status.FAILED).classes("w-full")
        elif payment.status is Status.SUCCEEDED and self.booking is not None:
            confirmation(self.booking, with_slot=True)
            link_button(tx.view_booking, target, icon="event_available").classes("w-full")
        elif payment.status is Status.SUCCEEDED and self.order is not None:
            with panel(classes="gap-4 p-5 items-center"):
                ui.label(self.order.event_title).classes("text-title font-bold text-ink text-center")
                ticket_passes(self.order)
            link_button(tx.my_tickets, "/me/tickets", icon="confirmation_number").classes("w-full")
        elif payment.status is Status.FAILED:
            link_button(tx.try_again, target, primary=True, icon="refresh").classes("w-full")
        else:
            label = tx.view_booking if payment.purpose is m.PaymentPurpose.BOOKING else tx.view_tickets
            link_button(label, target).classes("w-full")

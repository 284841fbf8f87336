"""One ticket order (`/orders/{id}`): reserved tickets with a countdown and how to pay, then the QR codes."""

from __future__ import annotations

from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as events_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, session
from scene_ui.components.buttons import ghost_button, link_button
from scene_ui.components.checkout import ProviderChoice
from scene_ui.components.countdown import hold_countdown
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import event_path
from scene_ui.components.facts import banner
from scene_ui.components.frame import frame
from scene_ui.components.section import panel
from scene_ui.components.tickets import order_chip, order_line, ticket_passes

TITLE = "Tickets"
NOT_FOUND_TITLE = "Order not found"
NOT_FOUND_MESSAGE = "It may belong to someone else, or the link is wrong."
HELD_TITLE = "Tickets held for you"
HELD_HINT = "Pay before the timer runs out, or they go back on sale."
PAY_TITLE = "Pay {amount}"
LET_GO = "Cancel reservation"
LET_GO_DONE = "Reservation cancelled; the tickets are back on sale."
AT_THE_DOOR = "Pay {amount} at the door when you arrive."
RESERVATION_ENDED = "Your reservation ran out and the tickets went back on sale."
BACK_TO_EVENT = "Back to the event"
ENDED = {
    m.OrderStatus.EXPIRED: RESERVATION_ENDED,
    m.OrderStatus.CANCELLED: "This order was cancelled.",
    m.OrderStatus.REFUNDED: "This order was refunded.",
}


def create() -> None:
    ui.page("/orders/{order_id}")(session.members_only(order_page))


async def order_page(order_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = OrderView(await load_order(order_id))
    with frame(TITLE, member=member, back="/me/tickets"):
        view.render()


async def load_order(order_id: str | UUID) -> events_s.Order | None:
    try:
        async with session.member_services() as (services, me):
            return await services.orders.get(me.user, UUID(str(order_id)))
    except (NotFound, ValueError):
        return None


def awaiting_payment(order: events_s.Order) -> bool:
    """Reserved for an online payment and still within its time."""
    return (
        order.status is m.OrderStatus.RESERVED
        and not order.pay_at_venue
        and order.expires_at is not None
        and order.expires_at > utcnow()
    )


class OrderView:
    def __init__(self, order: events_s.Order | None) -> None:
        self.order = order

    def render(self) -> None:
        if self.order is None:
            empty_state("confirmation_number", NOT_FOUND_TITLE, NOT_FOUND_MESSAGE)
            return
        self.body()

    async def reload(self) -> None:
        assert self.order is not None
        self.order = await load_order(self.order.id) or self.order
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        order = self.order
        assert order is not None
        with ui.column().classes("w-full gap-2"):
            order_chip(order)
            ui.link(order.event_title, event_path(order.event_id)).classes(
                "text-display font-extrabold text-ink no-underline break-words"
            ).props('role="heading" aria-level="1"')
            ui.label(order_line(order)).classes("text-body text-muted")
        if awaiting_payment(order):
            self._checkout(order)
        elif order.status is m.OrderStatus.RESERVED and not order.pay_at_venue:
            banner(RESERVATION_ENDED)
            link_button(BACK_TO_EVENT, event_path(order.event_id), primary=True).classes("w-full")
        elif order.status in ENDED:
            banner(ENDED[order.status])
        if order.tickets:
            if order.pay_at_venue and order.status is m.OrderStatus.RESERVED:
                banner(AT_THE_DOOR.format(amount=formats.rupees(order.amount_pkr)), icon="payments")
            with panel(classes="gap-4 p-5 items-center", marker="order-tickets"):
                ticket_passes(order)

    def _checkout(self, order: events_s.Order) -> None:
        assert order.expires_at is not None
        hold_countdown(order.expires_at, HELD_TITLE, HELD_HINT, on_end=self.reload)
        with panel(classes="gap-4 p-4", marker="checkout"):
            ui.label(PAY_TITLE.format(amount=formats.rupees(order.amount_pkr))).classes(
                "text-title font-bold text-ink"
            )
            ProviderChoice(m.PaymentPurpose.ORDER, order.id, order.amount_pkr).render()
        ghost_button(LET_GO, self.let_go, icon="close").classes("self-center").mark("cancel-order")

    async def let_go(self) -> None:
        assert self.order is not None
        try:
            async with session.member_services() as (services, me):
                self.order = await services.orders.cancel(me.user, self.order.id)
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(LET_GO_DONE)
        self.body.refresh()

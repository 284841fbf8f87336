"""One ticket order (`/orders/{id}`): reserved tickets with a countdown and how to pay, then the QR codes."""

from __future__ import annotations

from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as events_s
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.buttons import ghost_button, link_button
from scene_ui.components.checkout import ProviderChoice
from scene_ui.components.countdown import hold_countdown
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import event_path
from scene_ui.components.facts import banner
from scene_ui.components.frame import frame
from scene_ui.components.section import linked_page_heading, panel
from scene_ui.components.tickets import order_chip, order_line, ticket_passes
from scene_ui.i18n import Labels, texts

tx = texts("order")
ENDED: Labels[m.OrderStatus] = Labels(
    "order",
    {
        m.OrderStatus.EXPIRED: "reservation_ended",
        m.OrderStatus.CANCELLED: "order_cancelled",
        m.OrderStatus.REFUNDED: "order_refunded",
    },
)
"""What an order that ended says, in the reader's language."""


def create() -> None:
    ui.page("/orders/{order_id}")(session.members_only(order_page))


async def order_page(order_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = OrderView(await load_order(order_id))
    with frame(tx.title, member=member, back="/me/tickets"):
        view.render()
    if view.order is not None:
        await live.follow([live.event(view.order.event_id)], view.reload_if_changed)


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


class OrderView(live.LiveView):
    def __init__(self, order: events_s.Order | None) -> None:
        self.order = order

    def render(self) -> None:
        if self.order is None:
            empty_state("confirmation_number", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()

    def redraw(self) -> None:
        self.body.refresh()

    def shown(self) -> object:
        """News of its event that matters here: a payment confirmed, the order lapsed."""
        return self.order

    async def reread(self) -> bool:
        assert self.order is not None
        self.order = await load_order(self.order.id) or self.order
        return True

    @ui.refreshable_method
    def body(self) -> None:
        order = self.order
        assert order is not None
        with ui.column().classes("w-full gap-2"):
            order_chip(order)
            linked_page_heading(order.event_title, event_path(order.event_id))
            ui.label(order_line(order)).classes("text-body text-muted")
        if awaiting_payment(order):
            self._checkout(order)
        elif order.status is m.OrderStatus.RESERVED and not order.pay_at_venue:
            banner(tx.reservation_ended)
            link_button(tx.back_to_event, event_path(order.event_id), primary=True).classes("w-full")
        elif order.status in ENDED:
            banner(ENDED[order.status])
        if order.tickets:
            if order.pay_at_venue and order.status is m.OrderStatus.RESERVED:
                banner(tx.at_the_door.format(amount=formats.rupees(order.amount_pkr)), icon="payments")
            with panel(classes="gap-4 p-5 items-center", marker="order-tickets"):
                ticket_passes(order)

    def _checkout(self, order: events_s.Order) -> None:
        assert order.expires_at is not None
        hold_countdown(order.expires_at, tx.held_title, tx.held_hint, on_end=self.reload)
        with panel(classes="gap-4 p-4", marker="checkout"):
            ui.label(tx.pay_title.format(amount=formats.rupees(order.amount_pkr))).classes(
                "text-title font-bold text-ink"
            )
            ProviderChoice(m.PaymentPurpose.ORDER, order.id, order.amount_pkr).render()
        ghost_button(tx.let_go, self.let_go, icon="close").classes("self-center").mark("cancel-order")

    async def let_go(self) -> None:
        assert self.order is not None
        order_id = self.order.id
        order = await feedback.attempt(
            lambda services, me: services.orders.cancel(me.user, order_id), success=tx.let_go_done
        )
        if order is feedback.REFUSED:
            return
        self.order = order
        self.body.refresh()

"""Event tickets: an order's state in words and a QR pass per ticket to show at the door."""

from __future__ import annotations

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as events_s
from scene_ui import formats
from scene_ui.components.qr_pass import qr_pass
from scene_ui.components.share import whatsapp_button
from scene_ui.i18n import Labels, texts

tx = texts("ticket_passes")
OrderStatus = m.OrderStatus
ORDER_LABELS: Labels[m.OrderStatus] = Labels(
    "ticket_passes", {status: status.value for status in OrderStatus}
)
"""Each order state's name in the reader's language (catalogue `ticket_passes.<value>`)."""
ORDER_TONES: dict[m.OrderStatus, str] = {
    OrderStatus.RESERVED: "bg-warning/15 text-warning",
    OrderStatus.PAID: "bg-accent-soft text-accent",
    OrderStatus.EXPIRED: "bg-raised text-muted",
    OrderStatus.CANCELLED: "bg-raised text-muted",
    OrderStatus.REFUNDED: "bg-raised text-muted",
}


def order_path(order_id: object) -> str:
    return f"/orders/{order_id}"


def order_line(order: events_s.Order) -> str:
    """`2 \u00d7 Player \u00b7 Rs 7,000`."""
    return tx(
        "order_line", quantity=order.quantity, tier=order.tier_name, amount=formats.rupees(order.amount_pkr)
    )


def order_chip(order: events_s.Order) -> ui.label:
    label, tone = ORDER_LABELS[order.status], ORDER_TONES[order.status]
    if order.status is OrderStatus.RESERVED and order.pay_at_venue:
        label = tx.at_the_door
    return (
        ui.label(label)
        .classes(
            f"h-6 px-2 rounded-full text-label font-bold uppercase tracking-wide whitespace-nowrap "
            f"flex items-center shrink-0 {tone}"
        )
        .mark("order-status")
    )


def ticket_passes(order: events_s.Order) -> None:
    """One QR per ticket (a used or void one dimmed), and the order's WhatsApp share while it is live."""
    count = len(order.tickets)
    with ui.column().classes("w-full gap-6").mark("tickets"):
        for number, ticket in enumerate(order.tickets, start=1):
            caption = tx("ticket_caption", tier=ticket.tier_name, number=number, count=count)
            if ticket.status is m.TicketStatus.CHECKED_IN:
                caption = tx("caption_state", caption=caption, state=tx.checked_in)
            elif ticket.status is m.TicketStatus.VOID:
                caption = tx("caption_state", caption=caption, state=tx.void)
            else:
                caption = tx("caption_live", caption=caption, hint=tx.show_at_door)
            qr_pass(
                ticket.qr_svg,
                ticket.code,
                caption,
                dimmed=ticket.status is not m.TicketStatus.VALID,
                marker=f"ticket-{ticket.code}",
            )
        if order.whatsapp_url:
            with ui.row().classes("w-full"):
                whatsapp_button(order.whatsapp_url, tx.share)

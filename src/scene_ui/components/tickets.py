"""Event tickets: an order's state in words and a QR pass per ticket to show at the door."""

from __future__ import annotations

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as events_s
from scene_ui import formats
from scene_ui.components.qr_pass import qr_pass
from scene_ui.components.share import whatsapp_button

OrderStatus = m.OrderStatus
ORDER_STATES: dict[m.OrderStatus, tuple[str, str]] = {
    OrderStatus.RESERVED: ("Reserved", "bg-warning/15 text-warning"),
    OrderStatus.PAID: ("Paid", "bg-accent-soft text-accent"),
    OrderStatus.EXPIRED: ("Expired", "bg-raised text-muted"),
    OrderStatus.CANCELLED: ("Cancelled", "bg-raised text-muted"),
    OrderStatus.REFUNDED: ("Refunded", "bg-raised text-muted"),
}
AT_THE_DOOR = "Pay at the door"
TICKET_CAPTION = "{tier} \u00b7 ticket {number} of {count}"
SHOW_AT_DOOR = "Show this at the door. Each code gets one person in."
CHECKED_IN = "Checked in"
VOID = "No longer valid"
SHARE = "Share on WhatsApp"
ORDER_LINE = "{quantity} \u00d7 {tier} \u00b7 {amount}"


def order_path(order_id: object) -> str:
    return f"/orders/{order_id}"


def order_line(order: events_s.Order) -> str:
    """`2 \u00d7 Player \u00b7 Rs 7,000`."""
    return ORDER_LINE.format(
        quantity=order.quantity, tier=order.tier_name, amount=formats.rupees(order.amount_pkr)
    )


def order_chip(order: events_s.Order) -> ui.label:
    label, tone = ORDER_STATES[order.status]
    if order.status is OrderStatus.RESERVED and order.pay_at_venue:
        label = AT_THE_DOOR
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
            caption = TICKET_CAPTION.format(tier=ticket.tier_name, number=number, count=count)
            if ticket.status is m.TicketStatus.CHECKED_IN:
                caption = f"{caption} \u00b7 {CHECKED_IN}"
            elif ticket.status is m.TicketStatus.VOID:
                caption = f"{caption} \u00b7 {VOID}"
            else:
                caption = f"{caption}. {SHOW_AT_DOOR}"
            qr_pass(
                ticket.qr_svg,
                ticket.code,
                caption,
                dimmed=ticket.status is not m.TicketStatus.VALID,
                marker=f"ticket-{ticket.code}",
            )
        if order.whatsapp_url:
            with ui.row().classes("w-full"):
                whatsapp_button(order.whatsapp_url, SHARE)

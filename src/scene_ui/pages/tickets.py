"""My tickets (`/me/tickets`): event tickets coming up with a QR code each, then past and cancelled orders."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from uuid import UUID

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as events_s
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import utcnow
from scene_ui import formats, session
from scene_ui.components.buttons import link_button
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import date_tile, event_path
from scene_ui.components.frame import Tab, frame
from scene_ui.components.section import page_heading, section_header
from scene_ui.components.tickets import order_chip, order_line, order_path, ticket_passes
from scene_ui.i18n import texts

tx = texts("tickets")

ORDERS_SHOWN = 50


def create() -> None:
    ui.page("/me/tickets")(session.members_only(tickets_page))
    ui.page("/tickets/{ticket_id}")(session.members_only(ticket_page))


async def ticket_page(ticket_id: str) -> RedirectResponse | None:
    """A ticket's link (from its WhatsApp share) opens the order it belongs to, for its buyer."""
    async with session.member_services() as (services, me):
        orders = (await services.orders.list_mine(me.user, limit=ORDERS_SHOWN)).items
    order = next((o for o in orders if any(str(ticket.id) == ticket_id for ticket in o.tickets)), None)
    if order is not None:
        return RedirectResponse(order_path(order.id), status_code=303)
    member = await session.current_member()
    with frame(tx.title, member=member, back="/me/tickets"):
        empty_state("confirmation_number", tx.no_ticket_title, tx.no_ticket_message, is_page_heading=True)
    return None


async def tickets_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    async with session.member_services() as (services, me):
        orders = (await services.orders.list_mine(me.user, limit=ORDERS_SHOWN)).items
        events: dict[UUID, events_s.Event] = {}
        for event_id in {order.event_id for order in orders}:
            # An event no longer visible to me (a circle I left): its order still shows, without a date.
            with suppress(NotFound):
                events[event_id] = await services.events.get(me.user, event_id)
    with frame(tx.title, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(tx.heading, tx.subheading)
        _listing(orders, events)


def _upcoming(order: events_s.Order, event: events_s.Event | None, now: datetime) -> bool:
    live = order.status in (m.OrderStatus.PAID, m.OrderStatus.RESERVED)
    return live and (event is None or event.ends_at > now)


def _listing(orders: list[events_s.Order], events: dict[UUID, events_s.Event]) -> None:
    if not orders:
        empty_state("confirmation_number", tx.empty_title, tx.empty_message)
        link_button(tx.find_events, "/explore?tab=events", primary=True, icon="search").classes("w-full")
        return
    now = utcnow()
    far = datetime.max.replace(tzinfo=now.tzinfo)
    ahead = sorted(
        (o for o in orders if _upcoming(o, events.get(o.event_id), now)),
        key=lambda o: events[o.event_id].starts_at if o.event_id in events else far,
    )
    behind = [o for o in orders if not _upcoming(o, events.get(o.event_id), now)]
    with ui.column().classes("w-full gap-4").mark("upcoming"):
        section_header(tx.upcoming, str(len(ahead)) if ahead else None)
        for order in ahead:
            _order(order, events.get(order.event_id), now, with_tickets=True)
    if behind:
        with ui.column().classes("w-full gap-3").mark("past"):
            section_header(tx.past)
            for order in behind:
                _order(order, events.get(order.event_id), now, with_tickets=False)


def _order(order: events_s.Order, event: events_s.Event | None, now: datetime, *, with_tickets: bool) -> None:
    with (
        ui.column()
        .classes("w-full gap-4 p-4 rounded-card bg-surface border border-line")
        .mark(f"order-{order.code}")
    ):
        with ui.link(target=event_path(order.event_id)).classes(
            "w-full flex items-center gap-3 no-underline flex-nowrap"
        ):
            if event is not None:
                date_tile(event.starts_at)
            with ui.column().classes("flex-1 min-w-0 gap-1 items-start"):
                ui.label(order.event_title).classes("text-body font-bold text-ink line-clamp-2")
                if event is not None:
                    ui.label(formats.when(event.starts_at, now=now)).classes("text-meta text-muted")
                with ui.row().classes("items-center gap-2 flex-nowrap"):
                    order_chip(order)
                    ui.label(order_line(order)).classes("text-meta text-muted truncate")
            ui.icon("chevron_right").classes("text-muted text-xl shrink-0 scene-mirror")
        if order.status is m.OrderStatus.RESERVED and not order.pay_at_venue:
            link_button(tx.finish_paying, order_path(order.id), primary=True, icon="payments").classes(
                "w-full"
            )
        elif with_tickets and order.tickets:
            ticket_passes(order)
        elif order.tickets:
            link_button(tx.open, order_path(order.id)).classes("w-full")

"""Orders: reserving tickets, paying for them (free at once, online through payments, or at the
venue), tickets with signed QR codes, reservations that expire, refunds when an event is cancelled.

Locks, always in this order: the event, then the tier, then the order. `sold` and `tickets_sold`
change only under the first two, and the database's CHECKs refuse a sale past either quantity
as the last line. Reading what is left happens after taking the locks, never before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.domain.events.tiers import Held, available, on_sale
from scene_api.domain.payments.targets import PaymentDetails
from scene_api.domain.quotas import lock_member
from scene_api.i18n import Message, words
from scene_api.lib.crypto import new_code
from scene_api.lib.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from scene_api.lib.mapping import from_row
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.qr import svg_data_uri, ticket_token
from scene_api.lib.rows import lock_one
from scene_api.lib.states import StateMachine
from scene_api.lib.timezone import utcnow
from scene_api.lib.whatsapp import place, whatsapp_url

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.OrderStatus
CODE_LENGTH = 10
NO_SUCH_ORDER = Message("errors_events.no_such_order")

ORDERS = StateMachine(
    {
        Status.RESERVED: {Status.PAID, Status.EXPIRED, Status.CANCELLED},
        Status.EXPIRED: {Status.PAID},
        Status.PAID: {Status.REFUNDED},
    },
    refusal=lambda before, to: Message(
        "errors_events.order_transition", before=words.status(before), to=words.status(to)
    ),
)
"""expired -> paid: a payment that lands after its reservation expired takes the tickets again if
they are still there (else the payment is refunded)."""


class OrderService:
    """Also the payments ledger's `PaymentTarget` for purpose `order`."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    # Buying --------------------------------------------------------------------------------

    async def check_may_buy(self, actor: m.User, event: m.Event) -> None:
        if event.host_id == actor.id:
            raise Conflict(Message("errors_events.you_host"))
        if event.status != m.EventStatus.PUBLISHED:
            raise Conflict(Message("errors_events.event_is", status=words.status(event.status)))
        if event.ends_at <= utcnow():
            raise Conflict(Message("errors_events.ended"))
        if event.approval_required and not await self.services.event_requests.is_approved(actor, event):
            raise PermissionDenied(
                Message("errors_events.request_first"),
                code="request_to_join_first",
            )

    async def reserve(self, actor: m.User, event_id: UUID, data: s.OrderCreate) -> s.Order:
        """Hold tickets for `hold_minutes` while the member pays. Free tickets are issued at once, and
        so are pay-at-venue ones (the host marks those orders paid at the door). The buyer's row is
        locked before the event (see `domain/quotas.py`), for the count of open reservations."""
        await lock_member(self.session, actor.id)
        event = await self.services.events.load(actor, event_id, for_update=True)
        tier = await self.services.ticket_tiers.lock(event, data.tier_id)
        await self.check_may_buy(actor, event)
        if not on_sale(tier, utcnow()):
            raise Conflict(Message("errors_events.tier_not_on_sale", tier=tier.name), code="not_on_sale")
        if data.quantity > tier.per_order_limit:
            raise InvalidInput(
                Message("errors_events.per_order_limit", limit=tier.per_order_limit, tier=tier.name),
                field="quantity",
            )
        if data.pay_at_venue and not event.allow_pay_at_venue:
            raise InvalidInput(Message("errors_events.online_only"), field="pay_at_venue")
        await self._settle(event)
        if await self._open_reservation(actor, event):
            raise Conflict(
                Message("errors_events.reservation_open"),
                code="reservation_open",
            )
        if tier.price_pkr > 0 and not data.pay_at_venue:
            await self._check_open_orders(actor)
        held = (await self.services.event_waitlist.held([event.id], excluding=actor)).get(event.id, Held())
        left = available(event, tier, held)
        if left < data.quantity:
            message = (
                Message("errors_events.only_left", left=left, tier=tier.name)
                if left
                else Message("errors_events.sold_out")
            )
            raise Conflict(message, code="sold_out", details={"available": left})
        amount = tier.price_pkr * data.quantity
        order = m.Order(
            event_id=event.id,
            tier_id=tier.id,
            buyer_id=actor.id,
            code=new_code(CODE_LENGTH),
            quantity=data.quantity,
            amount_pkr=amount,
            status=Status.RESERVED,
            pay_at_venue=data.pay_at_venue and amount > 0,
            expires_at=utcnow() + timedelta(minutes=self.settings.hold_minutes),
        )
        tier.sold += order.quantity
        event.tickets_sold += order.quantity
        self.session.add(order)
        await self.services.flush()
        await self.services.event_waitlist.remove(event, actor)
        if amount == 0:
            await self._pay(event, tier, order)
        elif order.pay_at_venue:
            order.expires_at = None
            self._issue(order)
            await self.services.flush()
        else:
            self._schedule_expiry(order)
        return await self._answer(order)

    async def _open_reservation(self, actor: m.User, event: m.Event) -> bool:
        return bool(
            await self.session.scalar(
                sa.select(
                    sa.exists().where(
                        m.Order.event_id == event.id,
                        m.Order.buyer_id == actor.id,
                        m.Order.status == Status.RESERVED,
                        m.Order.pay_at_venue.is_(False),
                    )
                )
            )
        )

    async def _check_open_orders(self, actor: m.User) -> None:
        """Reservations hold tickets while nothing is paid, so a member keeps at most
        `max_open_orders` of them waiting for online payment at once, across events."""
        open_orders = await self._open_orders(actor)
        if open_orders >= self.settings.max_open_orders:
            raise Conflict(
                Message("errors_events.too_many_open_orders", open=open_orders), code="too_many_open_orders"
            )

    async def _open_orders(self, actor: m.User) -> int:
        count = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(m.Order)
            .where(
                m.Order.buyer_id == actor.id,
                m.Order.status == Status.RESERVED,
                m.Order.pay_at_venue.is_(False),
                m.Order.expires_at > utcnow(),
            )
        )
        return count or 0

    async def cancel(self, actor: m.User, order_id: UUID) -> s.Order:
        """The buyer lets a reservation go (a pay-at-venue one too): its tickets go back on sale."""
        order = await self._find(order_id, buyer=actor)
        event, tier, order = await self._lock(order)
        ORDERS.move(order, Status.CANCELLED)
        order.cancelled_at = utcnow()
        self._give_back(event, tier, order)
        await self._void_tickets(order)
        await self.services.event_waitlist.offer_freed(event)
        return await self._answer(order)

    async def mark_paid(self, host: m.User, order_id: UUID) -> s.Order:
        """The host took the money for a pay-at-venue order."""
        order = await self.session.get(m.Order, order_id)
        if order is None:
            raise NotFound(NO_SUCH_ORDER)
        await self.services.events.load_hosted(host, order.event_id, for_update=True)
        event, tier, order = await self._lock(order)
        if not order.pay_at_venue:
            raise Conflict(Message("errors_events.host_marks_venue_orders"))
        await self._pay(event, tier, order)
        return await self._answer(order)

    # Reading -------------------------------------------------------------------------------

    async def get(self, actor: m.User, order_id: UUID) -> s.Order:
        return await self._answer(await self._find(order_id, buyer=actor))

    async def list_mine(
        self, actor: m.User, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Order]:
        page = await newest_first_page(
            self.session,
            sa.select(m.Order).where(m.Order.buyer_id == actor.id),
            m.Order,
            lambda order: order,
            limit=limit,
            cursor=cursor,
        )
        return Page(items=await self._schemas(page.items), next_cursor=page.next_cursor)

    async def buyers(self, event: m.Event) -> list[UUID]:
        """Members holding a reservation or tickets for the event."""
        return list(
            await self.session.scalars(
                sa.select(m.Order.buyer_id)
                .where(m.Order.event_id == event.id, m.Order.status.in_([Status.RESERVED, Status.PAID]))
                .distinct()
            )
        )

    # Expiry --------------------------------------------------------------------------------

    async def expire(self, order_id: UUID) -> bool:
        """Give back the tickets of a reservation whose time ran out; False when there is nothing to
        do (paid, cancelled, already expired, or not due yet), so running it twice changes nothing."""
        order = await self.session.get(m.Order, order_id)
        if order is None or order.status != Status.RESERVED:
            return False
        event, tier, order = await self._lock(order)
        if not _due(order):
            return False
        await self._expire(event, tier, order)
        await self.services.event_waitlist.offer_freed(event)
        return True

    async def sweep(self) -> int:
        """Expire every reservation past its time (its own job may never have run) and pass lapsed
        waitlist offers on; answers how many reservations expired. Events are locked in id order, so
        two sweeps cannot deadlock."""
        due = await self.session.scalars(
            sa.select(m.Order.event_id).where(
                m.Order.status == Status.RESERVED, m.Order.expires_at <= utcnow()
            )
        )
        events = {*due, *await self.services.event_waitlist.events_with_lapsed_offers()}
        expired = 0
        for event_id in sorted(events):
            expired += await self._settle(await self.services.events.lock(event_id))
        return expired

    async def _settle(self, event: m.Event) -> int:
        """Expire the event's reservations that are due and pass lapsed waitlist offers on, so nothing
        stale holds tickets when what is left is read. The caller holds the event's lock."""
        due = await self.session.scalars(
            sa.select(m.Order)
            .where(
                m.Order.event_id == event.id,
                m.Order.status == Status.RESERVED,
                m.Order.expires_at <= utcnow(),
            )
            .order_by(m.Order.tier_id, m.Order.id)
        )
        expired = 0
        for order in due.all():
            tier = await self.services.ticket_tiers.lock(event, order.tier_id)
            locked = await self._lock_order(order)
            if _due(locked):
                await self._expire(event, tier, locked)
                expired += 1
        await self.services.event_waitlist.offer_freed(event)
        return expired

    async def _expire(self, event: m.Event, tier: m.TicketTier, order: m.Order) -> None:
        ORDERS.move(order, Status.EXPIRED)
        self._give_back(event, tier, order)
        await self.services.events.tell_member(
            event, order.buyer_id, kind="order_expired", news="order_expired", about=order.id
        )

    # Event cancelled -----------------------------------------------------------------------

    async def cancel_all(self, actor: m.User, event: m.Event) -> list[UUID]:
        """The host cancelled the event: reservations are cancelled, paid orders refunded (through
        payments when they were paid online), every valid ticket is void. Answers the buyers. The
        counts stay as they were: nothing is on sale any more."""
        orders = (
            await self.session.scalars(
                sa.select(m.Order)
                .where(m.Order.event_id == event.id, m.Order.status.in_([Status.RESERVED, Status.PAID]))
                .order_by(m.Order.id)
                .with_for_update()
            )
        ).all()
        for order in orders:
            if order.status == Status.RESERVED:
                ORDERS.move(order, Status.CANCELLED)
                order.cancelled_at = utcnow()
            elif order.amount_pkr > 0:
                if not order.pay_at_venue:
                    await self.services.payments.refund_for(
                        order_id=order.id, reason="The host cancelled the event.", actor=actor
                    )
                ORDERS.move(order, Status.REFUNDED)
        await self.session.execute(
            sa.update(m.Ticket)
            .where(m.Ticket.event_id == event.id, m.Ticket.status == m.TicketStatus.VALID)
            .values(status=m.TicketStatus.VOID)
        )
        return list(dict.fromkeys(order.buyer_id for order in orders))

    # Payments (the PaymentTarget contract) -------------------------------------------------

    async def payment_details(self, payer: m.User, target_id: UUID) -> PaymentDetails:
        order = await lock_one(
            self.session,
            m.Order,
            m.Order.id == target_id,
            m.Order.buyer_id == payer.id,
            missing=NO_SUCH_ORDER,
        )
        if order.status != Status.RESERVED:
            raise Conflict(Message("errors_events.order_is", status=words.status(order.status)))
        if order.pay_at_venue:
            raise Conflict(Message("errors_events.paid_at_venue"))
        if _due(order):
            raise Conflict(Message("errors_events.reservation_expired"), code="expired")
        event = await self.session.get_one(m.Event, order.event_id)
        tier = await self.session.get_one(m.TicketTier, order.tier_id)
        return PaymentDetails(
            amount_pkr=order.amount_pkr,
            description=f"{order.quantity} x {tier.name}: {event.title}"[:100],
            expires_at=order.expires_at,
        )

    async def lock_for_payment(self, target_id: UUID) -> None:
        order = await self.session.get(m.Order, target_id)
        if order is not None:
            await self._lock(order)

    async def payment_succeeded(self, payment: m.Payment) -> bool:
        """Pay the order and issue its tickets. A reservation that expired meanwhile takes its tickets
        again if they are still there; False (refund it) when they are gone, when the order was
        cancelled. Idempotent: a paid order answers True (the ledger never confirms a second payment
        for one order)."""
        order = await self.session.get(m.Order, payment.order_id) if payment.order_id else None
        if order is None:
            return False
        event, tier, order = await self._lock(order)
        if order.status == Status.PAID:
            return True
        if order.status == Status.EXPIRED:
            if event.status != m.EventStatus.PUBLISHED or event.ends_at <= utcnow():
                return False
            await self._settle(event)
            buyer = await self.session.get_one(m.User, order.buyer_id)
            held = (await self.services.event_waitlist.held([event.id], excluding=buyer)).get(
                event.id, Held()
            )
            if available(event, tier, held) < order.quantity:
                return False
            tier.sold += order.quantity
            event.tickets_sold += order.quantity
            await self.services.flush()
            await self.services.event_waitlist.remove(event, buyer)
        elif order.status != Status.RESERVED:
            return False
        await self._pay(event, tier, order)
        return True

    async def payment_refunded(self, payment: m.Payment) -> None:
        """Nothing to change: an order refunded by its event's cancel is already `refunded`, and a
        payment the order could not take never made it paid."""

    async def payment_failed(self, payment: m.Payment) -> None:
        """Keep the reservation until it expires, so the member can try again; tell them so."""
        order = await self.session.get(m.Order, payment.order_id) if payment.order_id else None
        if order is None or order.status != Status.RESERVED or order.expires_at is None:
            return
        event = await self.session.get_one(m.Event, order.event_id)
        await self.services.events.tell_member(
            event, order.buyer_id, kind="order_payment_failed", news="payment_failed", about=payment.id
        )

    # Shared steps --------------------------------------------------------------------------

    async def _find(self, order_id: UUID, *, buyer: m.User) -> m.Order:
        order = await self.session.scalar(
            sa.select(m.Order).where(m.Order.id == order_id, m.Order.buyer_id == buyer.id)
        )
        if order is None:
            raise NotFound(NO_SUCH_ORDER)
        return order

    async def _lock(self, order: m.Order) -> tuple[m.Event, m.TicketTier, m.Order]:
        """Lock the order's event, tier and the order itself, in that order, and re-read the order:
        it may have changed while we waited."""
        event = await self.services.events.lock(order.event_id)
        tier = await self.services.ticket_tiers.lock(event, order.tier_id)
        return event, tier, await self._lock_order(order)

    async def _lock_order(self, order: m.Order) -> m.Order:
        return await self.session.get_one(m.Order, order.id, with_for_update=True, populate_existing=True)

    async def _pay(self, event: m.Event, tier: m.TicketTier, order: m.Order) -> None:
        ORDERS.move(order, Status.PAID)
        order.paid_at = utcnow()
        order.expires_at = None
        if not order.pay_at_venue:
            self._issue(order)
        await self.services.flush()
        await self.services.notifications.notify(
            [order.buyer_id],
            kind="order_paid",
            title=Message(
                "notify.order_paid_one" if order.quantity == 1 else "notify.order_paid_many",
                title=event.title,
            ),
            body=Message("notify.order_paid_body", quantity=order.quantity, tier=tier.name),
            link=f"/e/{event.slug}",
            dedupe_key=f"order_paid:{order.id}",
        )

    def _issue(self, order: m.Order) -> None:
        self.session.add_all(
            m.Ticket(
                order_id=order.id,
                event_id=order.event_id,
                tier_id=order.tier_id,
                holder_id=order.buyer_id,
                code=new_code(CODE_LENGTH),
            )
            for _ in range(order.quantity)
        )

    @staticmethod
    def _give_back(event: m.Event, tier: m.TicketTier, order: m.Order) -> None:
        """Put the order's tickets back on sale; the caller then offers them to the waitlist."""
        tier.sold -= order.quantity
        event.tickets_sold -= order.quantity

    async def _void_tickets(self, order: m.Order) -> None:
        """A pay-at-venue order that is cancelled had its tickets already."""
        await self.session.execute(
            sa.update(m.Ticket)
            .where(m.Ticket.order_id == order.id, m.Ticket.status == m.TicketStatus.VALID)
            .values(status=m.TicketStatus.VOID)
        )

    def _schedule_expiry(self, order: m.Order) -> None:
        assert order.expires_at is not None  # a reservation waiting for payment
        self.services.jobs.add(
            "expire_order",
            key=f"order-expiry:{order.id}",
            scheduled=order.expires_at.timestamp(),
            order_id=str(order.id),
        )

    # Output --------------------------------------------------------------------------------

    async def _answer(self, order: m.Order) -> s.Order:
        return (await self._schemas([order]))[0]

    async def _schemas(self, orders: Sequence[m.Order]) -> list[s.Order]:
        ids = [order.id for order in orders]
        if not ids:
            return []
        names = dict(
            (
                await self.session.execute(
                    sa.select(m.TicketTier.id, m.TicketTier.name).where(
                        m.TicketTier.id.in_({order.tier_id for order in orders})
                    )
                )
            ).all()
        )
        events = {
            event.id: event
            for event in await self.session.scalars(
                sa.select(m.Event).where(m.Event.id.in_({order.event_id for order in orders}))
            )
        }
        buyers = await self.session.execute(
            sa.select(m.User.id, m.User.locale).where(m.User.id.in_({order.buyer_id for order in orders}))
        )
        languages: dict[UUID, str] = dict(buyers.tuples().all())
        buyer_of = {order.id: order.buyer_id for order in orders}
        tickets: dict[UUID, list[s.Ticket]] = {order_id: [] for order_id in ids}
        for ticket in await self.session.scalars(
            sa.select(m.Ticket).where(m.Ticket.order_id.in_(ids)).order_by(m.Ticket.code)
        ):
            event = events[ticket.event_id]
            tickets[ticket.order_id].append(
                self.ticket_schema(ticket, names[ticket.tier_id], event, languages[buyer_of[ticket.order_id]])
            )
        return [
            s.Order(
                id=order.id,
                code=order.code,
                event_id=order.event_id,
                event_title=events[order.event_id].title,
                event_slug=events[order.event_id].slug,
                tier_id=order.tier_id,
                tier_name=names[order.tier_id],
                quantity=order.quantity,
                amount_pkr=order.amount_pkr,
                status=order.status,
                pay_at_venue=order.pay_at_venue,
                expires_at=order.expires_at,
                paid_at=order.paid_at,
                created_at=order.created_at,
                tickets=tickets[order.id],
                whatsapp_url=self._whatsapp_url(
                    events[order.event_id],
                    Message(
                        "whatsapp.tickets",
                        title=events[order.event_id].title,
                        quantity=order.quantity,
                        tier=names[order.tier_id],
                    ),
                    f"{self.settings.public_url}/orders/{order.id}",
                    languages[order.buyer_id],
                )
                if any(ticket.status == m.TicketStatus.VALID for ticket in tickets[order.id])
                else None,
            )
            for order in orders
        ]

    def ticket_schema(self, ticket: m.Ticket, tier_name: str, event: m.Event, language: str) -> s.Ticket:
        token = ticket_token(self.settings.qr_signing_key, ticket.id, ticket.code)
        return from_row(
            s.Ticket,
            ticket,
            tier_name=tier_name,
            qr_token=token,
            qr_svg=svg_data_uri(token),
            whatsapp_url=self._whatsapp_url(
                event,
                Message("whatsapp.ticket", title=event.title, tier=tier_name),
                f"{self.settings.public_url}/tickets/{ticket.id}",
                language,
            )
            if ticket.status == m.TicketStatus.VALID
            else None,
        )

    def _whatsapp_url(self, event: m.Event, headline: Message, qr_link: str, language: str) -> str:
        """The share of issued tickets: the event, when and where, the tickets' QR page and the event's."""
        return whatsapp_url(
            headline,
            language=language,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place=place(event.place_name, event.city),
            link=qr_link,
            details=[Message("whatsapp.event_link", url=f"{self.settings.public_url}/e/{event.slug}")],
        )


def _due(order: m.Order) -> bool:
    """A reservation waiting for an online payment whose time is up."""
    return (
        order.status == Status.RESERVED
        and not order.pay_at_venue
        and order.expires_at is not None
        and order.expires_at <= utcnow()
    )

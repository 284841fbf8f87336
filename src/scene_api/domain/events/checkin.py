"""At the door: checking tickets in (each once), the live count, and the host's attendee list and CSV.

The host and the staff they added (`EventStaffService`) work the door; the attendee list and
its CSV stay the host's. A scan is a signed QR token; a typed code is the ticket's
code. Checking in locks the ticket row, so two scans of one ticket at the same moment admit once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.services import person_summary
from scene_api.domain.auth.roles import is_admin
from scene_api.domain.events import schemas as s
from scene_api.domain.users.schemas import PersonSummary
from scene_api.i18n import Message, clock_message
from scene_api.lib.crypto import PiiCipher, mask_phone
from scene_api.lib.errors import Conflict, InvalidInput
from scene_api.lib.pagination import Page, newest_first_page
from scene_api.lib.qr import read_ticket_token
from scene_api.lib.rows import lock_one
from scene_api.lib.timezone import to_local, utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

AT_THE_DOOR = (m.TicketStatus.VALID, m.TicketStatus.CHECKED_IN)
PEOPLE_SHOWN = 50
CSV_COLUMNS = (
    "name",
    "handle",
    "phone",
    "tier",
    "ticket_code",
    "ticket_status",
    "checked_in_at",
    "order_code",
    "order_status",
    "pay_at_venue",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with these as a formula: a name like `=HYPERLINK(...)` must not."""


@dataclass(frozen=True)
class CsvFile:
    filename: str
    text: str


class CheckinService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def check_in(self, actor: m.User, event_id: UUID, data: s.CheckinInput) -> s.CheckinResult:
        event = await self.services.events.load_at_door(actor, event_id)
        ticket = await lock_one(
            self.session,
            m.Ticket,
            self._which(data),
            m.Ticket.event_id == event.id,
            missing=Message("errors_events.no_such_ticket"),
        )
        if ticket.status == m.TicketStatus.VOID:
            raise Conflict(Message("errors_events.ticket_void"), code="ticket_void")
        if ticket.status == m.TicketStatus.CHECKED_IN:
            assert ticket.checked_in_at is not None  # set with the status
            raise Conflict(
                Message("errors_events.already_checked_in", time=clock_message(ticket.checked_in_at)),
                code="already_checked_in",
                details={"checked_in_at": ticket.checked_in_at.isoformat()},
            )
        ticket.status = m.TicketStatus.CHECKED_IN
        ticket.checked_in_at = utcnow()
        ticket.checked_in_by_id = actor.id
        await self.services.flush()
        order = await self.session.get_one(m.Order, ticket.order_id)
        holder = await self.session.get_one(m.User, ticket.holder_id)
        tier = await self.session.get_one(m.TicketTier, ticket.tier_id)
        unpaid = order.pay_at_venue and order.status == m.OrderStatus.RESERVED
        return s.CheckinResult(
            ticket_code=ticket.code,
            tier_name=tier.name,
            holder=person_summary(holder),
            checked_in_at=ticket.checked_in_at,
            order_code=order.code,
            amount_due_pkr=order.amount_pkr if unpaid else 0,
            stats=await self._stats(event),
        )

    def _which(self, data: s.CheckinInput) -> sa.ColumnElement[bool]:
        if data.token:
            found = read_ticket_token(self.services.settings.qr_signing_key, data.token)
            if found is None:
                raise InvalidInput(Message("errors_events.not_a_ticket_qr"), field="token")
            ticket_id, code = found
            return sa.and_(m.Ticket.id == ticket_id, m.Ticket.code == code)
        code = "".join((data.code or "").split()).replace("-", "").upper()
        if not code:
            raise InvalidInput(Message("errors_events.code_or_qr"), field="code")
        return m.Ticket.code == code

    async def stats(self, actor: m.User, event_id: UUID) -> s.CheckinStats:
        return await self._stats(await self.services.events.load_at_door(actor, event_id))

    async def _stats(self, event: m.Event) -> s.CheckinStats:
        counts = dict(
            (
                await self.session.execute(
                    sa.select(m.Ticket.status, sa.func.count())
                    .where(m.Ticket.event_id == event.id, m.Ticket.status.in_(AT_THE_DOOR))
                    .group_by(m.Ticket.status)
                )
            ).all()
        )
        checked_in = counts.get(m.TicketStatus.CHECKED_IN, 0)
        return s.CheckinStats(checked_in=checked_in, tickets=checked_in + counts.get(m.TicketStatus.VALID, 0))

    # Who is coming -------------------------------------------------------------------------

    async def attendees(
        self, host: m.User, event_id: UUID, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.Attendee]:
        """Every ticket expected at the door, newest first."""
        event = await self.services.events.load_hosted(host, event_id)
        return await newest_first_page(
            self.session,
            self._attendee_rows(event),
            m.Ticket,
            lambda ticket, order, tier_name, holder: self._attendee(host, ticket, order, tier_name, holder),
            limit=limit,
            cursor=cursor,
        )

    async def attendees_csv(self, host: m.User, event_id: UUID) -> CsvFile:
        """The whole list as a spreadsheet, by name; phones as the attendee list shows them."""
        event = await self.services.events.load_hosted(host, event_id)
        rows = await self.session.execute(self._attendee_rows(event).order_by(m.User.name, m.Ticket.code))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for ticket, order, tier_name, holder in rows.tuples():
            attendee = self._attendee(host, ticket, order, tier_name, holder)
            checked_in_at = to_local(attendee.checked_in_at).isoformat() if attendee.checked_in_at else ""
            writer.writerow(
                _cell(value)
                for value in (
                    holder.name,
                    holder.handle,
                    attendee.phone,
                    tier_name,
                    ticket.code,
                    ticket.status.value,
                    checked_in_at,
                    order.code,
                    order.status.value,
                    "yes" if order.pay_at_venue else "no",
                )
            )
        return CsvFile(filename=f"{event.slug}-attendees.csv", text=out.getvalue())

    async def people_coming(self, event: m.Event) -> list[PersonSummary]:
        """For a public event's share page: some of the members holding tickets."""
        holders = await self.session.scalars(
            sa.select(m.User)
            .where(
                m.User.id.in_(
                    sa.select(m.Ticket.holder_id).where(
                        m.Ticket.event_id == event.id, m.Ticket.status.in_(AT_THE_DOOR)
                    )
                ),
                m.User.status == m.UserStatus.ACTIVE,
            )
            .order_by(m.User.handle)
            .limit(PEOPLE_SHOWN)
        )
        return [person_summary(holder) for holder in holders]

    @staticmethod
    def _attendee_rows(event: m.Event) -> sa.Select[m.Ticket, m.Order, str, m.User]:
        return (
            sa.select(m.Ticket, m.Order, m.TicketTier.name, m.User)
            .join(m.Order, m.Order.id == m.Ticket.order_id)
            .join(m.TicketTier, m.TicketTier.id == m.Ticket.tier_id)
            .join(m.User, m.User.id == m.Ticket.holder_id)
            .where(m.Ticket.event_id == event.id, m.Ticket.status.in_(AT_THE_DOOR))
        )

    def _attendee(
        self, host: m.User, ticket: m.Ticket, order: m.Order, tier_name: str, holder: m.User
    ) -> s.Attendee:
        phone = (
            PiiCipher(self.services.settings.pii_keys).decrypt(holder.phone_ciphertext)
            if is_admin(host)
            else mask_phone(holder.phone_last4)
        )
        return s.Attendee(
            ticket_id=ticket.id,
            ticket_code=ticket.code,
            ticket_status=ticket.status,
            checked_in_at=ticket.checked_in_at,
            tier_name=tier_name,
            order_id=order.id,
            order_code=order.code,
            order_status=order.status,
            pay_at_venue=order.pay_at_venue,
            holder=person_summary(holder),
            phone=phone,
        )


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value

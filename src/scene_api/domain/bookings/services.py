"""Booking courts: holds that expire, confirmation (at the venue or online), cancellation, QR codes.

A new hold locks its court row (the thing that becomes less available), so holds on one court
are decided one at a time; the exclusion constraint `no_overlapping_live_bookings` is the last
line, and whatever it catches becomes a 409 naming the slot, never a 500.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.domain.activities.services import person_summary
from scene_api.domain.bookings import schemas as s
from scene_api.domain.bookings.states import BOOKINGS, LABELS, stale_hold
from scene_api.domain.payments.targets import PaymentDetails
from scene_api.domain.quotas import lock_member
from scene_api.domain.venues import availability as av
from scene_api.domain.venues.availability import interval
from scene_api.domain.venues.day import load_venue_day, load_venue_days
from scene_api.domain.venues.runners import runs_venue
from scene_api.domain.venues.services import check_bookable_day, court_schema
from scene_api.i18n import Message
from scene_api.lib.crypto import new_code
from scene_api.lib.errors import Conflict, InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.metrics import HOLDS_EXPIRED
from scene_api.lib.pagination import Page, clamp_limit, newest_first, page_of
from scene_api.lib.qr import booking_token, svg_data_uri
from scene_api.lib.ratelimit import RateLimiter
from scene_api.lib.rows import lock_one
from scene_api.lib.timezone import clock, short_date, to_local, utcnow
from scene_api.lib.whatsapp import whatsapp_url

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.BookingStatus
SLOT_TAKEN = "slot_taken"
SLOT_BLOCKED = "slot_blocked"
OUTSIDE_HOURS = "outside_hours"
LENGTH_NOT_SOLD = "length_not_sold"
HOLD_EXPIRED = Message("errors_bookings.hold_expired")


def expire_hold_key(booking_id: UUID) -> str:
    return f"booking:{booking_id}:expire-hold"


def check_slot_start(starts_at: datetime) -> None:
    """A slot start with its offset, on the half-hour grid, ahead, and within the booking horizon."""
    if starts_at.tzinfo is None:
        raise InvalidInput(Message("errors_bookings.start_offset"), field="starts_at")
    if not av.on_grid(starts_at):
        raise InvalidInput(Message("errors_bookings.on_the_half_hour"), field="starts_at")
    if starts_at <= utcnow():
        raise InvalidInput(Message("errors_bookings.already_started"), field="starts_at")
    check_bookable_day(to_local(starts_at).date(), field="starts_at")


class BookingService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    # Holding a slot --------------------------------------------------------------------------

    async def hold(self, actor: m.User, data: s.BookingCreate) -> s.Booking:
        """Hold a slot for `hold_minutes` at its price. The slot must fit the opening hours, be free
        of blackouts and bookings; holds past their deadline on it are expired first."""
        check_slot_start(data.starts_at)
        await self._check_hold_limits(actor)
        court, venue = await self.lock_court(data.court_id)
        booking = await self.place_hold(actor, court, venue, data.starts_at, data.duration_minutes)
        self.schedule_expiry(booking)
        return self._schema(booking, court, venue, actor, viewer=actor)

    async def _check_hold_limits(self, actor: m.User) -> None:
        """Holds are free, so one member must not tie up many courts at once or churn through them.
        The hourly count is one atomic step in Redis; the live holds are counted under the member's
        row lock (taken after Redis, before the court's), so holds fired at once are counted in turn."""
        await RateLimiter(self.services.runtime.redis).hit(
            f"holds:user:{actor.id}",
            limit=self.settings.holds_per_hour,
            window_seconds=3600,
            message=Message("errors_bookings.too_many_holds_this_hour"),
        )
        await lock_member(self.session, actor.id)
        live = await self._live_holds(actor)
        if live >= self.settings.max_live_holds:
            raise Conflict(
                Message("errors_bookings.too_many_holds", live=live),
                code="too_many_holds",
            )

    async def _live_holds(self, actor: m.User) -> int:
        live = await self.session.scalar(
            sa.select(sa.func.count()).select_from(m.Booking).where(*live_hold_of(actor))
        )
        return live or 0

    async def place_hold(
        self,
        actor: m.User,
        court: m.Court,
        venue: m.Venue,
        starts_at: datetime,
        duration: int,
        *,
        hold_until: datetime | None = None,
        activity_id: UUID | None = None,
        series_id: UUID | None = None,
    ) -> m.Booking:
        """Hold a slot of a court the caller locked (`lock_court`), until `hold_until` (by default
        `hold_minutes` from now). The caller schedules the expiry (`schedule_expiry`) if it keeps
        the hold."""
        price, period = await self.check_slot(court, venue, starts_at, duration)
        label = av.slot_label(court.name, starts_at)  # read now: a failed flush expires the court
        booking = m.Booking(
            court_id=court.id,
            venue_id=venue.id,
            user_id=actor.id,
            period=period,
            status=Status.HELD,
            price_pkr=price,
            hold_expires_at=hold_until or utcnow() + timedelta(minutes=self.settings.hold_minutes),
            code=new_code(),
            activity_id=activity_id,
            series_id=series_id,
        )
        self.session.add(booking)
        try:
            await self.services.flush()
        except Conflict as error:
            if error.details.get("constraint") == "no_overlapping_live_bookings":
                raise Conflict(
                    Message("errors_bookings.taken", slot=label), code=SLOT_TAKEN, details=error.details
                ) from error
            raise
        return booking

    async def check_slot(
        self, court: m.Court, venue: m.Venue, starts_at: datetime, duration: int
    ) -> tuple[int, Range[datetime]]:
        """The price and period of a bookable slot; refuses one outside the hours (those of its
        calendar day, or the evening before's past midnight), of a length the venue does not sell,
        blocked or taken (holds past their deadline on it are expired first). The venue's days are
        read once, under the court's lock."""
        label = av.slot_label(court.name, starts_at)
        calendar_day = to_local(starts_at).date()
        days = [calendar_day - timedelta(days=1), calendar_day]
        venue_days = (await load_venue_days(self.session, [venue], days))[venue.id]
        placed = av.place_in_hours(starts_at, duration, lambda day: venue_days[day].hours)
        if placed is None:
            raise InvalidInput(
                Message("errors_bookings.outside_hours", venue=venue.name, slot=label),
                field="starts_at",
                code=OUTSIDE_HOURS,
            )
        business_day, minute = placed
        venue_day = venue_days[business_day]
        price = venue_day.price_at(minute, duration)
        if price is None:
            raise InvalidInput(
                Message("errors_bookings.length_not_sold", venue=venue.name, duration=duration),
                field="duration_minutes",
                code=LENGTH_NOT_SOLD,
            )
        period = Range(starts_at, starts_at + timedelta(minutes=duration))
        await self._expire_stale(m.Booking.court_id == court.id, m.Booking.period.overlaps(period))
        if venue_day.blocked(court.id, *interval(period)):
            raise Conflict(Message("errors_bookings.blocked", slot=label), code=SLOT_BLOCKED)
        if venue_day.taken(court.id, *interval(period)):
            raise Conflict(Message("errors_bookings.taken", slot=label), code=SLOT_TAKEN)
        return price, period

    def schedule_expiry(self, booking: m.Booking, *, renewed: bool = False) -> None:
        """Expire the hold at its deadline; a `renewed` deadline (moved after the hold was made) gets
        a job of its own, the first one finding nothing due."""
        assert booking.hold_expires_at is not None  # a hold
        deadline = booking.hold_expires_at.timestamp()
        self.services.jobs.add(
            "expire_hold",
            key=f"{expire_hold_key(booking.id)}:{int(deadline)}" if renewed else expire_hold_key(booking.id),
            scheduled=deadline,
            booking_id=str(booking.id),
        )

    async def lock_court(self, court_id: UUID) -> tuple[m.Court, m.Venue]:
        row = (
            await self.session.execute(
                sa.select(m.Court, m.Venue)
                .join(m.Venue, m.Venue.id == m.Court.venue_id)
                .where(m.Court.id == court_id, m.Court.active, m.Venue.status == m.VenueStatus.ACTIVE)
                .with_for_update(of=m.Court)
            )
        ).first()
        if row is None:
            raise InvalidInput(Message("errors_bookings.no_such_court"), field="court_id")
        return row[0], row[1]

    # Expiry ----------------------------------------------------------------------------------

    async def _expire_stale(self, *where: sa.ColumnElement[bool]) -> int:
        """Mark holds past their deadline expired (those matching `where`); returns how many."""
        now = utcnow()
        expired = await self.session.execute(
            sa.update(m.Booking)
            .where(stale_hold(now), *where)
            .values(status=Status.EXPIRED, updated_at=now)
            .returning(m.Booking.id)
            .execution_options(synchronize_session=False)
        )
        count = len(expired.all())
        HOLDS_EXPIRED.inc(count)
        return count

    async def expire_hold(self, booking_id: UUID) -> bool:
        """The job at a hold's deadline: expires it if it is still held and due. Running twice is harmless."""
        return await self._expire_stale(m.Booking.id == booking_id) == 1

    async def expire_stale_holds(self) -> int:
        """The sweep: every hold past its deadline (the worker may have been down at the time)."""
        return await self._expire_stale()

    # Confirming ------------------------------------------------------------------------------

    async def pay_at_venue(self, actor: m.User, booking_id: UUID) -> s.Booking:
        """Confirm a live hold now, to be paid in cash at the desk (the owner marks it paid)."""
        booking = await self._load_own(actor, booking_id)
        _check_live_hold(booking)
        confirm_at_venue(booking)
        await self._tell_confirmed(booking)
        return await self.to_schema(booking, viewer=actor)

    async def payment_details(self, payer: m.User, booking_id: UUID) -> PaymentDetails:
        """What to charge for a live hold of `payer` (the payments ledger asks, under this row lock)."""
        booking = await self._load_own(payer, booking_id)
        _check_live_hold(booking)
        if booking.price_pkr <= 0:
            raise Conflict(Message("errors_bookings.nothing_to_pay"), code="nothing_to_pay")
        court = await self.session.get_one(m.Court, booking.court_id)
        venue = await self.session.get_one(m.Venue, booking.venue_id)
        starts_at, _ = interval(booking.period)
        return PaymentDetails(
            amount_pkr=booking.price_pkr,
            description=f"{court.name}, {venue.name}, {short_date(to_local(starts_at).date())} "
            f"{clock(starts_at)}",
            expires_at=booking.hold_expires_at,
        )

    async def lock_for_payment(self, target_id: UUID) -> None:
        await self.session.execute(sa.select(m.Booking.id).where(m.Booking.id == target_id).with_for_update())

    async def payment_succeeded(self, payment: m.Payment) -> bool:
        """Confirm the booking a payment was for; False tells the ledger to refund it. A payment late
        for its hold confirms only if the slot is still free (checked by the exclusion constraint)."""
        booking = await self.session.scalar(
            sa.select(m.Booking).where(m.Booking.id == payment.booking_id).with_for_update()
        )
        if booking is None:
            return False
        now = utcnow()
        if booking.status == Status.HELD:
            BOOKINGS.move(booking, Status.CONFIRMED)
        elif booking.status == Status.EXPIRED:
            if not await self._revive(booking, now):
                return False
        elif booking.status in (Status.CONFIRMED, Status.CHECKED_IN):
            if booking.payment_method == m.PaymentMethod.ONLINE:
                return not await self._paid_by_another(booking, payment)
            if booking.paid_at is not None:
                return False  # already paid in cash at the desk
        else:
            return False
        if booking.confirmed_at is None:
            booking.confirmed_at = now
            await self._tell_confirmed(booking)
        booking.payment_method = m.PaymentMethod.ONLINE
        booking.paid_at = now
        return True

    async def payment_failed(self, payment: m.Payment) -> None:
        """Nothing to do: the hold stays until its deadline, so the member can try again."""

    async def payment_refunded(self, payment: m.Payment) -> None:
        """The money went back (a cancel, or a payment the booking could not take): the booking is no
        longer paid, for the member, the desk and the money reports alike."""
        await self.session.execute(
            sa.update(m.Booking)
            .where(m.Booking.id == payment.booking_id, m.Booking.payment_method == m.PaymentMethod.ONLINE)
            .values(paid_at=None)
        )

    async def _revive(self, booking: m.Booking, now: datetime) -> bool:
        """expired -> confirmed for a payment that arrived after the hold's deadline, the one move back
        the booking table allows (docs/architecture.md): only while the slot is ahead, unblocked and
        free. A SAVEPOINT keeps a refusal by the exclusion constraint from spoiling the ledger's
        transaction."""
        starts_at, ends_at = interval(booking.period)
        if starts_at <= now:
            return False
        venue = await self.session.get_one(m.Venue, booking.venue_id)
        venue_day = await load_venue_day(self.session, venue, to_local(starts_at).date())
        if venue_day.blocked(booking.court_id, starts_at, ends_at):
            return False
        try:
            async with self.session.begin_nested():
                BOOKINGS.move(booking, Status.CONFIRMED)
                await self.services.flush()
        except Conflict:
            return False
        return True

    async def _paid_by_another(self, booking: m.Booking, payment: m.Payment) -> bool:
        return bool(
            await self.session.scalar(
                sa.select(
                    sa.exists().where(
                        m.Payment.booking_id == booking.id,
                        m.Payment.id != payment.id,
                        m.Payment.status == m.PaymentStatus.SUCCEEDED,
                    )
                )
            )
        )

    async def _tell_confirmed(self, booking: m.Booking) -> None:
        court = await self.session.get_one(m.Court, booking.court_id)
        venue = await self.session.get_one(m.Venue, booking.venue_id)
        slot = Message("notify.slot", court=court.name, at=interval(booking.period)[0])
        await self.services.notifications.notify(
            [venue.owner_id],
            kind="booking_confirmed",
            title=Message("notify.new_booking", slot=slot),
            body=venue.name,
            link=f"/owner/venues/{venue.id}",
            dedupe_key=f"booking_confirmed:{booking.id}",
        )

    # Cancelling ------------------------------------------------------------------------------

    async def cancel(self, actor: m.User, booking_id: UUID) -> s.Booking:
        """Members cancel their own bookings free until `cancellation_free_hours` before the start (a
        hold any time); the venue's owner may always cancel. Online payments are refunded."""
        row = (
            await self.session.execute(
                sa.select(m.Booking, m.Venue, runs_venue(actor))
                .join(m.Venue, m.Venue.id == m.Booking.venue_id)
                .where(m.Booking.id == booking_id, sa.or_(m.Booking.user_id == actor.id, runs_venue(actor)))
                .with_for_update(of=m.Booking)
            )
        ).first()
        if row is None:
            raise NotFound(Message("errors_bookings.no_such_booking"))
        booking, venue, as_venue = row
        now = utcnow()
        free_until = self._free_cancellation_until(booking)
        if booking.status == Status.CONFIRMED and not as_venue and now > free_until:
            raise Conflict(
                Message(
                    "errors_bookings.too_late_to_cancel",
                    until=free_until,
                    hours=self.settings.cancellation_free_hours,
                ),
                code="too_late_to_cancel",
            )
        BOOKINGS.move(booking, Status.CANCELLED)
        booking.cancelled_at = now
        if booking.payment_method == m.PaymentMethod.ONLINE and booking.paid_at is not None:
            await self.services.payments.refund_for(
                booking_id=booking.id, reason="booking cancelled", actor=actor
            )
        if as_venue and booking.paid_at is not None:
            self.services.audit.record(
                actor,
                "booking.cancel_paid",
                "booking",
                booking.id,
                {"amount_pkr": booking.price_pkr, "payment_method": str(booking.payment_method)},
            )
        elif as_venue and booking.user_id != actor.id:
            self.services.audit.record(actor, "booking.cancel_by_venue", "booking", booking.id)
        if as_venue and booking.user_id != actor.id:
            court = await self.session.get_one(m.Court, booking.court_id)
            await self.services.notifications.notify(
                [booking.user_id],
                kind="booking_cancelled",
                title=Message("notify.venue_cancelled_booking", venue=venue.name),
                body=Message("notify.slot", court=court.name, at=interval(booking.period)[0]),
                link=f"/bookings/{booking.id}",
                dedupe_key=f"booking_cancelled:{booking.id}",
            )
        return await self.to_schema(booking, viewer=actor)

    def _free_cancellation_until(self, booking: m.Booking) -> datetime:
        return interval(booking.period)[0] - timedelta(hours=self.settings.cancellation_free_hours)

    # Reading ---------------------------------------------------------------------------------

    async def get(self, actor: m.User, booking_id: UUID) -> s.Booking:
        """A booking for its member or the venue's owner; only the member sees its QR code."""
        booking = await self.session.scalar(
            sa.select(m.Booking)
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .where(
                m.Booking.id == booking_id,
                sa.or_(m.Booking.user_id == actor.id, runs_venue(actor)),
            )
        )
        if booking is None:
            raise NotFound(Message("errors_bookings.no_such_booking"))
        return await self.to_schema(booking, viewer=actor)

    async def mine(
        self,
        actor: m.User,
        status: Status | None = None,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Booking]:
        size = clamp_limit(limit)
        query = (
            sa.select(m.Booking, m.Court, m.Venue)
            .join(m.Court, m.Court.id == m.Booking.court_id)
            .join(m.Venue, m.Venue.id == m.Booking.venue_id)
            .where(m.Booking.user_id == actor.id)
        )
        if status is not None:
            query = query.where(m.Booking.status == status)
        rows = (
            await self.session.execute(
                newest_first(query, m.Booking.created_at, m.Booking.id, cursor=cursor, size=size)
            )
        ).all()
        return page_of(
            rows,
            size,
            lambda row: self._schema(row[0], row[1], row[2], actor, viewer=actor, with_qr=False),
            lambda row: (row[0].created_at.isoformat(), row[0].id),
        )

    async def live_holds(self, actor: m.User, venue_id: UUID) -> list[s.Booking]:
        """The member's court holds at a venue still waiting for payment, the one lapsing first first:
        what the venue page reminds them of when they come back to it from a hold."""
        rows = (
            await self.session.execute(
                sa.select(m.Booking, m.Court, m.Venue)
                .join(m.Court, m.Court.id == m.Booking.court_id)
                .join(m.Venue, m.Venue.id == m.Booking.venue_id)
                .where(m.Booking.venue_id == venue_id, *live_hold_of(actor))
                .order_by(m.Booking.hold_expires_at, m.Booking.id)
            )
        ).all()
        return [
            self._schema(booking, court, venue, actor, viewer=actor, with_qr=False)
            for booking, court, venue in rows
        ]

    async def _load_own(self, actor: m.User, booking_id: UUID) -> m.Booking:
        return await lock_one(
            self.session,
            m.Booking,
            m.Booking.id == booking_id,
            m.Booking.user_id == actor.id,
            missing=Message("errors_bookings.no_such_booking"),
        )

    async def to_schema(self, booking: m.Booking, *, viewer: m.User) -> s.Booking:
        court = await self.session.get_one(m.Court, booking.court_id)
        venue = await self.session.get_one(m.Venue, booking.venue_id)
        member = await self.session.get_one(m.User, booking.user_id)
        return self._schema(booking, court, venue, member, viewer=viewer)

    def _schema(
        self,
        booking: m.Booking,
        court: m.Court,
        venue: m.Venue,
        member: m.User,
        *,
        viewer: m.User,
        with_qr: bool = True,
    ) -> s.Booking:
        shown = shown_fields(booking, member)
        ticket = booking.user_id == viewer.id and booking.status == Status.CONFIRMED
        return from_row(
            s.Booking,
            booking,
            venue=venue_ref(venue),
            court=court_schema(court),
            duration_minutes=int((shown["ends_at"] - shown["starts_at"]).total_seconds() // 60),
            free_cancellation_until=to_local(self._free_cancellation_until(booking)),
            code=booking.code if ticket else None,
            qr_svg=svg_data_uri(booking_token(self.settings.qr_signing_key, booking.id, booking.code))
            if ticket and with_qr
            else None,
            whatsapp_url=self._whatsapp_url(booking, court, venue, viewer.locale) if ticket else None,
            **shown,
        )

    def _whatsapp_url(self, booking: m.Booking, court: m.Court, venue: m.Venue, language: str) -> str:
        starts_at, ends_at = interval(booking.period)
        return whatsapp_url(
            Message(
                "whatsapp.court_booked",
                sport=Message(f"activity_type.{court.sport.value}"),
                court=court.name,
                venue=venue.name,
            ),
            language=language,
            starts_at=starts_at,
            ends_at=ends_at,
            place=f"{venue.address}, {venue.city}",
            link=f"{self.settings.public_url}/bookings/{booking.id}",
        )


def live_hold_of(actor: m.User) -> tuple[sa.ColumnElement[bool], ...]:
    """A member's court hold still waiting for payment: held, its deadline ahead (the worker may not
    have expired a lapsed one yet), and not made for an activity (that hold follows the activity)."""
    return (
        m.Booking.user_id == actor.id,
        m.Booking.status == Status.HELD,
        m.Booking.activity_id.is_(None),
        m.Booking.hold_expires_at > utcnow(),
    )


def venue_ref(venue: m.Venue) -> s.VenueRef:
    return s.VenueRef(id=venue.id, slug=venue.slug, name=venue.name, address=venue.address, city=venue.city)


def confirm_at_venue(booking: m.Booking) -> None:
    """held -> confirmed, to be paid in cash at the desk (the owner marks it paid)."""
    BOOKINGS.move(booking, Status.CONFIRMED)
    booking.payment_method = m.PaymentMethod.PAY_AT_VENUE
    booking.confirmed_at = utcnow()


def _check_live_hold(booking: m.Booking) -> None:
    if booking.status != Status.HELD:
        raise Conflict(
            Message("errors_bookings.not_on_hold", state=LABELS[booking.status]), code="invalid_transition"
        )
    if booking.hold_expires_at is None or booking.hold_expires_at <= utcnow():
        raise Conflict(HOLD_EXPIRED, code="hold_expired")


def shown_fields(booking: m.Booking, member: m.User) -> dict[str, Any]:
    """What every view of a booking (the booker's, the desk's calendar and agenda) works out alike:
    its local start and end, who booked it, whether it is paid, and while held, until when."""
    starts_at, ends_at = interval(booking.period)
    return {
        "starts_at": to_local(starts_at),
        "ends_at": to_local(ends_at),
        "member": person_summary(member),
        "paid": booking.paid_at is not None,
        "hold_expires_at": booking.hold_expires_at if booking.status == Status.HELD else None,
    }

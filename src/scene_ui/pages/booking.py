"""One court booking: the hold with its countdown and how to pay, then the QR code to show at the desk."""

from __future__ import annotations

from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.booking_card import (
    cancellation_policy,
    confirm_cancel,
    payment_line,
    series_path,
    status_chip,
)
from scene_ui.components.booking_card import tx as card_tx
from scene_ui.components.buttons import danger_button, ghost_button, link_button, spinning
from scene_ui.components.checkout import hold_checkout
from scene_ui.components.countdown import hold_countdown
from scene_ui.components.court_hold import confirm_at_venue
from scene_ui.components.empty_state import empty_state
from scene_ui.components.facts import banner, directions_url, fact, where_fact
from scene_ui.components.frame import frame
from scene_ui.components.install_prompt import offer_install
from scene_ui.components.person_card import person_row
from scene_ui.components.qr_pass import qr_pass
from scene_ui.components.section import card_link, linked_page_heading, panel, section_header
from scene_ui.components.share import whatsapp_button
from scene_ui.i18n import texts

tx = texts("booking")
ENDED_KEYS = {
    m.BookingStatus.CANCELLED: "ended_cancelled",
    m.BookingStatus.EXPIRED: "hold_ended",
    m.BookingStatus.NO_SHOW: "ended_no_show",
    m.BookingStatus.CHECKED_IN: "ended_checked_in",
}
"""Catalogue key of what each ended state says."""


def create() -> None:
    ui.page("/bookings/{booking_id}")(session.members_only(booking_page))


async def booking_page(booking_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = BookingView(await load_booking(booking_id), viewer=member.id)
    with frame(tx.title, member=member, back="/me/bookings"):
        view.render()
    if view.booking is not None:
        await live.follow([live.venue(view.booking.venue.id)], view.reload_if_changed)


async def load_booking(booking_id: str | UUID) -> bookings_s.Booking | None:
    try:
        async with session.member_services() as (services, me):
            return await services.bookings.get(me.user, UUID(str(booking_id)))
    except (NotFound, ValueError):
        return None


def hold_is_live(booking: bookings_s.Booking) -> bool:
    """A hold the member can still pay for (the worker may not have expired a lapsed one yet)."""
    return (
        booking.status is m.BookingStatus.HELD
        and booking.hold_expires_at is not None
        and booking.hold_expires_at > utcnow()
    )


def heading(booking: bookings_s.Booking) -> None:
    """Status, the venue (a link back to it) and the slot: the top of the booking and of a payment."""
    with ui.column().classes("w-full gap-2"):
        status_chip(booking.status)
        linked_page_heading(booking.venue.name, f"/venues/{booking.venue.slug}")
        ui.label(
            f"{booking.court.name} \u00b7 {formats.long_day(booking.starts_at)} \u00b7 "
            f"{formats.time_range(booking.starts_at, booking.ends_at)}"
        ).classes("text-body text-muted")


def confirmation(booking: bookings_s.Booking, *, with_slot: bool = False) -> None:
    """The QR code and the code for the desk, and a WhatsApp message to send the group; `with_slot`
    names the venue and the slot too (where nothing above the confirmation does)."""
    with panel(classes="gap-4 p-5 items-center", marker="confirmation"):
        with ui.column().classes("w-full items-center gap-1 text-center"):
            ui.label(tx.confirmed).classes("text-title font-bold text-ink")
            if with_slot:
                slot = (booking.venue.name, booking.court.name, formats.when(booking.starts_at))
                ui.label(" \u00b7 ".join(slot)).classes("text-meta text-muted")
            if booking.payment_method is not m.PaymentMethod.ONLINE and not booking.paid:
                ui.label(payment_line(booking)).classes(
                    "h-7 px-3 mt-1 rounded-full bg-warning/15 text-warning text-meta font-semibold "
                    "flex items-center"
                ).mark("to-pay")
        if booking.qr_svg and booking.code:
            qr_pass(booking.qr_svg, booking.code, tx.show_at_desk)
        if booking.whatsapp_url:
            with ui.row().classes("w-full"):
                whatsapp_button(booking.whatsapp_url, tx.share)


class BookingView(live.LiveView):
    """The booker pays, gets the QR and cancels; the venue's owner (from a notification) sees the facts."""

    def __init__(self, booking: bookings_s.Booking | None, *, viewer: UUID) -> None:
        self.booking = booking
        self.viewer = viewer
        self.busy = False

    def render(self) -> None:
        if self.booking is None:
            empty_state("event_busy", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()

    def redraw(self) -> None:
        self.body.refresh()

    def shown(self) -> object:
        """News of its venue's calendar that matters here: payment confirmed, hold lapsed, checked in."""
        return self.booking

    async def reread(self) -> bool:
        assert self.booking is not None
        self.booking = await load_booking(self.booking.id) or self.booking
        return True

    @ui.refreshable_method
    def body(self) -> None:
        booking = self.booking
        assert booking is not None
        heading(booking)
        if booking.series_id is not None:
            with card_link(series_path(booking.series_id), classes="gap-2 p-3", marker="series-link"):
                ui.icon("event_repeat").classes("text-accent text-xl shrink-0")
                ui.label(tx.weekly).classes("flex-1 text-body text-ink")
                ui.label(tx.see_weeks).classes("text-meta font-semibold text-accent whitespace-nowrap")
        if booking.member.id != self.viewer:
            person = booking.member
            person_row(person.name, person.handle, person.avatar_url, tx.booked_by)
            self._facts(booking)
            return
        if booking.status is m.BookingStatus.HELD:
            if hold_is_live(booking):
                self._checkout(booking)
            else:
                self._ended(tx.hold_ended, booking)
        elif booking.status is m.BookingStatus.CONFIRMED:
            confirmation(booking)
        else:
            self._ended(tx(ENDED_KEYS[booking.status]), booking)
        self._facts(booking)
        if booking.status is m.BookingStatus.CONFIRMED and booking.starts_at > utcnow():
            self._cancelling(booking)

    # Paying for a hold -----------------------------------------------------------------------

    def _checkout(self, booking: bookings_s.Booking) -> None:
        assert booking.hold_expires_at is not None
        hold_countdown(booking.hold_expires_at, tx.held_title, tx.held_hint, on_end=self.reload)
        with panel(classes="gap-4 p-4", marker="checkout"):
            at_venue = hold_checkout(
                booking, tx, at_venue=tx.at_venue, hint=tx.at_venue_hint, marker="pay-at-venue"
            )
            at_venue.on_click(lambda: self.pay_at_venue(at_venue))
        ghost_button(tx.release, self.release, icon="close").classes("self-center").mark("release")

    async def pay_at_venue(self, button: ui.button) -> None:
        assert self.booking is not None
        if self.busy:
            return
        async with spinning(self, button):
            booking = await confirm_at_venue(self.booking.id, tx.confirmed_at_venue)
            if booking is feedback.REFUSED:
                await self.reload()  # still busy: live news meanwhile does not draw the page twice
                return
        self.booking = booking
        self.body.refresh()
        offer_install()

    async def release(self) -> None:
        assert self.booking is not None
        booking_id = self.booking.id
        booking = await feedback.attempt(
            lambda services, me: services.bookings.cancel(me.user, booking_id), success=tx.released
        )
        if booking is feedback.REFUSED:
            return
        self.booking = booking
        self.body.refresh()

    # After ----------------------------------------------------------------------------------

    def _ended(self, text: str, booking: bookings_s.Booking) -> None:
        banner(text)
        if booking.status in (m.BookingStatus.HELD, m.BookingStatus.EXPIRED, m.BookingStatus.CANCELLED):
            link_button(tx.pick_again, f"/venues/{booking.venue.slug}", primary=True, icon="event").classes(
                "w-full"
            )

    def _facts(self, booking: bookings_s.Booking) -> None:
        place = f"{booking.venue.name}, {booking.venue.address}, {booking.venue.city}"
        with panel(classes="gap-4 p-4", marker="facts"):
            fact(
                "event",
                tx.when,
                formats.long_day(booking.starts_at),
                f"{formats.time_range(booking.starts_at, booking.ends_at)} \u00b7 "
                f"{formats.duration(booking.duration_minutes)}",
            )
            where_fact(tx.where, booking.venue.name, booking.venue.address, directions_url(None, None, place))
            fact(
                "sports_tennis",
                tx.court,
                booking.court.name,
                tx.indoor if booking.court.indoor else tx.outdoor,
            )
            fact(
                "payments",
                tx.price,
                formats.rupees(booking.price_pkr),
                payment_line(booking) if booking.status is not m.BookingStatus.HELD else None,
            )

    def _cancelling(self, booking: bookings_s.Booking) -> None:
        with ui.column().classes("w-full gap-2").mark("cancelling"):
            section_header(tx.cancelling)
            with panel():
                ui.label(cancellation_policy(booking)).classes("text-body text-muted").mark("policy")
                danger_button(
                    card_tx.cancel, lambda: confirm_cancel(booking, self.cancelled), icon="event_busy"
                ).classes("w-full").mark("cancel-booking")

    async def cancelled(self, booking: bookings_s.Booking) -> None:
        self.booking = booking
        self.body.refresh()

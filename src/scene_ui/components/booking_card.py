"""A member's court booking: its state in words, a row for lists, and cancelling it with the policy shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import clock_on_day, utcnow
from scene_ui import feedback, formats, session
from scene_ui.components.buttons import danger_button, secondary_button

Status = m.BookingStatus
STATES: dict[m.BookingStatus, tuple[str, str, str]] = {
    Status.HELD: ("On hold", "hourglass_top", "bg-warning/15 text-warning"),
    Status.CONFIRMED: ("Confirmed", "event_available", "bg-accent-soft text-accent"),
    Status.CHECKED_IN: ("Checked in", "how_to_reg", "bg-accent text-on-accent"),
    Status.NO_SHOW: ("Missed", "person_off", "bg-raised text-muted"),
    Status.CANCELLED: ("Cancelled", "event_busy", "bg-raised text-muted"),
    Status.EXPIRED: ("Hold ran out", "timer_off", "bg-raised text-muted"),
}
"""Label, icon and tone of each state, as the member reads it."""
PAID_ONLINE = "Paid online"
PAY_AT_VENUE = "Pay {amount} at the venue"
PAID_AT_VENUE = "Paid at the venue"
FREE_UNTIL = "Free cancellation until {moment}."
FREE_ENDED = "Free cancellation ended at {moment}. The venue can still cancel it for you."
REFUND_NOTE = "Your online payment is refunded in full."
CANCEL = "Cancel booking"
CANCEL_TITLE = "Cancel this booking?"
KEEP = "Keep it"
CANCEL_YES = "Yes, cancel"
CANCELLED = "Booking cancelled"

OnCancelled = Callable[[bookings_s.Booking], Awaitable[None]]


def booking_path(booking_id: object) -> str:
    return f"/bookings/{booking_id}"


def is_upcoming(booking: bookings_s.Booking, now: datetime) -> bool:
    """Still ahead and still on (held, confirmed or already checked in)."""
    return booking.ends_at > now and booking.status in (Status.HELD, Status.CONFIRMED, Status.CHECKED_IN)


def status_chip(status: m.BookingStatus) -> ui.row:
    label, icon, tone = STATES[status]
    with ui.row().classes(f"items-center gap-1 h-6 px-2 rounded-full flex-nowrap shrink-0 {tone}") as chip:
        ui.icon(icon).classes("text-sm")
        ui.label(label).classes("text-label font-bold uppercase tracking-wide whitespace-nowrap")
    return chip.mark("booking-status")


def payment_line(booking: bookings_s.Booking) -> str:
    """How the booking is paid, or what is left to pay at the desk."""
    if booking.payment_method is m.PaymentMethod.ONLINE:
        return PAID_ONLINE
    if booking.paid:
        return PAID_AT_VENUE
    return PAY_AT_VENUE.format(amount=formats.rupees(booking.price_pkr))


def cancellation_policy(booking: bookings_s.Booking, now: datetime | None = None) -> str:
    """What cancelling means now: free until the deadline the service set, after it only the venue can."""
    moment = clock_on_day(booking.free_cancellation_until)
    if booking.status is Status.HELD or (now or utcnow()) <= booking.free_cancellation_until:
        refund = f" {REFUND_NOTE}" if booking.payment_method is m.PaymentMethod.ONLINE else ""
        return FREE_UNTIL.format(moment=moment) + refund
    return FREE_ENDED.format(moment=moment)


def booking_row(
    booking: bookings_s.Booking, *, now: datetime, on_cancelled: OnCancelled | None = None
) -> None:
    """One booking in a list; the row opens it. Upcoming confirmed ones can be cancelled from here."""
    with (
        ui.column()
        .classes("w-full gap-0 rounded-card bg-surface border border-line")
        .mark(f"booking-{booking.id}")
    ):
        with ui.link(target=booking_path(booking.id)).classes(
            "w-full flex items-center gap-3 p-4 no-underline flex-nowrap"
        ):
            with ui.column().classes(
                "w-14 h-14 shrink-0 rounded-xl bg-raised items-center justify-center gap-0"
            ):
                ui.label(formats.clock(booking.starts_at).split(" ")[0]).classes(
                    "text-body font-extrabold text-ink leading-none"
                )
                ui.label(formats.clock(booking.starts_at).split(" ")[1]).classes(
                    "text-label font-bold uppercase text-accent"
                )
            with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                ui.label(booking.venue.name).classes("text-body font-bold text-ink truncate")
                ui.label(
                    f"{booking.court.name} \u00b7 {formats.long_day(booking.starts_at, now=now)} \u00b7 "
                    f"{formats.duration(booking.duration_minutes)}"
                ).classes("text-meta text-muted truncate")
                with ui.row().classes("items-center gap-2 flex-nowrap pt-1"):
                    status_chip(booking.status)
                    ui.label(formats.rupees(booking.price_pkr)).classes(
                        "text-meta font-semibold text-ink whitespace-nowrap"
                    )
            ui.icon("chevron_right").classes("text-muted text-xl shrink-0")
        if on_cancelled is not None and booking.status is Status.CONFIRMED and booking.starts_at > now:
            with ui.row().classes("w-full items-center gap-3 px-4 py-3 border-t border-line flex-nowrap"):
                ui.label(cancellation_policy(booking, now)).classes("flex-1 text-meta text-muted")
                ui.button(CANCEL, color=None, on_click=lambda: confirm_cancel(booking, on_cancelled)).props(
                    "flat no-caps dense"
                ).classes("text-meta font-semibold text-danger shrink-0").mark("cancel-booking")


def confirm_cancel(booking: bookings_s.Booking, on_cancelled: OnCancelled) -> None:
    """Say what cancelling costs (the policy), then ask the service; it has the last word."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5"):
        ui.label(CANCEL_TITLE).classes("text-title font-bold text-ink")
        ui.label(f"{booking.venue.name}, {booking.court.name}: {formats.when(booking.starts_at)}.").classes(
            "text-body text-ink"
        )
        ui.label(cancellation_policy(booking)).classes("text-body text-muted").mark("cancel-policy")
        with ui.row().classes("w-full gap-2 flex-nowrap"):
            secondary_button(KEEP, dialog.close).classes("flex-1")
            danger_button(CANCEL_YES, lambda: _cancel(booking, dialog, on_cancelled)).classes("flex-1").mark(
                "confirm-cancel"
            )
    dialog.open()


async def _cancel(booking: bookings_s.Booking, dialog: ui.dialog, on_cancelled: OnCancelled) -> None:
    try:
        async with session.member_services() as (services, me):
            cancelled = await services.bookings.cancel(me.user, booking.id)
    except DomainError as error:
        dialog.close()
        feedback.failed(error)
        return
    dialog.close()
    feedback.done(CANCELLED)
    await on_cancelled(cancelled)

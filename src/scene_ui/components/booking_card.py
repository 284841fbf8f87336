"""A member's court booking: its state in words, a row for lists, and cancelling it with the policy shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats
from scene_ui.components.buttons import danger_button, secondary_button
from scene_ui.components.dialogs import dialog_title
from scene_ui.i18n import texts

Status = m.BookingStatus
tx = texts("booking_card")
STATES: dict[m.BookingStatus, tuple[str, str, str]] = {
    Status.HELD: ("state_held", "hourglass_top", "bg-warning/15 text-warning"),
    Status.CONFIRMED: ("state_confirmed", "event_available", "bg-accent-soft text-accent"),
    Status.CHECKED_IN: ("state_checked_in", "how_to_reg", "bg-accent text-on-accent"),
    Status.NO_SHOW: ("state_no_show", "person_off", "bg-raised text-muted"),
    Status.CANCELLED: ("state_cancelled", "event_busy", "bg-raised text-muted"),
    Status.EXPIRED: ("state_expired", "timer_off", "bg-raised text-muted"),
}
"""Catalogue key, icon and tone of each state, as the member reads it."""

OnCancelled = Callable[[bookings_s.Booking], Awaitable[None]]


def booking_path(booking_id: object) -> str:
    return f"/bookings/{booking_id}"


def is_upcoming(booking: bookings_s.Booking, now: datetime) -> bool:
    """Still ahead and still on (held, confirmed or already checked in)."""
    return booking.ends_at > now and booking.status in (Status.HELD, Status.CONFIRMED, Status.CHECKED_IN)


def status_chip(status: m.BookingStatus) -> ui.row:
    key, icon, tone = STATES[status]
    with ui.row().classes(f"items-center gap-1 h-6 px-2 rounded-full flex-nowrap shrink-0 {tone}") as chip:
        ui.icon(icon).classes("text-sm")
        ui.label(tx(key)).classes("text-label font-bold uppercase tracking-wide whitespace-nowrap")
    return chip.mark("booking-status")


def payment_line(booking: bookings_s.Booking) -> str:
    """How the booking is paid, or what is left to pay at the desk."""
    if booking.payment_method is m.PaymentMethod.ONLINE:
        return tx.paid_online
    if booking.paid:
        return tx.paid_at_venue
    return tx("pay_at_venue", amount=formats.rupees(booking.price_pkr))


def cancellation_policy(booking: bookings_s.Booking, now: datetime | None = None) -> str:
    """What cancelling means now: free until the deadline the service set, after it only the venue can."""
    moment = formats.when(booking.free_cancellation_until)
    if booking.status is Status.HELD or (now or utcnow()) <= booking.free_cancellation_until:
        refund = f" {tx.refund_note}" if booking.payment_method is m.PaymentMethod.ONLINE else ""
        return tx("free_until", moment=moment) + refund
    return tx("free_ended", moment=moment)


def series_path(series_id: object) -> str:
    return f"/bookings/series/{series_id}"


def clock_parts(moment: datetime) -> tuple[str, str]:
    """`8:00 pm` as (`8:00`, `pm`); `رات 8:00` as (`8:00`, `رات`): the figures big, the part of day small."""
    words = formats.clock(moment).split(" ")
    figures = next((word for word in words if any(c.isdigit() for c in word)), words[0])
    rest = " ".join(word for word in words if word != figures)
    return figures, rest


def booking_row(
    booking: bookings_s.Booking,
    *,
    now: datetime,
    on_cancelled: OnCancelled | None = None,
    week: tuple[int, int] | None = None,
    more: int = 0,
) -> None:
    """One booking in a list; the row opens it. Upcoming confirmed ones can be cancelled from here.
    A booking of a weekly series says which `week` (number, of how many) it is, how many `more` of
    its weeks are coming up after it, and links to the series."""
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
                figures, part = clock_parts(booking.starts_at)
                ui.label(figures).classes("text-body font-extrabold text-ink leading-none")
                ui.label(part).classes("text-label font-bold uppercase text-accent")
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
            ui.icon("chevron_right").classes("text-muted text-xl shrink-0 scene-mirror")
        if booking.series_id is not None and week is not None:
            with (
                ui.link(target=series_path(booking.series_id))
                .classes(
                    "w-full flex items-center gap-2 px-4 py-2.5 border-t border-line no-underline flex-nowrap"
                )
                .mark("series-note")
            ):
                ui.icon("event_repeat").classes("text-accent text-base shrink-0")
                note = tx("series_note", number=week[0], total=week[1])
                if more:
                    note = f"{note} \u00b7 {tx('series_more', count=more)}"
                ui.label(note).classes("flex-1 text-meta font-semibold text-accent")
                ui.label(tx.see_weeks).classes("text-meta text-muted whitespace-nowrap")
        if on_cancelled is not None and booking.status is Status.CONFIRMED and booking.starts_at > now:
            with ui.row().classes("w-full items-center gap-3 px-4 py-3 border-t border-line flex-nowrap"):
                ui.label(cancellation_policy(booking, now)).classes("flex-1 text-meta text-muted")
                ui.button(
                    tx.cancel, color=None, on_click=lambda: confirm_cancel(booking, on_cancelled)
                ).props("flat no-caps dense").classes("text-meta font-semibold text-danger shrink-0").mark(
                    "cancel-booking"
                )


def confirm_cancel(booking: bookings_s.Booking, on_cancelled: OnCancelled) -> None:
    """Say what cancelling costs (the policy), then ask the service; it has the last word."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5"):
        dialog_title(tx.cancel_title)
        ui.label(f"{booking.venue.name}, {booking.court.name}: {formats.when(booking.starts_at)}.").classes(
            "text-body text-ink"
        )
        ui.label(cancellation_policy(booking)).classes("text-body text-muted").mark("cancel-policy")
        with ui.row().classes("w-full gap-2 flex-nowrap"):
            secondary_button(tx.keep, dialog.close).classes("flex-1")
            danger_button(tx.cancel_yes, lambda: _cancel(booking, dialog, on_cancelled)).classes(
                "flex-1"
            ).mark("confirm-cancel")
    dialog.open()


async def _cancel(booking: bookings_s.Booking, dialog: ui.dialog, on_cancelled: OnCancelled) -> None:
    cancelled = await feedback.attempt(
        lambda services, me: services.bookings.cancel(me.user, booking.id), success=tx.cancelled
    )
    dialog.close()
    if cancelled is not feedback.REFUSED:
        await on_cancelled(cancelled)

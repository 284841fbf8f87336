"""The venue calendar's dialogs: block time from a tapped cell, a blocked period (unblock it), a booking
(check in, mark paid, no-show, cancel after a second ask). What the buttons do is the desk's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import formats
from scene_ui.components.avatar import avatar
from scene_ui.components.booking_state import DeskState, desk_state, state_chip, state_label
from scene_ui.components.buttons import danger_button, ghost_button, primary_button, secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.i18n import texts
from scene_ui.pages.owner_calendar_actions import Desk
from scene_ui.pages.owner_calendar_grid import time_range

tx = texts("owner_calendar")
LENGTHS = (30, 60, 90, 120)
"""What a block can last, in minutes (catalogue `owner_calendar.length_<minutes>`)."""


def _business_day(day: date, moment: datetime) -> str:
    """`Today`, `Saturday`: the day shown, with `(after midnight)` for its small hours."""
    heading = formats.day_heading(day)
    return tx.after_midnight.format(day=heading) if to_local(moment).date() > day else heading


def open_block(desk: Desk, day: date, court: venues_s.Court, starts_at: datetime, closes: datetime) -> None:
    """Block a court (or the whole venue) from a tapped cell of `day`, for a length up to closing."""
    until_closing = int((closes - starts_at).total_seconds() // 60)
    lengths = [(minutes, tx(f"length_{minutes}")) for minutes in LENGTHS if minutes < until_closing]
    lengths.append((until_closing, tx.until_closing))
    picked = [lengths[min(1, len(lengths) - 1)][0]]
    with (
        dialog_root(),
        ui.dialog() as dialog,
        ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5").mark("block-dialog"),
    ):
        with ui.column().classes("w-full gap-1"):
            dialog_title(tx.block_title.format(court=court.name))
            ui.label(
                tx.block_from.format(time=formats.clock(starts_at), day=_business_day(day, starts_at))
            ).classes("text-meta text-muted")
        ui.label(tx.block_length).classes("text-label font-bold uppercase tracking-wider text-muted")
        buttons: dict[int, ui.button] = {}

        def pick(minutes: int) -> None:
            picked[0] = minutes
            for value, button in buttons.items():
                mark(button, value == minutes)

        with ui.row().classes("w-full gap-2"):
            for minutes, label in lengths:
                marker = "length-closing" if label == tx.until_closing else f"length-{minutes}"
                buttons[minutes] = chip(label, on_click=partial(pick, minutes)).mark(marker)
        pick(picked[0])
        ui.label(tx.block_scope).classes("text-label font-bold uppercase tracking-wider text-muted")
        scope = ui.toggle({False: tx.this_court, True: tx.whole_venue}, value=False).props(
            "no-caps unelevated rounded spread toggle-color=primary toggle-text-color=dark "
            "color=secondary text-color=white"
        )
        scope.classes("w-full").mark("block-scope")
        reason = ui.input(tx.reason, placeholder=tx.reason_placeholder).props("outlined maxlength=120")
        reason.classes("w-full").mark("block-reason")

        async def block() -> None:
            request = venues_s.BlackoutCreate(
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=picked[0]),
                court_id=None if scope.value else court.id,
                reason=(reason.value or "").strip()[:120],
            )
            await desk.block(dialog, request, tx.whole_venue if scope.value else court.name)

        with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
            ghost_button(tx.close, dialog.close).classes("flex-1")
            primary_button(tx.block, block, icon="block").classes("flex-1").mark("confirm-block")
    open_once(dialog)


def open_blackout(desk: Desk, court: venues_s.Court, entry: bookings_s.CalendarEntry) -> None:
    with (
        dialog_root(),
        ui.dialog() as dialog,
        ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5").mark("blackout-dialog"),
    ):
        with ui.row().classes("w-full items-center justify-between gap-2 flex-nowrap"):
            dialog_title(tx.blackout_title)
            state_chip(DeskState.BLOCKED, tx.whole_venue if entry.whole_venue else court.name)
        _facts(
            [
                ("when", f"{_day_of(entry.starts_at)}, {time_range(entry.starts_at, entry.ends_at)}"),
                ("court", tx.whole_venue if entry.whole_venue else court.name),
                *([("reason_short", entry.reason)] if entry.reason else []),
            ]
        )
        with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
            ghost_button(tx.close, dialog.close).classes("flex-1")
            primary_button(tx.unblock, partial(desk.unblock, dialog, entry), icon="lock_open").classes(
                "flex-1"
            ).mark("unblock")
    open_once(dialog)


def open_booking(desk: Desk, court: venues_s.Court, entry: bookings_s.CalendarEntry) -> None:
    """A booking: who, when, what it costs and how it is paid, and what the desk can do to it now."""
    assert entry.status is not None
    assert entry.member is not None
    now = utcnow()
    state = desk_state(entry.status, entry.payment_method, bool(entry.paid))
    member = entry.member
    with (
        dialog_root(),
        ui.dialog() as dialog,
        ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5").mark("booking-dialog"),
    ):
        with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
            avatar(member.name or member.handle, member.avatar_url, size=48)
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                dialog_title(member.name or member.handle, classes="truncate")
                ui.label(f"@{member.handle}").classes("text-meta text-muted truncate")
        state_chip(state, state_label(state, hold_expires_at=entry.hold_expires_at, now=now))
        _facts(
            [
                ("when", f"{_day_of(entry.starts_at)}, {time_range(entry.starts_at, entry.ends_at)}"),
                ("court", court.name),
                ("price", formats.rupees(entry.price_pkr or 0)),
                ("payment", _payment(entry)),
                *([("code", entry.code)] if entry.code else []),
            ]
        )
        with ui.column().classes("w-full gap-2 pt-1"):
            if entry.status is m.BookingStatus.CONFIRMED and entry.ends_at > now:
                primary_button(
                    tx.check_in_now, partial(desk.check_in, dialog, entry), icon="how_to_reg"
                ).classes("w-full").mark("booking-check-in")
            if (
                entry.payment_method is m.PaymentMethod.PAY_AT_VENUE
                and not entry.paid
                and entry.status in (m.BookingStatus.CONFIRMED, m.BookingStatus.CHECKED_IN)
            ):
                secondary_button(
                    tx.mark_paid, partial(desk.mark_paid, dialog, entry), icon="payments"
                ).classes("w-full").mark("mark-paid")
            if entry.status is m.BookingStatus.CONFIRMED and entry.starts_at <= now:
                secondary_button(tx.no_show, partial(desk.no_show, dialog, entry), icon="person_off").classes(
                    "w-full"
                ).mark("no-show")
            if entry.status in (m.BookingStatus.HELD, m.BookingStatus.CONFIRMED) and entry.ends_at > now:
                danger_button(tx.cancel_booking, partial(_confirm_cancel, desk, dialog, entry)).classes(
                    "w-full"
                ).mark("cancel-booking")
            ghost_button(tx.close, dialog.close).classes("w-full")
    open_once(dialog)


def _confirm_cancel(desk: Desk, booking_dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
    with (
        dialog_root(),
        ui.dialog() as dialog,
        ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
    ):
        dialog_title(tx.cancel_booking)
        ui.label(tx.cancel_confirm).classes("text-body text-muted")

        async def cancel() -> None:
            await desk.cancel(dialog, entry)
            booking_dialog.close()

        with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
            secondary_button(tx.keep, dialog.close).classes("flex-1")
            danger_button(tx.cancel_booking, cancel).classes("flex-1").mark("confirm-cancel")
    open_once(dialog)


def _day_of(moment: datetime) -> str:
    return formats.day_heading(to_local(moment).date())


def _payment(entry: bookings_s.CalendarEntry) -> str:
    if entry.payment_method is m.PaymentMethod.ONLINE:
        return tx.paid_online if entry.paid else tx.not_paid
    if entry.payment_method is m.PaymentMethod.PAY_AT_VENUE:
        return tx.paid_at_desk if entry.paid else tx.pay_at_venue_due
    return tx.not_paid


def _facts(rows: list[tuple[str, str]]) -> None:
    """Label (catalogue key) and value, one a row."""
    with ui.column().classes("w-full gap-0 rounded-xl border border-line divide-y divide-line"):
        for key, value in rows:
            with ui.row().classes("w-full items-baseline justify-between gap-3 px-3 py-2.5 flex-nowrap"):
                ui.label(tx(key)).classes("text-meta text-muted whitespace-nowrap")
                ui.label(value).classes("text-body font-semibold text-ink text-end").mark(f"fact-{key}")

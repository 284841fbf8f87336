"""How a court booking reads at the venue desk: one state per thing the desk acts on, each with a tone."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from nicegui import ui

from scene_api.db import models as m
from scene_ui.i18n import Labels, texts


class DeskState(StrEnum):
    HELD = "held"
    UNPAID = "unpaid"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"
    BLOCKED = "blocked"


tx = texts("booking_state")
LABELS: Labels[DeskState] = Labels("booking_state", {state: f"state_{state.value}" for state in DeskState})
"""Each state's name in the reader's language."""
ICONS = {
    DeskState.HELD: "hourglass_top",
    DeskState.UNPAID: "payments",
    DeskState.CONFIRMED: "event_available",
    DeskState.CHECKED_IN: "how_to_reg",
    DeskState.NO_SHOW: "person_off",
    DeskState.BLOCKED: "block",
}
STRIPES = "bg-[repeating-linear-gradient(135deg,var(--color-raised)_0_6px,var(--color-surface)_6px_12px)]"
BLOCKS = {
    DeskState.HELD: "bg-warning/10 border border-dashed border-warning text-ink",
    DeskState.UNPAID: "bg-warning/20 border border-warning/70 text-ink",
    DeskState.CONFIRMED: "bg-accent-soft border border-accent/60 text-ink",
    DeskState.CHECKED_IN: "bg-accent border border-accent text-on-accent",
    DeskState.NO_SHOW: "bg-raised border border-line text-muted",
    DeskState.BLOCKED: f"{STRIPES} border border-line text-muted",
}
"""A booking's block on the calendar."""
CHIPS = {
    DeskState.HELD: "bg-warning/15 text-warning",
    DeskState.UNPAID: "bg-warning/15 text-warning",
    DeskState.CONFIRMED: "bg-accent-soft text-accent",
    DeskState.CHECKED_IN: "bg-accent text-on-accent",
    DeskState.NO_SHOW: "bg-raised text-muted",
    DeskState.BLOCKED: "bg-raised text-muted",
}
"""A small pill naming the state."""
LEGEND = (DeskState.CONFIRMED, DeskState.UNPAID, DeskState.HELD, DeskState.CHECKED_IN, DeskState.BLOCKED)


def desk_state(status: m.BookingStatus, payment_method: m.PaymentMethod | None, paid: bool) -> DeskState:
    """Confirmed pay-at-venue bookings nobody has marked paid stand out: there is cash to collect."""
    if status is m.BookingStatus.HELD:
        return DeskState.HELD
    if status is m.BookingStatus.CHECKED_IN:
        return DeskState.CHECKED_IN
    if status is m.BookingStatus.NO_SHOW:
        return DeskState.NO_SHOW
    if payment_method is m.PaymentMethod.PAY_AT_VENUE and not paid:
        return DeskState.UNPAID
    return DeskState.CONFIRMED


def hold_left(expires_at: datetime | None, now: datetime) -> str:
    """`7 min left` on a hold, `under a minute` at the end."""
    if expires_at is None:
        return ""
    minutes = int((expires_at - now).total_seconds() // 60)
    return tx("left", minutes=minutes) if minutes >= 1 else tx.last_minute


def state_label(state: DeskState, *, hold_expires_at: datetime | None = None, now: datetime) -> str:
    """`On hold · 7 min left`, `Pay at venue · unpaid`, `Checked in`."""
    if state is DeskState.HELD:
        return f"{LABELS[state]} \u00b7 {hold_left(hold_expires_at, now)}"
    if state is DeskState.UNPAID:
        return f"{LABELS[state]} \u00b7 {tx.unpaid}"
    return LABELS[state]


def state_chip(state: DeskState, text: str | None = None) -> ui.row:
    with ui.row().classes(
        f"items-center gap-1 h-6 px-2 rounded-full flex-nowrap shrink-0 {CHIPS[state]}"
    ) as chip:
        ui.icon(ICONS[state]).classes("text-sm")
        ui.label(text or LABELS[state]).classes(
            "text-label font-bold uppercase tracking-wide whitespace-nowrap"
        )
    return chip


def legend() -> ui.row:
    """The calendar's key: a swatch per state."""
    with ui.row().classes("w-full gap-x-3 gap-y-1.5 items-center") as row:
        for state in LEGEND:
            with ui.row().classes("items-center gap-1.5 flex-nowrap"):
                ui.element("span").classes(f"w-3 h-3 rounded-[4px] {BLOCKS[state]}")
                ui.label(LABELS[state]).classes("text-label text-muted font-medium")
    return row

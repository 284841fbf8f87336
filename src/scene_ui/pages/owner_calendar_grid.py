"""The venue calendar's grid for one day: a time column, then one column per court with its half-hour
cells (tap one to block from there), the bookings and blocked periods laid on it, and a line at now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.timezone import to_local
from scene_ui import formats
from scene_ui.components.booking_state import BLOCKS, LABELS, DeskState, desk_state
from scene_ui.components.empty_state import empty_state
from scene_ui.components.section import panel
from scene_ui.i18n import t, texts

tx = texts("owner_calendar")

SLOT_MINUTES = 30
ROW_PX = 44
"""One half hour on the grid: a comfortable touch target."""
DIGITS = str.maketrans("", "", "0123456789:")


@dataclass(frozen=True)
class Taps:
    """What a tap on the grid opens: a free cell, a blocked period, a booking."""

    cell: Callable[[venues_s.Court, datetime, datetime], None]
    """Called with the court, the cell's start and the day's closing time."""
    blackout: Callable[[venues_s.Court, bookings_s.CalendarEntry], None]
    booking: Callable[[venues_s.Court, bookings_s.CalendarEntry], None]


def marker_name(name: str) -> str:
    """`Court_1`: a court's name as one word, for test markers."""
    return "_".join(name.split())


def overlaps(entry: bookings_s.CalendarEntry, start: datetime, end: datetime) -> bool:
    return entry.starts_at < end and entry.ends_at > start


def draw_grid(
    courts: list[bookings_s.CalendarCourt],
    day: date,
    window: tuple[datetime, datetime] | None,
    *,
    now: datetime,
    fresh: set[UUID],
    taps: Taps,
) -> ui.element | None:
    """The day's grid (or why there is none: no courts, closed that day); answers the line at now, if
    the venue is open now, for the page to scroll to."""
    if not courts:
        empty_state("sports_tennis", tx.no_courts_title, tx.no_courts_message)
        return None
    if window is None:
        with panel(classes="gap-1 p-5 items-center text-center", marker="closed-day"):
            ui.icon("event_busy").classes("text-3xl text-muted")
            ui.label(tx("closed_day", day=t(f"formats.day_{day.weekday()}"))).classes(
                "text-title font-bold text-ink"
            )
            ui.label(tx.closed_explain).classes("text-meta text-muted")
        return None
    opens, closes = window
    rows = int((closes - opens).total_seconds() // 60 // SLOT_MINUTES)
    now_line: ui.element | None = None
    with (
        ui.element("div")
        .classes("w-[calc(100%+2*var(--spacing-gutter))] -mx-gutter px-gutter overflow-x-auto")
        .mark("grid"),
        ui.row().classes("w-full min-w-fit gap-0 flex-nowrap items-start"),
    ):
        _time_column(opens, rows)
        for court in courts:
            line = _court_column(court, opens, closes, rows, now=now, fresh=fresh, taps=taps)
            now_line = now_line or line
    return now_line


def _time_column(opens: datetime, rows: int) -> None:
    with ui.column().classes("w-10 shrink-0 gap-0 pt-11"):
        for row in range(rows):
            moment = opens + timedelta(minutes=row * SLOT_MINUTES)
            with ui.element("div").classes("relative w-full").style(f"height: {ROW_PX}px"):
                if to_local(moment).minute == 0:
                    ui.label(hour(moment)).classes(
                        "absolute -top-2 start-0 text-label font-semibold text-muted whitespace-nowrap"
                    )


def _court_column(
    court: bookings_s.CalendarCourt,
    opens: datetime,
    closes: datetime,
    rows: int,
    *,
    now: datetime,
    fresh: set[UUID],
    taps: Taps,
) -> ui.element | None:
    """One court's column; answers its line at now, if any."""
    now_line: ui.element | None = None
    with ui.column().classes("flex-1 min-w-[4.75rem] gap-0").mark(f"court-{marker_name(court.court.name)}"):
        with ui.column().classes("w-full h-11 gap-0 px-1 justify-center items-center text-center"):
            ui.label(court.court.name).classes("w-full text-meta font-bold text-ink truncate")
            if not court.court.active:
                ui.label(tx.inactive).classes("text-label text-muted")
        with (
            ui.element("div")
            .classes("relative w-full border-s border-line")
            .style(f"height: {rows * ROW_PX}px")
        ):
            for row in range(rows):
                _cell(court, opens + timedelta(minutes=row * SLOT_MINUTES), closes, now, taps)
            if opens <= now < closes:
                top = (now - opens).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
                now_line = ui.element("div").classes("absolute left-0 right-0 h-0.5 bg-danger z-20")
                now_line.style(f"top: {top:.0f}px").mark("now")
            for entry in court.entries:
                if overlaps(entry, opens, closes):
                    _block(court, entry, opens, closes, now=now, fresh=entry.id in fresh, taps=taps)
    return now_line


def _cell(
    court: bookings_s.CalendarCourt, starts_at: datetime, closes: datetime, now: datetime, taps: Taps
) -> None:
    ends_at = starts_at + timedelta(minutes=SLOT_MINUTES)
    line = "border-b border-line/60" if to_local(ends_at).minute == 0 else "border-b border-line/25"
    cell = ui.element("div").classes(f"w-full {line}").style(f"height: {ROW_PX}px")
    if ends_at <= now:
        cell.classes("bg-page")
        return
    cell.classes("cursor-pointer hover:bg-surface active:bg-raised")
    cell.props(
        f'role="button" aria-label="{tx.block_title.format(court=court.court.name)} {hour(starts_at)}"'
    )
    cell.on("click", partial(taps.cell, court.court, starts_at, closes))
    cell.mark(f"cell-{marker_name(court.court.name)}-{to_local(starts_at):%H%M}")


def _block(
    court: bookings_s.CalendarCourt,
    entry: bookings_s.CalendarEntry,
    opens: datetime,
    closes: datetime,
    *,
    now: datetime,
    fresh: bool,
    taps: Taps,
) -> None:
    start, end = max(entry.starts_at, opens), min(entry.ends_at, closes)
    top = (start - opens).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
    height = (end - start).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
    if entry.kind is bookings_s.EntryKind.BLACKOUT:
        state = DeskState.BLOCKED
        lines = [tx.blocked, entry.reason or (tx.whole_venue if entry.whole_venue else "")]
        unseen = time_range(entry.starts_at, entry.ends_at)
        tap = taps.blackout
    else:
        assert entry.status is not None
        state = desk_state(entry.status, entry.payment_method, bool(entry.paid))
        name = entry.member.name or entry.member.handle if entry.member else ""
        detail = (
            tx.hold_short.format(left=minutes_left(entry, now)) if state is DeskState.HELD else LABELS[state]
        )
        lines = [name.split()[0] if name else "", time_range(entry.starts_at, entry.ends_at), detail]
        unseen = f"{name}, {LABELS[state]}"
        tap = taps.booking
    shown = [line for line in lines if line]
    # what a screen reader says starts with the words on the block (WCAG 2.5.3), then what it cuts
    spoken = ", ".join([*shown, unseen])
    ring = " ring-2 ring-accent ring-offset-2 ring-offset-page animate-pulse" if fresh else ""
    with (
        ui.element("div")
        .classes(
            f"absolute left-1 right-1 z-10 rounded-lg px-1.5 py-1 overflow-hidden cursor-pointer "
            f"flex flex-col gap-0 {BLOCKS[state]}{ring}"
        )
        .style(f"top: {top + 2:.0f}px; height: {max(height - 4, 20):.0f}px")
        .props(f'role="button" aria-label="{spoken}"')
        .mark(f"entry-{entry.id}") as block
    ):
        for index, text in enumerate(shown):
            weight = "font-bold" if index == 0 else "font-medium opacity-80"
            # a space after each line keeps the words apart when the lines' text is read run together
            ui.label(f"{text} ").classes(f"text-label leading-tight truncate {weight}")
    block.on("click", partial(tap, court.court, entry))


def hour(moment: datetime) -> str:
    """`7 pm`, `7:30 pm`: the grid's short times."""
    return formats.clock(moment).replace(":00", "")


def _period(moment: datetime) -> str:
    """The clock's part of the day (`pm`, `شام`): what is left without the digits."""
    return formats.clock(moment).translate(DIGITS).strip()


def time_range(starts_at: datetime, ends_at: datetime) -> str:
    """`8\u20139 pm`, `11:30 am\u20131 pm` (`شام 8\u20139`): short enough for a narrow column; one part of
    the day is said once, where the language puts it."""
    start, end = hour(starts_at), hour(ends_at)
    period = _period(starts_at)
    if period and period == _period(ends_at):
        if start.startswith(period):
            end = end.removeprefix(period).strip()
        else:
            start = start.removesuffix(period).strip()
    return f"{start}\u2013{end}"


def minutes_left(entry: bookings_s.CalendarEntry, now: datetime) -> str:
    """`7m` left on a hold: the narrow column's countdown."""
    if entry.hold_expires_at is None:
        return ""
    return tx("minutes_left", minutes=max(0, int((entry.hold_expires_at - now).total_seconds() // 60)))

"""A venue's week calendar (/owner/venues/{id}/calendar): one column per court for the chosen day,
bookings and blocked periods on it, live as members book; tap a slot to block it, a booking to act."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.live_news import LiveNews
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.avatar import avatar
from scene_ui.components.booking_state import (
    BLOCKS,
    LABELS,
    DeskState,
    desk_state,
    legend,
    state_chip,
    state_label,
)
from scene_ui.components.buttons import danger_button, ghost_button, primary_button, secondary_button
from scene_ui.components.checkin_dialog import open_checkin_dialog
from scene_ui.components.chips import chip, mark
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.section import panel
from scene_ui.i18n import english, t, texts
from scene_ui.staff import venue_runners_only

tx = texts("owner_calendar")
LENGTHS = (30, 60, 90, 120)
"""What a block can last, in minutes (catalogue `owner_calendar.length_<minutes>`)."""


SLOT_MINUTES = 30
ROW_PX = 44
"""One half hour on the grid: a comfortable touch target."""
HOLD_TICK_SECONDS = 30.0
LIVE_TICK_SECONDS = 2.0
HIGHLIGHT_SECONDS = 6.0
DIGITS = str.maketrans("", "", "0123456789:")


def create() -> None:
    ui.page("/owner/venues/{venue_id}/calendar")(venue_runners_only(calendar_page))


def calendar_path(venue_id: UUID, day: date) -> str:
    return f"/owner/venues/{venue_id}/calendar?day={day.isoformat()}"


def week_of(day: date) -> date:
    """The Monday of `day`'s week: calendars and money run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def week_label(week_start: date) -> str:
    """`23 - 29 Nov`, or `30 Nov - 6 Dec` across months."""
    last = week_start + timedelta(days=6)
    first = f"{week_start.day}" if week_start.month == last.month else _day_month(week_start)
    return tx("week", first=first, last=_day_month(last))


def _day_month(day: date) -> str:
    """`29 Nov`."""
    return f"{day.day} {t(f'formats.month_{day.month}')}"


def parse_day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else formats.today()
    except ValueError:
        return formats.today()


def marker_name(name: str) -> str:
    """`Court_1`: a court's name as one word, for test markers."""
    return "_".join(name.split())


def overlaps(entry: bookings_s.CalendarEntry, start: datetime, end: datetime) -> bool:
    return entry.starts_at < end and entry.ends_at > start


async def calendar_page(venue_id: str, day: str | None = None) -> None:
    member = await session.current_member()
    assert member is not None  # venue_runners_only
    try:
        view = CalendarView(UUID(venue_id), parse_day(day))
        await view.load()
        if day is None:
            await view.open_on_tonight()
    except (ValueError, NotFound):
        with frame(tx.not_found_title, member=member, back="/owner"):
            empty_state("event_busy", tx.not_found_title, tx.not_found_message, is_page_heading=True)
        return
    with frame(view.venue_name or tx.title, member=member, back="/owner"):
        view.render()
    view.changes = await live.follow([live.venue(view.venue_id)], partial(view.reload, announce=True))
    ui.timer(LIVE_TICK_SECONDS, view.show_live, immediate=True)
    ui.timer(HOLD_TICK_SECONDS, view.tick_holds)


class CalendarView:
    """One venue's week, the day shown, and what the owner does to it."""

    def __init__(self, venue_id: UUID, day: date) -> None:
        self.venue_id = venue_id
        self.day = day
        self.venue_name = ""
        self.calendar: bookings_s.Calendar | None = None
        self.changes: LiveNews | None = None
        self.fresh: set[UUID] = set()
        """Bookings that arrived live, highlighted for a moment."""
        self.known: set[UUID] | None = None
        self.live_badge: ui.row | None = None
        self.first_render = True
        self.now_line: ui.element | None = None

    # Loading ---------------------------------------------------------------------------------

    async def load(self) -> None:
        async with session.member_services() as (services, me):
            venue = await services.venues.get_managed(me.user, self.venue_id)
            self.calendar = await services.owner_bookings.calendar(me.user, self.venue_id, week_of(self.day))
        self.venue_name = venue.name
        bookings = {entry.id for entry in self._entries() if entry.kind is bookings_s.EntryKind.BOOKING}
        if self.known is not None:
            self.fresh = bookings - self.known
        self.known = bookings

    async def reload(self, *, announce: bool = False) -> None:
        try:
            await self.load()
        except DomainError as error:
            feedback.failed(error)
            return
        self.days.refresh()
        self.grid.refresh()
        if announce and self.fresh:
            self._announce()
        if self.fresh:
            ui.timer(HIGHLIGHT_SECONDS, self._fade, once=True)

    async def open_on_tonight(self) -> None:
        """After midnight, a venue still open from the evening before is on that evening's day: at
        1 am on Saturday the courts in play are Friday night's, so open Friday."""
        now = utcnow()
        window = self._window(self.day)
        if window is not None and window[0] <= now:
            return
        evening_before = self.day - timedelta(days=1)
        if week_of(evening_before) != week_of(self.day):
            self.day = evening_before
            await self.load()
            window = self._window(evening_before)
            if window is None or not window[0] <= now < window[1]:
                self.day = evening_before + timedelta(days=1)
                await self.load()
            return
        window = self._window(evening_before)
        if window is not None and window[0] <= now < window[1]:
            self.day = evening_before

    def _announce(self) -> None:
        for court in self._courts():
            for entry in court.entries:
                if entry.id in self.fresh:
                    feedback.done(
                        tx.new_booking.format(
                            court=court.court.name,
                            time=f"{formats.day_heading(to_local(entry.starts_at).date())} "
                            f"{formats.clock(entry.starts_at)}",
                        )
                    )
                    return

    def _fade(self) -> None:
        if self.fresh:
            self.fresh = set()
            self.grid.refresh()

    def _courts(self) -> list[bookings_s.CalendarCourt]:
        return self.calendar.courts if self.calendar else []

    def _entries(self) -> list[bookings_s.CalendarEntry]:
        return [entry for court in self._courts() for entry in court.entries]

    def _day(self, day: date) -> bookings_s.CalendarDay | None:
        assert self.calendar is not None
        return next((found for found in self.calendar.days if found.day == day), None)

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        found = self._day(day)
        if found is None or found.opens_at is None or found.closes_at is None:
            return None
        return found.opens_at, found.closes_at

    # Page ------------------------------------------------------------------------------------

    def render(self) -> None:
        assert self.calendar is not None
        with ui.column().classes("w-full gap-4"):
            with ui.row().classes("w-full items-start justify-between gap-3 flex-nowrap"):
                with ui.column().classes("min-w-0 gap-1"):
                    ui.label(self.venue_name).classes("text-display font-extrabold text-ink").props(
                        'role="heading" aria-level="1"'
                    )
                    self._live_badge()
                primary_button(tx.check_in, self.check_in, icon="qr_code_scanner").classes(
                    "shrink-0 px-4"
                ).mark("check-in")
            self.week_bar()
            self.days()
            legend()
            self.grid()

    def _live_badge(self) -> None:
        with ui.row().classes("items-center gap-1.5 flex-nowrap").mark("live") as self.live_badge:
            self.live_dot = ui.element("span").classes("w-2 h-2 rounded-full bg-muted")
            self.live_text = ui.label(tx.connecting).classes("text-meta text-muted")

    def show_live(self) -> None:
        listening = self.changes is not None and self.changes.listening.is_set()
        self.live_dot.classes(
            add="bg-accent animate-pulse" if listening else "bg-muted",
            remove="bg-muted" if listening else "bg-accent animate-pulse",
        )
        self.live_text.set_text(tx.live if listening else tx.connecting)

    @ui.refreshable_method
    def week_bar(self) -> None:
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            self._round_button("chevron_left", tx.previous_week, partial(self.move_week, -1)).mark(
                "previous-week"
            )
            ui.label(week_label(week_of(self.day))).classes(
                "flex-1 text-center text-body font-semibold text-ink whitespace-nowrap"
            ).mark("week")
            if self.day != formats.today():
                today = chip(tx.today, on_click=self.go_today).classes("min-h-9 h-9 px-3").mark("go-today")
                mark(today, False)
            self._round_button("chevron_right", tx.next_week, partial(self.move_week, 1)).mark("next-week")

    @staticmethod
    def _round_button(icon: str, label: str, on_click: Callable[[], Awaitable[None]]) -> ui.button:
        button = ui.button(icon=icon, color=None, on_click=on_click)
        return button.props(f'unelevated round aria-label="{label}"').classes(
            "w-11 h-11 shrink-0 bg-surface border border-line text-ink scene-mirror"
        )

    @ui.refreshable_method
    def days(self) -> None:
        assert self.calendar is not None
        today = formats.today()
        with (
            ui.row()
            .classes("w-full gap-1 flex-nowrap")
            .props(f'role="toolbar" aria-label="{tx.day_names_label}"')
            .mark("days")
        ):
            for day in self.calendar.days:
                selected = day.day == self.day
                count = self._bookings_on(day.day)
                tone = (
                    "bg-accent text-on-accent border-accent"
                    if selected
                    else "bg-surface text-ink border-line" + (" !border-accent" if day.day == today else "")
                )
                with (
                    ui.button(color=None, on_click=partial(self.choose_day, day.day))
                    .props(f'unelevated no-caps aria-pressed="{str(selected).lower()}"')
                    .classes(f"flex-1 min-w-0 px-0 py-1.5 rounded-xl border {tone}")
                    .mark(f"day-{day.day.isoformat()}"),
                    ui.column().classes("w-full items-center gap-0"),
                ):
                    ui.label(t(f"formats.weekday_{day.day.weekday()}")).classes(
                        "w-full text-label uppercase tracking-wide opacity-70 truncate"
                    )
                    ui.label(str(day.day.day)).classes("text-title font-bold leading-tight")
                    ui.element("span").classes(
                        "w-1.5 h-1.5 rounded-full mt-0.5 "
                        + ("bg-transparent" if not count else "bg-on-accent" if selected else "bg-accent")
                    )

    def _bookings_on(self, day: date) -> int:
        window = self._window(day)
        if window is None:
            return 0
        return sum(
            1
            for entry in self._entries()
            if entry.kind is bookings_s.EntryKind.BOOKING and overlaps(entry, *window)
        )

    async def choose_day(self, day: date) -> None:
        if day == self.day:
            return
        self.day = day
        self.fresh = set()
        ui.navigate.history.replace(calendar_path(self.venue_id, day))
        self.week_bar.refresh()
        self.days.refresh()
        self.grid.refresh()

    async def move_week(self, weeks: int) -> None:
        await self._show(self.day + timedelta(weeks=weeks))

    async def go_today(self) -> None:
        await self._show(formats.today())

    async def _show(self, day: date) -> None:
        self.day = day
        self.known = None
        self.fresh = set()
        ui.navigate.history.replace(calendar_path(self.venue_id, day))
        self.week_bar.refresh()
        await self.reload()

    # The grid --------------------------------------------------------------------------------

    @ui.refreshable_method
    def grid(self) -> None:
        courts = self._courts()
        if not courts:
            empty_state("sports_tennis", tx.no_courts_title, tx.no_courts_message)
            return
        window = self._window(self.day)
        if window is None:
            with panel(classes="gap-1 p-5 items-center text-center", marker="closed-day"):
                ui.icon("event_busy").classes("text-3xl text-muted")
                ui.label(tx("closed_day", day=t(f"formats.day_{self.day.weekday()}"))).classes(
                    "text-title font-bold text-ink"
                )
                ui.label(tx.closed_explain).classes("text-meta text-muted")
            return
        opens, closes = window
        rows = int((closes - opens).total_seconds() // 60 // SLOT_MINUTES)
        now = utcnow()
        self.now_line = None
        with (
            ui.element("div")
            .classes("w-[calc(100%+2*var(--spacing-gutter))] -mx-gutter px-gutter overflow-x-auto")
            .mark("grid"),
            ui.row().classes("w-full min-w-fit gap-0 flex-nowrap items-start"),
        ):
            self._time_column(opens, rows)
            for court in courts:
                self._court_column(court, opens, closes, rows, now)
        if self.first_render:
            self.first_render = False
            self._scroll_to(self.now_line)

    @staticmethod
    def _time_column(opens: datetime, rows: int) -> None:
        with ui.column().classes("w-10 shrink-0 gap-0 pt-11"):
            for row in range(rows):
                moment = opens + timedelta(minutes=row * SLOT_MINUTES)
                with ui.element("div").classes("relative w-full").style(f"height: {ROW_PX}px"):
                    if to_local(moment).minute == 0:
                        ui.label(_hour(moment)).classes(
                            "absolute -top-2 start-0 text-label font-semibold text-muted whitespace-nowrap"
                        )

    def _court_column(
        self, court: bookings_s.CalendarCourt, opens: datetime, closes: datetime, rows: int, now: datetime
    ) -> None:
        with (
            ui.column().classes("flex-1 min-w-[4.75rem] gap-0").mark(f"court-{marker_name(court.court.name)}")
        ):
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
                    self._cell(court, opens + timedelta(minutes=row * SLOT_MINUTES), closes, now, row)
                if opens <= now < closes:
                    top = (now - opens).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
                    line = ui.element("div").classes("absolute left-0 right-0 h-0.5 bg-danger z-20")
                    line.style(f"top: {top:.0f}px").mark("now")
                    self.now_line = self.now_line or line
                for entry in court.entries:
                    if overlaps(entry, opens, closes):
                        self._block(court, entry, opens, closes, now)

    def _cell(
        self, court: bookings_s.CalendarCourt, starts_at: datetime, closes: datetime, now: datetime, row: int
    ) -> None:
        ends_at = starts_at + timedelta(minutes=SLOT_MINUTES)
        line = "border-b border-line/60" if to_local(ends_at).minute == 0 else "border-b border-line/25"
        cell = ui.element("div").classes(f"w-full {line}").style(f"height: {ROW_PX}px")
        if ends_at <= now:
            cell.classes("bg-page")
            return
        cell.classes("cursor-pointer hover:bg-surface active:bg-raised")
        cell.props(
            f'role="button" aria-label="{tx.block_title.format(court=court.court.name)} {_hour(starts_at)}"'
        )
        cell.on("click", partial(self.open_block, court.court, starts_at, closes))
        cell.mark(f"cell-{marker_name(court.court.name)}-{to_local(starts_at):%H%M}")

    def _block(
        self,
        court: bookings_s.CalendarCourt,
        entry: bookings_s.CalendarEntry,
        opens: datetime,
        closes: datetime,
        now: datetime,
    ) -> None:
        start, end = max(entry.starts_at, opens), min(entry.ends_at, closes)
        top = (start - opens).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
        height = (end - start).total_seconds() / 60 / SLOT_MINUTES * ROW_PX
        if entry.kind is bookings_s.EntryKind.BLACKOUT:
            state = DeskState.BLOCKED
            lines = [tx.blocked, entry.reason or (tx.whole_venue if entry.whole_venue else "")]
            unseen = _range(entry.starts_at, entry.ends_at)
            on_click = partial(self.open_blackout, court.court, entry)
        else:
            assert entry.status is not None
            state = desk_state(entry.status, entry.payment_method, bool(entry.paid))
            name = entry.member.name or entry.member.handle if entry.member else ""
            detail = (
                tx.hold_short.format(left=_minutes_left(entry, now))
                if state is DeskState.HELD
                else LABELS[state]
            )
            lines = [name.split()[0] if name else "", _range(entry.starts_at, entry.ends_at), detail]
            unseen = f"{name}, {LABELS[state]}"
            on_click = partial(self.open_booking, court.court, entry)
        shown = [line for line in lines if line]
        # what a screen reader says starts with the words on the block (WCAG 2.5.3), then what it cuts
        spoken = ", ".join([*shown, unseen])
        ring = (
            " ring-2 ring-accent ring-offset-2 ring-offset-page animate-pulse"
            if entry.id in self.fresh
            else ""
        )
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
        block.on("click", on_click)

    def _scroll_to(self, element: ui.element | None) -> None:
        """Open the day where the action is: at the current time today."""
        if element is not None:
            ui.run_javascript(
                f"setTimeout(() => getHtmlElement({element.id})?.scrollIntoView("
                "{block: 'center', behavior: 'smooth'}), 400)"
            )

    async def tick_holds(self) -> None:
        """Holds count down; one that ran out leaves the calendar (the expiry job may not have run yet)."""
        now = utcnow()
        holds = [entry for entry in self._entries() if entry.hold_expires_at is not None]
        if any(entry.hold_expires_at is not None and entry.hold_expires_at <= now for entry in holds):
            await self.reload()
        elif holds:
            self.grid.refresh()

    # Actions ---------------------------------------------------------------------------------

    async def check_in(self) -> None:
        open_checkin_dialog(lambda _booking: self.reload())

    def _business_day(self, moment: datetime) -> str:
        """`Today`, `Saturday`: the day shown, with `(after midnight)` for its small hours."""
        day = formats.day_heading(self.day)
        return tx.after_midnight.format(day=day) if to_local(moment).date() > self.day else day

    def open_block(self, court: venues_s.Court, starts_at: datetime, closes: datetime) -> None:
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
                    tx.block_from.format(time=formats.clock(starts_at), day=self._business_day(starts_at))
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
                minutes = picked[0]
                request = venues_s.BlackoutCreate(
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=minutes),
                    court_id=None if scope.value else court.id,
                    reason=(reason.value or "").strip()[:120],
                )
                try:
                    async with session.member_services() as (services, me):
                        await services.venue_management.block(me.user, self.venue_id, request)
                except DomainError as error:
                    feedback.failed(error)
                    return
                dialog.close()
                feedback.done(
                    tx.blocked_done.format(
                        court=tx.whole_venue if scope.value else court.name,
                        time=_range(request.starts_at, request.ends_at),
                    )
                )
                await self.reload()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
                ghost_button(tx.close, dialog.close).classes("flex-1")
                primary_button(tx.block, block, icon="block").classes("flex-1").mark("confirm-block")
        open_once(dialog)

    def open_blackout(self, court: venues_s.Court, entry: bookings_s.CalendarEntry) -> None:
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
                    ("when", f"{_day_of(entry.starts_at)}, {_range(entry.starts_at, entry.ends_at)}"),
                    ("court", tx.whole_venue if entry.whole_venue else court.name),
                    *([("reason_short", entry.reason)] if entry.reason else []),
                ]
            )

            async def unblock() -> None:
                try:
                    async with session.member_services() as (services, me):
                        await services.venue_management.unblock(me.user, self.venue_id, entry.id)
                except DomainError as error:
                    feedback.failed(error)
                    return
                dialog.close()
                feedback.done(tx.unblocked)
                await self.reload()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
                ghost_button(tx.close, dialog.close).classes("flex-1")
                primary_button(tx.unblock, unblock, icon="lock_open").classes("flex-1").mark("unblock")
        open_once(dialog)

    def open_booking(self, court: venues_s.Court, entry: bookings_s.CalendarEntry) -> None:
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
                    ("when", f"{_day_of(entry.starts_at)}, {_range(entry.starts_at, entry.ends_at)}"),
                    ("court", court.name),
                    ("price", formats.rupees(entry.price_pkr or 0)),
                    ("payment", _payment(entry)),
                    *([("code", entry.code)] if entry.code else []),
                ]
            )
            act = partial(self._act, dialog)
            with ui.column().classes("w-full gap-2 pt-1"):
                if entry.status is m.BookingStatus.CONFIRMED and entry.ends_at > now:
                    primary_button(tx.check_in_now, act(self._check_in, entry), icon="how_to_reg").classes(
                        "w-full"
                    ).mark("booking-check-in")
                if (
                    entry.payment_method is m.PaymentMethod.PAY_AT_VENUE
                    and not entry.paid
                    and entry.status in (m.BookingStatus.CONFIRMED, m.BookingStatus.CHECKED_IN)
                ):
                    secondary_button(tx.mark_paid, act(self._mark_paid, entry), icon="payments").classes(
                        "w-full"
                    ).mark("mark-paid")
                if entry.status is m.BookingStatus.CONFIRMED and entry.starts_at <= now:
                    secondary_button(tx.no_show, act(self._no_show, entry), icon="person_off").classes(
                        "w-full"
                    ).mark("no-show")
                if entry.status in (m.BookingStatus.HELD, m.BookingStatus.CONFIRMED) and entry.ends_at > now:
                    danger_button(tx.cancel_booking, partial(self._confirm_cancel, dialog, entry)).classes(
                        "w-full"
                    ).mark("cancel-booking")
                ghost_button(tx.close, dialog.close).classes("w-full")
        open_once(dialog)

    def _act(
        self,
        dialog: ui.dialog,
        action: Callable[[bookings_s.CalendarEntry], Awaitable[str]],
        entry: bookings_s.CalendarEntry,
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            try:
                message = await action(entry)
            except DomainError as error:
                feedback.failed(error)
                return
            dialog.close()
            feedback.done(message)
            await self.reload()

        return run

    async def _check_in(self, entry: bookings_s.CalendarEntry) -> str:
        async with session.member_services() as (services, me):
            booking = await services.owner_bookings.check_in(me.user, bookings_s.CheckIn(code=entry.code))
        return tx.checked_in.format(name=booking.member.name or booking.member.handle)

    async def _mark_paid(self, entry: bookings_s.CalendarEntry) -> str:
        async with session.member_services() as (services, me):
            booking = await services.owner_bookings.mark_paid(me.user, entry.id)
        return tx.marked_paid.format(amount=formats.rupees(booking.price_pkr))

    async def _no_show(self, entry: bookings_s.CalendarEntry) -> str:
        async with session.member_services() as (services, me):
            await services.owner_bookings.no_show(me.user, entry.id)
        return tx.marked_no_show

    async def _cancel(self, entry: bookings_s.CalendarEntry) -> str:
        async with session.member_services() as (services, me):
            await services.bookings.cancel(me.user, entry.id)
        return tx.cancelled

    def _confirm_cancel(self, booking_dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            dialog_title(tx.cancel_booking)
            ui.label(tx.cancel_confirm).classes("text-body text-muted")

            async def cancel() -> None:
                await self._act(dialog, self._cancel, entry)()
                booking_dialog.close()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.keep, dialog.close).classes("flex-1")
                danger_button(tx.cancel_booking, cancel).classes("flex-1").mark("confirm-cancel")
        open_once(dialog)


def _hour(moment: datetime) -> str:
    """`7 pm`, `7:30 pm`: the grid's short times."""
    return formats.clock(moment).replace(":00", "")


def _period(moment: datetime) -> str:
    """The clock's part of the day (`pm`, `شام`): what is left without the digits."""
    return formats.clock(moment).translate(DIGITS).strip()


def _range(starts_at: datetime, ends_at: datetime) -> str:
    """`8\u20139 pm`, `11:30 am\u20131 pm` (`شام 8\u20139`): short enough for a narrow column; one part of
    the day is said once, where the language puts it."""
    start, end = _hour(starts_at), _hour(ends_at)
    period = _period(starts_at)
    if period and period == _period(ends_at):
        if start.startswith(period):
            end = end.removeprefix(period).strip()
        else:
            start = start.removesuffix(period).strip()
    return f"{start}\u2013{end}"


def _minutes_left(entry: bookings_s.CalendarEntry, now: datetime) -> str:
    """`7m` left on a hold: the narrow column's countdown."""
    if entry.hold_expires_at is None:
        return ""
    return tx("minutes_left", minutes=max(0, int((entry.hold_expires_at - now).total_seconds() // 60)))


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


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`owner_calendar.BLOCK`), in English."""
    return english("owner_calendar", name)

"""A venue's week calendar (/owner/venues/{id}/calendar): one column per court for the chosen day,
bookings and blocked periods on it, live as members book; tap a slot to block it, a booking to act."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.errors import NotFound
from scene_api.lib.live_news import LiveNews
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.booking_state import legend
from scene_ui.components.buttons import primary_button
from scene_ui.components.checkin_dialog import open_checkin_dialog
from scene_ui.components.chips import chip, mark
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.i18n import t, texts
from scene_ui.pages.owner_calendar_actions import Desk
from scene_ui.pages.owner_calendar_dialogs import open_blackout, open_block, open_booking
from scene_ui.pages.owner_calendar_grid import Taps, draw_grid, overlaps
from scene_ui.staff import venue_runners_only

tx = texts("owner_calendar")
HOLD_TICK_SECONDS = 30.0
LIVE_TICK_SECONDS = 2.0
HIGHLIGHT_SECONDS = 6.0


def create() -> None:
    ui.page("/owner/venues/{venue_id}/calendar")(venue_runners_only(calendar_page))


def calendar_path(venue_id: UUID, day: date | None = None) -> str:
    """A venue's calendar on `day` (today's without one)."""
    return f"/owner/venues/{venue_id}/calendar" + (f"?day={day.isoformat()}" if day else "")


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
        self.desk = Desk(venue_id, self.reload)

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
        if not await feedback.reread(self.load):
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
        taps = Taps(
            cell=lambda court, starts_at, closes: open_block(self.desk, self.day, court, starts_at, closes),
            blackout=partial(open_blackout, self.desk),
            booking=partial(open_booking, self.desk),
        )
        courts, window = self._courts(), self._window(self.day)
        now_line = draw_grid(courts, self.day, window, now=utcnow(), fresh=self.fresh, taps=taps)
        if courts and window is not None and self.first_render:
            self.first_render = False
            self._scroll_to(now_line)

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

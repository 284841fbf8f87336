"""Venue page: photos, amenities, hours, prices and a map pin; a day, a length, a time and a court to hold
(or every court's free times), and a reminder of a hold here still waiting for payment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial
from urllib.parse import urlencode
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as s
from scene_api.domain.venues.day import Hours
from scene_api.lib.errors import NotFound
from scene_api.lib.timezone import KARACHI, MINUTES_PER_DAY, to_local, utcnow
from scene_ui import feedback, formats, session, state
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.booking_card import booking_path
from scene_ui.components.buttons import primary_button, secondary_button, spin, unspin
from scene_ui.components.chips import mark
from scene_ui.components.court_hold import TAKEN, hold_slot
from scene_ui.components.empty_state import empty_state, no_slots_note
from scene_ui.components.facts import directions_url, fact, where_fact
from scene_ui.components.frame import frame
from scene_ui.components.live_clock import LiveClock
from scene_ui.components.pin_map import Pin, pin_map
from scene_ui.components.section import panel, scroller, section_header
from scene_ui.components.series_planner import SeriesPlanner
from scene_ui.components.slot_times import (
    Period,
    TimeChoice,
    arrange_times,
    day_over,
    period_of,
    times_across_courts,
)
from scene_ui.components.venue_card import area_of, cover
from scene_ui.i18n import texts

tx = texts("venue")
DAYS_SHOWN = 14
SCROLL_NEAREST = "{block: 'nearest', behavior: 'smooth'}"
"""The free courts' scroll margins keep them clear of the header, and of the hold bar with the
bottom navigation under it (both counted from the screen's edges)."""


def create() -> None:
    ui.page("/venues/{key}")(session.members_only(venue_page))


async def venue_page(key: str, day: str | None = None) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = await VenueView.load(key, day=day_asked(day))
    with frame(view.title, member=member, back="/explore?tab=places"):
        view.render()


def hours_text(opens_minute: int, closes_minute: int) -> str:
    """`7:00 am \u2013 1:00 am` (closing past midnight reads as the clock does); a whole day or more
    reads `24 hours` rather than `12:00 am \u2013 12:00 am`."""
    if closes_minute - opens_minute >= MINUTES_PER_DAY:
        return tx.all_day
    return formats.time_range(wall_clock(opens_minute), wall_clock(closes_minute))


def wall_clock(minute: int) -> datetime:
    """A venue's `opens_minute` as a moment today, for `formats.clock` (past midnight wraps round)."""
    hours, minutes = divmod(minute % 1440, 60)
    return datetime.combine(formats.today(), time(hours, minutes), tzinfo=KARACHI)


def day_asked(text: str | None) -> date | None:
    """The `?day=` the page keeps in its address (so Back returns to the day left), when bookable."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    first = formats.today()
    return day if day is not None and first <= day < first + timedelta(days=DAYS_SHOWN) else None


def hours_on(venue: s.VenueDetail, day: date) -> tuple[int, int] | None:
    """The opening hours the venue lists for a day (the rule: `venues.day.Hours`)."""
    window = Hours.of(venue.opening_hours, venue.special_hours).on(day)
    return (window.opens, window.closes) if window else None


class VenueView:
    """The venue, the day and length chosen, the free slots they give, the time and slot picked, and
    the member's live holds here."""

    def __init__(self, venue: s.VenueDetail | None, *, holds: list[bookings_s.Booking] | None = None) -> None:
        self.venue = venue
        self.holds = holds or []
        self.day = formats.today()
        self.durations: list[int] = sorted(price.duration_minutes for price in venue.prices) if venue else []
        self.duration: int = 90 if 90 in self.durations else (self.durations[0] if self.durations else 60)
        self.slots: s.VenueSlots | None = None
        self.times: list[TimeChoice] = []
        self.by_time = True
        self.period: Period | None = None
        self.time: datetime | None = None
        self.picked: tuple[s.Court, s.Slot] | None = None
        self.busy = False
        self.day_buttons: dict[date, ui.button] = {}
        self.length_buttons: dict[int, ui.button] = {}
        self.slot_buttons: dict[tuple[UUID, datetime], ui.button] = {}
        self.bar_room: ui.element | None = None
        self.free_courts: ui.element | None = None

    @classmethod
    async def load(cls, key: str, *, day: date | None = None) -> VenueView:
        """The venue on the day asked; coming back from a live hold here, on that hold's day and length;
        else today, or tomorrow once no game can start today any more (late at night)."""
        try:
            async with session.member_services() as (services, me):
                try:
                    venue = await services.venues.get(UUID(key))
                except ValueError:
                    venue = await services.venues.get_by_slug(key)
                holds = await services.bookings.live_holds(me.user, venue.id)
        except NotFound:
            return cls(None)
        view = cls(venue, holds=holds)
        if holds and day is None:
            held = holds[0]
            day = max(formats.today(), to_local(held.starts_at).date())
            if held.duration_minutes in view.durations:
                view.duration = held.duration_minutes
        view.day = day or view.day
        await view.load_slots()
        if day is None and view.slots is not None and day_over(view.slots, utcnow()):
            view.day += timedelta(days=1)
            await view.load_slots()
        return view

    async def load_slots(self) -> None:
        assert self.venue is not None
        if self.duration not in self.durations:
            self.slots = None
        else:
            async with state.page_services() as services:
                self.slots = await services.venues.slots(self.venue.id, self.day, self.duration)
        self.times = times_across_courts(self.slots) if self.slots else []
        shown = arrange_times(self.times, self.day, utcnow())
        same_clock = next(
            (
                choice.starts_at
                for choice in self.times
                if self.time and _clock(choice.starts_at) == _clock(self.time)
            ),
            None,
        )
        self.time = same_clock
        self.period = period_of(same_clock, self.day) if same_clock else shown.opened

    @property
    def title(self) -> str:
        return self.venue.name if self.venue else tx.not_found_title

    # Page ------------------------------------------------------------------------------------

    def render(self) -> None:
        venue = self.venue
        if venue is None:
            empty_state("storefront", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self._photos(venue)
        self._heading(venue)
        secondary_button(tx.host_match, self.host_match, icon="group_add").classes("w-full").mark(
            "host-match"
        )
        with ui.column().classes("w-full gap-3").mark("booking"):
            section_header(tx.book)
            self._day_strip()
            self._lengths()
            self._view_switch()
            self.slot_list()
        if venue.description:
            with ui.column().classes("w-full gap-2"):
                section_header(tx.about)
                ui.label(venue.description).classes("text-body text-ink whitespace-pre-line")
        if venue.amenities:
            self._amenities(venue)
        self._hours(venue)
        if venue.prices:
            self._prices(venue)
        self._location(venue)
        self.bar_room = ui.element("div").classes("shrink-0").mark("bar-room")
        with ui.page_sticky(position="bottom", expand=True).classes("z-10"):
            self.hold_bar()
        self._fit_bar_room()

    def _fit_bar_room(self) -> None:
        """Room at the end of the page as tall as what the bottom bar shows: it never covers the end."""
        assert self.bar_room is not None
        tall = self.picked is not None
        self.bar_room.classes(add="h-52" if tall else "h-28", remove="h-28" if tall else "h-52")
        self.bar_room.set_visibility(tall or bool(self.holds))

    def _live_hold(self, held: bookings_s.Booking) -> None:
        """`You're holding Court 2 at 8:00 pm / Tue 8 Dec · pay within 7:52`, ticking in the browser, and
        the way back to paying for it; when the clock runs out the page asks the service again. At the
        bottom of the screen, where it shows wherever the browser puts the page on coming back."""
        assert held.hold_expires_at is not None
        with (
            ui.link(target=booking_path(held.id))
            .classes(
                "w-full flex items-center gap-3 p-3 ps-4 rounded-card bg-raised border border-accent/50 "
                "shadow-2xl no-underline flex-nowrap min-h-16"
            )
            .mark("live-hold")
        ):
            ui.icon("hourglass_top").classes("text-accent text-2xl shrink-0")
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(tx("holding", court=held.court.name, time=formats.clock(held.starts_at))).classes(
                    "text-body font-bold text-ink"
                )
                with ui.row().classes("items-baseline gap-1 flex-nowrap text-meta text-muted"):
                    ui.label(f"{formats.short_date(to_local(held.starts_at).date())} \u00b7 {tx.pay_within}")
                    LiveClock(held.hold_expires_at, on_end=self._hold_lapsed).classes(
                        "font-bold text-accent tabular-nums"
                    ).mark("live-hold-clock")
            ui.label(tx.pay_now).classes(
                "h-11 px-4 rounded-full bg-accent text-on-accent text-meta font-bold flex items-center "
                "whitespace-nowrap shrink-0"
            )

    async def _hold_lapsed(self) -> None:
        """The clock ran out (or the connection came back after it did): say so, and show what's free."""
        assert self.venue is not None
        async with session.member_services() as (services, me):
            live = await services.bookings.live_holds(me.user, self.venue.id)
        still = {held.id for held in live}
        for lapsed in (held for held in self.holds if held.id not in still):
            feedback.failed(tx("hold_lapsed", court=lapsed.court.name, time=formats.clock(lapsed.starts_at)))
        self.holds = live
        await self._reload_slots()

    def _photos(self, venue: s.VenueDetail) -> None:
        if len(venue.photos) <= 1:
            with ui.element("div").classes("w-full rounded-card overflow-hidden border border-line"):
                cover(venue.photos[0].url if venue.photos else None, first_on_screen=True)
            return
        with scroller():
            for index, photo in enumerate(venue.photos):
                with ui.element("div").classes("w-[85%] rounded-card overflow-hidden border border-line"):
                    cover(photo.url, first_on_screen=index == 0)

    def _heading(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2 -mt-2"):
            ui.label(venue.name).classes("text-display font-extrabold text-ink break-words").props(
                'role="heading" aria-level="1"'
            )
            with ui.row().classes("w-full items-center gap-1.5 flex-nowrap text-muted"):
                ui.icon("place").classes("text-base shrink-0")
                ui.label(area_of(venue.address, venue.city)).classes("text-body truncate")
            with ui.row().classes("w-full items-center gap-2"):
                for sport in sorted({court.sport for court in venue.courts}, key=lambda sport: sport.value):
                    with ui.row().classes(
                        "items-center gap-1 h-7 ps-2 pe-2.5 rounded-full bg-raised flex-nowrap"
                    ):
                        ui.icon(ICONS[sport]).classes("text-base text-accent")
                        ui.label(LABELS[sport]).classes("text-meta font-semibold text-accent")
                today = hours_on(venue, formats.today())
                ui.label(tx("open_today", hours=hours_text(*today)) if today else tx.closed_today).classes(
                    "h-7 px-2.5 rounded-full border border-line text-meta text-muted whitespace-nowrap "
                    "flex items-center"
                )

    # Choosing a slot -------------------------------------------------------------------------
    # Picking a day or a length restyles the buttons in place: re-drawing a row would scroll it back
    # to its start.

    def _day_strip(self) -> None:
        first = formats.today()
        with scroller() as row:
            row.props(f'role="radiogroup" aria-label="{tx.days_label}"').mark("days")
            for offset in range(DAYS_SHOWN):
                day = first + timedelta(days=offset)
                shown = tx.today_short if offset == 0 else formats.tx(f"weekday_{day.weekday()}")
                # the words on the chip begin its spoken name (WCAG 2.5.3): "Today 7, Mon 7 Dec"
                name = formats.short_date(day)
                if offset == 0:
                    name = f"{shown} {day.day}, {name}"
                with (
                    ui.button(color=None, on_click=partial(self.pick_day, day))
                    .props(f'unelevated no-caps aria-label="{name}"')
                    .classes("w-14 h-16 px-0 rounded-2xl border")
                    .mark(f"day-{day.isoformat()}") as button,
                    ui.column().classes("items-center gap-0"),
                ):
                    # the space keeps "TODAY 7" two words when the lines' text is read run together
                    ui.label(f"{shown.upper()} ").classes("text-label font-semibold tracking-wide opacity-80")
                    ui.label(str(day.day)).classes("text-title font-extrabold leading-tight")
                self.day_buttons[day] = button
                mark(button, day == self.day)

    def _lengths(self) -> None:
        with (
            ui.row()
            .classes("w-full p-1 gap-1 rounded-full bg-surface border border-line flex-nowrap")
            .props(f'role="group" aria-label="{tx.length_label}"')
            .mark("lengths")
        ):
            for minutes in self.durations:
                button = ui.button(
                    formats.duration(minutes), color=None, on_click=partial(self.pick_length, minutes)
                ).props("unelevated rounded no-caps")
                button.classes("flex-1 min-h-11 text-meta font-semibold").mark(f"length-{minutes}")
                self.length_buttons[minutes] = button
                _segment(button, minutes == self.duration)

    @ui.refreshable_method
    def _view_switch(self) -> None:
        """Time first (the default), or every court's free times one court after another."""
        with (
            ui.row()
            .classes("w-full items-center gap-2 flex-nowrap")
            .props(f'role="group" aria-label="{tx.view_label}"')
        ):
            for by_time, text, icon in ((True, tx.by_time, "schedule"), (False, tx.by_court, "view_agenda")):
                button = ui.button(text, icon=icon, color=None, on_click=partial(self.pick_view, by_time))
                button.props("unelevated no-caps").classes(
                    "flex-1 min-h-11 rounded-full border text-meta font-semibold"
                ).mark("view-times" if by_time else "view-courts")
                mark(button, by_time == self.by_time)

    @ui.refreshable_method
    def slot_list(self) -> None:
        self.slot_buttons = {}
        shown = f"slots-{self.day.isoformat()}-{self.duration}"
        with ui.column().classes("w-full gap-3").mark("slots", shown):
            slots = self.slots
            if slots is None or slots.opens_at is None:
                no_slots_note(tx.closed)
                return
            if not self.times:
                no_slots_note(tx.day_over if day_over(slots, utcnow()) else tx.no_slots)
                return
            if self.by_time:
                self._time_first()
            else:
                for court_slots in slots.courts:
                    self._court(court_slots)

    def _time_first(self) -> None:
        """Times of the part of day chosen (the evening first), then the courts free at the time picked."""
        arranged = arrange_times(self.times, self.day, utcnow())
        if arranged.soon:
            with ui.column().classes("w-full gap-2").mark("soon"):
                ui.label(tx.soonest).classes("text-label uppercase tracking-wider font-semibold text-muted")
                self._time_grid(arranged.soon, marker="soon")
        with (
            ui.row()
            .classes("w-full p-1 gap-1 rounded-full bg-surface border border-line flex-nowrap")
            .props(f'role="group" aria-label="{tx.period_label}"')
            .mark("periods")
        ):
            for period, choices in arranged.periods.items():
                button = ui.button(color=None, on_click=partial(self.pick_period, period)).props(
                    "unelevated rounded no-caps"
                )
                with button.classes("flex-1 min-h-11 px-1").mark(f"period-{period.value}"):
                    ui.label(tx(f"period_{period.value}")).classes("text-meta font-semibold")
                    ui.label(str(len(choices))).classes("ms-1.5 text-label")
                _segment(button, period == self.period)
        if self.period in arranged.periods:
            self._time_grid(arranged.periods[self.period], marker="time")
        chosen = next((choice for choice in self.times if choice.starts_at == self.time), None)
        if chosen is None:
            ui.label(tx.pick_time).classes("w-full text-meta text-muted text-center py-2").mark("pick-time")
            return
        with panel(
            classes="gap-0 p-0 overflow-hidden scroll-mt-20 scroll-mb-72", marker="free-courts"
        ) as courts:
            ui.label(tx("free_at", time=formats.clock(chosen.starts_at), count=len(chosen.courts))).classes(
                "px-4 pt-3 pb-2 text-meta font-semibold text-muted"
            )
            for court, slot in chosen.courts:
                self._court_at_time(court, slot)
        self.free_courts = courts

    def _time_grid(self, choices: list[TimeChoice], *, marker: str) -> None:
        with ui.element("div").classes("w-full grid grid-cols-4 gap-2"):
            for choice in choices:
                text = formats.clock(choice.starts_at)
                peak = any(slot.peak for _, slot in choice.courts)
                with (
                    ui.button(color=None, on_click=partial(self.pick_time, choice.starts_at))
                    .props(f'unelevated no-caps aria-label="{text}"')
                    .classes("min-h-12 px-1 rounded-xl border")
                    .mark(f"{marker}-{to_local(choice.starts_at):%H%M}") as button,
                    ui.row().classes("items-center gap-1 flex-nowrap"),
                ):
                    if peak:
                        ui.element("span").classes("w-1.5 h-1.5 rounded-full bg-warning shrink-0").props(
                            f'title="{tx.peak_hint}"'
                        )
                    ui.label(text).classes("text-meta font-bold whitespace-nowrap")
                mark(button, choice.starts_at == self.time)

    def _court_at_time(self, court: s.Court, slot: s.Slot) -> None:
        """One court free at the time picked: its name, kind, length and price; tapping it picks it."""
        with (
            self._slot_button(court, slot)
            .props('align="left"')
            .classes("w-full min-h-16 px-4 rounded-none border-0 border-t border-line") as button,
            ui.row().classes("w-full items-center gap-3 flex-nowrap"),
        ):
            with ui.column().classes("flex-1 min-w-0 gap-0 items-start"):
                ui.label(court.name).classes("text-body font-bold truncate")
                ui.label(f"{_court_kind(court)} \u00b7 {formats.duration(self.duration)}").classes(
                    "text-meta opacity-70 truncate"
                )
            ui.label(formats.rupees(slot.price_pkr)).classes("text-body font-bold whitespace-nowrap shrink-0")
        self.slot_buttons[(court.id, slot.starts_at)] = button
        _court_row(button, self._is_picked(court, slot))

    def _slot_button(self, court: s.Court, slot: s.Slot) -> ui.button:
        """A slot to pick, in either view: named and marked the same way in both."""
        return (
            ui.button(color=None, on_click=partial(self.pick_slot, court, slot))
            .props(f'unelevated no-caps aria-label="{_slot_name(court, slot)}"')
            .mark(f"slot-{_key(court.name)}-{to_local(slot.starts_at):%H%M}")
        )

    def _court(self, court_slots: s.CourtSlots) -> None:
        court = court_slots.court
        with panel(classes="gap-3 py-4 px-0", marker=f"court-{_key(court.name)}"):
            with ui.row().classes("w-full items-baseline gap-2 px-4 flex-nowrap"):
                ui.label(court.name).classes("text-body font-bold text-ink truncate")
                ui.label(_court_kind(court)).classes("text-meta text-muted truncate")
                ui.space()
                ui.label(tx("free_slots", count=len(court_slots.slots))).classes(
                    "text-meta text-muted whitespace-nowrap"
                )
            if not court_slots.slots:
                ui.label(tx.no_slots).classes("text-meta text-muted px-4")
                return
            with ui.row().classes(
                "scene-scroller w-full px-4 flex-nowrap items-stretch overflow-x-auto gap-2"
            ):
                for slot in court_slots.slots:
                    self._slot(court, slot)

    def _slot(self, court: s.Court, slot: s.Slot) -> None:
        time_text = formats.clock(slot.starts_at)
        with (
            self._slot_button(court, slot).classes("w-[5.75rem] h-16 px-1 rounded-2xl border") as button,
            ui.column().classes("items-center gap-0"),
        ):
            ui.label(time_text).classes("text-body font-bold whitespace-nowrap")
            with ui.row().classes("items-center gap-1 flex-nowrap"):
                if slot.peak:
                    ui.element("span").classes("w-1.5 h-1.5 rounded-full bg-warning").props(
                        f'title="{tx.peak_hint}"'
                    )
                ui.label(formats.rupees(slot.price_pkr)).classes(
                    "text-label font-semibold whitespace-nowrap opacity-70"
                )
        self.slot_buttons[(court.id, slot.starts_at)] = button
        mark(button, self._is_picked(court, slot))

    @ui.refreshable_method
    def hold_bar(self) -> None:
        """The slot picked and its price, always whole (the words give way first), and the hold; with
        nothing picked, the member's live hold here."""
        if self.picked is None:
            if self.holds:
                with ui.element("div").classes("w-full max-w-content mx-auto px-gutter pt-3 pb-3"):
                    self._live_hold(self.holds[0])
            return
        court, slot = self.picked
        with (
            ui.element("div").classes("w-full max-w-content mx-auto px-gutter pt-3 pb-3"),
            ui.column()
            .classes("w-full gap-2 p-3 ps-4 rounded-card bg-raised border border-line shadow-2xl")
            .mark("hold-bar"),
        ):
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(tx("picked", court=court.name, time=formats.clock(slot.starts_at))).classes(
                        "text-body font-bold text-ink truncate"
                    )
                    ui.label(
                        f"{formats.day_heading(self.day)} \u00b7 {formats.duration(self.duration)}"
                    ).classes("text-meta text-muted truncate")
                ui.label(formats.rupees(slot.price_pkr)).classes(
                    "text-title font-extrabold text-ink whitespace-nowrap shrink-0"
                ).mark("hold-price")
            button = primary_button(tx.hold).classes("w-full").mark("hold")
            button.on_click(lambda: self.hold(button))
            with ui.row().classes("w-full items-center gap-x-3 gap-y-0 flex-nowrap"):
                ui.button(
                    tx.repeat_weekly,
                    icon="event_repeat",
                    color=None,
                    on_click=lambda: SeriesPlanner(court, slot.starts_at, self.duration).open(),
                ).props("flat no-caps dense").classes(
                    "-ms-2 min-h-11 text-meta font-semibold text-accent"
                ).mark("repeat-weekly")
                ui.button(tx.host_match, icon="group_add", color=None, on_click=self.host_match).props(
                    "flat no-caps dense"
                ).classes("min-h-11 text-meta font-semibold text-accent").mark("host-match-at-slot")

    def host_path(self) -> str:
        """The create wizard at this venue, at the picked slot's day, time and length when one is picked."""
        assert self.venue is not None
        query = {"venue": self.venue.slug}
        if self.picked is not None:
            starts = to_local(self.picked[1].starts_at)
            query |= {
                "day": starts.date().isoformat(),
                "start": f"{starts:%H:%M}",
                "length": str(self.duration),
            }
        return f"/create?{urlencode(query)}"

    def host_match(self) -> None:
        ui.navigate.to(self.host_path())

    def _is_picked(self, court: s.Court, slot: s.Slot) -> bool:
        return self.picked is not None and self.picked[0].id == court.id and self.picked[1] == slot

    async def pick_day(self, day: date) -> None:
        if day == self.day:
            return
        mark(self.day_buttons[self.day], False)
        mark(self.day_buttons[day], True)
        self.day = day
        assert self.venue is not None
        ui.navigate.history.replace(f"/venues/{self.venue.slug}?day={day.isoformat()}")
        await self._reload_slots()

    async def pick_length(self, minutes: int) -> None:
        if minutes == self.duration:
            return
        _segment(self.length_buttons[self.duration], False)
        _segment(self.length_buttons[minutes], True)
        self.duration = minutes
        await self._reload_slots()

    def pick_view(self, by_time: bool) -> None:
        if by_time == self.by_time:
            return
        self.by_time = by_time
        self._view_switch.refresh()
        self.slot_list.refresh()

    def pick_period(self, period: Period) -> None:
        self.period = period
        self.slot_list.refresh()

    def pick_time(self, starts_at: datetime) -> None:
        """A time: the courts free then show below it (and a court picked at another time is let go)."""
        self.time = starts_at
        self.period = period_of(starts_at, self.day)
        if self.picked is not None and self.picked[1].starts_at != starts_at:
            self._show_picked(None)
        self.slot_list.refresh()

    def pick_slot(self, court: s.Court, slot: s.Slot) -> None:
        if self.picked is not None and (
            before := self.slot_buttons.get((self.picked[0].id, self.picked[1].starts_at))
        ):
            (_court_row if self.by_time else mark)(before, False)
        if self._is_picked(court, slot):
            self._show_picked(None)
            return
        (_court_row if self.by_time else mark)(self.slot_buttons[(court.id, slot.starts_at)], True)
        self._show_picked((court, slot))
        if self.by_time and self.free_courts is not None:
            # Bring the free courts above the bar that now rises over the bottom of the screen.
            # After the bar and the room under the page are drawn (else there is nothing to scroll into).
            courts = f"getHtmlElement({self.free_courts.id})"
            ui.run_javascript(f"setTimeout(() => {courts}?.scrollIntoView({SCROLL_NEAREST}), 150)")

    def _show_picked(self, picked: tuple[s.Court, s.Slot] | None) -> None:
        self.picked = picked
        if self.bar_room is not None:
            self._fit_bar_room()
        self.hold_bar.refresh()

    async def _reload_slots(self) -> None:
        self._show_picked(None)
        await feedback.reread(self.load_slots)
        self.slot_list.refresh()

    async def hold(self, button: ui.button) -> None:
        if self.picked is None or self.busy:
            return
        court, slot = self.picked
        spin(self, button)
        booking = await hold_slot(
            lambda services, me, ask: services.bookings.hold(me.user, ask),
            court,
            slot,
            self.duration,
            taken=tx.hold_taken,
        )
        if isinstance(booking, bookings_s.Booking):
            ui.navigate.to(booking_path(booking.id))
            return
        unspin(self, button)
        if booking is TAKEN:
            await self._reload_slots()

    # About the place -------------------------------------------------------------------------

    def _amenities(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("amenities"):
            section_header(tx.amenities)
            with ui.row().classes("w-full gap-2"):
                for amenity in venue.amenities:
                    ui.label(amenity.capitalize()).classes(
                        "h-8 px-3 rounded-full bg-surface border border-line text-meta text-ink "
                        "flex items-center whitespace-nowrap"
                    )

    def _hours(self, venue: s.VenueDetail) -> None:
        weekly = {row.weekday: row for row in venue.opening_hours}
        today = formats.today().weekday()
        with ui.column().classes("w-full gap-2").mark("hours"):
            section_header(tx.hours)
            with panel(classes="gap-0 px-4 py-2"):
                for weekday in range(7):
                    name = formats.tx(f"day_{weekday}")
                    row = weekly.get(weekday)
                    tone = "text-accent font-bold" if weekday == today else "text-ink"
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap"):
                        ui.label(name).classes(f"flex-1 text-body {tone}")
                        ui.label(
                            hours_text(row.opens_minute, row.closes_minute) if row else tx.closed_day
                        ).classes(f"text-body whitespace-nowrap {tone if row else 'text-muted'}")
                for special in venue.special_hours[:5]:
                    text = (
                        tx.closed_day
                        if special.closed or special.opens_minute is None or special.closes_minute is None
                        else hours_text(special.opens_minute, special.closes_minute)
                    )
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap border-t border-line"):
                        with ui.column().classes("flex-1 min-w-0 gap-0"):
                            ui.label(formats.short_date(special.day)).classes("text-body text-warning")
                            if special.note:
                                ui.label(special.note).classes("text-meta text-muted truncate")
                        ui.label(text).classes("text-body text-warning whitespace-nowrap")

    def _prices(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("prices"):
            section_header(tx.prices)
            with panel(classes="gap-0 px-4 py-2"):
                with ui.row().classes("w-full items-center py-1.5 flex-nowrap"):
                    ui.label("").classes("flex-1")
                    for heading in (tx.off_peak, tx.peak):
                        ui.label(heading).classes(
                            "w-24 text-end text-label uppercase tracking-wider text-muted"
                        )
                for price in venue.prices:
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap border-t border-line"):
                        ui.label(formats.duration(price.duration_minutes)).classes(
                            "flex-1 text-body text-ink"
                        )
                        ui.label(formats.rupees(price.price_pkr)).classes(
                            "w-24 text-end text-body font-semibold text-ink whitespace-nowrap"
                        )
                        ui.label(formats.rupees(price.peak_price_pkr)).classes(
                            "w-24 text-end text-body font-semibold text-ink whitespace-nowrap"
                        )
            notes = [tx.per_court]
            if venue.peak_start_minute is not None and venue.peak_end_minute is not None:
                notes.insert(
                    0,
                    tx(
                        "peak_window",
                        start=formats.clock(wall_clock(venue.peak_start_minute)),
                        end=formats.clock(wall_clock(venue.peak_end_minute)),
                    ),
                )
            ui.label(" ".join(notes)).classes("text-meta text-muted")

    def _location(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("location"):
            section_header(tx.where)
            pin_map([Pin(venue.lat, venue.lng)], centre=(venue.lat, venue.lng), zoom=15, size="h-48")
            with panel(classes="gap-4 p-4"):
                where_fact(tx.where, venue.address, venue.city, directions_url(venue.lat, venue.lng))
                if venue.contact_phone:
                    with ui.link(target=f"tel:{venue.contact_phone}").classes("w-full no-underline"):
                        fact("call", tx.call, venue.contact_phone)


def _segment(button: ui.button, selected: bool) -> None:
    """A length in the segmented control: raised when chosen."""
    button.classes(
        add="bg-raised text-ink" if selected else "text-muted",
        remove="text-muted" if selected else "bg-raised text-ink",
    ).props(f'aria-pressed="{str(selected).lower()}"')


def _court_row(button: ui.button, selected: bool) -> None:
    """A court at the time picked: accent when it is the one picked."""
    button.classes(
        add="bg-accent text-on-accent" if selected else "bg-surface text-ink",
        remove="bg-surface text-ink" if selected else "bg-accent text-on-accent",
    ).props(f'aria-pressed="{str(selected).lower()}"')


def _court_kind(court: s.Court) -> str:
    """`Indoor · Padel`."""
    return f"{tx.indoor if court.indoor else tx.outdoor} \u00b7 {LABELS[court.sport]}"


def _slot_name(court: s.Court, slot: s.Slot) -> str:
    """`Court 1 8:00 pm Rs 8,000`: what a screen reader says for a slot, in either view."""
    return f"{court.name} {formats.clock(slot.starts_at)} {formats.rupees(slot.price_pkr)}"


def _clock(moment: datetime) -> str:
    """`20:00`: the same time of day on another day or at another length."""
    return f"{to_local(moment):%H%M}"


def _key(name: str) -> str:
    """`Court 2` as `court-2`, for test markers (they cannot hold spaces)."""
    return "-".join(name.lower().split())

"""Venue page: photos, amenities, hours, prices and a map pin; a day, a length and a free slot to hold."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial
from typing import cast
from urllib.parse import urlencode
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as s
from scene_api.lib.errors import Conflict, DomainError, NotFound
from scene_api.lib.timezone import KARACHI, to_local
from scene_ui import feedback, formats, session, state
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.components.chips import mark
from scene_ui.components.empty_state import empty_state, no_slots_note
from scene_ui.components.facts import directions_url, fact, where_fact
from scene_ui.components.frame import frame
from scene_ui.components.pin_map import Pin, pin_map
from scene_ui.components.section import panel, scroller, section_header
from scene_ui.components.series_planner import SeriesPlanner
from scene_ui.components.venue_card import area_of, cover
from scene_ui.i18n import english, texts

tx = texts("venue")
DAYS_SHOWN = 14


def create() -> None:
    ui.page("/venues/{key}")(session.members_only(venue_page))


async def venue_page(key: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = await VenueView.load(key)
    with frame(view.title, member=member, back="/explore?tab=places"):
        view.render()


def hours_text(opens_minute: int, closes_minute: int) -> str:
    """`7:00 am \u2013 1:00 am` (closing past midnight reads as the clock does)."""
    return formats.time_range(wall_clock(opens_minute), wall_clock(closes_minute))


def wall_clock(minute: int) -> datetime:
    """A venue's `opens_minute` as a moment today, for `formats.clock` (past midnight wraps round)."""
    hours, minutes = divmod(minute % 1440, 60)
    return datetime.combine(formats.today(), time(hours, minutes), tzinfo=KARACHI)


def hours_on(venue: s.VenueDetail, day: date) -> tuple[int, int] | None:
    """The opening hours the venue lists for a day: its special hours if it has them, else its week."""
    special = next((row for row in venue.special_hours if row.day == day), None)
    if special is not None:
        if special.closed or special.opens_minute is None or special.closes_minute is None:
            return None
        return special.opens_minute, special.closes_minute
    weekly = next((row for row in venue.opening_hours if row.weekday == day.weekday()), None)
    return (weekly.opens_minute, weekly.closes_minute) if weekly else None


class VenueView:
    """The venue, the day and length chosen, the free slots they give, and the slot picked."""

    def __init__(self, venue: s.VenueDetail | None) -> None:
        self.venue = venue
        self.day = formats.today()
        self.durations: list[int] = sorted(price.duration_minutes for price in venue.prices) if venue else []
        self.duration: int = 90 if 90 in self.durations else (self.durations[0] if self.durations else 60)
        self.slots: s.VenueSlots | None = None
        self.picked: tuple[s.Court, s.Slot] | None = None
        self.busy = False
        self.day_buttons: dict[date, ui.button] = {}
        self.length_buttons: dict[int, ui.button] = {}
        self.slot_buttons: dict[tuple[UUID, datetime], ui.button] = {}

    @classmethod
    async def load(cls, key: str) -> VenueView:
        try:
            async with state.page_services() as services:
                try:
                    venue = await services.venues.get(UUID(key))
                except ValueError:
                    venue = await services.venues.get_by_slug(key)
        except NotFound:
            return cls(None)
        view = cls(venue)
        await view.load_slots()
        return view

    async def load_slots(self) -> None:
        assert self.venue is not None
        if self.duration not in self.durations:
            self.slots = None
            return
        async with state.page_services() as services:
            self.slots = await services.venues.slots(self.venue.id, self.day, self.duration)

    @property
    def title(self) -> str:
        return self.venue.name if self.venue else tx.not_found_title

    # Page ------------------------------------------------------------------------------------

    def render(self) -> None:
        venue = self.venue
        if venue is None:
            empty_state("storefront", tx.not_found_title, tx.not_found_message)
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
        ui.element("div").classes("h-24")  # room to scroll past the hold bar
        with ui.page_sticky(position="bottom", expand=True).classes("z-10"):
            self.hold_bar()

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
    # Picking restyles the buttons in place: re-drawing a row would scroll it back to its start.

    def _day_strip(self) -> None:
        first = formats.today()
        with scroller() as row:
            row.props(f'role="radiogroup" aria-label="{tx.days_label}"').mark("days")
            for offset in range(DAYS_SHOWN):
                day = first + timedelta(days=offset)
                with (
                    ui.button(color=None, on_click=partial(self.pick_day, day))
                    .props(f'unelevated no-caps aria-label="{formats.short_date(day)}"')
                    .classes("w-14 h-16 px-0 rounded-2xl border")
                    .mark(f"day-{day.isoformat()}") as button,
                    ui.column().classes("items-center gap-0"),
                ):
                    ui.label(
                        (tx.today_short if offset == 0 else formats.tx(f"weekday_{day.weekday()}")).upper()
                    ).classes("text-label font-semibold tracking-wide opacity-80")
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
                button.classes("flex-1 min-h-10 text-meta font-semibold").mark(f"length-{minutes}")
                self.length_buttons[minutes] = button
                _segment(button, minutes == self.duration)

    @ui.refreshable_method
    def slot_list(self) -> None:
        self.slot_buttons = {}
        shown = f"slots-{self.day.isoformat()}-{self.duration}"
        with ui.column().classes("w-full gap-3").mark("slots", shown):
            slots = self.slots
            if slots is None or slots.opens_at is None:
                no_slots_note(tx.closed)
                return
            if not any(court.slots for court in slots.courts):
                no_slots_note(tx.no_slots)
                return
            for court_slots in slots.courts:
                self._court(court_slots)

    def _court(self, court_slots: s.CourtSlots) -> None:
        court = court_slots.court
        with panel(classes="gap-3 py-4 px-0", marker=f"court-{_key(court.name)}"):
            with ui.row().classes("w-full items-baseline gap-2 px-4 flex-nowrap"):
                ui.label(court.name).classes("text-body font-bold text-ink truncate")
                ui.label(f"{tx.indoor if court.indoor else tx.outdoor} \u00b7 {LABELS[court.sport]}").classes(
                    "text-meta text-muted truncate"
                )
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
            ui.button(color=None, on_click=partial(self.pick_slot, court, slot))
            .props(
                f'unelevated no-caps aria-label="{court.name} {time_text} {formats.rupees(slot.price_pkr)}"'
            )
            .classes("w-[5.75rem] h-16 px-1 rounded-2xl border")
            .mark(f"slot-{_key(court.name)}-{to_local(slot.starts_at):%H%M}") as button,
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
        if self.picked is None:
            return
        court, slot = self.picked
        with (
            ui.element("div").classes(
                "w-full max-w-content mx-auto px-gutter pt-6 pb-3 bg-gradient-to-t from-page via-page/90"
            ),
            ui.column()
            .classes("w-full gap-1 p-3 ps-4 rounded-card bg-raised border border-line shadow-2xl")
            .mark("hold-bar"),
        ):
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(tx("picked", court=court.name, time=formats.clock(slot.starts_at))).classes(
                        "text-body font-bold text-ink truncate"
                    )
                    details = (
                        formats.day_heading(self.day),
                        formats.duration(self.duration),
                        formats.rupees(slot.price_pkr),
                    )
                    ui.label(" \u00b7 ".join(details)).classes("text-meta text-muted truncate")
                button = primary_button(tx.hold).classes("shrink-0").mark("hold")
                button.on_click(lambda: self.hold(button))
            with ui.row().classes("w-full items-center gap-x-3 gap-y-0"):
                ui.button(
                    tx.repeat_weekly,
                    icon="event_repeat",
                    color=None,
                    on_click=lambda: SeriesPlanner(court, slot.starts_at, self.duration).open(),
                ).props("flat no-caps dense").classes("-ms-2 text-meta font-semibold text-accent").mark(
                    "repeat-weekly"
                )
                ui.button(tx.host_match, icon="group_add", color=None, on_click=self.host_match).props(
                    "flat no-caps dense"
                ).classes("text-meta font-semibold text-accent").mark("host-match-at-slot")

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
        await self._reload_slots()

    async def pick_length(self, minutes: int) -> None:
        if minutes == self.duration:
            return
        _segment(self.length_buttons[self.duration], False)
        _segment(self.length_buttons[minutes], True)
        self.duration = minutes
        await self._reload_slots()

    def pick_slot(self, court: s.Court, slot: s.Slot) -> None:
        if self.picked is not None and (
            before := self.slot_buttons.get((self.picked[0].id, self.picked[1].starts_at))
        ):
            mark(before, False)
        if self._is_picked(court, slot):
            self.picked = None
        else:
            self.picked = (court, slot)
            mark(self.slot_buttons[(court.id, slot.starts_at)], True)
        self.hold_bar.refresh()

    async def _reload_slots(self) -> None:
        self.picked = None
        self.hold_bar.refresh()
        try:
            await self.load_slots()
        except DomainError as error:
            feedback.failed(error)
        self.slot_list.refresh()

    async def hold(self, button: ui.button) -> None:
        if self.picked is None or self.busy:
            return
        court, slot = self.picked
        self.busy = True
        button.props("loading")
        try:
            async with session.member_services() as (services, me):
                booking = await services.bookings.hold(
                    me.user,
                    bookings_s.BookingCreate(
                        court_id=court.id,
                        starts_at=slot.starts_at,
                        duration_minutes=cast(s.Duration, self.duration),  # one of the prices sold
                    ),
                )
        except DomainError as error:
            self.busy = False
            button.props(remove="loading")
            taken = isinstance(error, Conflict) and error.code == "slot_taken"
            feedback.failed(tx.hold_taken if taken else error)
            if taken:
                await self._reload_slots()
            return
        ui.navigate.to(f"/bookings/{booking.id}")

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


def _key(name: str) -> str:
    """`Court 2` as `court-2`, for test markers (they cannot hold spaces)."""
    return "-".join(name.lower().split())


def __getattr__(name: str) -> str:
    """The page's strings in English (`venue.BOOK`), for tests."""
    return english("venue", name)

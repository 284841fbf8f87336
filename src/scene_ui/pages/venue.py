"""Venue page: photos, amenities, hours, prices and a map pin; a day, a length and a free slot to hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import cast
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as s
from scene_api.lib.errors import Conflict, DomainError, NotFound
from scene_api.lib.timezone import short_date, to_local
from scene_ui import feedback, formats, session, state
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import primary_button
from scene_ui.components.chips import mark
from scene_ui.components.empty_state import empty_state
from scene_ui.components.facts import directions_url, fact, where_fact
from scene_ui.components.frame import frame
from scene_ui.components.pin_map import Pin, pin_map
from scene_ui.components.section import panel, scroller, section_header
from scene_ui.components.venue_card import area_of, cover

TITLE = "Venue"
NOT_FOUND_TITLE = "Venue not found"
NOT_FOUND_MESSAGE = "It may have stopped taking bookings, or the link is wrong."
BOOK = "Book a court"
DAYS_LABEL = "Day"
LENGTH_LABEL = "How long"
TODAY_SHORT = "Today"
CLOSED = "Closed this day"
NO_SLOTS = "Every court is taken this day. Try another day or a shorter game."
INDOOR = "Indoor"
OUTDOOR = "Outdoor"
FREE_SLOTS = "{count} free"
PEAK_HINT = "Peak"
PICKED = "{court} \u00b7 {time}"
HOLD = "Hold this slot"
HOLD_TAKEN = "Someone just took that slot. Here's what's still free."
OPEN_TODAY = "Open today {hours}"
CLOSED_TODAY = "Closed today"
ABOUT = "About"
AMENITIES = "Amenities"
HOURS = "Opening hours"
SPECIAL_HOURS = "Special hours"
CLOSED_DAY = "Closed"
PRICES = "Prices"
OFF_PEAK = "Off-peak"
PEAK = "Peak"
PEAK_WINDOW = "Peak hours {start} \u2013 {end}"
PER_COURT = "Per court, for everyone playing."
WHERE = "Where"
CALL = "Call the venue"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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
    return f"{formats.minute_clock(opens_minute)} \u2013 {formats.minute_clock(closes_minute)}"


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
        return self.venue.name if self.venue else NOT_FOUND_TITLE

    # Page ------------------------------------------------------------------------------------

    def render(self) -> None:
        venue = self.venue
        if venue is None:
            empty_state("storefront", NOT_FOUND_TITLE, NOT_FOUND_MESSAGE)
            return
        self._photos(venue)
        self._heading(venue)
        with ui.column().classes("w-full gap-3").mark("booking"):
            section_header(BOOK)
            self._day_strip()
            self._lengths()
            self.slot_list()
        if venue.description:
            with ui.column().classes("w-full gap-2"):
                section_header(ABOUT)
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
                cover(venue.photos[0].url if venue.photos else None)
            return
        with scroller():
            for photo in venue.photos:
                with ui.element("div").classes("w-[85%] rounded-card overflow-hidden border border-line"):
                    cover(photo.url)

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
                        "items-center gap-1 h-7 pl-2 pr-2.5 rounded-full bg-raised flex-nowrap"
                    ):
                        ui.icon(ICONS[sport]).classes("text-base text-accent")
                        ui.label(LABELS[sport]).classes("text-meta font-semibold text-accent")
                today = hours_on(venue, formats.today())
                ui.label(OPEN_TODAY.format(hours=hours_text(*today)) if today else CLOSED_TODAY).classes(
                    "h-7 px-2.5 rounded-full border border-line text-meta text-muted whitespace-nowrap "
                    "flex items-center"
                )

    # Choosing a slot -------------------------------------------------------------------------
    # Picking restyles the buttons in place: re-drawing a row would scroll it back to its start.

    def _day_strip(self) -> None:
        first = formats.today()
        with scroller() as row:
            row.props(f'role="radiogroup" aria-label="{DAYS_LABEL}"').mark("days")
            for offset in range(DAYS_SHOWN):
                day = first + timedelta(days=offset)
                with (
                    ui.button(color=None, on_click=partial(self.pick_day, day))
                    .props(f'unelevated no-caps aria-label="{short_date(day)}"')
                    .classes("w-14 h-16 px-0 rounded-2xl border")
                    .mark(f"day-{day.isoformat()}") as button,
                    ui.column().classes("items-center gap-0"),
                ):
                    ui.label((TODAY_SHORT if offset == 0 else f"{day:%a}").upper()).classes(
                        "text-label font-semibold tracking-wide opacity-80"
                    )
                    ui.label(str(day.day)).classes("text-title font-extrabold leading-tight")
                self.day_buttons[day] = button
                mark(button, day == self.day)

    def _lengths(self) -> None:
        with (
            ui.row()
            .classes("w-full p-1 gap-1 rounded-full bg-surface border border-line flex-nowrap")
            .props(f'role="group" aria-label="{LENGTH_LABEL}"')
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
                self._quiet(CLOSED)
                return
            if not any(court.slots for court in slots.courts):
                self._quiet(NO_SLOTS)
                return
            for court_slots in slots.courts:
                self._court(court_slots)

    def _court(self, court_slots: s.CourtSlots) -> None:
        court = court_slots.court
        with panel(classes="gap-3 py-4 px-0", marker=f"court-{_key(court.name)}"):
            with ui.row().classes("w-full items-baseline gap-2 px-4 flex-nowrap"):
                ui.label(court.name).classes("text-body font-bold text-ink truncate")
                ui.label(f"{INDOOR if court.indoor else OUTDOOR} \u00b7 {LABELS[court.sport]}").classes(
                    "text-meta text-muted truncate"
                )
                ui.space()
                ui.label(FREE_SLOTS.format(count=len(court_slots.slots))).classes(
                    "text-meta text-muted whitespace-nowrap"
                )
            if not court_slots.slots:
                ui.label(NO_SLOTS).classes("text-meta text-muted px-4")
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
                        f'title="{PEAK_HINT}"'
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
            ui.row()
            .classes(
                "w-full items-center gap-3 p-3 pl-4 rounded-card bg-raised border border-line "
                "shadow-2xl flex-nowrap"
            )
            .mark("hold-bar"),
        ):
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(PICKED.format(court=court.name, time=formats.clock(slot.starts_at))).classes(
                    "text-body font-bold text-ink truncate"
                )
                details = (
                    formats.day_heading(self.day),
                    formats.duration(self.duration),
                    formats.rupees(slot.price_pkr),
                )
                ui.label(" \u00b7 ".join(details)).classes("text-meta text-muted truncate")
            button = primary_button(HOLD).classes("shrink-0").mark("hold")
            button.on_click(lambda: self.hold(button))

    def _quiet(self, text: str) -> None:
        with ui.row().classes(
            "w-full items-center gap-3 p-4 rounded-card border border-dashed border-line flex-nowrap"
        ):
            ui.icon("event_busy").classes("text-muted text-xl")
            ui.label(text).classes("flex-1 text-meta text-muted")

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
            feedback.failed(HOLD_TAKEN if taken else error)
            if taken:
                await self._reload_slots()
            return
        ui.navigate.to(f"/bookings/{booking.id}")

    # About the place -------------------------------------------------------------------------

    def _amenities(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("amenities"):
            section_header(AMENITIES)
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
            section_header(HOURS)
            with panel(classes="gap-0 px-4 py-2"):
                for weekday, name in enumerate(WEEKDAYS):
                    row = weekly.get(weekday)
                    tone = "text-accent font-bold" if weekday == today else "text-ink"
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap"):
                        ui.label(name).classes(f"flex-1 text-body {tone}")
                        ui.label(
                            hours_text(row.opens_minute, row.closes_minute) if row else CLOSED_DAY
                        ).classes(f"text-body whitespace-nowrap {tone if row else 'text-muted'}")
                for special in venue.special_hours[:5]:
                    text = (
                        CLOSED_DAY
                        if special.closed or special.opens_minute is None or special.closes_minute is None
                        else hours_text(special.opens_minute, special.closes_minute)
                    )
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap border-t border-line"):
                        with ui.column().classes("flex-1 min-w-0 gap-0"):
                            ui.label(short_date(special.day)).classes("text-body text-warning")
                            if special.note:
                                ui.label(special.note).classes("text-meta text-muted truncate")
                        ui.label(text).classes("text-body text-warning whitespace-nowrap")

    def _prices(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("prices"):
            section_header(PRICES)
            with panel(classes="gap-0 px-4 py-2"):
                with ui.row().classes("w-full items-center py-1.5 flex-nowrap"):
                    ui.label("").classes("flex-1")
                    for heading in (OFF_PEAK, PEAK):
                        ui.label(heading).classes(
                            "w-24 text-right text-label uppercase tracking-wider text-muted"
                        )
                for price in venue.prices:
                    with ui.row().classes("w-full items-center py-1.5 flex-nowrap border-t border-line"):
                        ui.label(formats.duration(price.duration_minutes)).classes(
                            "flex-1 text-body text-ink"
                        )
                        ui.label(formats.rupees(price.price_pkr)).classes(
                            "w-24 text-right text-body font-semibold text-ink whitespace-nowrap"
                        )
                        ui.label(formats.rupees(price.peak_price_pkr)).classes(
                            "w-24 text-right text-body font-semibold text-ink whitespace-nowrap"
                        )
            notes = [PER_COURT]
            if venue.peak_start_minute is not None and venue.peak_end_minute is not None:
                notes.insert(
                    0,
                    PEAK_WINDOW.format(
                        start=formats.minute_clock(venue.peak_start_minute),
                        end=formats.minute_clock(venue.peak_end_minute),
                    )
                    + ".",
                )
            ui.label(" ".join(notes)).classes("text-meta text-muted")

    def _location(self, venue: s.VenueDetail) -> None:
        with ui.column().classes("w-full gap-2").mark("location"):
            section_header(WHERE)
            pin_map([Pin(venue.lat, venue.lng)], centre=(venue.lat, venue.lng), zoom=15, size="h-48")
            with panel(classes="gap-4 p-4"):
                where_fact(WHERE, venue.address, venue.city, directions_url(venue.lat, venue.lng))
                if venue.contact_phone:
                    with ui.link(target=f"tel:{venue.contact_phone}").classes("w-full no-underline"):
                        fact("call", CALL, venue.contact_phone)


def _segment(button: ui.button, selected: bool) -> None:
    """A length in the segmented control: raised when chosen."""
    button.classes(
        add="bg-raised text-ink" if selected else "text-muted",
        remove="text-muted" if selected else "bg-raised text-ink",
    ).props(f'aria-pressed="{str(selected).lower()}"')


def _key(name: str) -> str:
    """`Court 2` as `court-2`, for test markers (they cannot hold spaces)."""
    return "-".join(name.lower().split())

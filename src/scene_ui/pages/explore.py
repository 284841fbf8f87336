"""Explore: search and filter activities, places to book and events (list or map), and people."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from enum import StrEnum
from functools import partial
from html import escape
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.events import schemas as events_s
from scene_api.domain.users import schemas as users_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import KARACHI, utcnow
from scene_ui import feedback, formats, session
from scene_ui.components.activity_card import activity_card, activity_path
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import event_card, event_path, price_label
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import person_row
from scene_ui.components.pin_map import PAKISTAN, Pin, pin_map
from scene_ui.components.popup_menu import popup_choice, popup_menu
from scene_ui.components.section import panel, scroller
from scene_ui.components.skeleton import card_skeleton
from scene_ui.components.trust import trust_badge
from scene_ui.components.venue_card import area_of, venue_card, venue_path
from scene_ui.i18n import Labels, t, texts

tx = texts("explore")
LOCATE_JS = """
new Promise((done) => {
  if (!navigator.geolocation) return done(null);
  navigator.geolocation.getCurrentPosition(
    (p) => done([p.coords.latitude, p.coords.longitude]),
    () => done(null),
    {timeout: 8000, maximumAge: 600000},
  );
})
"""

DAYS: Labels[str] = Labels("explore", {day: f"day_{day}" for day in ("today", "tomorrow", "weekend", "week")})
FREE_DAYS: Labels[str] = Labels("explore", {day: f"free_{day}" for day in ("today", "tomorrow")})
"""Places keep those with a court free that day."""
TIMES: Labels[s.TimeOfDay] = Labels(
    "explore",
    {
        s.TimeOfDay.MORNING: "morning",
        s.TimeOfDay.AFTERNOON: "afternoon",
        s.TimeOfDay.EVENING: "evening",
        s.TimeOfDay.NIGHT: "night",
    },
)
RADII = (5, 10, 25, 50)
PAGE_SIZE = 20
SEARCH_DEBOUNCE_MS = 400
GEOLOCATION_TIMEOUT = 10.0


class View(StrEnum):
    ACTIVITIES = "activities"
    PLACES = "places"
    EVENTS = "events"
    PEOPLE = "people"


TABS: Labels[View] = Labels("explore", {view: f"tab_{view.value}" for view in View})
"""Each tab's name, in the order they show."""
SEARCH_HINTS: Labels[View] = Labels("explore", {view: f"search_{view.value}" for view in View})


def create() -> None:
    ui.page("/explore")(session.members_only(explore_page))


async def explore_page(tab: str | None = None, circles: str | None = None) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    explorer = Explorer(member, next((view for view in View if view.value == tab), View.ACTIVITIES))
    explorer.my_circles = circles == "1"
    await explorer.search()
    with frame(tx.title, active=Tab.EXPLORE, member=member):
        explorer.render()


def day_range(choice: str | None, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """The start and end (Pakistan time) a day filter means; a range already under way starts now."""
    if choice is None:
        return None, None
    now = now or utcnow()
    today = formats.today(now)

    def midnight(days: int) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(), tzinfo=KARACHI)

    if choice == "today":
        return now, midnight(1)
    if choice == "tomorrow":
        return midnight(1), midnight(2)
    if choice == "weekend":
        saturday = (5 - today.weekday()) % 7
        if today.weekday() == 6:  # Sunday: the weekend is today
            return now, midnight(1)
        return max(now, midnight(saturday)), midnight(saturday + 2)
    return now, midnight(7)


class Explorer:
    """The filters chosen, what they found, and how it is shown (list or map)."""

    def __init__(self, member: session.Member, view: View) -> None:
        self.member = member
        self.view = view
        self.text = ""
        self.kind: m.ActivityType | None = None
        self.day: str | None = None
        self.time_of_day: s.TimeOfDay | None = None
        self.radius_km: int | None = None
        self.centre: tuple[float, float] | None = None
        self.my_circles = False
        self.city: m.City | None = None if view is View.PEOPLE else member.city
        """Things to go to start in the member's own city (a chip changes it); people are searched by name
        wherever they live."""
        self.show_map = False
        self.activities: list[s.Activity] = []
        self.people: list[users_s.Member] = []
        self.places: list[venues_s.VenueSummary] = []
        self.events: list[events_s.Event] = []
        self.next_cursor: str | None = None
        self.loading = False
        self.note: str | None = None

    # Searching --------------------------------------------------------------------------------

    def filters(self) -> s.ActivityFilters:
        starts_after, starts_before = day_range(self.day)
        centre = self.centre if self.radius_km else None
        return s.ActivityFilters(
            type=self.kind,
            starts_after=starts_after,
            starts_before=starts_before,
            time_of_day=self.time_of_day,
            lat=centre[0] if centre else None,
            lng=centre[1] if centre else None,
            radius_km=float(self.radius_km) if centre and self.radius_km else None,
            city=self.city.value if self.city else None,
            my_circles=self.my_circles,
            q=self.text.strip() or None,
            sort=s.SortOrder.NEAREST if centre else s.SortOrder.SOONEST,
        )

    async def search(self, *, more: bool = False) -> None:
        cursor = self.next_cursor if more else None
        async with session.member_services() as (services, me):
            if self.view is View.ACTIVITIES:
                found = await services.activities.discover(
                    me.user, self.filters(), limit=PAGE_SIZE, cursor=cursor
                )
                self.activities = [*self.activities, *found.items] if more else found.items
                self.next_cursor = found.next_cursor
            elif self.view is View.PLACES:
                places = await services.venues.discover(self.place_filters(), limit=PAGE_SIZE, cursor=cursor)
                self.places = [*self.places, *places.items] if more else places.items
                self.next_cursor = places.next_cursor
            elif self.view is View.EVENTS:
                events = await services.events.discover(
                    me.user, self.event_filters(), limit=PAGE_SIZE, cursor=cursor
                )
                self.events = [*self.events, *events.items] if more else events.items
                self.next_cursor = events.next_cursor
            else:
                people = await services.users.search(
                    me.user,
                    text=self.text.strip() or None,
                    city=self.city,
                    interest=self.kind,
                    limit=PAGE_SIZE,
                    cursor=cursor,
                )
                shown = [person for person in people.items if person.id != self.member.id]
                self.people = [*self.people, *shown] if more else shown
                self.next_cursor = people.next_cursor

    def place_filters(self) -> venues_s.VenueFilters:
        centre = self.centre if self.radius_km else None
        day = formats.today() + timedelta(days=1 if self.day == "tomorrow" else 0) if self.day else None
        return venues_s.VenueFilters(
            city=self.city,
            sport=self.kind,
            lat=centre[0] if centre else None,
            lng=centre[1] if centre else None,
            radius_km=float(self.radius_km) if centre and self.radius_km else None,
            day=day,
            q=self.text.strip() or None,
        )

    def event_filters(self) -> events_s.EventFilters:
        starts_after, starts_before = day_range(self.day)
        centre = self.centre if self.radius_km else None
        return events_s.EventFilters(
            starts_after=starts_after,
            starts_before=starts_before,
            city=self.city.value if self.city else None,
            lat=centre[0] if centre else None,
            lng=centre[1] if centre else None,
            radius_km=float(self.radius_km) if centre and self.radius_km else None,
            q=self.text.strip() or None,
        )

    async def refresh_results(self) -> None:
        self.loading = True
        self.results.refresh()
        try:
            await self.search()
        except DomainError as error:
            feedback.failed(error)
        finally:
            self.loading = False
            self.results.refresh()

    async def show_more(self) -> None:
        try:
            await self.search(more=True)
        except DomainError as error:
            feedback.failed(error)
        self.results.refresh()

    # Page ------------------------------------------------------------------------------------

    def render(self) -> None:
        # the search box leads the page: its heading is for screen readers and the page outline
        ui.label(tx.title).classes("sr-only").props('role="heading" aria-level="1"')
        self.controls()
        self.results()

    @ui.refreshable_method
    def controls(self) -> None:
        with ui.column().classes("w-full gap-3"):
            search = ui.input(placeholder=SEARCH_HINTS[self.view], value=self.text).props(
                'outlined dense clearable type="search" enterkeyhint="search"'
            )
            search.classes("w-full").mark("search")
            with search.add_slot("prepend"):
                ui.icon("search").classes("text-muted")
            search.props(f"debounce={SEARCH_DEBOUNCE_MS}").on_value_change(self.typed)
            self._tabs()
            with scroller() as row:
                row.props(f'role="toolbar" aria-label="{tx.filters}"')
                if self.view is not View.EVENTS:
                    anything = tx.any_sport if self.view is View.PLACES else tx.any_type
                    self._menu_chip(
                        LABELS[self.kind] if self.kind else anything,
                        ICONS[self.kind] if self.kind else "category",
                        {None: anything, **{kind: LABELS[kind] for kind in m.ActivityType}},
                        self.set_kind,
                        chosen=self.kind is not None,
                        marker="filter-type",
                    )
                self._city_chip()  # on screen, so a member sees whose city the list is
                if self.view is View.ACTIVITIES:
                    self._activity_chips()
                else:
                    self._other_chips()
            if self.note:
                with ui.row().classes("w-full items-center gap-2 flex-nowrap").mark("explore-note"):
                    ui.icon("my_location").classes("text-muted text-lg")
                    ui.label(self.note).classes("text-meta text-muted")

    def _tabs(self) -> None:
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            with (
                ui.row()
                .classes("flex-1 p-1 gap-1 rounded-full bg-surface border border-line flex-nowrap")
                .props('role="tablist"')
            ):
                for view, label in TABS.items():
                    picked = view is self.view
                    tone = "bg-raised text-ink" if picked else "text-muted"
                    ui.button(label, color=None, on_click=partial(self.set_view, view)).props(
                        f'unelevated rounded no-caps role="tab" aria-selected="{str(picked).lower()}"'
                    ).classes(f"flex-1 min-w-0 min-h-10 px-1 text-meta font-semibold {tone}").mark(
                        f"tab-{view.value}"
                    )
            if self.view is not View.PEOPLE:
                ui.button(
                    icon="map" if not self.show_map else "view_agenda", color=None, on_click=self.toggle_map
                ).props(f'unelevated round aria-label="{tx.list if self.show_map else tx.map}"').classes(
                    "w-11 h-11 shrink-0 bg-surface border border-line text-ink"
                ).mark("toggle-map")

    def _activity_chips(self) -> None:
        self._day_chip(DAYS)
        self._menu_chip(
            TIMES[self.time_of_day] if self.time_of_day else tx.any_time,
            "schedule",
            {None: tx.any_time, **TIMES},
            self.set_time,
            chosen=self.time_of_day is not None,
            marker="filter-time",
        )
        self._radius_chip()
        circles = chip(tx.my_circles, "groups", on_click=self.toggle_circles).mark("filter-circles")
        mark(circles, self.my_circles)

    def _other_chips(self) -> None:
        """Places: a day with a court free; events: a day; both: distance."""
        if self.view is View.PLACES:
            self._day_chip(FREE_DAYS)
        elif self.view is View.EVENTS:
            self._day_chip(DAYS)
        if self.view is not View.PEOPLE:
            self._radius_chip()

    def _day_chip(self, days: Mapping[str, str]) -> None:
        self._menu_chip(
            days.get(self.day or "", tx.any_day),
            "event",
            {None: tx.any_day, **days},
            self.set_day,
            chosen=self.day in days,
            marker="filter-day",
        )

    def _city_chip(self) -> None:
        self._menu_chip(
            self.city.value if self.city else tx.any_city,
            "location_city",
            {None: tx.any_city, **{city: city.value for city in m.City}},
            self.set_city,
            chosen=self.city is not None,
            marker="filter-city",
        )

    def _radius_chip(self) -> None:
        self._menu_chip(
            tx.within.format(km=self.radius_km) if self.radius_km else tx.near_me,
            "near_me",
            {None: tx.anywhere, **{km: tx.within.format(km=km) for km in RADII}},
            self.set_radius,
            chosen=self.radius_km is not None,
            marker="filter-radius",
        )

    def _menu_chip(
        self, label: str, icon: str, options: dict[Any, str], on_pick: Any, *, chosen: bool, marker: str
    ) -> None:
        button = chip(label, icon).props('icon-right="expand_more"').mark(marker)
        mark(button, chosen)
        with button, popup_menu(label):
            for value, text in options.items():
                popup_choice(text, partial(on_pick, value)).mark(
                    f"{marker}-{'any' if value is None else value}"
                )

    # Choosing filters ------------------------------------------------------------------------

    async def typed(self, event: Any) -> None:
        self.text = event.value if isinstance(event.value, str) else ""
        await self.refresh_results()

    async def set_view(self, view: View) -> None:
        if view is self.view:
            return
        self.view = view
        self.next_cursor = None
        if view is View.PLACES and self.day not in FREE_DAYS:
            self.day = None  # places are filtered by one day with a court free, not a range
        self.controls.refresh()
        await self.refresh_results()

    async def set_kind(self, kind: m.ActivityType | None) -> None:
        self.kind = kind
        await self._changed()

    async def set_day(self, day: str | None) -> None:
        self.day = day
        await self._changed()

    async def set_time(self, part: s.TimeOfDay | None) -> None:
        self.time_of_day = part
        await self._changed()

    async def set_city(self, city: m.City | None) -> None:
        self.city = city
        await self._changed()

    async def toggle_circles(self) -> None:
        self.my_circles = not self.my_circles
        await self._changed()

    async def set_radius(self, km: int | None) -> None:
        self.note = None
        if km is None:
            self.radius_km = None
            await self._changed()
            return
        if self.centre is None:
            self.note = tx.locating
            self.controls.refresh()
            self.centre = await self.locate()
        if self.centre is None:
            self.note = None
            feedback.failed(tx.no_location)
            self.controls.refresh()
            return
        self.radius_km = km
        await self._changed()

    async def locate(self) -> tuple[float, float] | None:
        """The phone's position when the person allows it, else the centre of their city."""
        try:
            found = await ui.run_javascript(LOCATE_JS, timeout=GEOLOCATION_TIMEOUT)
        except TimeoutError:
            found = None
        if isinstance(found, list) and len(found) == 2:
            self.note = None
            return float(found[0]), float(found[1])
        if self.member.city is not None:
            self.note = tx.using_city.format(city=self.member.city.value)
            return CITY_CENTRES[self.member.city]
        return None

    async def _changed(self) -> None:
        self.next_cursor = None
        self.controls.refresh()
        await self.refresh_results()

    def toggle_map(self) -> None:
        self.show_map = not self.show_map
        self.controls.refresh()
        self.results.refresh()

    # Results ---------------------------------------------------------------------------------

    @ui.refreshable_method
    def results(self) -> None:
        with ui.column().classes("w-full gap-3").mark("results"):
            if self.loading:
                card_skeleton()
                card_skeleton()
            elif self.view is View.PEOPLE:
                self._people()
            elif self.view is View.PLACES:
                self._places()
            elif self.view is View.EVENTS:
                self._events()
            elif not self.activities:
                empty_state("search_off", tx.empty_activities_title, tx.empty_activities)
            elif self.show_map:
                self._map(
                    [
                        Pin(a.lat, a.lng, _popup(a))
                        for a in self.activities
                        if a.lat is not None and a.lng is not None
                    ]
                )
                self._count(len(self.activities))
            else:
                self._count(len(self.activities))
                now = utcnow()
                for activity in self.activities:
                    activity_card(activity, now=now, target=activity_path(activity.id))
                    _distance(activity.distance_km)
            if not self.loading and self.next_cursor and not self.show_map:
                secondary_button(tx.show_more, self.show_more).classes("w-full").mark("show-more")

    def _places(self) -> None:
        if not self.places:
            empty_state("storefront", tx.empty_places_title, tx.empty_places)
            return
        if self.show_map:
            self._map([Pin(place.lat, place.lng, _place_popup(place)) for place in self.places])
        else:
            for place in self.places:
                venue_card(place)
        self._count(len(self.places))

    def _events(self) -> None:
        if not self.events:
            empty_state("event_busy", tx.empty_events_title, tx.empty_events)
            return
        if self.show_map:
            self._map(
                [
                    Pin(e.lat, e.lng, _event_popup(e))
                    for e in self.events
                    if e.lat is not None and e.lng is not None
                ]
            )
            self._count(len(self.events))
            return
        self._count(len(self.events))
        now = utcnow()
        for event in self.events:
            event_card(event, now=now)
            _distance(event.distance_km)

    def _count(self, count: int) -> None:
        text = (
            tx.more_results.format(count=count)
            if self.next_cursor
            else tx.results.format(count=count, s="" if count == 1 else "s")
        )
        ui.label(text).classes("text-meta text-muted")

    def _people(self) -> None:
        if not self.people:
            empty_state("person_search", tx.empty_people_title, tx.empty_people)
            return
        self._count(len(self.people))
        with panel(classes="gap-0 px-4 py-1"):
            for index, person in enumerate(self.people):
                with (
                    ui.row()
                    .classes(
                        f"w-full items-center gap-2 flex-nowrap {'border-t border-line' if index else ''}"
                    )
                    .mark(f"person-{person.handle}")
                ):
                    with ui.element("div").classes("flex-1 min-w-0"):
                        person_row(
                            person.name,
                            person.handle,
                            person.avatar_url,
                            " \u00b7 ".join(p for p in (f"@{person.handle}", person.city) if p),
                        )
                    trust_badge(person.trust_level)

    def _map(self, pins: list[Pin]) -> None:
        if not pins:
            ui.label(tx.no_map_places).classes("text-meta text-muted")
        city_centre = CITY_CENTRES.get(self.member.city, PAKISTAN) if self.member.city else PAKISTAN
        pin_map(
            pins,
            centre=self.centre or (None if pins else city_centre),
            you=self.centre,
            zoom=11 if pins else 5,
        )


def _distance(km: float | None) -> None:
    if km is not None:
        ui.label(f"{km:.1f} km away").classes("text-meta text-muted -mt-2 pl-1")


def _popup(activity: s.Activity) -> str:
    return (
        f'<a href="{activity_path(activity.id)}">{escape(activity.title)}</a><br>'
        f"{escape(formats.when(activity.starts_at))}<br>{escape(activity.place_name)}"
    )


def _place_popup(place: venues_s.VenueSummary) -> str:
    price = (
        t("venue_card.from_price", price=formats.rupees(place.price_from_pkr)) if place.price_from_pkr else ""
    )
    return (
        f'<a href="{venue_path(place)}">{escape(place.name)}</a><br>'
        f"{escape(area_of(place.address, place.city))}<br>{escape(price)}"
    )


def _event_popup(event: events_s.Event) -> str:
    return (
        f'<a href="{event_path(event.id)}">{escape(event.title)}</a><br>'
        f"{escape(formats.when(event.starts_at))}<br>{escape(price_label(event.price_from_pkr))}"
    )

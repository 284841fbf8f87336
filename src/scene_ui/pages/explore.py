"""Explore: search and filter activities (list or map) and people."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum
from functools import partial
from html import escape
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.users import schemas as users_s
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import KARACHI, utcnow
from scene_ui import feedback, formats, session, theme
from scene_ui.components.activity_card import activity_card, activity_path
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import person_row
from scene_ui.components.section import panel, scroller
from scene_ui.components.skeleton import card_skeleton
from scene_ui.components.trust import trust_badge

TITLE = "Explore"
SEARCH_ACTIVITIES = "Search games, places"
SEARCH_PEOPLE = "Search names or @handles"
TAB_ACTIVITIES = "Activities"
TAB_PEOPLE = "People"
ANY_TYPE = "Any activity"
ANY_DAY = "Any day"
ANY_TIME = "Any time"
ANYWHERE = "Anywhere"
ANY_CITY = "Any city"
MY_CIRCLES = "My circles"
NEAR_ME = "Near me"
WITHIN = "Within {km} km"
LIST = "List"
MAP = "Map"
RESULTS = "{count} result{s}"
MORE_RESULTS = "{count}+ results"
SHOW_MORE = "Show more"
LOCATING = "Finding where you are..."
USING_CITY = "Location is off, so distances are from the centre of {city}."
NO_LOCATION = "Turn on location, or set your city in your profile, to search by distance."
NO_MAP_PLACES = "None of these have a place on the map yet."
EMPTY_ACTIVITIES_TITLE = "No activities match"
EMPTY_ACTIVITIES = "Try fewer filters, another day, or a wider distance."
EMPTY_PEOPLE_TITLE = "No one matches"
EMPTY_PEOPLE = "Try another name, city or activity."

DAYS = {
    "today": "Today",
    "tomorrow": "Tomorrow",
    "weekend": "This weekend",
    "week": "Next 7 days",
}
TIMES = {
    s.TimeOfDay.MORNING: "Morning",
    s.TimeOfDay.AFTERNOON: "Afternoon",
    s.TimeOfDay.EVENING: "Evening",
    s.TimeOfDay.NIGHT: "Night",
}
RADII = (5, 10, 25, 50)
PAGE_SIZE = 20
SEARCH_DEBOUNCE_MS = 400
GEOLOCATION_TIMEOUT = 10.0
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
TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "&copy; OpenStreetMap"
BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
"""What a tile that could not load shows (offline): nothing, so the map's plain background stays."""
PAKISTAN = (30.3753, 69.3451)


class View(StrEnum):
    ACTIVITIES = "activities"
    PEOPLE = "people"


def create() -> None:
    ui.page("/explore")(session.members_only(explore_page))


async def explore_page(tab: str | None = None, circles: str | None = None) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    explorer = Explorer(member, View.PEOPLE if tab == View.PEOPLE else View.ACTIVITIES)
    explorer.my_circles = circles == "1"
    await explorer.search()
    with frame(TITLE, active=Tab.EXPLORE, member=member):
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
        self.city: m.City | None = None
        self.show_map = False
        self.activities: list[s.Activity] = []
        self.people: list[users_s.Member] = []
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
        self.controls()
        self.results()

    @ui.refreshable_method
    def controls(self) -> None:
        with ui.column().classes("w-full gap-3"):
            placeholder = SEARCH_PEOPLE if self.view is View.PEOPLE else SEARCH_ACTIVITIES
            search = ui.input(placeholder=placeholder, value=self.text).props(
                'outlined dense clearable type="search" enterkeyhint="search"'
            )
            search.classes("w-full").mark("search")
            with search.add_slot("prepend"):
                ui.icon("search").classes("text-muted")
            search.props(f"debounce={SEARCH_DEBOUNCE_MS}").on_value_change(self.typed)
            self._tabs()
            with scroller() as row:
                row.props('role="toolbar" aria-label="Filters"')
                self._menu_chip(
                    LABELS[self.kind] if self.kind else ANY_TYPE,
                    ICONS[self.kind] if self.kind else "category",
                    {None: ANY_TYPE, **{kind: LABELS[kind] for kind in m.ActivityType}},
                    self.set_kind,
                    chosen=self.kind is not None,
                    marker="filter-type",
                )
                if self.view is View.ACTIVITIES:
                    self._activity_chips()
                else:
                    self._menu_chip(
                        self.city.value if self.city else ANY_CITY,
                        "location_city",
                        {None: ANY_CITY, **{city: city.value for city in m.City}},
                        self.set_city,
                        chosen=self.city is not None,
                        marker="filter-city",
                    )
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
                for view, label in ((View.ACTIVITIES, TAB_ACTIVITIES), (View.PEOPLE, TAB_PEOPLE)):
                    picked = view is self.view
                    tone = "bg-raised text-ink" if picked else "text-muted"
                    ui.button(label, color=None, on_click=partial(self.set_view, view)).props(
                        f'unelevated rounded no-caps role="tab" aria-selected="{str(picked).lower()}"'
                    ).classes(f"flex-1 min-h-10 text-meta font-semibold {tone}").mark(f"tab-{view.value}")
            if self.view is View.ACTIVITIES:
                ui.button(
                    icon="map" if not self.show_map else "view_agenda", color=None, on_click=self.toggle_map
                ).props(f'unelevated round aria-label="{LIST if self.show_map else MAP}"').classes(
                    "w-11 h-11 shrink-0 bg-surface border border-line text-ink"
                ).mark("toggle-map")

    def _activity_chips(self) -> None:
        self._menu_chip(
            DAYS[self.day] if self.day else ANY_DAY,
            "event",
            {None: ANY_DAY, **DAYS},
            self.set_day,
            chosen=self.day is not None,
            marker="filter-day",
        )
        self._menu_chip(
            TIMES[self.time_of_day] if self.time_of_day else ANY_TIME,
            "schedule",
            {None: ANY_TIME, **TIMES},
            self.set_time,
            chosen=self.time_of_day is not None,
            marker="filter-time",
        )
        self._menu_chip(
            WITHIN.format(km=self.radius_km) if self.radius_km else NEAR_ME,
            "near_me",
            {None: ANYWHERE, **{km: WITHIN.format(km=km) for km in RADII}},
            self.set_radius,
            chosen=self.radius_km is not None,
            marker="filter-radius",
        )
        circles = chip(MY_CIRCLES, "groups", on_click=self.toggle_circles).mark("filter-circles")
        mark(circles, self.my_circles)

    def _menu_chip(
        self, label: str, icon: str, options: dict[Any, str], on_pick: Any, *, chosen: bool, marker: str
    ) -> None:
        button = chip(label, icon).props('icon-right="expand_more"').mark(marker)
        mark(button, chosen)
        with button, ui.menu().props("auto-close").classes("bg-raised"):
            for value, text in options.items():
                ui.menu_item(text, partial(on_pick, value)).mark(
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
            self.note = LOCATING
            self.controls.refresh()
            self.centre = await self.locate()
        if self.centre is None:
            self.note = None
            feedback.failed(NO_LOCATION)
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
            self.note = USING_CITY.format(city=self.member.city.value)
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
            elif not self.activities:
                empty_state("search_off", EMPTY_ACTIVITIES_TITLE, EMPTY_ACTIVITIES)
            elif self.show_map:
                self._map()
            else:
                self._count(len(self.activities))
                now = utcnow()
                for activity in self.activities:
                    activity_card(activity, now=now, target=activity_path(activity.id))
                    if activity.distance_km is not None:
                        ui.label(f"{activity.distance_km:.1f} km away").classes(
                            "text-meta text-muted -mt-2 pl-1"
                        )
            if not self.loading and self.next_cursor and not self.show_map:
                secondary_button(SHOW_MORE, self.show_more).classes("w-full").mark("show-more")

    def _count(self, count: int) -> None:
        text = (
            MORE_RESULTS.format(count=count)
            if self.next_cursor
            else RESULTS.format(count=count, s="" if count == 1 else "s")
        )
        ui.label(text).classes("text-meta text-muted")

    def _people(self) -> None:
        if not self.people:
            empty_state("person_search", EMPTY_PEOPLE_TITLE, EMPTY_PEOPLE)
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

    def _map(self) -> None:
        placed = [a for a in self.activities if a.lat is not None and a.lng is not None]
        if not placed:
            ui.label(NO_MAP_PLACES).classes("text-meta text-muted")
        centre = self.centre or (
            (placed[0].lat, placed[0].lng)
            if placed and placed[0].lat is not None and placed[0].lng is not None
            else CITY_CENTRES.get(self.member.city, PAKISTAN)
            if self.member.city
            else PAKISTAN
        )
        leaflet = ui.leaflet(center=centre, zoom=11 if placed else 5).classes(
            "scene-map w-full h-[60vh] min-h-[320px] rounded-card border border-line overflow-hidden"
        )
        leaflet.mark("map")
        leaflet.clear_layers()
        leaflet.tile_layer(
            url_template=TILES,
            options={"attribution": TILES_ATTRIBUTION, "maxZoom": 19, "errorTileUrl": BLANK_TILE},
        )
        popups = []
        for activity in placed:
            layer = leaflet.generic_layer(
                name="circleMarker",
                args=[
                    [activity.lat, activity.lng],
                    {
                        "radius": 10,
                        "color": theme.BACKGROUND,
                        "weight": 3,
                        "fillColor": theme.ACCENT,
                        "fillOpacity": 1,
                    },
                ],
            )
            popups.append((layer, _popup(activity)))
        if self.centre:
            leaflet.generic_layer(
                name="circleMarker",
                args=[list(self.centre), {"radius": 7, "color": theme.TEXT, "weight": 2, "fillOpacity": 0}],
            )

        def bind_popups() -> None:
            for layer, html in popups:
                layer.run_method("bindPopup", html)
            points = [[a.lat, a.lng] for a in placed]
            if self.centre:
                points.append(list(self.centre))
            if len(points) > 1:
                leaflet.run_map_method("fitBounds", points, {"padding": [32, 32], "maxZoom": 13})

        leaflet.on("init", bind_popups)
        self._count(len(self.activities))


def _popup(activity: s.Activity) -> str:
    return (
        f'<a href="{activity_path(activity.id)}">{escape(activity.title)}</a><br>'
        f"{escape(formats.when(activity.starts_at))}<br>{escape(activity.place_name)}"
    )

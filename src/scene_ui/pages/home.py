"""Home: for members a dashboard of sideways rows (open games, events, places to book, people, their
circles); for visitors the open public activities coming up, soonest first, grouped by day, by kind."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import groupby

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.events import schemas as events_s
from scene_api.domain.users import schemas as users_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import formats, session
from scene_ui.components.activity_card import activity_card, activity_path
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import link_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.empty_state import empty_note, empty_state
from scene_ui.components.event_card import event_card
from scene_ui.components.frame import Tab, frame
from scene_ui.components.near import when_near
from scene_ui.components.person_card import person_card
from scene_ui.components.section import page_heading, scroller, section_header
from scene_ui.components.skeleton import card_skeleton
from scene_ui.components.venue_card import venue_card
from scene_ui.i18n import texts
from scene_ui.state import page_services

tx = texts("home")
CARD_WIDTH = "w-[17.5rem]"


PAGE_SIZE = 20
ROW_SIZE = 10
ROWS_AT_ONCE = 2
"""Rows built with the page (what the first screen shows); the others when the member scrolls near them,
so a member who stays at the top holds a third of the dashboard's elements in the server's memory."""
CARDS_AT_ONCE = 2
"""Cards of a row built with it: the one on screen and the one peeking at its end; the rest when the member
swipes the row towards them. NiceGUI holds every element of a connected page, ~5 KB each, and a card is
15-20 of them: building 2 of a row's 10 cards brings the home under 1 MB per connected member."""
MORE_CARDS_LAYOUT = "flex flex-nowrap items-stretch gap-2 shrink-0"
FILTER_TYPES = tuple(kind for kind in m.ActivityType if kind is not m.ActivityType.OTHER)


def count_label(count: int) -> str:
    return tx("activity_count" if count == 1 else "activities_count", count=count)


def create() -> None:
    ui.page("/")(home)


async def home() -> RedirectResponse | None:
    member = await session.current_member()
    if member is None:
        await _visitor_home()
        return None
    if not member.profile_complete:
        return RedirectResponse(session.SETUP, status_code=303)
    dashboard = _Dashboard(member)
    await dashboard.load()
    with frame(tx.title, active=Tab.HOME, member=member):
        dashboard.render()
    return None


async def _visitor_home() -> None:
    feed = _Feed()
    await feed.load()
    with frame(tx.title):
        page_heading(tx.heading, tx.subheading)
        feed.filters()
        feed.listing()
        _invite_banner()


def _invite_banner() -> None:
    with ui.column().classes("w-full gap-3 p-5 rounded-card bg-accent-soft border border-line"):
        ui.label(tx.invite_title).classes("text-title font-bold text-ink")
        ui.label(tx.invite_message).classes("text-body text-muted")
        link_button(tx.invite_action, "/join", primary=True, icon="mail_outline").classes("w-full")


class _Dashboard:
    """A member's home: sideways rows, each from one service call in one unit of work."""

    def __init__(self, member: session.Member) -> None:
        self.member = member
        self.people: list[users_s.Member] = []
        self.open_to_join: list[users_s.Member] = []
        self.games: list[s.Activity] = []
        self.circle_games: list[s.Activity] = []
        self.events: list[events_s.Event] = []
        self.featured = True
        self.places: list[venues_s.VenueSummary] = []

    async def load(self) -> None:
        city = self.member.city
        async with session.member_services() as (services, me):
            people = await services.users.search(me.user, city=city, limit=ROW_SIZE + 1)
            games = await services.activities.discover(
                me.user, s.ActivityFilters(city=city.value if city else None), limit=ROW_SIZE
            )
            circle_games = await services.activities.discover(
                me.user, s.ActivityFilters(my_circles=True), limit=ROW_SIZE
            )
            open_to_join = await services.users.search(
                me.user, city=city, open_to_join=True, limit=ROW_SIZE + 1
            )
            events = await services.events.discover(
                me.user, events_s.EventFilters(featured=True), limit=ROW_SIZE
            )
            if not events.items:  # nothing featured: what is coming up
                self.featured = False
                events = await services.events.discover(me.user, events_s.EventFilters(), limit=ROW_SIZE)
            places = await services.venues.discover(venues_s.VenueFilters(city=city), limit=ROW_SIZE)
        self.people = [person for person in people.items if person.id != self.member.id][:ROW_SIZE]
        self.open_to_join = [person for person in open_to_join.items if person.id != self.member.id][
            :ROW_SIZE
        ]
        self.games = games.items
        self.circle_games = circle_games.items
        self.events = events.items
        self.places = places.items

    def render(self) -> None:
        first_name = self.member.name.split()[0] if self.member.name else self.member.handle
        page_heading(tx.greeting.format(name=first_name), tx.member_subheading)
        city = self.member.city.value if self.member.city else None
        now = utcnow()

        def in_city(general: str, local: str) -> str:
            return local.format(city=city) if city else general

        rows: list[partial[None]] = []

        rows.append(
            partial(
                _row,
                "open-games",
                in_city(tx.open_games, tx.open_games_in_city),
                "/explore",
                [
                    partial(activity_card, a, now=now, target=activity_path(a.id), width=CARD_WIDTH)
                    for a in self.games
                ],
                tx.no_games,
                action=(tx.no_games_action, "/create"),
            )
        )
        rows.append(
            partial(
                _row,
                "featured-events",
                tx.featured_events if self.featured else tx.upcoming_events,
                "/explore?tab=events",
                [partial(event_card, event, now=now, width=CARD_WIDTH) for event in self.events],
                tx.no_events,
            )
        )
        rows.append(
            partial(
                _row,
                "places",
                in_city(tx.places, tx.places_in_city),
                "/explore?tab=places",
                [partial(venue_card, place, width=CARD_WIDTH) for place in self.places],
                tx.no_places,
            )
        )
        rows.append(
            partial(
                _row,
                "for-you",
                in_city(tx.for_you, tx.for_you_in_city),
                "/explore?tab=people",
                [partial(person_card, person) for person in self.people],
                tx.no_people,
            )
        )
        rows.append(
            partial(
                _row,
                "open-to-join",
                in_city(tx.open_to_join, tx.open_to_join_in_city),
                None,
                [partial(person_card, person) for person in self.open_to_join],
                tx.no_open_to_join,
                action=(tx.edit_profile, "/me/edit"),
            )
        )
        rows.append(
            partial(
                _row,
                "from-circles",
                tx.from_circles,
                "/explore?circles=1",
                [
                    partial(activity_card, a, now=now, target=activity_path(a.id), width=CARD_WIDTH)
                    for a in self.circle_games
                ],
                tx.no_circle_games,
            )
        )
        for index, row in enumerate(rows):
            if index < ROWS_AT_ONCE:
                row()
            else:
                when_near(row, marker=f"near-{row.args[0]}")


def _row(
    marker: str,
    title: str,
    see_all: str | None,
    cards: list[Callable[[], object]],
    empty: str,
    *,
    action: tuple[str, str] | None = None,
) -> None:
    """A heading (with `See all` when there is more to explore) over cards that scroll sideways."""
    with ui.column().classes("w-full gap-3").mark(marker):
        section_header(title, link=(tx.see_all, see_all) if see_all else None)
        if not cards:
            empty_note(empty, action)
            return
        with scroller():
            for card in cards[:CARDS_AT_ONCE]:
                card()
            if len(cards) > CARDS_AT_ONCE:
                when_near(
                    partial(_build, cards[CARDS_AT_ONCE:]),
                    marker=f"near-{marker}-more",
                    placeholder=CARD_WIDTH,
                    layout=MORE_CARDS_LAYOUT,
                )


def _build(cards: list[Callable[[], object]]) -> None:
    for card in cards:
        card()


class _Feed:
    """What the list shows: the kind chosen, the activities loaded so far, where the next page starts."""

    def __init__(self) -> None:
        self.kind: m.ActivityType | None = None
        self.activities: list[s.Activity] = []
        self.next_cursor: str | None = None
        self.loading = False
        self.chips: dict[m.ActivityType | None, ui.button] = {}

    async def load(self, *, more: bool = False) -> None:
        """The first page for the chosen kind, or the next one; a late reply for another kind is dropped."""
        kind, cursor = self.kind, self.next_cursor if more else None
        async with page_services() as services:
            page = await services.activities.list_upcoming(activity_type=kind, limit=PAGE_SIZE, cursor=cursor)
        if kind is self.kind:
            self.activities = [*self.activities, *page.items] if more else page.items
            self.next_cursor = page.next_cursor

    def filters(self) -> None:
        with scroller() as row:
            row.props(f'role="toolbar" aria-label="{tx.filters_label}"')
            self.chips[None] = chip(tx.all_types, None, on_click=partial(self.choose, None))
            for kind in FILTER_TYPES:
                self.chips[kind] = chip(LABELS[kind], ICONS[kind], on_click=partial(self.choose, kind))
        self._mark_chosen()

    async def choose(self, kind: m.ActivityType | None) -> None:
        if kind is self.kind:
            return
        self.kind = kind
        self._mark_chosen()
        self.loading = True
        self.listing.refresh()
        try:
            await self.load()
        finally:
            if kind is self.kind:
                self.loading = False
                self.listing.refresh()

    async def show_more(self, button: ui.button) -> None:
        button.props("loading")
        try:
            await self.load(more=True)
        finally:
            self.listing.refresh()

    def _mark_chosen(self) -> None:
        for kind, button in self.chips.items():
            mark(button, kind is self.kind)

    @ui.refreshable_method
    def listing(self) -> None:
        if self.loading:
            with ui.column().classes("w-full gap-3"):
                card_skeleton()
                card_skeleton()
        elif not self.activities:
            if self.kind is None:
                empty_state("event_available", tx.empty_title, tx.empty_message)
            else:
                title = tx.empty_type_title.format(kind=LABELS[self.kind].lower())
                empty_state(ICONS[self.kind], title, tx.empty_type_message)
        else:
            self._days()

    def _days(self) -> None:
        now = utcnow()
        today = formats.today(now)
        for day, group in groupby(self.activities, key=lambda a: max(to_local(a.starts_at).date(), today)):
            activities = list(group)
            with ui.column().classes("w-full gap-3"):
                section_header(formats.day_heading(day, now=now), count_label(len(activities)))
                for activity in activities:
                    activity_card(activity, now=now, target=f"/a/{activity.slug}")
        if self.next_cursor:
            more = ui.button(tx.show_more, color=None).props("unelevated rounded no-caps")
            more.classes("w-full min-h-touch bg-surface text-ink border border-line text-body font-semibold")
            more.on_click(partial(self.show_more, more))

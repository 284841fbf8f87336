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
from scene_ui.components.empty_state import empty_state
from scene_ui.components.event_card import event_card
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import person_card
from scene_ui.components.section import page_heading, scroller, section_header
from scene_ui.components.skeleton import card_skeleton
from scene_ui.components.venue_card import venue_card
from scene_ui.state import page_services

TITLE = "Home"
HEADING = "What's on"
SUBHEADING = "Open games and meetups, soonest first."
FILTERS_LABEL = "Kind of activity"
ALL_TYPES = "All"
EMPTY_TITLE = "Nothing on yet"
EMPTY_MESSAGE = "When members post open games and meetups, they show up here."
EMPTY_TYPE_TITLE = "No {kind} coming up"
EMPTY_TYPE_MESSAGE = "Nothing open right now. Try another activity, or check back soon."
SHOW_MORE = "Show more"
INVITE_TITLE = "Scene is invite-only"
INVITE_MESSAGE = "Members post these games. Join with an invite from a friend to play."
INVITE_ACTION = "I have an invite"

GREETING = "Salaam, {name}"
MEMBER_SUBHEADING = "Games that need players, and people to play with."
FOR_YOU = "People for you"
FOR_YOU_IN_CITY = "People in {city}"
OPEN_GAMES = "Open games"
OPEN_GAMES_IN_CITY = "Open games in {city}"
FROM_CIRCLES = "From your circles"
OPEN_TO_JOIN = "Open to join"
OPEN_TO_JOIN_IN_CITY = "Open to join in {city}"
FEATURED_EVENTS = "Featured events"
UPCOMING_EVENTS = "Events coming up"
PLACES = "Places to book"
PLACES_IN_CITY = "Places to book in {city}"
NO_OPEN_TO_JOIN = "No one has said they're up for a game yet. Say you are, on your profile."
EDIT_PROFILE = "Edit profile"
NO_EVENTS = "No events coming up yet."
NO_PLACES = "No courts to book here yet."
SEE_ALL = "See all"
NO_PEOPLE = "No one to suggest yet. Invite friends who play, and they show up here."
NO_GAMES = "No open games right now."
NO_GAMES_ACTION = "Host one"
NO_CIRCLE_GAMES = "Nothing from your circles yet. Games shared with a circle you're in land here."

PAGE_SIZE = 20
ROW_SIZE = 10
CARD_WIDTH = "w-[17.5rem]"
FILTER_TYPES = tuple(kind for kind in m.ActivityType if kind is not m.ActivityType.OTHER)


def count_label(count: int) -> str:
    return f"{count} activit{'y' if count == 1 else 'ies'}"


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
    with frame(TITLE, active=Tab.HOME, member=member):
        dashboard.render()
    return None


async def _visitor_home() -> None:
    feed = _Feed()
    await feed.load()
    with frame(TITLE):
        page_heading(HEADING, SUBHEADING)
        feed.filters()
        feed.listing()
        _invite_banner()


def _invite_banner() -> None:
    with ui.column().classes("w-full gap-3 p-5 rounded-card bg-accent-soft border border-line"):
        ui.label(INVITE_TITLE).classes("text-title font-bold text-ink")
        ui.label(INVITE_MESSAGE).classes("text-body text-muted")
        link_button(INVITE_ACTION, "/join", primary=True, icon="mail_outline").classes("w-full")


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
        page_heading(GREETING.format(name=first_name), MEMBER_SUBHEADING)
        city = self.member.city.value if self.member.city else None
        now = utcnow()

        def in_city(general: str, local: str) -> str:
            return local.format(city=city) if city else general

        _row(
            "open-games",
            in_city(OPEN_GAMES, OPEN_GAMES_IN_CITY),
            "/explore",
            [
                partial(activity_card, a, now=now, target=activity_path(a.id), width=CARD_WIDTH)
                for a in self.games
            ],
            NO_GAMES,
            action=(NO_GAMES_ACTION, "/create"),
        )
        _row(
            "featured-events",
            FEATURED_EVENTS if self.featured else UPCOMING_EVENTS,
            "/explore?tab=events",
            [partial(event_card, event, now=now, width=CARD_WIDTH) for event in self.events],
            NO_EVENTS,
        )
        _row(
            "places",
            in_city(PLACES, PLACES_IN_CITY),
            "/explore?tab=places",
            [partial(venue_card, place, width=CARD_WIDTH) for place in self.places],
            NO_PLACES,
        )
        _row(
            "for-you",
            in_city(FOR_YOU, FOR_YOU_IN_CITY),
            "/explore?tab=people",
            [partial(person_card, person) for person in self.people],
            NO_PEOPLE,
        )
        _row(
            "open-to-join",
            in_city(OPEN_TO_JOIN, OPEN_TO_JOIN_IN_CITY),
            None,
            [partial(person_card, person) for person in self.open_to_join],
            NO_OPEN_TO_JOIN,
            action=(EDIT_PROFILE, "/me/edit"),
        )
        _row(
            "from-circles",
            FROM_CIRCLES,
            "/explore?circles=1",
            [
                partial(activity_card, a, now=now, target=activity_path(a.id), width=CARD_WIDTH)
                for a in self.circle_games
            ],
            NO_CIRCLE_GAMES,
        )


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
        section_header(title, link=(SEE_ALL, see_all) if see_all else None)
        if not cards:
            _quiet_empty(empty, action)
            return
        with scroller():
            for card in cards:
                card()


def _quiet_empty(message: str, action: tuple[str, str] | None = None) -> None:
    with ui.row().classes(
        "w-full items-center gap-3 p-4 rounded-card border border-dashed border-line flex-nowrap"
    ):
        ui.label(message).classes("flex-1 text-meta text-muted")
        if action:
            ui.link(action[0], action[1]).classes(
                "text-meta font-semibold text-accent no-underline whitespace-nowrap"
            )


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
            row.props(f'role="toolbar" aria-label="{FILTERS_LABEL}"')
            self.chips[None] = chip(ALL_TYPES, None, on_click=partial(self.choose, None))
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
                empty_state("event_available", EMPTY_TITLE, EMPTY_MESSAGE)
            else:
                title = EMPTY_TYPE_TITLE.format(kind=LABELS[self.kind].lower())
                empty_state(ICONS[self.kind], title, EMPTY_TYPE_MESSAGE)
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
            more = ui.button(SHOW_MORE, color=None).props("unelevated rounded no-caps")
            more.classes("w-full min-h-touch bg-surface text-ink border border-line text-body font-semibold")
            more.on_click(partial(self.show_more, more))

"""Home: the open activities coming up, soonest first, grouped by day, filtered by kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from itertools import groupby

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import formats
from scene_ui.components.activity_card import activity_card
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import Tab, frame
from scene_ui.components.section import scroller, section_header
from scene_ui.components.skeleton import card_skeleton
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

PAGE_SIZE = 20
FILTER_TYPES = tuple(kind for kind in m.ActivityType if kind is not m.ActivityType.OTHER)
SELECTED_CHIP = "bg-accent text-on-accent border-accent"
UNSELECTED_CHIP = "bg-surface text-ink border-line"


def count_label(count: int) -> str:
    return f"{count} activit{'y' if count == 1 else 'ies'}"


def create() -> None:
    ui.page("/")(home)


async def home() -> None:
    feed = _Feed()
    await feed.load()
    with frame(TITLE, active=Tab.HOME):
        with ui.column().classes("gap-1"):
            ui.label(HEADING).classes("text-display font-extrabold text-ink").props(
                'role="heading" aria-level="1"'
            )
            ui.label(SUBHEADING).classes("text-body text-muted")
        feed.filters()
        feed.listing()


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
            self.chips[None] = _chip(ALL_TYPES, None, on_click=partial(self.choose, None))
            for kind in FILTER_TYPES:
                self.chips[kind] = _chip(LABELS[kind], ICONS[kind], on_click=partial(self.choose, kind))
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
        for kind, chip in self.chips.items():
            chosen = kind is self.kind
            chip.classes(
                add=SELECTED_CHIP if chosen else UNSELECTED_CHIP,
                remove=UNSELECTED_CHIP if chosen else SELECTED_CHIP,
            ).props(f'aria-pressed="{str(chosen).lower()}"')

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
                    activity_card(activity, now=now)
        if self.next_cursor:
            more = ui.button(SHOW_MORE, color=None).props("unelevated rounded no-caps")
            more.classes("w-full min-h-touch bg-surface text-ink border border-line text-body font-semibold")
            more.on_click(partial(self.show_more, more))


def _chip(label: str, icon: str | None, *, on_click: Callable[[], Awaitable[None]]) -> ui.button:
    chip = ui.button(label, icon=icon, color=None, on_click=on_click).props("unelevated rounded no-caps")
    return chip.classes("min-h-touch px-4 border text-meta font-semibold [&_.q-icon]:text-lg")

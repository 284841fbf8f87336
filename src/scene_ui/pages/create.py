"""Create: hosting an activity in six steps (what, when, where, who, visibility, review).

Each step checks that its answers are there and within the schema's limits before moving on; the
rules that need the database or the clock (a start in the future, circles one is in) are the
activity service's, and a refusal from it opens the step its field belongs to, with the message there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, time, timedelta
from functools import partial
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.trust import schemas as trust_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.services import Services
from scene_ui import drafts, feedback, formats, session, state
from scene_ui.components import wizard
from scene_ui.components.activity_card import activity_path, level_label
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.buttons import ghost_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.frame import Tab, frame
from scene_ui.components.hosting_choices import (
    approval_summary,
    trusted_choice,
    underfill_choice,
    underfill_summary,
)
from scene_ui.components.section import page_heading, panel
from scene_ui.components.venue_card import area_of
from scene_ui.i18n import Labels, texts

tx = texts("create")
DEFAULT_START = "19:00"

STEP_NAMES = ("what", "when", "where", "who", "visibility", "review")
"""Catalogue keys (`step_name_<key>`) of the six steps, in order."""


DAY_CHOICES = 7
DURATIONS = (60, 90, 120, 180)


AUDIENCES: Labels[m.Audience] = Labels(
    "create", {audience: f"audience_{audience.value}" for audience in m.Audience}
)

VENUES_SHOWN = 8
"""Venues of the city the where step lists; when a city has more, a search box finds the others."""

Venue = venues_s.VenueSummary | venues_s.VenueDetail
"""A venue on Scene as the wizard holds it: from the city's list, or from `/create?venue=<slug>`."""

DEFAULT_DURATION = 90
DEFAULT_CAPACITY = 3
MAX_CAPACITY = 500

FIELD_STEPS = {
    "type": 0,
    "title": 0,
    "description": 0,
    "starts_at": 1,
    "ends_at": 1,
    "place_name": 2,
    "city": 2,
    "lat": 2,
    "lng": 2,
    "venue_id": 2,
    "capacity": 3,
    "skill_min": 3,
    "skill_max": 3,
    "cost_pkr": 3,
    "audience": 3,
    "visibility": 4,
    "circle_ids": 4,
    "auto_approve": 4,
    "auto_approve_trusted": 4,
    "underfill_cancel_hours": 4,
}
"""Which step shows an error about which field of ActivityCreate."""


def create() -> None:
    ui.page("/create")(session.members_only(create_page))


async def create_page(
    venue: str | None = None, day: str | None = None, start: str | None = None, length: str | None = None
) -> None:
    """`/create?venue=<slug>&day=YYYY-MM-DD&start=HH:MM&length=90` starts at that venue and time (the
    venue page's "Host a match here"); a venue or time that doesn't fit is left out, not refused."""
    member = await session.current_member()
    assert member is not None  # members_only
    async with session.member_services() as (services, me):
        circles = await services.circles.list_mine(me.user, limit=100)
        try:
            at = await services.venues.get_by_slug(venue) if venue else None
        except NotFound:
            at = None
    draft = Wizard(member, circles.items, venue=at)
    draft.preset_time(day, start, length)
    with suppress(DomainError):  # the list stays empty; the member can still type a place
        await draft.load_venues()
    with frame(tx.title, active=Tab.CREATE, member=member):
        draft.render()


def city_of(venue: Venue) -> m.City | None:
    try:
        return m.City(venue.city)
    except ValueError:
        return None


class Wizard(wizard.SharedDraft):
    """The draft activity, step by step."""

    step_names = STEP_NAMES
    schema = s.ActivityCreate
    strings = tx

    def __init__(
        self, member: session.Member, circles: list[trust_s.Circle], *, venue: Venue | None = None
    ) -> None:
        # one draft per venue the wizard was opened at: "Host a match here" elsewhere starts afresh
        super().__init__(member.id, f"activity@{venue.slug}" if venue else "activity", circles)
        self.kind: m.ActivityType | None = None
        self.day = (formats.today() + timedelta(days=1)).isoformat()
        self.start = DEFAULT_START
        self.duration = DEFAULT_DURATION
        self.place_name = ""
        self.city: m.City | None = (city_of(venue) if venue else None) or member.city
        self.venue = venue
        self.venues: list[venues_s.VenueSummary] = []
        self.venues_city: m.City | None = None
        self.venue_query = ""
        self.searchable = False
        self.capacity = DEFAULT_CAPACITY
        self.skill = (1, 5)
        self.cost_pkr: int | None = 0
        self.audience = m.Audience.MIXED
        self.auto_approve = False
        self.auto_approve_trusted = m.TrustedApproval.NONE
        self.underfill_cancel_hours: int | None = None

    def preset_time(self, day: str | None, start: str | None, length: str | None) -> None:
        """The day, start and length a link asks for, when they read right (a day not past)."""
        try:
            if day and date.fromisoformat(day) >= formats.today():
                self.day = date.fromisoformat(day).isoformat()
        except ValueError:
            pass
        try:
            if start:
                self.start = f"{time.fromisoformat(start):%H:%M}"
        except ValueError:
            pass
        if length and length.isdigit() and int(length) in DURATIONS:
            self.duration = int(length)

    def step_views(self) -> list[Callable[[], None]]:
        return [self._what, self._when, self._where, self._who, self._visibility, self._review]

    def answers(self) -> drafts.Answers:
        return {
            "kind": drafts.value_of(self.kind),
            "title": self.title,
            "description": self.description,
            "day": self.day,
            "start": self.start,
            "duration": self.duration,
            "venue": self.venue.slug if self.venue else None,
            "place_name": self.place_name,
            "city": drafts.value_of(self.city),
            "capacity": self.capacity,
            "skill": list(self.skill),
            "cost_pkr": self.cost_pkr,
            "audience": drafts.value_of(self.audience),
            "auto_approve": self.auto_approve,
            "auto_approve_trusted": drafts.value_of(self.auto_approve_trusted),
            "underfill_cancel_hours": self.underfill_cancel_hours,
        } | self.visibility_answers()

    async def take_answers(self, answers: drafts.Answers) -> None:
        self.kind = drafts.choice(answers, "kind", m.ActivityType, self.kind)
        self.title = drafts.text(answers, "title", self.title)
        self.description = drafts.text(answers, "description", self.description)
        self.day = drafts.text(answers, "day", self.day)
        self.start = drafts.text(answers, "start", self.start)
        duration = drafts.whole(answers, "duration", self.duration)
        self.duration = duration if duration in DURATIONS else self.duration
        self.place_name = drafts.text(answers, "place_name", self.place_name)
        self.city = drafts.choice(answers, "city", m.City, self.city)
        capacity = drafts.whole(answers, "capacity", self.capacity) or self.capacity
        self.capacity = min(max(capacity, 1), MAX_CAPACITY)
        skill = answers.get("skill")
        if isinstance(skill, list) and len(skill) == 2 and all(isinstance(level, int) for level in skill):
            self.skill = (skill[0], skill[1])
        self.cost_pkr = drafts.whole(answers, "cost_pkr", self.cost_pkr)
        self.audience = drafts.choice(answers, "audience", m.Audience, self.audience) or self.audience
        self.auto_approve = drafts.flag(answers, "auto_approve", self.auto_approve)
        self.auto_approve_trusted = (
            drafts.choice(answers, "auto_approve_trusted", m.TrustedApproval, self.auto_approve_trusted)
            or self.auto_approve_trusted
        )
        self.underfill_cancel_hours = drafts.whole(
            answers, "underfill_cancel_hours", self.underfill_cancel_hours
        )
        self.take_visibility_answers(answers)
        await self._take_venue(answers)

    async def _take_venue(self, answers: drafts.Answers) -> None:
        """The venue the draft picked (by its slug; gone from Scene: none), and the city's list again."""
        slug = answers.get("venue", self.venue.slug if self.venue else None)
        if slug is None:
            self.venue = None
        elif isinstance(slug, str) and (self.venue is None or slug != self.venue.slug):
            try:
                async with state.page_services() as services:
                    self.venue = await services.venues.get_by_slug(slug)
            except NotFound:
                self.venue = None
        with suppress(DomainError):
            await self.load_venues()

    def step_of(self, field: str) -> int:
        return FIELD_STEPS.get(field, 0)

    def missing(self) -> dict[str, str]:
        missing: dict[str, str] = {}
        if self.kind is None:
            missing["type"] = tx.pick_type
        if self._times() is None:
            missing["starts_at"] = tx.pick_time
        if self.venue is None and not self.place_name.strip():
            missing["place_name"] = tx.place_missing
        return missing | self.visibility_missing()

    def _times(self) -> tuple[Any, Any] | None:
        try:
            starts_at = formats.local_moment(self.day, self.start)
        except (TypeError, ValueError):
            return None
        return starts_at, starts_at + timedelta(minutes=self.duration)

    def payload(self) -> dict[str, Any]:
        times = self._times()
        return {
            "type": self.kind or m.ActivityType.OTHER,
            "title": self.title.strip(),
            "description": self.description.strip(),
            "starts_at": times[0] if times else None,
            "ends_at": times[1] if times else None,
            "capacity": self.capacity,
            "venue_id": self.venue.id if self.venue else None,
            "place_name": self.venue.name if self.venue else self.place_name.strip(),
            "city": city_of(self.venue) if self.venue else self.city,
            "skill_min": self.skill[0],
            "skill_max": self.skill[1],
            "cost_pkr": self.cost_pkr if self.cost_pkr is not None else -1,
            "visibility": self.visibility,
            "circle_ids": self.circle_ids if self.visibility is m.Visibility.CIRCLES else [],
            "audience": self.audience,
            "auto_approve": self.auto_approve,
            "auto_approve_trusted": self.auto_approve_trusted,
            "underfill_cancel_hours": self.underfill_cancel_hours,
        }

    async def create(self, services: Services, data: s.ActivityCreate, actor: m.User) -> str:
        return activity_path((await services.activities.create(actor, data)).id)

    # Step 1: what -----------------------------------------------------------------------------

    def _what(self) -> None:
        page_heading(tx.step_what)
        with (
            ui.element("div")
            .classes("w-full grid grid-cols-3 gap-2")
            .props(f'role="radiogroup" aria-label="{tx.step_what}"')
        ):
            for kind in m.ActivityType:
                picked = kind is self.kind
                tone = (
                    "bg-accent text-on-accent border-accent" if picked else "bg-surface text-ink border-line"
                )
                with (
                    ui.button(color=None, on_click=partial(self.pick_kind, kind))
                    .props(f'unelevated no-caps role="radio" aria-checked="{str(picked).lower()}"')
                    .classes(f"h-20 rounded-2xl border px-1 {tone}")
                    .mark(f"type-{kind.value}"),
                    ui.column().classes("items-center gap-1"),
                ):
                    ui.icon(ICONS[kind]).classes("text-2xl")
                    ui.label(LABELS[kind]).classes("text-meta font-semibold leading-tight")
        self.error("type")
        ui.link(tx.host_event, "/create/event").classes("text-meta text-accent").mark("host-event")
        self.title_and_description(
            title_placeholder=tx.title_placeholder.format(kind=LABELS[self.kind] if self.kind else "Padel"),
            description_limit=2000,
        )

    def pick_kind(self, kind: m.ActivityType) -> None:
        self.kind = kind
        self.errors.pop("type", None)
        self.view.refresh()

    # Step 2: when -----------------------------------------------------------------------------

    def _when(self) -> None:
        page_heading(tx.step_when)
        today = formats.today()
        with ui.column().classes("w-full gap-2"):
            ui.label(tx.day).classes("text-label font-bold uppercase tracking-wider text-muted")
            with ui.row().classes("w-full gap-2"):
                for offset in range(DAY_CHOICES):
                    day = today + timedelta(days=offset)
                    label = formats.day_heading(day) if offset < 2 else f"{day:%a} {day.day}"
                    button = chip(label, on_click=partial(self.pick_day, day.isoformat()))
                    mark(button, day.isoformat() == self.day)
            other = ui.input(tx.other_day, value=self.day).props(
                f'outlined type="date" min="{today.isoformat()}"'
            )
            other.classes("w-full").mark("day")
            other.on_value_change(lambda e: self.pick_day(e.value or "", refresh=False))
        with ui.row().classes("w-full gap-2 flex-nowrap items-start"):
            start = (
                ui.input(tx.start, value=self.start)
                .props('outlined type="time"')
                .classes("flex-1")
                .mark("start")
            )
            start.on_value_change(lambda e: self.pick_start(e.value or ""))
            start.error = self.errors.get("starts_at")
        with ui.column().classes("w-full gap-2"):
            ui.label(tx.length).classes("text-label font-bold uppercase tracking-wider text-muted")
            with ui.row().classes("w-full gap-2"):
                for minutes in DURATIONS:
                    button = chip(formats.duration(minutes), on_click=partial(self.pick_duration, minutes))
                    mark(button, minutes == self.duration)
            self._ends_at()
        self.error("ends_at")

    @ui.refreshable_method
    def _ends_at(self) -> None:
        times = self._times()
        if times:
            ui.label(tx.ends_at.format(time=formats.clock(times[1]))).classes("text-meta text-muted")

    def pick_day(self, day: str, *, refresh: bool = True) -> None:
        self.day = day
        self.errors.pop("starts_at", None)
        if refresh:
            self.view.refresh()
        else:
            self._ends_at.refresh()

    def pick_start(self, start: str) -> None:
        self.start = start
        self._ends_at.refresh()

    def pick_duration(self, minutes: int) -> None:
        self.duration = minutes
        self.view.refresh()

    # Step 3: where ----------------------------------------------------------------------------

    def _where(self) -> None:
        page_heading(tx.step_where)
        if self.venue is not None:
            self._picked_venue(self.venue)
            self.error("venue_id", "place_name", "city", "lat", "lng")
            return
        wizard.city_choice(self.city, self.pick_city)
        with ui.column().classes("w-full gap-2").mark("venue-choices"):
            ui.label(tx.at_venue).classes("text-label font-bold uppercase tracking-wider text-muted")
            ui.label(tx.venue_hint).classes("text-meta text-muted")
            if self.searchable:
                search = ui.input(tx.venue_search, value=self.venue_query)
                search.props('outlined dense clearable type="search"').classes("w-full").mark("venue-search")
                search.on_value_change(lambda e: self.search_venues(e.value or ""))
            self._venue_list()
        ui.label(tx.or_place).classes("text-meta text-muted")
        place = ui.input(tx.field_place, value=self.place_name, placeholder=tx.place_placeholder)
        self.draft.typed(place, "place_name").props("outlined maxlength=120").classes("w-full").mark("place")
        place.on_value_change(lambda e: setattr(self, "place_name", e.value or ""))
        place.error = self.errors.get("place_name")
        self.error("city", "lat", "lng", "venue_id")

    @ui.refreshable_method
    def _venue_list(self) -> None:
        if not self.venues:
            empty = (
                tx.venues_pick_city
                if self.city is None
                else tx.no_venues_found
                if self.venue_query.strip()
                else tx("no_venues", city=self.city.value)
            )
            ui.label(empty).classes("text-meta text-muted").mark("no-venues")
            return
        with (
            ui.column()
            .classes("w-full gap-0 rounded-card bg-surface border border-line overflow-hidden")
            .props(f'role="group" aria-label="{tx.at_venue}"')
        ):
            for index, venue in enumerate(self.venues):
                with (
                    ui.button(color=None, on_click=partial(self.pick_venue, venue))
                    .props('unelevated no-caps align="left"')
                    .classes(
                        f"w-full px-4 py-2 rounded-none text-start {'border-t border-line' if index else ''}"
                    )
                    .mark(f"venue-{venue.slug}"),
                    ui.row().classes("w-full items-center gap-3 flex-nowrap"),
                ):
                    ui.icon("storefront").classes("text-xl text-accent shrink-0")
                    with ui.column().classes("flex-1 min-w-0 gap-0 items-start"):
                        ui.label(venue.name).classes(
                            "w-full text-start text-body font-semibold text-ink truncate"
                        )
                        ui.label(area_of(venue.address, venue.city)).classes(
                            "w-full text-start text-meta text-muted truncate normal-case"
                        )
                    ui.icon("chevron_right").classes("text-xl text-muted shrink-0 scene-mirror")

    def _picked_venue(self, venue: Venue) -> None:
        with panel(classes="gap-2 p-4", marker="picked-venue"):
            ui.label(tx.at_venue).classes("text-label font-bold uppercase tracking-wider text-muted")
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                ui.icon("storefront").classes("text-2xl text-accent shrink-0")
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(venue.name).classes("text-body font-semibold text-ink break-words")
                    ui.label(area_of(venue.address, venue.city)).classes("text-meta text-muted")
                ui.icon("check_circle").classes("text-xl text-accent shrink-0")
            ui.label(tx.venue_hint).classes("text-meta text-muted")
        ghost_button(tx.type_place_instead, self.clear_venue, icon="edit_location_alt").classes(
            "self-start text-accent -ms-3"
        ).mark("clear-venue")

    async def load_venues(self) -> None:
        """The city's venues, by name (those matching the search box when it has words)."""
        city, query = self.city, self.venue_query.strip()
        if city is None:
            self.venues, self.venues_city = [], None
            return
        filters = venues_s.VenueFilters(city=city, q=query or None)
        async with state.page_services() as services:
            found = await services.venues.discover(filters, limit=VENUES_SHOWN)
        if (city, query) != (self.city, self.venue_query.strip()):
            return  # the member moved on while this was loading
        self.venues, self.venues_city = found.items, city
        if not query:
            self.searchable = found.next_cursor is not None

    async def _reload_venues(self) -> None:
        await feedback.reread(self.load_venues)

    async def search_venues(self, query: str) -> None:
        self.venue_query = query
        await self._reload_venues()
        self._venue_list.refresh()

    async def pick_city(self, city: m.City) -> None:
        self.city = None if city is self.city else city
        self.venue_query = ""
        await self._reload_venues()
        self.view.refresh()

    def pick_venue(self, venue: Venue) -> None:
        self.venue = venue
        self.city = city_of(venue) or self.city
        for field in ("venue_id", "place_name", "city", "lat", "lng"):
            self.errors.pop(field, None)
        self.view.refresh()

    async def clear_venue(self) -> None:
        self.venue = None
        self.errors.pop("venue_id", None)
        if self.venues_city is not self.city:
            self.venue_query = ""
            await self._reload_venues()
        self.view.refresh()

    # Step 4: who ------------------------------------------------------------------------------

    def _who(self) -> None:
        page_heading(tx.step_who)
        with panel():
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(tx.spots).classes("text-body font-semibold text-ink")
                    ui.label(tx.spots_hint).classes("text-meta text-muted")
                _stepper_button("remove", tx.fewer, partial(self.change_capacity, -1), self.capacity <= 1)
                ui.label(str(self.capacity)).classes("w-10 text-center text-title font-bold text-ink").mark(
                    "capacity"
                )
                _stepper_button(
                    "add", tx.more, partial(self.change_capacity, 1), self.capacity >= MAX_CAPACITY
                )
            self.error("capacity")
        with panel():
            with ui.row().classes("w-full items-baseline justify-between"):
                ui.label(tx.level).classes("text-body font-semibold text-ink")
                self._level_label()
            skill = ui.range(min=1, max=5, step=1, value={"min": self.skill[0], "max": self.skill[1]})
            skill.props("markers snap label color=primary").classes("w-full px-2").mark("skill")
            self._name_skill_range(skill)
            skill.on_value_change(self.pick_skill)
            ui.label(tx.level_hint).classes("text-meta text-muted")
            self.error("skill_min", "skill_max")
        with panel():
            cost = ui.number(tx.cost, value=self.cost_pkr, min=0, precision=0, format="%d")
            self.draft.typed(cost, "cost_pkr").props('outlined inputmode="numeric"').classes("w-full").mark(
                "cost"
            )
            cost.on_value_change(
                lambda e: setattr(self, "cost_pkr", None if e.value is None else int(e.value))
            )
            cost.error = self.errors.get("cost_pkr")
            ui.label(tx.cost_hint).classes("text-meta text-muted")
        with ui.column().classes("w-full gap-2"):
            ui.label(tx.audience).classes("text-label font-bold uppercase tracking-wider text-muted")
            with ui.row().classes("w-full gap-2"):
                for audience, label in AUDIENCES.items():
                    button = chip(label, on_click=partial(self.pick_audience, audience))
                    mark(button, audience is self.audience)
            self.error("audience")

    @ui.refreshable_method
    def _level_label(self) -> None:
        ui.label(level_label(*self.skill)).classes("text-meta font-semibold text-accent")

    def change_capacity(self, by: int) -> None:
        self.capacity = min(max(self.capacity + by, 1), MAX_CAPACITY)
        self.view.refresh()

    def pick_skill(self, event: Any) -> None:
        value = event.value or {}
        self.skill = (int(value.get("min", 1)), int(value.get("max", 5)))
        self._level_label.refresh()
        self._name_skill_range(event.sender)

    def _name_skill_range(self, skill: ui.range) -> None:
        """Quasar names a range nothing and says its value as `1|5`, which is not a number (axe:
        aria-valid-attr-value): the range is named after the question, its value the lower level and in
        words both."""
        skill.props(
            f'aria-label="{tx.level}" aria-valuenow="{self.skill[0]}" '
            f'aria-valuetext="{level_label(*self.skill)}"'
        )

    def pick_audience(self, audience: m.Audience) -> None:
        self.audience = audience
        self.view.refresh()

    # Step 5: visibility -----------------------------------------------------------------------

    def _visibility(self) -> None:
        page_heading(tx.step_visibility)
        self.visibility_choice()
        wizard.yes_no(
            tx.auto_approve, tx.auto_approve_hint, self.auto_approve, "auto-approve", self.pick_auto_approve
        )
        if not self.auto_approve:
            with panel():
                trusted_choice(self.auto_approve_trusted, self.pick_trusted)
                self.error("auto_approve_trusted")
        with panel():
            underfill_choice(self.underfill_cancel_hours, self.pick_underfill)
            self.error("underfill_cancel_hours")

    def pick_auto_approve(self, on: bool) -> None:
        if on != self.auto_approve:
            self.auto_approve = on
            self.view.refresh()

    def pick_trusted(self, choice: m.TrustedApproval) -> None:
        self.auto_approve_trusted = choice
        self.errors.pop("auto_approve_trusted", None)
        self.view.refresh()

    def pick_underfill(self, hours: int | None) -> None:
        self.underfill_cancel_hours = hours
        self.errors.pop("underfill_cancel_hours", None)
        self.view.refresh()

    # Step 6: review ---------------------------------------------------------------------------

    def _review(self) -> None:
        page_heading(tx.step_review)
        times = self._times()
        when = (
            f"{formats.long_day(times[0])}, {formats.time_range(times[0], times[1])}" if times else "\u2013"
        )
        place = (
            f"{self.venue.name} \u00b7 {area_of(self.venue.address, self.venue.city)}"
            if self.venue
            else " \u00b7 ".join(part for part in (self.place_name.strip(), self.city) if part) or "\u2013"
        )
        who = (
            f"{self.capacity} spot{'' if self.capacity == 1 else 's'} \u00b7 {level_label(*self.skill)}"
            f" \u00b7 {formats.rupees(self.cost_pkr or 0)}"
        )
        if self.audience is m.Audience.WOMEN_ONLY:
            who += f" \u00b7 {AUDIENCES[self.audience]}"
        seen = self.seen_by()
        if self.visibility is m.Visibility.CIRCLES:
            names = [circle.name for circle in self.circles if circle.id in self.circle_ids]
            seen += f": {', '.join(names)}" if names else ""
        seen += f" \u00b7 {approval_summary(self.auto_approve, self.auto_approve_trusted)}"
        seen += f" \u00b7 {underfill_summary(self.underfill_cancel_hours)}"
        what = f"{LABELS[self.kind]}: {self.title.strip()}" if self.kind else self.title.strip()
        self.review(
            (
                (tx.review_what, what),
                (tx.review_when, when),
                (tx.review_where, place),
                (tx.review_who, who),
                (tx.review_visibility, seen),
            ),
            self.description,
        )


def _stepper_button(icon: str, label: str, on_click: Any, disabled: bool) -> None:
    button = ui.button(icon=icon, color=None, on_click=on_click).props(
        f'unelevated round aria-label="{label}"'
    )
    button.classes("w-11 h-11 bg-raised text-ink")
    if disabled:
        button.disable()

"""Create an event: hosting one in six steps (basics, when, where, tickets, visibility, review).

The step machinery is the activity wizard's (components/wizard.py). Each step checks its answers and
the schema's limits before moving on; a refusal from the event service opens the step its field
belongs to, with the message there.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.events import schemas as s
from scene_api.domain.trust import schemas as trust_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.services import Services
from scene_ui import drafts, formats, session
from scene_ui.components import wizard
from scene_ui.components.buttons import ghost_button, secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.event_card import event_path
from scene_ui.components.frame import Tab, frame
from scene_ui.components.section import page_heading, panel
from scene_ui.i18n import texts

tx = texts("create_event")

STEP_NAMES = ("basics", "when", "where", "tickets", "visibility", "review")
"""Catalogue keys (`step_name_<key>`) of the six steps, in order."""

DEFAULT_START = "19:00"
DEFAULT_END = "22:00"
DEFAULT_CAPACITY = 50
MAX_TIERS = 10
MAX_VENUES = 20

FIELD_STEPS = {
    "title": 0,
    "description": 0,
    "starts_at": 1,
    "ends_at": 1,
    "venue_id": 2,
    "place_name": 2,
    "city": 2,
    "lat": 2,
    "lng": 2,
    "tiers": 3,
    "capacity": 3,
    "allow_pay_at_venue": 3,
    "visibility": 4,
    "circle_ids": 4,
    "approval_required": 4,
}
"""Which step shows an error about which field of EventCreate; `tier_<n>_<field>` is the tickets step's."""


def step_of(field: str) -> int:
    return 3 if field.startswith("tier_") else FIELD_STEPS.get(field, 0)


def create() -> None:
    ui.page("/create/event")(session.members_only(create_event_page))


async def create_event_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    async with session.member_services() as (services, me):
        circles = await services.circles.list_mine(me.user, limit=100)
        venues = await services.venues.discover(venues_s.VenueFilters(city=member.city), limit=MAX_VENUES)
    draft = EventWizard(member, circles.items, venues.items)
    with frame(tx.title, active=Tab.CREATE, member=member):
        draft.render()


class Tier:
    """One ticket tier as typed: price and quantity stay None while their box is empty. `key` names it in
    the draft: what is typed into a tier stays that tier's when another tier above it is removed."""

    def __init__(
        self,
        name: str = "",
        price_pkr: int | None = 0,
        quantity: int | None = DEFAULT_CAPACITY,
        key: str | None = None,
    ):
        self.name = name
        self.price_pkr = price_pkr
        self.quantity = quantity
        self.key = key or secrets.token_hex(4)


class EventWizard(wizard.SharedDraft):
    """The draft event, step by step."""

    step_names = STEP_NAMES
    schema = s.EventCreate
    strings = tx

    def __init__(
        self,
        member: session.Member,
        circles: list[trust_s.Circle],
        venues: list[venues_s.VenueSummary],
    ) -> None:
        super().__init__(member.id, "event", circles)
        self.venues = venues
        self.day = (formats.today() + timedelta(days=1)).isoformat()
        self.start = DEFAULT_START
        self.end = DEFAULT_END
        self.venue_id: UUID | None = None
        self.place_name = ""
        self.city: m.City | None = member.city
        self.tiers = [Tier()]
        self.capacity: int | None = DEFAULT_CAPACITY
        self.allow_pay_at_venue = False
        self.approval_required = False

    def step_views(self) -> list[Callable[[], None]]:
        return [self._basics, self._when, self._where, self._tickets, self._visibility, self._review]

    def answers(self) -> drafts.Answers:
        tiers = {
            f"tier_{tier.key}_{field}": value
            for tier in self.tiers
            for field, value in (("name", tier.name), ("price", tier.price_pkr), ("quantity", tier.quantity))
        }
        return {
            "title": self.title,
            "description": self.description,
            "day": self.day,
            "start": self.start,
            "end": self.end,
            "venue_id": drafts.value_of(self.venue_id),
            "place_name": self.place_name,
            "city": drafts.value_of(self.city),
            "tiers": [tier.key for tier in self.tiers],
            **tiers,
            "capacity": self.capacity,
            "allow_pay_at_venue": self.allow_pay_at_venue,
            "approval_required": self.approval_required,
        } | self.visibility_answers()

    async def take_answers(self, answers: drafts.Answers) -> None:
        """Tiers as `tier_<key>_<field>`, the names their inputs are typed under."""
        self.title = drafts.text(answers, "title", self.title)
        self.description = drafts.text(answers, "description", self.description)
        self.day = drafts.text(answers, "day", self.day)
        self.start = drafts.text(answers, "start", self.start)
        self.end = drafts.text(answers, "end", self.end)
        venue_id = answers.get("venue_id", drafts.value_of(self.venue_id))
        self.venue_id = next((venue.id for venue in self.venues if str(venue.id) == venue_id), None)
        self.place_name = drafts.text(answers, "place_name", self.place_name)
        self.city = drafts.choice(answers, "city", m.City, self.city)
        keys = answers.get("tiers")
        if isinstance(keys, list) and keys and all(isinstance(key, str) for key in keys):
            self.tiers = [Tier(key=key) for key in keys[:MAX_TIERS]]
        self.tiers = [self._tier(answers, tier) for tier in self.tiers]
        self.capacity = drafts.whole(answers, "capacity", self.capacity)
        self.allow_pay_at_venue = drafts.flag(answers, "allow_pay_at_venue", self.allow_pay_at_venue)
        self.approval_required = drafts.flag(answers, "approval_required", self.approval_required)
        self.take_visibility_answers(answers)

    @staticmethod
    def _tier(answers: drafts.Answers, tier: Tier) -> Tier:
        return Tier(
            drafts.text(answers, f"tier_{tier.key}_name", tier.name),
            drafts.whole(answers, f"tier_{tier.key}_price", tier.price_pkr),
            drafts.whole(answers, f"tier_{tier.key}_quantity", tier.quantity),
            tier.key,
        )

    def step_of(self, field: str) -> int:
        return step_of(field)

    def missing(self) -> dict[str, str]:
        missing: dict[str, str] = {}
        if not self.title.strip():
            missing["title"] = tx.title_missing
        times = self._times()
        if times is None:
            missing["starts_at"] = tx.pick_time
        elif times[1] <= times[0]:
            missing["ends_at"] = tx.end_before_start
        if self.venue_id is None and not self.place_name.strip():
            missing["place_name"] = tx.place_missing
        missing.update(self._tier_problems())
        if self.capacity is None or self.capacity < 1:
            missing["capacity"] = tx.capacity_missing
        return missing | self.visibility_missing()

    def _tier_problems(self) -> dict[str, str]:
        missing: dict[str, str] = {} if self.tiers else {"tiers": tx.tier_missing}
        for index, tier in enumerate(self.tiers):
            if not tier.name.strip():
                missing[f"tier_{index}_name"] = tx.tier_name_missing
            if tier.price_pkr is None or tier.price_pkr < 0:
                missing[f"tier_{index}_price"] = tx.tier_price_missing
            if tier.quantity is None or tier.quantity < 1:
                missing[f"tier_{index}_quantity"] = tx.tier_quantity_missing
        return missing

    def _times(self) -> tuple[Any, Any] | None:
        try:
            return formats.local_moment(self.day, self.start), formats.local_moment(self.day, self.end)
        except (TypeError, ValueError):
            return None

    def payload(self) -> dict[str, Any]:
        times = self._times()
        return {
            "title": self.title.strip(),
            "description": self.description.strip(),
            "starts_at": times[0] if times else None,
            "ends_at": times[1] if times else None,
            "capacity": self.capacity if self.capacity is not None else 0,
            "venue_id": self.venue_id,
            "place_name": "" if self.venue_id else self.place_name.strip(),
            "city": None if self.venue_id else self.city,
            "visibility": self.visibility,
            "circle_ids": self.circle_ids if self.visibility is m.Visibility.CIRCLES else [],
            "approval_required": self.approval_required,
            "allow_pay_at_venue": self.allow_pay_at_venue,
            "tiers": [
                {
                    "name": tier.name.strip(),
                    "price_pkr": tier.price_pkr if tier.price_pkr is not None else -1,
                    "quantity": tier.quantity if tier.quantity is not None else 0,
                }
                for tier in self.tiers
            ],
        }

    async def create(self, services: Services, data: s.EventCreate, actor: m.User) -> str:
        return event_path((await services.events.create(actor, data)).id)

    # Step 1: basics ---------------------------------------------------------------------------

    def _basics(self) -> None:
        page_heading(tx.step_basics)
        self.title_and_description(title_placeholder=tx.title_placeholder, description_limit=4000)

    # Step 2: when -----------------------------------------------------------------------------

    def _when(self) -> None:
        page_heading(tx.step_when)
        today = formats.today()
        day = ui.input(tx.day, value=self.day).props(f'outlined type="date" min="{today.isoformat()}"')
        day.classes("w-full").mark("day")
        day.on_value_change(lambda e: setattr(self, "day", e.value or ""))
        with ui.row().classes("w-full gap-2 flex-nowrap items-start"):
            start = ui.input(tx.start, value=self.start).props('outlined type="time"').classes("flex-1")
            start.mark("start").on_value_change(lambda e: setattr(self, "start", e.value or ""))
            start.error = self.errors.get("starts_at")
            end = ui.input(tx.end, value=self.end).props('outlined type="time"').classes("flex-1")
            end.mark("end").on_value_change(lambda e: setattr(self, "end", e.value or ""))
            end.error = self.errors.get("ends_at")
        ui.label(tx.time_zone).classes("text-meta text-muted")

    # Step 3: where ----------------------------------------------------------------------------

    def _where(self) -> None:
        page_heading(tx.step_where)
        if self.venues:
            with ui.column().classes("w-full gap-2"):
                ui.label(tx.venue).classes("text-label font-bold uppercase tracking-wider text-muted")
                with ui.row().classes("w-full gap-2"):
                    for venue in self.venues:
                        button = chip(venue.name, on_click=partial(self.pick_venue, venue.id))
                        mark(button, venue.id == self.venue_id)
                        button.mark(f"venue-{venue.slug}")
            self.error("venue_id")
        if self.venue_id is not None:
            return
        ui.label(tx.or_place).classes("text-meta text-muted")
        place = ui.input(tx.field_place, value=self.place_name, placeholder=tx.place_placeholder)
        self.draft.typed(place, "place_name").props("outlined maxlength=120").classes("w-full").mark("place")
        place.on_value_change(lambda e: setattr(self, "place_name", e.value or ""))
        place.error = self.errors.get("place_name")
        wizard.city_choice(self.city, self.pick_city)
        self.error("city", "lat", "lng")

    def pick_venue(self, venue_id: UUID) -> None:
        self.venue_id = None if venue_id == self.venue_id else venue_id
        self.errors.pop("place_name", None)
        self.view.refresh()

    def pick_city(self, city: m.City) -> None:
        self.city = None if city is self.city else city
        self.view.refresh()

    # Step 4: tickets --------------------------------------------------------------------------

    def _tickets(self) -> None:
        page_heading(tx.step_tickets)
        for index, tier in enumerate(self.tiers):
            with panel(marker=f"tier-{index}"):
                name = ui.input(tx.tier_name, value=tier.name, placeholder=tx.tier_name_placeholder)
                self.draft.typed(name, f"tier_{tier.key}_name").props("outlined maxlength=60").classes(
                    "w-full"
                )
                name.mark(f"tier-{index}-name")
                name.on_value_change(lambda e, tier=tier: setattr(tier, "name", e.value or ""))
                name.error = self.errors.get(f"tier_{index}_name")
                with ui.row().classes("w-full gap-2 flex-nowrap items-start"):
                    price = ui.number(tx.tier_price, value=tier.price_pkr, min=0, precision=0, format="%d")
                    self.draft.typed(price, f"tier_{tier.key}_price").props('outlined inputmode="numeric"')
                    price.classes("flex-1").mark(f"tier-{index}-price")
                    price.on_value_change(partial(self._set_number, tier, "price_pkr"))
                    price.error = self.errors.get(f"tier_{index}_price")
                    quantity = ui.number(
                        tx.tier_quantity, value=tier.quantity, min=1, precision=0, format="%d"
                    )
                    self.draft.typed(quantity, f"tier_{tier.key}_quantity").props(
                        'outlined inputmode="numeric"'
                    )
                    quantity.classes("flex-1")
                    quantity.mark(f"tier-{index}-quantity")
                    quantity.on_value_change(partial(self._set_number, tier, "quantity"))
                    quantity.error = self.errors.get(f"tier_{index}_quantity")
                if len(self.tiers) > 1:
                    ghost_button(tx.remove_tier, partial(self.remove_tier, index)).classes(
                        "text-danger -ml-2"
                    ).mark(f"tier-{index}-remove")
        ui.label(tx.price_hint).classes("text-meta text-muted")
        if len(self.tiers) < MAX_TIERS:
            secondary_button(tx.add_tier, self.add_tier, icon="add").classes("w-full").mark("add-tier")
        self.error("tiers")
        with panel():
            capacity = ui.number(tx.capacity, value=self.capacity, min=1, precision=0, format="%d")
            self.draft.typed(capacity, "capacity").props('outlined inputmode="numeric"').classes("w-full")
            capacity.mark("capacity")
            capacity.on_value_change(partial(self._set_number, self, "capacity"))
            capacity.error = self.errors.get("capacity")
            ui.label(tx.capacity_hint).classes("text-meta text-muted")
        wizard.yes_no(
            tx.pay_at_door,
            tx.pay_at_door_hint,
            self.allow_pay_at_venue,
            "pay-at-door",
            lambda on: setattr(self, "allow_pay_at_venue", on),
        )

    @staticmethod
    def _set_number(target: object, field: str, event: Any) -> None:
        setattr(target, field, None if event.value is None else int(event.value))

    def add_tier(self) -> None:
        self.tiers.append(Tier())
        self.view.refresh()

    def remove_tier(self, index: int) -> None:
        del self.tiers[index]
        self.errors = {}
        self.view.refresh()

    # Step 5: visibility -----------------------------------------------------------------------

    def _visibility(self) -> None:
        page_heading(tx.step_visibility)
        self.visibility_choice()
        wizard.yes_no(
            tx.approval_required,
            tx.approval_required_hint,
            self.approval_required,
            "approval-required",
            lambda on: setattr(self, "approval_required", on),
        )
        self.error("approval_required")

    # Step 6: review ---------------------------------------------------------------------------

    def _review(self) -> None:
        page_heading(tx.step_review)
        times = self._times()
        when = (
            f"{formats.long_day(times[0])}, {formats.time_range(times[0], times[1])}" if times else "\u2013"
        )
        venue = next((venue for venue in self.venues if venue.id == self.venue_id), None)
        place = (
            f"{venue.name} \u00b7 {venue.city}"
            if venue
            else " \u00b7 ".join(part for part in (self.place_name.strip(), self.city) if part) or "\u2013"
        )
        tickets = ", ".join(
            f"{tier.name.strip()}: {formats.rupees(tier.price_pkr or 0)} \u00d7 {tier.quantity or 0}"
            for tier in self.tiers
        )
        tickets += f" \u00b7 {tx.capacity_of.format(count=self.capacity or 0)}"
        if self.allow_pay_at_venue:
            tickets += f" \u00b7 {tx.pay_at_door}"
        seen = self.seen_by()
        if self.visibility is m.Visibility.CIRCLES:
            names = [circle.name for circle in self.circles if circle.id in self.circle_ids]
            seen += f": {', '.join(names)}" if names else ""
        if self.approval_required:
            seen += f" \u00b7 {tx.approval_required}"
        self.review(
            (
                (tx.review_basics, self.title.strip()),
                (tx.review_when, when),
                (tx.review_where, place),
                (tx.review_tickets, tickets),
                (tx.review_visibility, seen),
            ),
            self.description,
        )

"""The host's court for an activity at a venue (match + court): pick a free court at the activity's
time and hold it while players join, then pay online or at the venue, or let it go.

The rules (how long the hold lasts, what may be held) are `services.activity_courts`'; this card
only shows the venue's free slots that overlap the activity and the held court's state.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.activities.court import slot_during
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.timezone import to_local, utcnow
from scene_api.services import Services
from scene_ui import feedback, formats, session
from scene_ui.components.booking_state import desk_state, state_chip
from scene_ui.components.buttons import (
    danger_button,
    ghost_button,
    link_button,
    primary_button,
    secondary_button,
    spinning,
)
from scene_ui.components.checkout import hold_checkout
from scene_ui.components.chips import chip, mark
from scene_ui.components.countdown import hold_countdown
from scene_ui.components.court_hold import confirm_at_venue, hold_slot
from scene_ui.components.dialogs import dialog_title
from scene_ui.components.empty_state import no_slots_note
from scene_ui.components.facts import banner, fact
from scene_ui.components.section import panel, section_header
from scene_ui.i18n import texts

tx = texts("activity_court")

Reload = Any
"""An async callable with no arguments: the activity page re-reads everything and redraws."""


def key(name: str) -> str:
    """`Court 2` as `court-2`, for test markers."""
    return "-".join(name.lower().split())


def default_duration(activity: s.Activity, durations: list[int]) -> int | None:
    """The activity's own length when the venue sells it, else the longest that fits, else the shortest."""
    if not durations:
        return None
    length = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    if length in durations:
        return length
    fitting = [minutes for minutes in durations if minutes <= length]
    return max(fitting) if fitting else min(durations)


def during(activity: s.Activity, slots: list[venues_s.Slot]) -> list[venues_s.Slot]:
    """The free slots the court service lets the activity hold."""
    return [
        slot
        for slot in slots
        if slot_during(slot.starts_at, slot.ends_at, activity.starts_at, activity.ends_at)
    ]


class CourtCard:
    """For the host of an open activity at a venue: the court it holds, or the courts free to hold."""

    def __init__(self, activity: s.Activity, on_change: Reload) -> None:
        self.activity = activity
        self.on_change = on_change
        self.booking: bookings_s.Booking | None = None
        self.venue: venues_s.VenueDetail | None = None
        self.durations: list[int] = []
        self.duration: int | None = None
        self.slots: venues_s.VenueSlots | None = None
        self.picked: tuple[venues_s.Court, venues_s.Slot] | None = None
        self.busy = False

    @property
    def shown(self) -> bool:
        return self.booking is not None or self.venue is not None

    async def load(self, services: Services, actor: m.User) -> None:
        """The court held for the activity; without one, the venue and its free slots that day."""
        try:
            self.booking = await services.activity_courts.get(actor, self.activity.id)
        except NotFound:
            self.booking = None
        self.venue = None
        if self.booking is not None or self.activity.venue_id is None:
            return
        try:
            self.venue = await services.venues.get(self.activity.venue_id)
        except NotFound:
            return
        self.durations = sorted(price.duration_minutes for price in self.venue.prices)
        if self.duration not in self.durations:
            self.duration = default_duration(self.activity, self.durations)
        await self._load_slots(services)

    async def _load_slots(self, services: Services) -> None:
        self.picked = None
        self.slots = None
        if self.venue is None or self.duration is None:
            return
        day = to_local(self.activity.starts_at).date()
        try:
            self.slots = await services.venues.slots(self.venue.id, day, self.duration)
        except DomainError:
            self.slots = None

    def render(self) -> None:
        with ui.column().classes("w-full gap-2").mark("court-card"):
            section_header(tx.title)
            self.body()

    @ui.refreshable_method
    def body(self) -> None:
        booking = self.booking
        if booking is None:
            self._picker()
        elif booking.status is m.BookingStatus.HELD:
            self._held(booking)
        else:
            self._confirmed(booking)

    # Picking a court ---------------------------------------------------------------------------

    def _picker(self) -> None:
        assert self.venue is not None
        with panel(marker="court-picker"):
            ui.label(tx("intro", venue=self.venue.name)).classes("text-meta text-muted")
            if len(self.durations) > 1:
                with ui.column().classes("w-full gap-1"):
                    ui.label(tx.length).classes("text-label font-bold uppercase tracking-wider text-muted")
                    with ui.row().classes("w-full gap-2").props(f'role="group" aria-label="{tx.length}"'):
                        for minutes in self.durations:
                            button = chip(
                                formats.duration(minutes), on_click=partial(self.pick_length, minutes)
                            )
                            button.mark(f"court-length-{minutes}")
                            mark(button, minutes == self.duration)
            free = [
                (court_slots.court, during(self.activity, court_slots.slots))
                for court_slots in (self.slots.courts if self.slots else [])
            ]
            free = [(court, slots) for court, slots in free if slots]
            if self.slots is None or self.slots.opens_at is None:
                no_slots_note(tx.closed)
            elif not free:
                no_slots_note(tx.no_slots)
            for court, slots in free:
                with ui.column().classes("w-full gap-1").mark(f"court-{key(court.name)}"):
                    ui.label(court.name).classes("text-body font-bold text-ink")
                    with ui.row().classes("w-full gap-2"):
                        for slot in slots:
                            self._slot(court, slot)
            if self.picked is not None:
                court, slot = self.picked
                label = tx("hold", court=court.name, time=formats.clock(slot.starts_at))
                hold = primary_button(label, icon="sports_tennis").classes("w-full").mark("hold-court")
                hold.on_click(lambda: self.hold(hold))
            elif free:
                ui.label(tx.hold_pick_first).classes("text-meta text-muted")

    def _slot(self, court: venues_s.Court, slot: venues_s.Slot) -> None:
        text = f"{formats.clock(slot.starts_at)} \u00b7 {formats.rupees(slot.price_pkr)}"
        button = chip(text, on_click=partial(self.pick, court, slot))
        button.mark(f"court-slot-{key(court.name)}-{to_local(slot.starts_at):%H%M}")
        mark(button, self.picked is not None and self.picked[0].id == court.id and self.picked[1] == slot)

    def pick(self, court: venues_s.Court, slot: venues_s.Slot) -> None:
        same = self.picked is not None and self.picked[0].id == court.id and self.picked[1] == slot
        self.picked = None if same else (court, slot)
        self.body.refresh()

    async def pick_length(self, minutes: int) -> None:
        if minutes == self.duration:
            return
        self.duration = minutes
        async with session.member_services() as (services, _me):
            await self._load_slots(services)
        self.body.refresh()

    async def hold(self, button: ui.button) -> None:
        if self.picked is None or self.duration is None or self.busy:
            return
        court, slot = self.picked
        activity_id = self.activity.id
        async with spinning(self, button):
            booking = await hold_slot(
                lambda services, me, ask: services.activity_courts.hold(me.user, activity_id, ask),
                court,
                slot,
                self.duration,
                taken=tx.taken,
            )
            if not isinstance(booking, bookings_s.Booking):
                await self.on_change()
                return
        deadline = booking.hold_expires_at or booking.starts_at
        feedback.done(tx("held", deadline=formats.when(deadline)))
        await self.on_change()

    # A court held or booked ---------------------------------------------------------------------

    def _held(self, booking: bookings_s.Booking) -> None:
        deadline = booking.hold_expires_at
        if deadline is None or deadline <= utcnow():
            banner(tx.hold_ended)
            return
        hold_countdown(
            deadline, tx.held_title, tx("held_hint", deadline=formats.when(deadline)), on_end=self.on_change
        )
        with panel(classes="gap-4 p-4", marker="court-held"):
            self._facts(booking)
            at_venue = hold_checkout(
                booking, tx, at_venue=tx.pay_at_venue, hint=tx.pay_at_venue_hint, marker="court-pay-at-venue"
            )
            at_venue.on_click(lambda: self.pay_at_venue(at_venue))
        ghost_button(tx.release, self.confirm_release, icon="close").classes("self-center").mark(
            "release-court"
        )

    def _confirmed(self, booking: bookings_s.Booking) -> None:
        state = desk_state(booking.status, booking.payment_method, booking.paid)
        with panel(classes="gap-4 p-4", marker="court-booked"):
            state_chip(state).mark("court-state")
            self._facts(booking)
            if booking.paid and booking.payment_method is m.PaymentMethod.ONLINE:
                ui.label(tx.paid_online).classes("text-meta text-muted")
            elif not booking.paid and booking.price_pkr > 0:
                ui.label(tx("to_pay", amount=formats.rupees(booking.price_pkr))).classes(
                    "text-meta font-semibold text-warning"
                ).mark("court-to-pay")
            link_button(tx.view_booking, f"/bookings/{booking.id}", icon="qr_code_2").classes("w-full")
        if booking.status is m.BookingStatus.CONFIRMED and booking.starts_at > utcnow():
            ghost_button(tx.release, self.confirm_release, icon="close").classes("self-center").mark(
                "release-court"
            )

    def _facts(self, booking: bookings_s.Booking) -> None:
        fact(
            "sports_tennis",
            tx.court,
            f"{booking.court.name} \u00b7 {booking.venue.name}",
            f"{formats.long_day(booking.starts_at)} \u00b7 "
            f"{formats.time_range(booking.starts_at, booking.ends_at)}",
        )
        fact("payments", tx.price, formats.rupees(booking.price_pkr))

    async def pay_at_venue(self, button: ui.button) -> None:
        assert self.booking is not None
        if self.busy:
            return
        async with spinning(self, button):
            if await confirm_at_venue(self.booking.id, tx.confirmed_at_venue) is feedback.REFUSED:
                await self.on_change()
                return
        await self.on_change()

    def confirm_release(self) -> None:
        assert self.booking is not None
        held = self.booking.status is m.BookingStatus.HELD
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5"):
            dialog_title(tx.release_title)
            ui.label(tx.release_held if held else tx.release_confirmed).classes("text-body text-muted")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                secondary_button(tx.release_keep, dialog.close).classes("flex-1")
                danger_button(tx.release_yes, lambda: self.release(dialog)).classes("flex-1").mark(
                    "confirm-release-court"
                )
        dialog.open()

    async def release(self, dialog: ui.dialog) -> None:
        activity_id = self.activity.id
        released = await feedback.attempt(
            lambda services, me: services.activity_courts.release(me.user, activity_id), success=tx.released
        )
        if released is not feedback.REFUSED:
            dialog.close()
            await self.on_change()

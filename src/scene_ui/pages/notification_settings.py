"""Notification settings (/settings/notifications): which channels bring which kinds of message, quiet
hours on the member's own clock, and push on this phone.

Each change is saved as it is made (one small update through the messaging service). The service
decides what is allowed; when it refuses (a sign-in code left with no way to reach the member), the
refusal is shown and the page goes back to what is stored."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, time
from functools import partial
from typing import Any, TypeVar

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from scene_api.db import models as m
from scene_api.domain.messaging import schemas as s
from scene_api.domain.messaging.routing import Category
from scene_api.lib.timezone import KARACHI
from scene_ui import feedback, formats, session
from scene_ui.components.frame import Tab, frame
from scene_ui.components.push_opt_in import push_opt_in
from scene_ui.components.section import page_heading, panel, section_header
from scene_ui.i18n import Labels, texts

PATH = "/settings/notifications"
tx = texts("notification_settings")

CHANNELS: Labels[m.Channel] = Labels("notification_settings", {c: f"channel_{c.value}" for c in m.Channel})
CHANNEL_ICONS = {m.Channel.PUSH: "notifications", m.Channel.WHATSAPP: "chat", m.Channel.SMS: "sms"}
CHANNEL_ON = "bg-accent-soft text-accent border-accent/60"
CHANNEL_OFF = "bg-surface text-muted border-line"
CATEGORIES: Labels[Category] = Labels("notification_settings", {c: f"category_{c.value}" for c in Category})
COVERS: Labels[Category] = Labels("notification_settings", {c: f"category_{c.value}_hint" for c in Category})
TIME_ZONES: Labels[str] = Labels(
    "notification_settings",
    {
        "Asia/Karachi": "zone_karachi",
        "Asia/Dubai": "zone_dubai",
        "Asia/Riyadh": "zone_riyadh",
        "Asia/Qatar": "zone_qatar",
        "Asia/Kuwait": "zone_kuwait",
        "Asia/Bahrain": "zone_bahrain",
        "Asia/Muscat": "zone_muscat",
        "Europe/London": "zone_london",
        "America/New_York": "zone_new_york",
        "America/Chicago": "zone_chicago",
        "America/Los_Angeles": "zone_los_angeles",
    },
)
"""Where Scene's members live: Pakistan first, then the Gulf, the UK and the US."""
STEP_MINUTES = 30
T = TypeVar("T")


def create() -> None:
    ui.page(PATH)(session.members_only(notification_settings_page))


async def notification_settings_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    page = NotificationSettings(await _stored())
    with frame(tx.title, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(tx.heading, tx.subheading)
        page.render()


async def _stored() -> s.MessagePreferences:
    async with session.member_services() as (services, me):
        return await services.messaging.preferences(me.user)


def clock_label(moment: time) -> str:
    """`11:00 pm` (`رات 11:00` in Urdu): a time of day in the reader's words."""
    return formats.clock(datetime.combine(formats.today(), moment, tzinfo=KARACHI))


def channel_toggle(channel: m.Channel, *, on: bool, on_click: Callable[[], Awaitable[None]]) -> ui.button:
    """A channel as a pill that is on (tinted, accent outline) or off. Quieter than a filter chip's solid
    accent: a settings page shows twenty of them at once."""
    tone = CHANNEL_ON if on else CHANNEL_OFF
    return (
        ui.button(CHANNELS[channel], icon=CHANNEL_ICONS[channel], color=None, on_click=on_click)
        .props(f'unelevated rounded no-caps aria-pressed="{str(on).lower()}"')
        .classes(
            f"min-h-touch px-3 border text-meta font-semibold whitespace-nowrap [&_.q-icon]:text-lg {tone}"
        )
    )


def picker(
    label: str, choices: Mapping[T, str], value: T, on_change: Callable[[ValueChangeEventArguments[T]], Any]
) -> ui.select:
    """A dropdown with its name above it rather than floating inside: Urdu's tall letters would run into a
    floating label."""
    with ui.column().classes("flex-1 min-w-0 w-full gap-1"):
        ui.label(label).classes("text-meta font-semibold text-muted")
        return (
            ui.select(dict(choices), value=value, on_change=on_change)
            .props(f'outlined options-dense aria-label="{label}"')
            .classes("w-full")
        )


def time_choices(*keep: time) -> dict[time, str]:
    """Every half hour of the day, plus any stored time that is not on one (set through the API)."""
    steps = [time(minutes // 60, minutes % 60) for minutes in range(0, 24 * 60, STEP_MINUTES)]
    return {moment: clock_label(moment) for moment in sorted({*steps, *keep})}


def zone_choices(current: str) -> dict[str, str]:
    """The usual zones by name; a zone set another way (through the API) stays on the list as it is."""
    choices = dict(TIME_ZONES)
    return choices if current in choices else {current: current, **choices}


class NotificationSettings:
    """The member's stored preferences; every section renders from them and re-renders after a save."""

    def __init__(self, preferences: s.MessagePreferences) -> None:
        self.preferences = preferences
        self.window = preferences.quiet_hours or preferences.quiet_window
        """The quiet window shown (kept while quiet hours are off, to come back when turned on)."""

    def render(self) -> None:
        with ui.row().classes("w-full items-start gap-2 flex-nowrap -mt-3"):
            ui.icon("route").classes("text-muted text-lg shrink-0 mt-0.5")
            ui.label(tx.order_note).classes("text-meta text-muted")
        with ui.column().classes("w-full gap-2").mark("messages"):
            section_header(tx.messages)
            self.channels()
        with ui.column().classes("w-full gap-2").mark("this-phone"):
            section_header(tx.this_phone)
            push_opt_in(tx.push_hint)
        with ui.column().classes("w-full gap-2").mark("quiet"):
            section_header(tx.quiet_hours)
            self.quiet()

    # Channels per category --------------------------------------------------------------------

    @ui.refreshable_method
    def channels(self) -> None:
        with panel(classes="gap-0 px-4 py-1"):
            for index, row in enumerate(self.preferences.categories):
                self._category(row, first=index == 0)

    def _category(self, row: s.CategoryChannels, *, first: bool) -> None:
        line = "" if first else "border-t border-line"
        with ui.column().classes(f"w-full gap-2 py-3 {line}").mark(f"category-{row.category}"):
            with ui.column().classes("w-full gap-0.5"):
                with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                    ui.label(CATEGORIES[row.category]).classes("text-body font-semibold text-ink")
                    if row.essential:
                        ui.label(tx.essential).classes(
                            "text-label font-bold uppercase tracking-wider text-accent bg-accent-soft "
                            "rounded-full px-2 py-0.5 whitespace-nowrap"
                        ).mark("essential")
                ui.label(COVERS[row.category]).classes("text-meta text-muted")
            with ui.row().classes("w-full items-center gap-2"):
                for channel in row.allowed:
                    said = tx("channel_for", channel=CHANNELS[channel], category=CATEGORIES[row.category])
                    channel_toggle(
                        channel, on=channel in row.channels, on_click=partial(self.toggle, row, channel)
                    ).props(f'aria-label="{said}"').mark(f"{row.category}-{channel}")
                if not row.channels:
                    ui.label(tx.in_app_only).classes("text-meta text-muted").mark("in-app-only")

    async def toggle(self, row: s.CategoryChannels, channel: m.Channel) -> None:
        chosen = (
            [c for c in row.channels if c != channel] if channel in row.channels else [*row.channels, channel]
        )
        await self.save(s.MessagePreferencesUpdate(categories=[s.CategoryChoice(row.category, chosen)]))

    # Quiet hours and time zone ----------------------------------------------------------------

    @ui.refreshable_method
    def quiet(self) -> None:
        quiet = self.preferences.quiet_hours
        with panel():
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                    ui.label(tx.quiet_switch).classes("text-body font-semibold text-ink")
                    ui.label(tx.quiet_hours_hint if quiet else tx.quiet_off_hint).classes(
                        "text-meta text-muted"
                    )
                ui.switch(value=quiet is not None, on_change=self.switch_quiet).props(
                    f'aria-label="{tx.quiet_hours}"'
                ).mark("quiet-hours")
            if quiet is not None:
                choices = time_choices(quiet.start, quiet.end)
                with ui.row().classes("w-full gap-3 flex-nowrap"):
                    picker(tx.quiet_start, choices, quiet.start, self.set_start).mark("quiet-start")
                    picker(tx.quiet_end, choices, quiet.end, self.set_end).mark("quiet-end")
            zone = self.preferences.time_zone
            picker(tx.time_zone, zone_choices(zone), zone, self.set_zone).mark("time-zone")
            ui.label(tx.time_zone_hint).classes("text-meta text-muted -mt-2")

    async def switch_quiet(self, event: ValueChangeEventArguments[bool | None]) -> None:
        await self.save(s.MessagePreferencesUpdate(quiet_hours=self.window if event.value else None))

    async def set_start(self, event: ValueChangeEventArguments[time]) -> None:
        await self.save(s.MessagePreferencesUpdate(quiet_hours=s.QuietHours(event.value, self.window.end)))

    async def set_end(self, event: ValueChangeEventArguments[time]) -> None:
        await self.save(s.MessagePreferencesUpdate(quiet_hours=s.QuietHours(self.window.start, event.value)))

    async def set_zone(self, event: ValueChangeEventArguments[str]) -> None:
        await self.save(s.MessagePreferencesUpdate(time_zone=event.value))

    # Saving -----------------------------------------------------------------------------------

    async def save(self, update: s.MessagePreferencesUpdate) -> None:
        """One change; the page then shows what is stored, so a refused change springs back."""
        saved = await feedback.attempt(
            lambda services, me: services.messaging.update_preferences(me.user, update), success=tx.saved
        )
        if saved is not feedback.REFUSED:
            self.preferences = saved
        self.window = self.preferences.quiet_hours or self.preferences.quiet_window
        self.channels.refresh()
        self.quiet.refresh()

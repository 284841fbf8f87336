"""The profile form: a new member's first profile (/setup) and later edits (/me/edit)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.users import schemas as users_s
from scene_api.lib.errors import Conflict, DomainError, InvalidInput
from scene_ui import feedback, session
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.frame import Tab, frame
from scene_ui.components.section import page_heading, panel

TITLE_SETUP = "Your profile"
HEADING_SETUP = "Set up your profile"
SUBHEADING_SETUP = "So hosts and players know who you are. You can change it any time."
TITLE_EDIT = "Edit profile"
HEADING_EDIT = "Edit profile"
PHOTO = "Photo"
ADD_PHOTO = "Add photo"
CHANGE_PHOTO = "Change photo"
REMOVE_PHOTO = "Remove"
PHOTO_HINT = "JPEG, PNG or WebP, up to 5 MB."
PHOTO_SAVED = "Photo updated"
PHOTO_REMOVED = "Photo removed"
NAME = "Your name"
NAME_MISSING = "Tell us your name."
HANDLE = "Handle"
HANDLE_HINT = "3-30 letters, numbers or _; people find you by it."
CITY = "City"
GENDER = "Gender"
GENDER_HINT = "Only used for women-only activities."
GENDERS = {m.Gender.WOMAN: "Woman", m.Gender.MAN: "Man", m.Gender.UNDISCLOSED: "Prefer not to say"}
BIO = "About you"
BIO_PLACEHOLDER = "Weekend padel, Sunday long runs..."
INTERESTS = "What do you play?"
INTERESTS_HINT = "Pick a few; we use them to suggest games and people."
LEVELS = "Your level"
LEVELS_HINT = "1 is just starting, 5 is tournament level."
OPEN_TO_JOIN = "Open to join"
OPEN_TO_JOIN_HINT = "Let hosts know you're up for filling a spot at short notice."
SAVE_SETUP = "Continue"
SAVE_EDIT = "Save changes"
CANCEL = "Cancel"
SAVED = "Profile saved"

LEVEL_CHOICES = (1, 2, 3, 4, 5)
DEFAULT_LEVEL = 2
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
PHOTO_MAX_BYTES = 5 * 1024 * 1024
HANDLE_TAKEN_CONSTRAINT = "uq_users_handle"
"""The database's name for "that handle is taken": its Conflict belongs under the handle field."""


def create() -> None:
    ui.page("/setup")(session.members_only(setup, needs_profile=False))
    ui.page("/me/edit")(session.members_only(edit))


async def setup(next: str | None = None) -> RedirectResponse | None:
    form = await _ProfileForm.load(first_time=True, next_path=session.safe_next(next))
    with frame(TITLE_SETUP, sign_in_link=False):
        page_heading(HEADING_SETUP, SUBHEADING_SETUP)
        form.render()
    return None


async def edit() -> None:
    form = await _ProfileForm.load(first_time=False, next_path="/me")
    member = await session.current_member()
    with frame(TITLE_EDIT, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(HEADING_EDIT)
        form.render()


class _ProfileForm:
    """The member's profile as loaded, the choices made on screen, and the inputs that show errors."""

    def __init__(self, profile: users_s.Profile, *, first_time: bool, next_path: str) -> None:
        self.profile = profile
        self.first_time = first_time
        self.next_path = next_path
        self.interests: list[m.ActivityType] = list(profile.interests)
        self.levels: dict[m.ActivityType, int] = dict(profile.skill_levels)
        self.inputs: dict[str, Any] = {}
        self.interest_chips: dict[m.ActivityType, ui.button] = {}

    @classmethod
    async def load(cls, *, first_time: bool, next_path: str) -> _ProfileForm:
        async with session.member_services() as (services, me):
            profile = await services.users.profile(me.user, me.user.id)
        return cls(profile, first_time=first_time, next_path=next_path)

    def render(self) -> None:
        self._photo()
        with panel():
            self.inputs["name"] = (
                ui.input(NAME, value=self.profile.name).props("outlined").classes("w-full").mark("name")
            )
            self.inputs["handle"] = (
                ui.input(HANDLE, value=self.profile.handle)
                .props('outlined prefix="@" autocapitalize="off" spellcheck="false"')
                .classes("w-full")
                .mark("handle")
            )
            ui.label(HANDLE_HINT).classes("text-meta text-muted -mt-2")
            self.inputs["city"] = (
                ui.select({city: city.value for city in m.City}, label=CITY, value=self.profile.city)
                .props("outlined options-dense")
                .classes("w-full")
                .mark("city")
            )
            self.inputs["gender"] = (
                ui.select(GENDERS, label=GENDER, value=self.profile.gender)
                .props("outlined options-dense")
                .classes("w-full")
                .mark("gender")
            )
            ui.label(GENDER_HINT).classes("text-meta text-muted -mt-2")
            if not self.first_time:
                self.inputs["bio"] = (
                    ui.textarea(BIO, value=self.profile.bio, placeholder=BIO_PLACEHOLDER)
                    .props("outlined autogrow maxlength=500")
                    .classes("w-full")
                    .mark("bio")
                )
        with panel(INTERESTS):
            ui.label(INTERESTS_HINT).classes("text-meta text-muted -mt-1")
            with ui.row().classes("w-full gap-2"):
                for kind in m.ActivityType:
                    self.interest_chips[kind] = chip(
                        LABELS[kind], ICONS[kind], on_click=partial(self.toggle_interest, kind)
                    )
                    mark(self.interest_chips[kind], kind in self.interests)
        self.levels_panel()
        with panel(), ui.row().classes("w-full items-center gap-3 flex-nowrap"):
            with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                ui.label(OPEN_TO_JOIN).classes("text-body font-semibold text-ink")
                ui.label(OPEN_TO_JOIN_HINT).classes("text-meta text-muted")
            self.inputs["open_to_join"] = ui.switch(value=self.profile.open_to_join).mark("open-to-join")
        with ui.column().classes("w-full gap-3"):
            save = primary_button(SAVE_SETUP if self.first_time else SAVE_EDIT, icon="check").classes(
                "w-full"
            )
            save.on_click(partial(self.save, save)).mark("save-profile")
            if not self.first_time:
                secondary_button(CANCEL, lambda: ui.navigate.to(self.next_path)).classes("w-full")

    # Photo ------------------------------------------------------------------------------------

    @ui.refreshable_method
    def _photo(self) -> None:
        with ui.row().classes("w-full items-center gap-4 flex-nowrap"):
            avatar(self.profile.name or self.profile.handle, self.profile.avatar_url, size=80)
            with ui.column().classes("gap-1 min-w-0"):
                upload = (
                    ui.upload(auto_upload=True, max_file_size=PHOTO_MAX_BYTES, on_upload=self.upload_photo)
                    .props(f'accept="{PHOTO_TYPES}"')
                    .classes("hidden")
                )
                with ui.row().classes("gap-2"):
                    secondary_button(
                        CHANGE_PHOTO if self.profile.avatar_url else ADD_PHOTO,
                        lambda: upload.run_method("pickFiles"),
                        icon="photo_camera",
                    ).classes("min-h-10 px-4 text-meta")
                    if self.profile.avatar_url:
                        secondary_button(REMOVE_PHOTO, self.remove_photo).classes("min-h-10 px-4 text-meta")
                ui.label(PHOTO_HINT).classes("text-meta text-muted")

    async def upload_photo(self, event: events.UploadEventArguments) -> None:
        picture = await event.file.read()
        try:
            async with session.member_services() as (services, me):
                self.profile = await services.users.set_avatar(me.user, picture)
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(PHOTO_SAVED)
        self._photo.refresh()

    async def remove_photo(self) -> None:
        try:
            async with session.member_services() as (services, me):
                self.profile = await services.users.remove_avatar(me.user)
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(PHOTO_REMOVED)
        self._photo.refresh()

    # Interests and levels ---------------------------------------------------------------------

    def toggle_interest(self, kind: m.ActivityType) -> None:
        if kind in self.interests:
            self.interests.remove(kind)
        else:
            self.interests.append(kind)
            self.levels.setdefault(kind, DEFAULT_LEVEL)
        mark(self.interest_chips[kind], kind in self.interests)
        self.levels_panel.refresh()

    @ui.refreshable_method
    def levels_panel(self) -> None:
        chosen = [kind for kind in self.interests if kind is not m.ActivityType.OTHER]
        if not chosen:
            return
        with panel(LEVELS):
            ui.label(LEVELS_HINT).classes("text-meta text-muted -mt-1")
            for kind in chosen:
                with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                    ui.label(LABELS[kind]).classes("flex-1 min-w-0 text-body text-ink truncate")
                    for level in LEVEL_CHOICES:
                        picked = self.levels.get(kind, DEFAULT_LEVEL) == level
                        tone = "bg-accent text-on-accent" if picked else "bg-raised text-muted"
                        ui.button(
                            str(level), color=None, on_click=partial(self.set_level, kind, level)
                        ).props(
                            f'unelevated round dense aria-label="{LABELS[kind]} level {level}" '
                            f'aria-pressed="{str(picked).lower()}"'
                        ).classes(f"w-9 h-9 shrink-0 text-meta font-bold {tone}")

    def set_level(self, kind: m.ActivityType, level: int) -> None:
        self.levels[kind] = level
        self.levels_panel.refresh()

    # Saving -----------------------------------------------------------------------------------

    async def save(self, button: ui.button) -> None:
        for field in self.inputs.values():
            if hasattr(field, "error"):
                field.error = None
        if not (self.inputs["name"].value or "").strip():
            self.inputs["name"].error = NAME_MISSING
            return
        button.props("loading")
        try:
            update = feedback.checked(self._payload(), users_s.ProfileUpdate)
            async with session.member_services() as (services, me):
                await services.users.update_profile(me.user, update)
        except DomainError as error:
            self._show(error)
            return
        finally:
            button.props(remove="loading")
        feedback.done(SAVED)
        ui.navigate.to(self.next_path)

    def _payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "name": (self.inputs["name"].value or "").strip(),
            "handle": (self.inputs["handle"].value or "").strip(),
            "city": self.inputs["city"].value,
            "gender": self.inputs["gender"].value,
            "interests": list(self.interests),
            "skill_levels": {
                kind: self.levels.get(kind, DEFAULT_LEVEL)
                for kind in self.interests
                if kind is not m.ActivityType.OTHER
            },
            "open_to_join": bool(self.inputs["open_to_join"].value),
        }
        if "bio" in self.inputs:
            payload["bio"] = self.inputs["bio"].value or ""
        return payload

    def _show(self, error: DomainError) -> None:
        """Under the field it is about when there is one, else as a toast."""
        fields = dict(feedback.field_errors(error)) if isinstance(error, InvalidInput) else {}
        if isinstance(error, Conflict) and error.details.get("constraint") == HANDLE_TAKEN_CONSTRAINT:
            fields = {"handle": error.message}
        shown = False
        for field, message in fields.items():
            if field in self.inputs and hasattr(self.inputs[field], "error"):
                self.inputs[field].error = message
                shown = True
        if not shown:
            feedback.failed(error)

"""The profile form: a new member's first profile (/setup) and later edits (/me/edit)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.users import schemas as users_s
from scene_api.lib.errors import Conflict, DomainError, InvalidInput
from scene_ui import drafts, feedback, session
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.components.chips import chip, mark
from scene_ui.components.frame import Tab, frame
from scene_ui.components.inputs import long_text
from scene_ui.components.section import page_heading, panel
from scene_ui.i18n import Labels, texts

tx = texts("profile_edit")
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
HANDLE_TAKEN_CONSTRAINT = "uq_users_handle"
GENDERS: Labels[m.Gender] = Labels("profile_edit", {gender: f"gender_{gender.value}" for gender in m.Gender})

LEVEL_CHOICES = (1, 2, 3, 4, 5)
DEFAULT_LEVEL = 2
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def create() -> None:
    ui.page("/setup")(session.members_only(setup, needs_profile=False))
    ui.page("/me/edit")(session.members_only(edit))


async def setup(next: str | None = None) -> RedirectResponse | None:
    form = await _ProfileForm.load(first_time=True, next_path=session.safe_next(next))
    with frame(tx.title_setup, sign_in_link=False):
        page_heading(tx.heading_setup, tx.subheading_setup)
        form.render()
    return None


async def edit() -> None:
    form = await _ProfileForm.load(first_time=False, next_path="/me")
    member = await session.current_member()
    with frame(tx.title_edit, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(tx.heading_edit)
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
        self.draft = drafts.Draft(
            self.profile.id, "profile", snapshot=self.answers, restore=self.take_answers
        )
        self.draft.notice()
        self._photo()
        with panel():
            self.inputs["name"] = self.draft.typed(
                ui.input(tx.name, value=self.profile.name).props("outlined").classes("w-full").mark("name"),
                "name",
            )
            self.inputs["handle"] = self.draft.typed(
                ui.input(tx.handle, value=self.profile.handle)
                .props('outlined prefix="@" autocapitalize="off" spellcheck="false"')
                .classes("w-full")
                .mark("handle"),
                "handle",
            )
            ui.label(tx.handle_hint).classes("text-meta text-muted -mt-2")
            self.inputs["city"] = (
                ui.select({city: city.value for city in m.City}, label=tx.city, value=self.profile.city)
                .props("outlined options-dense")
                .classes("w-full")
                .mark("city")
            )
            self.inputs["gender"] = (
                ui.select(dict(GENDERS), label=tx.gender, value=self.profile.gender)
                .props("outlined options-dense")
                .classes("w-full")
                .mark("gender")
            )
            ui.label(tx.gender_hint).classes("text-meta text-muted -mt-2")
            if not self.first_time:
                self.inputs["bio"] = self.draft.typed(
                    long_text(tx.bio, value=self.profile.bio, placeholder=tx.bio_placeholder, limit=500).mark(
                        "bio"
                    ),
                    "bio",
                )
        with panel(tx.interests):
            ui.label(tx.interests_hint).classes("text-meta text-muted -mt-1")
            with ui.row().classes("w-full gap-2"):
                for kind in m.ActivityType:
                    self.interest_chips[kind] = chip(
                        LABELS[kind], ICONS[kind], on_click=partial(self.toggle_interest, kind)
                    )
                    mark(self.interest_chips[kind], kind in self.interests)
        self.levels_panel()
        with panel(), ui.row().classes("w-full items-center gap-3 flex-nowrap"):
            with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                ui.label(tx.open_to_join).classes("text-body font-semibold text-ink")
                ui.label(tx.open_to_join_hint).classes("text-meta text-muted")
            self.inputs["open_to_join"] = (
                ui.switch(value=self.profile.open_to_join)
                .props(f'aria-label="{tx.open_to_join}"')
                .mark("open-to-join")
            )
        with ui.column().classes("w-full gap-3"):
            save = primary_button(tx.save_setup if self.first_time else tx.save_edit, icon="check").classes(
                "w-full"
            )
            save.on_click(partial(self.save, save)).mark("save-profile")
            if not self.first_time:
                secondary_button(tx.cancel, lambda: ui.navigate.to(self.next_path)).classes("w-full")

    # The draft (scene_ui.drafts) ----------------------------------------------------------------

    def answers(self) -> drafts.Answers:
        """What is on screen; the photo is not part of it (it is saved the moment it is picked)."""
        typed = {
            name: self.inputs[name].value or "" for name in ("name", "handle", "bio") if name in self.inputs
        }
        return typed | {
            "city": drafts.value_of(self.inputs["city"].value),
            "gender": drafts.value_of(self.inputs["gender"].value),
            "interests": [kind.value for kind in self.interests],
            "levels": {kind.value: level for kind, level in self.levels.items()},
            "open_to_join": bool(self.inputs["open_to_join"].value),
        }

    def take_answers(self, answers: drafts.Answers) -> None:
        for name in ("name", "handle", "bio"):
            if name in self.inputs:
                self.inputs[name].value = drafts.text(answers, name, self.inputs[name].value or "")
        self.inputs["city"].value = drafts.choice(answers, "city", m.City, self.inputs["city"].value)
        gender = self.inputs["gender"].value
        self.inputs["gender"].value = drafts.choice(answers, "gender", m.Gender, gender) or gender
        self.inputs["open_to_join"].value = drafts.flag(
            answers, "open_to_join", self.inputs["open_to_join"].value
        )
        interests = answers.get("interests")
        if isinstance(interests, list):
            chosen = [drafts.member_of(m.ActivityType, kind) for kind in interests]
            self.interests = [kind for kind in chosen if kind is not None]
        levels = answers.get("levels")
        if isinstance(levels, dict):
            for key, level in levels.items():
                kind = drafts.member_of(m.ActivityType, key)
                if kind is not None and level in LEVEL_CHOICES:
                    self.levels[kind] = level
        for kind, button in self.interest_chips.items():
            mark(button, kind in self.interests)
        self.levels_panel.refresh()

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
                        tx.change_photo if self.profile.avatar_url else tx.add_photo,
                        lambda: upload.run_method("pickFiles"),
                        icon="photo_camera",
                    ).classes("min-h-10 px-4 text-meta")
                    if self.profile.avatar_url:
                        secondary_button(tx.remove_photo, self.remove_photo).classes(
                            "min-h-10 px-4 text-meta"
                        )
                ui.label(tx.photo_hint).classes("text-meta text-muted")

    async def upload_photo(self, event: events.UploadEventArguments) -> None:
        picture = await event.file.read()
        profile = await feedback.attempt(
            lambda services, me: services.users.set_avatar(me.user, picture), success=tx.photo_saved
        )
        if profile is feedback.REFUSED:
            return
        self.profile = profile
        self._photo.refresh()

    async def remove_photo(self) -> None:
        profile = await feedback.attempt(
            lambda services, me: services.users.remove_avatar(me.user), success=tx.photo_removed
        )
        if profile is feedback.REFUSED:
            return
        self.profile = profile
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
        with panel(tx.levels):
            ui.label(tx.levels_hint).classes("text-meta text-muted -mt-1")
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
            self.inputs["name"].error = tx.name_missing
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
        self.draft.sent()
        feedback.done(tx.saved)
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
            fields = {"handle": feedback.said(error)}
        shown = False
        for field, message in fields.items():
            if field in self.inputs and hasattr(self.inputs[field], "error"):
                self.inputs[field].error = message
                shown = True
        if not shown:
            feedback.failed(error)

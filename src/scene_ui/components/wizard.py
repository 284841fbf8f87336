"""The step machinery the create wizards share: the progress bar, a step's errors, back / next / post,
and `StepWizard`, which moves between the steps and posts the draft."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any
from uuid import UUID

import msgspec
from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.trust import schemas as trust_s
from scene_api.lib.errors import DomainError, InvalidInput
from scene_api.services import Services
from scene_ui import drafts, feedback, session
from scene_ui.components.buttons import ghost_button, primary_button, secondary_button, spinning_while
from scene_ui.components.chips import chip, mark
from scene_ui.components.section import panel
from scene_ui.i18n import Texts, texts

tx = texts("create")

VISIBILITIES = {
    m.Visibility.PUBLIC: ("public", "public"),
    m.Visibility.CIRCLES: ("groups", "circles"),
    m.Visibility.LINK_ONLY: ("link", "link_only"),
}
"""Icon and catalogue key (`visibility_<key>`, `visibility_<key>_hint`) of each choice."""


def progress(step: int, names: Sequence[str]) -> None:
    """`Step 2 of 6` with the step's name, and a bar of as many segments as there are steps."""
    with ui.column().classes("w-full gap-2"):
        with ui.row().classes("w-full items-baseline justify-between"):
            ui.label(tx.step_of.format(number=step + 1, total=len(names))).classes(
                "text-label font-bold uppercase tracking-wider text-accent"
            ).mark("wizard-step")
            ui.label(names[step]).classes("text-meta text-muted")
        with (
            ui.row()
            .classes("w-full gap-1 flex-nowrap")
            .props(
                f'role="progressbar" aria-valuemin="1" aria-valuemax="{len(names)}" '
                f'aria-valuenow="{step + 1}" aria-label="{names[step]}"'
            )
        ):
            for index in range(len(names)):
                tone = "bg-accent" if index <= step else "bg-raised"
                ui.element("div").classes(f"flex-1 h-1 rounded-full {tone}")


def step_errors(errors: Mapping[str, str], *fields: str) -> None:
    """The errors about `fields`, each on its own line."""
    for field in fields:
        if text := errors.get(field):
            with ui.row().classes("w-full items-center gap-2 flex-nowrap").mark("step-error"):
                ui.icon("error_outline").classes("text-danger text-lg")
                ui.label(text).classes("text-meta text-danger")


def step_buttons(
    step: int,
    total: int,
    *,
    back: Callable[[], Any],
    next: Callable[[], Any],
    post: Callable[[ui.button], Any],
    post_label: str,
) -> None:
    """Back (after the first step), then Next, or the post button on the last step."""
    with ui.row().classes("w-full gap-2 flex-nowrap"):
        if step > 0:
            secondary_button(tx.back, back, icon="arrow_back").classes("flex-1").mark("wizard-back")
        if step < total - 1:
            primary_button(tx.next, next).classes("flex-[2]").mark("wizard-next")
        else:
            button = primary_button(post_label, icon="rocket_launch").classes("flex-[2]").mark("wizard-post")
            button.on_click(partial(post, button))


def city_choice(chosen: m.City | None, on_pick: Callable[[m.City], Any]) -> None:
    """The cities as a row of chips under `City`, the chosen one marked."""
    with ui.column().classes("w-full gap-2"):
        ui.label(tx.city).classes("text-label font-bold uppercase tracking-wider text-muted")
        with ui.row().classes("w-full gap-2"):
            for city in m.City:
                button = chip(city.value, on_click=partial(on_pick, city))
                mark(button, city is chosen)


def yes_no(label: str, hint: str, value: bool, marker: str, on_change: Callable[[bool], Any]) -> None:
    """A yes/no question in its own panel: the question, a line under it, and a switch named after the
    question (marked `marker`) that hands `on_change` the new answer."""
    with panel(), ui.row().classes("w-full items-center gap-3 flex-nowrap"):
        with ui.column().classes("flex-1 min-w-0 gap-0.5"):
            ui.label(label).classes("text-body font-semibold text-ink")
            ui.label(hint).classes("text-meta text-muted")
        switch = ui.switch(value=value).props(f'aria-label="{label}"').mark(marker)
        switch.on_value_change(lambda e: on_change(bool(e.value)))


class StepWizard(ABC):
    """A draft in steps: the step on screen, the error each field shows, moving on only when the steps
    so far are answered and within the schema's limits, and posting the draft to its service. A
    refusal opens the step its field belongs to, with the message there.

    A wizard names its steps (`step_names`, catalogue keys `step_name_<key>` in `strings`), draws
    them (`step_views`), says which step asks each field (`step_of`), what is still missing, the
    payload for `schema`, and how the service creates it (answering the page to go to).

    The draft survives a reload (`scene_ui.drafts`): the step reached and the wizard's `answers`, which
    `take_answers` puts back; the inputs where the member types are marked with `self.draft.typed`."""

    step_names: Sequence[str]
    schema: type[msgspec.Struct]
    strings: Texts

    def __init__(self, member_id: UUID, form: str) -> None:
        self.member_id = member_id
        self.form = form
        """The draft's name for this member (`scene_ui.drafts.Draft`)."""
        self.step = 0
        self.errors: dict[str, str] = {}
        self.busy = False

    def render(self) -> None:
        self.draft = drafts.Draft(self.member_id, self.form, snapshot=self.snapshot, restore=self.restore)
        self.view()

    def snapshot(self) -> drafts.Answers:
        return {"step": self.step} | self.answers()

    async def restore(self, answers: drafts.Answers) -> None:
        await self.take_answers(answers)
        step = drafts.whole(answers, "step", self.step) or 0
        self.step = min(max(step, 0), len(self.step_names) - 1)
        self.errors = {}
        self.view.refresh()

    @abstractmethod
    def answers(self) -> drafts.Answers:
        """What the member typed and chose, as JSON."""

    @abstractmethod
    async def take_answers(self, answers: drafts.Answers) -> None:
        """Put `answers` (part of them, maybe from an older form) back into the wizard."""

    @abstractmethod
    def step_views(self) -> Sequence[Callable[[], None]]: ...

    @abstractmethod
    def step_of(self, field: str) -> int: ...

    @abstractmethod
    def missing(self) -> dict[str, str]:
        """Answers not given yet, by field (whatever the step on screen: `problems` keeps those so far)."""

    @abstractmethod
    def payload(self) -> dict[str, Any]: ...

    @abstractmethod
    async def create(self, services: Services, data: Any, actor: Any) -> str:
        """Create the thing; answer the path of its page."""

    @ui.refreshable_method
    def view(self) -> None:
        self.draft.notice()
        progress(self.step, [self.strings(f"step_name_{name}") for name in self.step_names])
        self.step_views()[self.step]()
        step_buttons(
            self.step,
            len(self.step_names),
            back=self.back,
            next=self.next,
            post=self.post,
            post_label=self.strings.post,
        )

    def back(self) -> None:
        self.errors = {}
        self.step = max(self.step - 1, 0)
        self.view.refresh()

    def next(self) -> None:
        self.errors = self.problems(upto=self.step)
        if not self.errors:
            self.step += 1
        self.view.refresh()

    def go_to(self, step: int) -> None:
        self.errors = {}
        self.step = step
        self.view.refresh()

    def problems(self, *, upto: int) -> dict[str, str]:
        """What stops the steps up to `upto`: missing answers, then the schema's own limits."""
        missing = {field: text for field, text in self.missing().items() if self.step_of(field) <= upto}
        if missing:
            return missing
        try:
            feedback.checked(self.payload(), self.schema)
        except InvalidInput as error:
            return {
                field: text
                for field, text in feedback.field_errors(error).items()
                if self.step_of(field) <= upto
            }
        return {}

    async def post(self, button: ui.button) -> None:
        self.errors = self.problems(upto=len(self.step_names) - 1)
        if self.errors:
            self.show_first_error()
            return
        if self.busy:
            return
        async with spinning_while(self, button):
            try:
                data = feedback.checked(self.payload(), self.schema)
                async with session.member_services() as (services, me):
                    path = await self.create(services, data, me.user)
            except InvalidInput as error:
                self.errors = dict(feedback.field_errors(error)) or {"title": feedback.said(error)}
                if not feedback.field_errors(error):
                    feedback.failed(error)
                self.show_first_error()
                return
            except DomainError as error:
                feedback.failed(error)
                return
        self.draft.sent()
        feedback.done(self.strings.posted)
        ui.navigate.to(path)

    def show_first_error(self) -> None:
        self.step = min(self.step_of(field) for field in self.errors)
        self.view.refresh()

    def error(self, *fields: str) -> None:
        """The errors about `fields`, under the step's answers."""
        step_errors(self.errors, *fields)

    def review(self, answers: Sequence[tuple[str, str]], description: str) -> None:
        """The last step: each earlier step's answer (label, value) with a way back to it, then the
        description."""
        with panel(classes="gap-0 px-4 py-1", marker="review"):
            for step, (label, value) in enumerate(answers):
                with ui.row().classes(
                    f"w-full items-center gap-3 py-3 flex-nowrap {'border-t border-line' if step else ''}"
                ):
                    with ui.column().classes("flex-1 min-w-0 gap-0"):
                        ui.label(label).classes("text-label uppercase tracking-wider text-muted")
                        ui.label(value).classes("text-body text-ink break-words")
                    ghost_button(tx.edit, partial(self.go_to, step)).classes("text-accent -me-2")
        if description.strip():
            ui.label(description.strip()).classes("text-meta text-muted whitespace-pre-line")


class SharedDraft(StepWizard):
    """A draft with a title and a description, shown to everyone, the host's circles or whoever has
    the link (activities, events): the inputs of the two, the choice, and the circles to share it with."""

    def __init__(self, member_id: UUID, form: str, circles: list[trust_s.Circle]) -> None:
        super().__init__(member_id, form)
        self.title = ""
        self.description = ""
        self.circles = circles
        self.visibility = m.Visibility.PUBLIC
        self.circle_ids: list[UUID] = []

    def title_and_description(self, *, title_placeholder: str, description_limit: int) -> None:
        """The title (120 letters at most, counted as typed) and the description, each with its error;
        both kept in the draft."""
        title = ui.input(self.strings.field_title, value=self.title, placeholder=title_placeholder)
        self.draft.typed(title, "title").props("outlined maxlength=120 counter").classes("w-full").mark(
            "title"
        )
        title.on_value_change(lambda e: setattr(self, "title", e.value or ""))
        title.error = self.errors.get("title")
        details = ui.textarea(
            self.strings.field_description,
            value=self.description,
            placeholder=self.strings.description_placeholder,
        )
        self.draft.typed(details, "description").props(f"outlined autogrow maxlength={description_limit}")
        details.classes("w-full").mark("description")
        details.on_value_change(lambda e: setattr(self, "description", e.value or ""))
        details.error = self.errors.get("description")

    def visibility_answers(self) -> drafts.Answers:
        return {
            "visibility": drafts.value_of(self.visibility),
            "circle_ids": [str(circle_id) for circle_id in self.circle_ids],
        }

    def take_visibility_answers(self, answers: drafts.Answers) -> None:
        self.visibility = (
            drafts.choice(answers, "visibility", m.Visibility, self.visibility) or self.visibility
        )
        mine = {str(circle.id): circle.id for circle in self.circles}
        chosen = answers.get("circle_ids")
        if isinstance(chosen, list):
            self.circle_ids = [mine[circle_id] for circle_id in chosen if circle_id in mine]

    def visibility_choice(self) -> None:
        """Three choices (the wizard's own names, the shared hints), then the circles when it is for
        circles; each with its error."""
        with (
            ui.column().classes("w-full gap-2").props(f'role="radiogroup" aria-label="{tx.step_visibility}"')
        ):
            for visibility, (icon, key) in VISIBILITIES.items():
                picked = visibility is self.visibility
                tone = "border-accent bg-accent-soft" if picked else "border-line bg-surface"
                with (
                    ui.button(color=None, on_click=partial(self.pick_visibility, visibility))
                    .props(
                        f'unelevated no-caps align="left" role="radio" aria-checked="{str(picked).lower()}"'
                    )
                    .classes(f"w-full rounded-card border p-4 text-start {tone}")
                    .mark(f"visibility-{visibility.value}"),
                    ui.row().classes("w-full items-center gap-3 flex-nowrap"),
                ):
                    ui.icon(icon).classes(f"text-2xl {'text-accent' if picked else 'text-muted'}")
                    with ui.column().classes("flex-1 min-w-0 gap-0 items-start"):
                        ui.label(self.strings(f"visibility_{key}")).classes(
                            "text-body font-semibold text-ink"
                        )
                        ui.label(tx(f"visibility_{key}_hint")).classes(
                            "text-meta text-muted text-start normal-case"
                        )
                    if picked:
                        ui.icon("check_circle").classes("text-accent text-xl")
        if self.visibility is m.Visibility.CIRCLES:
            with panel(tx.circles):
                if not self.circles:
                    ui.label(self.strings.no_circles).classes("text-meta text-muted")
                for circle in self.circles:
                    box = ui.checkbox(circle.name, value=circle.id in self.circle_ids)
                    box.on_value_change(partial(self.pick_circle, circle.id)).mark(f"circle-{circle.slug}")
                self.error("circle_ids")
        self.error("visibility")

    def visibility_missing(self) -> dict[str, str]:
        if self.visibility is m.Visibility.CIRCLES and not self.circle_ids:
            return {"circle_ids": tx.pick_circle}
        return {}

    def seen_by(self) -> str:
        """The choice's name, for the review step."""
        return self.strings(f"visibility_{VISIBILITIES[self.visibility][1]}")

    def pick_visibility(self, visibility: m.Visibility) -> None:
        self.visibility = visibility
        self.errors.pop("circle_ids", None)
        self.view.refresh()

    def pick_circle(self, circle_id: UUID, event: Any) -> None:
        if event.value and circle_id not in self.circle_ids:
            self.circle_ids.append(circle_id)
        elif not event.value and circle_id in self.circle_ids:
            self.circle_ids.remove(circle_id)

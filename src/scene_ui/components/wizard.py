"""The step machinery the create wizards share: the progress bar, a step's errors, back / next / post."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from nicegui import ui

from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.i18n import texts

tx = texts("create")


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
                f'aria-valuenow="{step + 1}"'
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

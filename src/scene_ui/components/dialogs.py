"""Dialogs that leave nothing behind (closed, they are removed with what was typed into them), named by
their title."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from nicegui import ui

from scene_ui.components.buttons import danger_button, secondary_button

REMOVE_AFTER_SECONDS = 1.0
"""Long enough for the closing animation and for the handler that closed it to finish in its context."""


def dialog_root() -> ui.element:
    """Where a page's dialogs go: its content column, outside every refreshable part, so refreshing
    the list a dialog was opened from leaves the dialog (and what it does next) in place."""
    return ui.context.client.content


def open_once(dialog: ui.dialog) -> None:
    """Open `dialog`; once closed it is deleted, so a page opening many keeps none of the old ones."""
    dialog.on_value_change(lambda event: None if event.value else remove_later(dialog))
    dialog.open()


def remove_later(dialog: ui.dialog) -> None:
    def remove() -> None:
        if dialog.is_deleted:
            return
        with contextlib.suppress(RuntimeError):  # what held it went first (a refresh, the page closing)
            dialog.delete()

    asyncio.get_running_loop().call_later(REMOVE_AFTER_SECONDS, remove)


def dialog_title(text: str, *, classes: str = "") -> ui.label:
    """A dialog's title, which also names the dialog: Quasar gives it `role="dialog"` and no name, so a screen
    reader announced only "dialog" (axe: aria-dialog-name). Call it inside the dialog."""
    title = ui.label(text).classes(f"text-title font-bold text-ink {classes}".strip())
    slot = title.parent_slot
    while slot is not None and not isinstance(slot.parent, ui.dialog):
        slot = slot.parent.parent_slot
    if slot is None:
        raise RuntimeError("dialog_title() belongs inside a ui.dialog")
    slot.parent.props["aria-labelledby"] = title.html_id
    return title


def confirm_dialog(
    title: str, explain: str, *, keep: str, confirm: str, marker: str, on_confirm: Callable[[ui.dialog], Any]
) -> None:
    """Ask before a step that cannot be undone (deleting a circle, blocking someone): the title, what the
    step does, a way back, and the red button marked `marker`. `on_confirm` gets the dialog, to close it
    once the step went through."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"):
        dialog_title(title)
        ui.label(explain).classes("text-body text-muted")
        with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
            secondary_button(keep, dialog.close).classes("flex-1")
            danger_button(confirm, lambda: on_confirm(dialog)).classes("flex-1").mark(marker)
    dialog.open()

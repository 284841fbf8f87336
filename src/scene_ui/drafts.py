"""Drafts: what a member wrote and chose in a form comes back when the page is opened again (a reload,
the phone away longer than `scene_ui.connection.RECONNECT_WINDOW`, the browser killed in the
background), until it is sent, discarded, or 7 days old. Used by the create wizards, profile edits and
the notes on join requests. The page side is `static/drafts.js`.

Why the browser keeps it (`localStorage`), and not the server (Redis): what is typed while the phone is
offline never reaches the server, and it is exactly what a member loses when the page is opened again
past the window. So the browser writes each typed field on every `input` event, offline or not; what
lives only on the server (the wizard's step, the kind, times, places, toggles, chips) the server hands
to the browser as a small JSON whenever it changed (`KEEP_EVERY`), which is what was chosen while
online. A draft belongs to the signed-in member and the form: its storage key names both, so another
member signing in on the same phone never sees it.

A form gives its answers as plain JSON (`snapshot`) and takes them back (`restore`, which must accept a
part of them, values typed as text, and anything an older version of the form stored); it marks the
inputs where the member types with `typed`, and calls `notice()` where "Draft restored · Discard" goes
and `sent()` once the form went through."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from nicegui import background_tasks, ui

from scene_ui import assets
from scene_ui.components.buttons import ghost_button
from scene_ui.i18n import texts

tx = texts("drafts")
log = logging.getLogger(__name__)

SCRIPT = assets.STATIC / "drafts.js"
KEY_PREFIX = "scene.draft."
"""`scene.draft.<member id>.<form>` in the browser's localStorage (drafts.js expires them after 7 days)."""
KEEP_EVERY = 1.0
"""Seconds between two looks at the form's answers; they go to the browser only when they changed."""
READ_TIMEOUT = 10.0
"""How long the server waits for the browser's stored draft once the page's socket is connected."""
FIELD_ATTRIBUTE = "data-scene-draft-field"
KEY_ATTRIBUTE = "data-scene-draft"

Answers = dict[str, Any]
E = TypeVar("E", bound=Enum)
V = TypeVar("V", bound=ui.element)


def head() -> str:
    return f'<script src="{assets.url(SCRIPT)}" defer></script>'


def create() -> None:
    ui.add_head_html(head(), shared=True)


class Draft:
    """One form's draft for the signed-in member. Make it where the page is built (outside what gets
    refreshed: it holds a timer), before the form's own answers change."""

    def __init__(
        self,
        member_id: UUID,
        form: str,
        *,
        snapshot: Callable[[], Answers],
        restore: Callable[[Answers], Awaitable[None] | None],
    ) -> None:
        self.key = f"{KEY_PREFIX}{member_id}.{form}"
        self.snapshot = snapshot
        self._restore = restore
        self.client = ui.context.client
        self.initial: Answers | None = None
        """The answers as the page first drew them: what Discard goes back to."""
        self.kept: Answers | None = None
        """The answers the browser holds; None until its stored draft was read (nothing is kept before)."""
        self.restored = False
        ui.timer(KEEP_EVERY, self._keep_if_changed)
        background_tasks.create(self._read(), name=f"draft {form}")

    def typed(self, element: V, name: str) -> V:
        """An input whose every keystroke the browser keeps under `name`, even offline."""
        return element.props(f'{KEY_ATTRIBUTE}="{self.key}" {FIELD_ATTRIBUTE}="{name}"')

    @ui.refreshable_method
    def notice(self) -> None:
        """ "Draft restored · Discard", once a stored draft came back (nothing otherwise)."""
        if not self.restored:
            return
        with ui.row().classes("w-full items-center gap-2 flex-nowrap").mark("draft-restored"):
            ui.icon("history").classes("text-accent text-lg")
            ui.label(tx.restored).classes("flex-1 min-w-0 text-meta text-muted")
            ghost_button(tx.discard, self.discard).classes("text-accent -me-3").mark("draft-discard")

    def sent(self) -> None:
        """The form went through: the draft goes, and what the form shows now is the new start."""
        self.client.run_javascript(f"window.sceneDrafts?.drop({json.dumps(self.key)})")
        self.kept = self.snapshot()
        self._show_restored(False)

    async def discard(self) -> None:
        if self.initial is not None:
            await self._apply(self.initial)
        self.sent()

    async def _read(self) -> None:
        """Once the page is connected: the browser's stored draft, fed to the form."""
        try:
            stored = await self.client.run_javascript(
                f"return window.sceneDrafts?.read({json.dumps(self.key)}) ?? null", timeout=READ_TIMEOUT
            )
        except TimeoutError:
            stored = None
        if self.client.is_deleted:
            return
        self.initial = self.snapshot()
        if isinstance(stored, dict) and stored:
            try:
                await self._apply(stored)
            except (TypeError, ValueError, KeyError, AttributeError):
                log.info("a stored draft no longer fits its form", exc_info=True)
                await self._apply(self.initial)
        self.kept = self.snapshot()
        if self.kept != self.initial:
            self._show_restored(True)
        elif stored:
            self.sent()  # a draft that changes nothing

    async def _apply(self, answers: Answers) -> None:
        with self.client:
            done = self._restore(answers)
            if done is not None:
                await done

    def _show_restored(self, restored: bool) -> None:
        if restored != self.restored:
            self.restored = restored
            with self.client:
                self.notice.refresh()

    def _keep_if_changed(self) -> None:
        if self.kept is None:
            return
        answers = self.snapshot()
        if answers != self.kept:
            self.kept = answers
            self.client.run_javascript(
                f"window.sceneDrafts?.keep({json.dumps(self.key)}, {json.dumps(answers, ensure_ascii=False)})"
            )


# Reading answers back: a draft was written by an earlier page (maybe an older version of the form) and
# by the browser (typed values are text), so each value is checked and a wrong one leaves the current.


def text(answers: Mapping[str, Any], name: str, current: str) -> str:
    value = answers.get(name, current)
    return value if isinstance(value, str) else current


def whole(answers: Mapping[str, Any], name: str, current: int | None) -> int | None:
    """A whole number, also as typed ("1500"); an emptied box is None."""
    if name not in answers:
        return current
    value = answers[name]
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return current


def flag(answers: Mapping[str, Any], name: str, current: bool) -> bool:
    value = answers.get(name, current)
    return value if isinstance(value, bool) else current


def choice(answers: Mapping[str, Any], name: str, kind: type[E], current: E | None) -> E | None:
    """One of `kind`'s values (None when the draft chose none)."""
    if name not in answers:
        return current
    if answers[name] is None:
        return None
    return member_of(kind, answers[name]) or current


def member_of(kind: type[E], value: Any) -> E | None:
    try:
        return kind(value)
    except (TypeError, ValueError):
        return None


def value_of(item: Enum | UUID | None) -> str | None:
    """An enum or id as the JSON a draft keeps."""
    if item is None:
        return None
    return str(item.value) if isinstance(item, Enum) else str(item)


class Note:
    """What a member types to someone in one box (the note on a join request): kept through live
    redraws of the page (`text`) and as a draft through a reload."""

    def __init__(self, member_id: UUID, form: str, *, redraw: Callable[[], object]) -> None:
        self.text = ""
        self._redraw = redraw
        self.draft = Draft(member_id, form, snapshot=lambda: {"note": self.text}, restore=self._take)

    def box(self, placeholder: str) -> ui.input:
        """The notice when a draft came back, then the box."""
        self.draft.notice()
        box = ui.input(placeholder=placeholder, value=self.text).props("outlined dense maxlength=500")
        box.on_value_change(lambda event: setattr(self, "text", event.value or ""))
        return self.draft.typed(box.classes("w-full"), "note")

    def sent(self) -> None:
        self.text = ""
        self.draft.sent()

    def _take(self, answers: Answers) -> None:
        self.text = text(answers, "note", self.text)
        self._redraw()

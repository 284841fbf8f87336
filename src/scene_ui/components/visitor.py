"""What visitors see on a share page: the call to log in or join with an invite, and who is going."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from nicegui import ui

from scene_api.domain.activities.schemas import PersonSummary
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import link_button
from scene_ui.components.section import panel, section_header
from scene_ui.i18n import english, texts

tx = texts("visitor")


def join_call(title: str, message: str, sign_in: str, back_to: str) -> None:
    """Log in (and come back to `back_to`), or join with an invite: Scene is invite-only."""
    next_path = quote(back_to, safe="/")
    with ui.column().classes("w-full gap-3 p-5 rounded-card bg-accent-soft border border-line").mark("cta"):
        ui.label(title).classes("text-title font-bold text-ink")
        ui.label(message).classes("text-body text-muted")
        link_button(sign_in, f"/signin?next={next_path}", primary=True, icon="login").classes("w-full")
        link_button(tx.invite, f"/join?next={next_path}", icon="mail_outline").classes("w-full")


def going(title: str, people: Sequence[PersonSummary]) -> None:
    """A row of faces (the name shows on hover), with a count."""
    with ui.column().classes("w-full gap-2").mark("going"):
        section_header(title, tx.going_count.format(count=len(people)))
        with panel(), ui.row().classes("gap-2"):
            for person in people:
                avatar(person.name or person.handle, person.avatar_url, size=40).props(
                    f'title="{escape(person.name)}"'
                )


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`visitor.TITLE`), in English."""
    return english("visitor", name)

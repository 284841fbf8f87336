"""Welcome: what Scene is, for someone who is not signed in, and the two ways in."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_ui.components.buttons import link_button
from scene_ui.components.frame import frame
from scene_ui.i18n import english, texts
from scene_ui.session import current_member, safe_next

tx = texts("welcome")
FEATURES = (("sports_tennis", "find"), ("add_circle_outline", "host"), ("verified", "trust"))
"""Icon and catalogue key (`feature_<key>_title`, `feature_<key>_line`) of each point."""


def create() -> None:
    ui.page("/welcome")(welcome)


async def welcome(next: str | None = None) -> RedirectResponse | None:
    target = safe_next(next)
    if await current_member() is not None:
        return RedirectResponse(target, status_code=303)
    carry = "" if target == "/" else f"?next={quote(target, safe='/')}"
    with frame(tx.title, sign_in_link=False):
        with ui.column().classes("w-full gap-4 pt-6"):
            with ui.element("div").classes(
                "w-14 h-14 rounded-2xl bg-accent flex items-center justify-center shadow-lg"
            ):
                ui.icon("bolt").classes("text-on-accent text-4xl")
            ui.label(tx.heading).classes("text-display font-extrabold text-ink").props(
                'role="heading" aria-level="1"'
            )
            ui.label(tx.pitch).classes("text-body text-muted")
        with ui.column().classes("w-full gap-3"):
            for icon, key in FEATURES:
                _feature(icon, tx(f"feature_{key}_title"), tx(f"feature_{key}_line"))
        with ui.column().classes("w-full gap-3"):
            link_button(tx.have_invite, f"/join{carry}", primary=True, icon="mail_outline").classes("w-full")
            link_button(tx.member, f"/signin{carry}").classes("w-full")
            ui.label(tx.no_invite).classes("w-full text-center text-meta text-muted pt-1")
    return None


def _feature(icon: str, title: str, line: str) -> None:
    with ui.row().classes(
        "w-full items-center gap-4 p-4 rounded-card bg-surface border border-line flex-nowrap"
    ):
        with ui.element("div").classes(
            "w-11 h-11 shrink-0 rounded-full bg-accent-soft flex items-center justify-center"
        ):
            ui.icon(icon).classes("text-accent text-2xl")
        with ui.column().classes("gap-0.5 min-w-0"):
            ui.label(title).classes("text-body font-semibold text-ink")
            ui.label(line).classes("text-meta text-muted")


def __getattr__(name: str) -> str:
    """The strings that used to be constants here (`welcome.TITLE`), in English."""
    return english("welcome", name)

"""Welcome: what Scene is, for someone who is not signed in, and the two ways in."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_ui.components.buttons import link_button
from scene_ui.components.frame import frame
from scene_ui.session import current_member, safe_next

TITLE = "Welcome"
HEADING = "Play more, with people you trust."
PITCH = (
    "Scene is an invite-only club for finding padel partners, five-a-side teams and weekend runs "
    "in your city."
)
FEATURES = (
    ("sports_tennis", "Find a game", "Open games that need one more player, near you and soon."),
    ("add_circle_outline", "Host in a minute", "Post a game, pick who joins, share it on WhatsApp."),
    ("verified", "Trust built in", "Every member was invited and vouched for by another member."),
)
HAVE_INVITE = "I have an invite"
MEMBER = "I'm a member"
NO_INVITE = "No invite yet? Ask a friend on Scene to send you one."


def create() -> None:
    ui.page("/welcome")(welcome)


async def welcome(next: str | None = None) -> RedirectResponse | None:
    target = safe_next(next)
    if await current_member() is not None:
        return RedirectResponse(target, status_code=303)
    carry = "" if target == "/" else f"?next={quote(target, safe='/')}"
    with frame(TITLE, sign_in_link=False):
        with ui.column().classes("w-full gap-4 pt-6"):
            with ui.element("div").classes(
                "w-14 h-14 rounded-2xl bg-accent flex items-center justify-center shadow-lg"
            ):
                ui.icon("bolt").classes("text-on-accent text-4xl")
            ui.label(HEADING).classes("text-display font-extrabold text-ink").props(
                'role="heading" aria-level="1"'
            )
            ui.label(PITCH).classes("text-body text-muted")
        with ui.column().classes("w-full gap-3"):
            for icon, title, line in FEATURES:
                _feature(icon, title, line)
        with ui.column().classes("w-full gap-3"):
            link_button(HAVE_INVITE, f"/join{carry}", primary=True, icon="mail_outline").classes("w-full")
            link_button(MEMBER, f"/signin{carry}").classes("w-full")
            ui.label(NO_INVITE).classes("w-full text-center text-meta text-muted pt-1")
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

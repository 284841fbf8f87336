"""A member in a list: a card for sideways rows, a row for long lists."""

from __future__ import annotations

from nicegui import ui

from scene_api.domain.users import schemas as users_s
from scene_ui.components.avatar import avatar
from scene_ui.components.trust import trust_badge
from scene_ui.i18n import texts

tx = texts("person_card")


def profile_path(handle: str) -> str:
    return f"/u/{handle}"


def person_card(member: users_s.Member) -> ui.link:
    """Picture, name, handle, city and trust: fits a sideways scroller."""
    with ui.link(target=profile_path(member.handle)).classes(
        "w-40 flex flex-col items-center text-center gap-2 p-4 rounded-card bg-surface border border-line "
        "no-underline"
    ) as card:
        with ui.element("div").classes("relative"):
            avatar(member.name or member.handle, member.avatar_url, size=64)
            if member.open_to_join:
                ui.element("span").classes(
                    "absolute bottom-0.5 end-0.5 w-4 h-4 rounded-full bg-accent border-[3px] border-surface"
                ).props(f'title="{tx.open_to_join}" role="img" aria-label="{tx.open_to_join}"').mark(
                    "open-dot"
                )
        with ui.column().classes("w-full items-center gap-0.5 min-w-0"):
            ui.label(member.name or member.handle).classes("w-full text-body font-semibold text-ink truncate")
            ui.label(f"@{member.handle}").classes("w-full text-meta text-muted truncate")
        trust_badge(member.trust_level)
        if member.city:
            with ui.row().classes("items-center gap-1 flex-nowrap text-muted"):
                ui.icon("place").classes("text-sm")
                ui.label(member.city.value).classes("text-meta")
    return card


def person_row(
    name: str, handle: str, avatar_url: str | None, caption: str | None = None, *, link: bool = True
) -> ui.element:
    """Picture, name and a quiet line under it; the whole row opens the profile."""
    outer = ui.link(target=profile_path(handle)) if link else ui.element("div")
    with outer.classes("w-full flex items-center gap-3 py-2 no-underline min-w-0 flex-nowrap"):
        avatar(name or handle, avatar_url, size=40)
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(name or handle).classes("text-body font-semibold text-ink truncate")
            ui.label(caption or f"@{handle}").classes("text-meta text-muted truncate")
    return outer

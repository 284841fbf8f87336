"""The frame every member page enters: header with the wordmark, a centred column, bottom navigation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from nicegui import ui

WORDMARK = "scene"
APP_NAME = "Scene"


class Tab(StrEnum):
    HOME = "home"
    EXPLORE = "explore"
    CREATE = "create"
    INBOX = "inbox"
    PROFILE = "profile"


@dataclass(frozen=True)
class NavItem:
    tab: Tab
    label: str
    icon: str
    target: str


NAV_ITEMS = (
    NavItem(Tab.HOME, "Home", "home", "/"),
    NavItem(Tab.EXPLORE, "Explore", "explore", "/"),
    NavItem(Tab.CREATE, "Create", "add", "/"),
    NavItem(Tab.INBOX, "Inbox", "chat_bubble_outline", "/"),
    NavItem(Tab.PROFILE, "Profile", "person_outline", "/"),
)
"""Pages not built yet point home rather than at a 404."""


@contextmanager
def frame(title: str, *, active: Tab | None = None) -> Iterator[ui.column]:
    """`with frame(title="Home", active=Tab.HOME):` the page's content goes in the centred column.

    `active` is the bottom navigation tab to highlight; pages outside the tabs leave it out."""
    ui.page_title(f"{title} · {APP_NAME}")
    with (
        ui.header().classes("bg-page border-b border-line p-0"),
        ui.row().classes("w-full max-w-content mx-auto h-14 px-gutter items-center"),
    ):
        _wordmark()
    with ui.footer().classes("bg-page border-t border-line p-0"):
        _bottom_nav(active)
    with ui.column().classes("w-full max-w-content mx-auto px-gutter pt-5 pb-10 gap-section") as content:
        yield content


def _wordmark() -> None:
    with ui.link(target="/").classes("no-underline flex items-baseline").props(f'aria-label="{APP_NAME}"'):
        ui.label(WORDMARK).classes("text-ink text-wordmark font-black")
        ui.element("span").classes("w-2 h-2 rounded-full bg-accent ml-0.5")


def _bottom_nav(active: Tab | None) -> None:
    with ui.element("nav").classes("w-full max-w-content mx-auto flex items-stretch px-2"):
        for item in NAV_ITEMS:
            _nav_link(item, selected=item.tab is active)


def _nav_link(item: NavItem, *, selected: bool) -> None:
    tone = "text-accent" if selected else "text-muted"
    badge = "bg-accent text-on-accent" if item.tab is Tab.CREATE else ""
    with ui.link(target=item.target).classes(
        f"flex-1 min-h-touch flex flex-col items-center justify-center gap-0.5 py-2 no-underline {tone}"
    ) as link:
        with ui.element("span").classes(f"w-12 h-8 rounded-xl flex items-center justify-center {badge}"):
            ui.icon(item.icon).classes("text-2xl")
        ui.label(item.label).classes("text-label font-medium")
    if selected:
        link.props('aria-current="page"')

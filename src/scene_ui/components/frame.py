"""The frame every page enters: header with the wordmark, a centred column, bottom navigation for members."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from nicegui import ui

from scene_ui import document, live, session, theme
from scene_ui.i18n import texts
from scene_ui.session import Member

APP_NAME = "Scene"
tx = texts("frame")
MAX_BADGE = 9


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
    """Catalogue key under `frame`."""
    icon: str
    target: str


NAV_ITEMS = (
    NavItem(Tab.HOME, "home", "home", "/"),
    NavItem(Tab.EXPLORE, "explore", "explore", "/explore"),
    NavItem(Tab.CREATE, "create", "add", "/create"),
    NavItem(Tab.INBOX, "inbox", "inbox", "/inbox"),
    NavItem(Tab.PROFILE, "profile", "person_outline", "/me"),
)


def badge_text(count: int) -> str:
    """`3`, or `9+` when there are more than fit in the dot."""
    return f"{MAX_BADGE}+" if count > MAX_BADGE else str(count)


@contextmanager
def frame(
    title: str,
    *,
    active: Tab | None = None,
    member: Member | None = None,
    back: str | None = None,
    sign_in_link: bool = True,
) -> Iterator[ui.column]:
    """`with frame("Home", active=Tab.HOME, member=member):` the page's content goes in the centred column.

    Members get the bottom navigation (`active` is the tab to highlight) and the notifications bell;
    visitors get a `Log in` link instead (unless `sign_in_link=False`, on the sign-in pages themselves).
    `back` puts an arrow to that path before the wordmark on pages below a tab."""
    ui.page_title(f"{title} · {APP_NAME}")
    ui.add_head_html(document.head())
    with (
        ui.header().classes("bg-page/90 backdrop-blur border-b border-line p-0"),
        ui.row().classes("w-full max-w-content mx-auto h-14 px-gutter items-center gap-1 flex-nowrap"),
    ):
        if back:
            with (
                ui.link(target=back)
                .classes(
                    "-ms-2 w-10 h-10 rounded-full flex items-center justify-center text-ink no-underline"
                )
                .props(f'aria-label="{tx.back}"')
            ):
                ui.icon("arrow_back").classes("text-2xl scene-mirror")
        _wordmark()
        ui.space()
        if member is not None:
            _desk_links(member)
            _bell(member)
        elif sign_in_link:
            ui.link(tx.sign_in, "/signin").classes(
                "h-9 px-4 rounded-full border border-line text-meta font-semibold text-ink no-underline "
                "flex items-center"
            )
    if member is not None:
        with ui.footer().classes("bg-page border-t border-line p-0"):
            _bottom_nav(active)
    with ui.column().classes("w-full max-w-content mx-auto px-gutter pt-5 pb-10 gap-section") as content:
        yield content


def _wordmark() -> None:
    with (
        ui.link(target="/")
        .classes("scene-wordmark no-underline flex items-baseline")
        .props(f'aria-label="{APP_NAME}" dir="ltr"')
    ):
        ui.label(theme.WORDMARK).classes("text-ink text-wordmark font-black")
        ui.element("span").classes("w-2 h-2 rounded-full bg-accent ml-0.5")


def _desk_links(member: Member) -> None:
    """Venue owners and admins reach their desks from every page; members never see these."""
    if member.runs_venues:
        _header_icon("/owner", "storefront", tx.venue_desk)
    if member.is_admin:
        _header_icon("/admin", "admin_panel_settings", tx.ops)


def _header_icon(target: str, icon: str, label: str) -> None:
    with (
        ui.link(target=target)
        .classes("w-11 h-11 rounded-full flex items-center justify-center text-ink no-underline")
        .props(f'aria-label="{label}" title="{label}"')
    ):
        ui.icon(icon).classes("text-2xl")


def _bell(member: Member) -> None:
    """The count follows the member's notifications live: arriving, or read on another page or device."""
    link = ui.link(target="/notifications").classes(
        "relative w-11 h-11 -me-2 rounded-full flex items-center justify-center text-ink no-underline"
    )
    _ring(link, member.unread)

    async def recount() -> None:
        try:
            async with session.member_services() as (services, me):
                unread = (await services.notifications.unread_count(me.user)).unread
        except session.NotSignedIn:
            return
        _ring(link, unread)

    live.watch([live.member(member.id)], recount)


def _ring(link: ui.link, unread: int) -> None:
    label = tx("notifications_unread", count=unread) if unread else tx.notifications
    link.props(f'aria-label="{label}"')
    link.clear()
    with link:
        ui.icon("notifications_none" if not unread else "notifications").classes("text-2xl")
        if unread:
            ui.label(badge_text(unread)).classes(
                "absolute top-1 end-0.5 min-w-[1.125rem] h-[1.125rem] px-1 rounded-full bg-accent "
                "text-on-accent text-label font-bold flex items-center justify-center"
            ).props('aria-hidden="true"').mark("unread")


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
        ui.label(tx(item.label)).classes("text-label font-medium")
    if selected:
        link.props('aria-current="page"')

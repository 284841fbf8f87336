"""Notifications: what happened to my requests and activities, newest first; opening one marks it read."""

from __future__ import annotations

from functools import partial

from nicegui import ui

from scene_api.domain.notifications import schemas as s
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, live, session
from scene_ui.components.buttons import ghost_button, secondary_button
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import frame
from scene_ui.components.section import page_heading
from scene_ui.i18n import t, texts

tx = texts("notifications")
DEFAULT_ICON = "notifications"

ICONS = {
    "join_approved": "check_circle",
    "join_promoted": "trending_up",
    "join_rejected": "do_not_disturb_on",
    "host_pending": "person_add",
    "host_approved": "group_add",
    "host_waitlisted": "format_list_numbered",
    "activity_cancelled": "event_busy",
    "activity_changed": "update",
    "activity_reminder": "alarm",
}
MIRRORED = frozenset({"trending_up"})
"""Icons that point forward, so they turn round for right-to-left readers."""
PAGE_SIZE = 30


def create() -> None:
    ui.page("/notifications")(session.members_only(notifications_page))


async def notifications_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    feed = Feed(member.unread)
    await feed.load()
    with frame(tx.title, member=member, back="/"):
        feed.render()
    await live.follow([live.member(member.id)], feed.reload)


class Feed:
    def __init__(self, unread: int) -> None:
        self.unread = unread
        self.items: list[s.Notification] = []
        self.next_cursor: str | None = None

    async def load(self, *, more: bool = False) -> None:
        async with session.member_services() as (services, me):
            page = await services.notifications.list_mine(
                me.user, limit=PAGE_SIZE, cursor=self.next_cursor if more else None
            )
            self.unread = (await services.notifications.unread_count(me.user)).unread
        self.items = [*self.items, *page.items] if more else page.items
        self.next_cursor = page.next_cursor

    def render(self) -> None:
        self.content()

    async def reload(self) -> None:
        """For live news: a notification arrived or was read elsewhere (the first page again)."""
        shown = self.items, self.unread
        try:
            await self.load()
        except DomainError:
            return
        if (self.items, self.unread) != shown:
            self.content.refresh()

    @ui.refreshable_method
    def content(self) -> None:
        with ui.row().classes("w-full items-end justify-between gap-3 flex-nowrap"):
            page_heading(tx.heading, tx.unread.format(count=self.unread) if self.unread else tx.all_read)
            with ui.row().classes("items-center gap-0 flex-nowrap -me-3"):
                if self.unread:
                    ghost_button(tx.mark_all, self.mark_all, icon="done_all").classes(
                        "text-accent text-meta whitespace-nowrap"
                    ).mark("mark-all")
                with (
                    ui.link(target="/settings/notifications")
                    .classes(
                        "w-11 h-11 rounded-full flex items-center justify-center text-muted no-underline"
                    )
                    .props(f'aria-label="{t("notification_settings.open")}"')
                    .mark("notification-settings")
                ):
                    ui.icon("settings").classes("text-2xl")
        if not self.items:
            empty_state("notifications_none", tx.empty_title, tx.empty_message)
            return
        now = utcnow()
        with ui.column().classes("w-full gap-2").mark("notifications"):
            for item in self.items:
                self._row(item, now)
        if self.next_cursor:
            secondary_button(tx.show_more, self.show_more).classes("w-full")

    def _row(self, item: s.Notification, now: object) -> None:
        tone = "bg-surface border-line" if item.read else "bg-accent-soft border-accent/30"
        with (
            ui.button(color=None, on_click=partial(self.open, item))
            .props('unelevated no-caps align="left"')
            .classes(f"w-full rounded-card border p-3 text-start {tone}")
            .mark("notification"),
            ui.row().classes("w-full items-start gap-3 flex-nowrap"),
        ):
            with ui.element("div").classes(
                "w-10 h-10 shrink-0 rounded-full bg-raised flex items-center justify-center"
            ):
                icon = ICONS.get(item.kind, DEFAULT_ICON)
                ui.icon(icon).classes("text-accent text-xl" + (" scene-mirror" if icon in MIRRORED else ""))
            with ui.column().classes("flex-1 min-w-0 gap-0.5 items-start"):
                ui.label(item.title).classes("text-body font-semibold text-ink text-start normal-case")
                if item.body and item.body != item.title:
                    ui.label(item.body).classes("text-meta text-muted text-start normal-case line-clamp-2")
                ui.label(formats.ago(item.created_at, now=now)).classes("text-label text-muted")  # type: ignore[arg-type]
            if not item.read:
                ui.element("span").classes("w-2.5 h-2.5 mt-1.5 rounded-full bg-accent shrink-0").props(
                    f'aria-label="{tx.unread_dot}"'
                )

    async def open(self, item: s.Notification) -> None:
        if not item.read:
            marked = await feedback.attempt(
                lambda services, me: services.notifications.mark_read(me.user, item.id)
            )
            if marked is feedback.REFUSED:
                return
        if item.link.startswith("/"):
            ui.navigate.to(item.link)
        else:
            await self.load()
            self.content.refresh()

    async def mark_all(self) -> None:
        try:
            async with session.member_services() as (services, me):
                await services.notifications.mark_all_read(me.user)
            await self.load()
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(tx.marked)
        self.content.refresh()

    async def show_more(self) -> None:
        try:
            await self.load(more=True)
        except DomainError as error:
            feedback.failed(error)
            return
        self.content.refresh()

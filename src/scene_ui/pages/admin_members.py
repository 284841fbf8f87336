"""The ops members tab: search, a member's file, suspend or reinstate, invites, and who they brought in."""

from __future__ import annotations

from functools import partial
from typing import Any

from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import short_date, to_local
from scene_ui import feedback, formats
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, open_once
from scene_ui.components.trust import LABELS as TRUST
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    Panel,
    attempt,
    phone_number,
    pill,
    quiet_note,
    show_more,
)

SEARCH = "Search by name or handle"
STATUS_FILTERS = {None: "Everyone", m.UserStatus.ACTIVE: "Active", m.UserStatus.SUSPENDED: "Suspended"}
NOBODY = "Nobody matches."
SUSPENDED = "Suspended"
ROLES = {m.UserRole.ADMIN: "Admin", m.UserRole.VENUE_OWNER: "Venue owner", m.UserRole.MEMBER: "Member"}
PHONE = "Phone"
CITY = "City"
TRUST_LEVEL = "Trust"
VOUCHES = "{level} \u00b7 {count} vouch{es}"
INVITED_BY = "Invited by"
FOUNDER = "Nobody (founding member)"
JOINED = "Joined"
INVITES = "Invite quota"
CAN_INVITE = "Can invite new people"
SUSPEND = "Suspend"
SUSPEND_TITLE = "Suspend @{handle}?"
SUSPEND_EXPLAIN = "They are signed out everywhere at once and can't sign in again until reinstated."
SUSPEND_REASON = "Reason (kept in the audit log)"
SUSPEND_REASON_PLACEHOLDER = "e.g. Asked members for cash deposits"
SUSPENDED_DONE = "@{handle} is suspended"
REINSTATE = "Reinstate"
REINSTATED_DONE = "@{handle} can sign in again"
GRANT = "Grant invites"
GRANT_LABEL = "Extra invites"
GRANTED = "{count} more invite{s} for @{handle}"
PRIVILEGE_ON = "@{handle} can invite again"
PRIVILEGE_OFF = "@{handle} can no longer invite"
TREE = "Who they brought in"
TREE_EMPTY = "Nobody has joined with their invites yet."
TREE_COUNT = "{count} member{s} below them"
CLOSE = "Close"
CANCEL = "Cancel"


class MembersPanel(Panel):
    def __init__(self) -> None:
        self.text = ""
        self.status: m.UserStatus | None = None
        self.members: list[ops_s.AdminMember] = []
        self.next_cursor: str | None = None
        self.filters = Filters(STATUS_FILTERS, None, self.filter_by)

    async def load(self, *, more: bool = False) -> None:
        text, status, cursor = self.text, self.status, self.next_cursor if more else None
        page = await attempt(
            lambda services, me: services.admin.members(
                me, text=text or None, status=status, limit=PAGE_SIZE, cursor=cursor
            )
        )
        if page is None or (text, status) != (self.text, self.status):
            return
        self.members = [*self.members, *page.items] if more else page.items
        self.next_cursor = page.next_cursor

    def render(self) -> None:
        search = (
            ui.input(placeholder=SEARCH)
            .props('outlined dense clearable debounce=400 type=search aria-label="Search members"')
            .classes("w-full")
            .mark("member-search")
        )
        with search.add_slot("prepend"):
            ui.icon("search").classes("text-muted")
        search.on_value_change(self.search)
        self.filters.render("member-status")
        self.listing()

    async def search(self, event: events.ValueChangeEventArguments[Any]) -> None:
        self.text = (event.value or "").strip()
        await self.load()
        self.listing.refresh()

    async def filter_by(self, status: m.UserStatus | None) -> None:
        self.status = status
        await self.load()
        self.listing.refresh()

    async def more(self) -> None:
        await self.load(more=True)
        self.listing.refresh()

    @ui.refreshable_method
    def listing(self) -> None:
        if not self.members:
            quiet_note(NOBODY)
            return
        with ui.column().classes("w-full gap-0 rounded-card bg-surface border border-line overflow-hidden"):
            for index, member in enumerate(self.members):
                self._row(member, first=index == 0)
        if self.next_cursor:
            show_more(self.more)

    def _row(self, member: ops_s.AdminMember, *, first: bool) -> None:
        with (
            ui.element("button")
            .classes(
                "w-full flex items-center gap-3 px-4 py-3 text-left flex-nowrap "
                + ("" if first else "border-t border-line")
            )
            .props(f'type="button" aria-label="@{member.handle}"')
            .on("click", partial(self.open_member, member))
            .mark(f"member-{member.handle}")
        ):
            avatar(member.name or member.handle, None, size=40)
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(member.name or f"@{member.handle}").classes(
                    "w-full text-body font-semibold text-ink truncate"
                )
                ui.label(f"@{member.handle} \u00b7 {phone_number(member.phone)}").classes(
                    "w-full text-meta text-muted truncate"
                )
            if member.status is m.UserStatus.SUSPENDED:
                pill(SUSPENDED, "bad")
            elif member.role is not m.UserRole.MEMBER:
                pill(ROLES[member.role], "good")

    # A member's file -------------------------------------------------------------------------

    def open_member(self, member: ops_s.AdminMember) -> None:
        MemberSheet(member, self.replace).open()

    async def replace(self, member: ops_s.AdminMember) -> None:
        self.members = [member if row.id == member.id else row for row in self.members]
        self.listing.refresh()


class MemberSheet:
    """A member's file in a dialog: facts, then what the Scene team can do about them."""

    def __init__(self, member: ops_s.AdminMember, on_change: Any) -> None:
        self.member = member
        self.on_change = on_change
        self.tree: ops_s.InviteTreeNode | None = None

    def open(self) -> None:
        with (
            dialog_root(),
            ui.dialog().props("maximized transition-show=slide-up transition-hide=slide-down") as self.dialog,
            ui.card().classes("w-full h-full bg-page gap-0 p-0 rounded-none").mark("member-sheet"),
        ):
            with ui.row().classes(
                "w-full h-14 px-2 items-center gap-1 border-b border-line flex-nowrap shrink-0"
            ):
                ui.button(icon="close", color=None, on_click=self.dialog.close).props(
                    f'flat round aria-label="{CLOSE}"'
                ).classes("text-ink")
                ui.label(f"@{self.member.handle}").classes("text-title font-bold text-ink truncate")
            with (
                ui.scroll_area().classes("w-full flex-1"),
                ui.column().classes("w-full max-w-content mx-auto px-gutter py-5 gap-5"),
            ):
                self.body()
        open_once(self.dialog)

    @ui.refreshable_method
    def body(self) -> None:
        member = self.member
        with ui.row().classes("w-full items-center gap-4 flex-nowrap"):
            avatar(member.name or member.handle, None, size=64)
            with ui.column().classes("flex-1 min-w-0 gap-1"):
                ui.label(member.name or f"@{member.handle}").classes("text-title font-bold text-ink truncate")
                with ui.row().classes("gap-1.5"):
                    pill(ROLES[member.role], "quiet" if member.role is m.UserRole.MEMBER else "good")
                    if member.status is m.UserStatus.SUSPENDED:
                        pill(SUSPENDED, "bad").mark("suspended-pill")
        with ui.column().classes(
            "w-full gap-0 rounded-card bg-surface border border-line divide-y divide-line"
        ):
            for label, value in self._facts():
                with ui.row().classes("w-full items-baseline justify-between gap-3 px-4 py-3 flex-nowrap"):
                    ui.label(label).classes("text-meta text-muted whitespace-nowrap")
                    ui.label(value).classes("text-body font-semibold text-ink text-right break-all")
            with ui.row().classes("w-full items-center justify-between gap-3 px-4 py-2 flex-nowrap"):
                ui.label(CAN_INVITE).classes("text-meta text-muted")
                ui.switch(value=member.can_invite, on_change=self.set_privilege).mark("can-invite")
        self._actions()
        self._tree()

    def _facts(self) -> list[tuple[str, str]]:
        member = self.member
        level = TRUST.get(member.trust_level, str(member.trust_level))
        count = member.vouches_received
        return [
            (PHONE, phone_number(member.phone)),
            (CITY, member.city.value if member.city else "\u2013"),
            (TRUST_LEVEL, VOUCHES.format(level=level, count=count, es="" if count == 1 else "es")),
            (INVITED_BY, f"@{member.invited_by}" if member.invited_by else FOUNDER),
            (JOINED, short_date(to_local(member.joined_at).date()) + f" {to_local(member.joined_at):%Y}"),
            (INVITES, str(member.invite_quota)),
        ]

    def _actions(self) -> None:
        member = self.member
        with ui.column().classes("w-full gap-2"):
            with ui.row().classes("w-full items-start gap-2 flex-nowrap"):
                extra = ui.number(GRANT_LABEL, value=3, min=1, max=100, precision=0, format="%d")
                extra.props("outlined dense").classes("w-32 shrink-0").mark("grant-count")
                secondary_button(GRANT, partial(self.grant, extra), icon="card_giftcard").classes(
                    "flex-1 min-h-10"
                ).mark("grant-invites")
            if member.status is m.UserStatus.SUSPENDED:
                primary_button(REINSTATE, self.reinstate, icon="lock_open").classes("w-full").mark(
                    "reinstate"
                )
            elif member.role is not m.UserRole.ADMIN:
                danger_button(SUSPEND, self.confirm_suspend, icon="block").classes("w-full").mark("suspend")

    def _tree(self) -> None:
        with (
            ui.expansion(TREE, icon="account_tree", on_value_change=self.load_tree)
            .classes("w-full rounded-card bg-surface border border-line")
            .mark("invite-tree")
        ):
            self.tree_view()

    @ui.refreshable_method
    def tree_view(self) -> None:
        if self.tree is None:
            return
        below = _count(self.tree)
        if not below:
            ui.label(TREE_EMPTY).classes("text-meta text-muted")
            return
        ui.label(TREE_COUNT.format(count=below, s="" if below == 1 else "s")).classes(
            "text-meta text-muted pb-1"
        )
        for child in self.tree.invited:
            _tree_node(child, depth=0)

    async def load_tree(self, event: events.ValueChangeEventArguments[Any]) -> None:
        if not event.value or self.tree is not None:
            return
        member_id = self.member.id
        self.tree = await attempt(lambda services, me: services.admin.invite_tree(me, member_id))
        self.tree_view.refresh()

    # Actions ---------------------------------------------------------------------------------

    async def _changed(self, member: ops_s.AdminMember | None) -> None:
        if member is None:
            return
        self.member = member
        self.body.refresh()
        await self.on_change(member)

    def confirm_suspend(self) -> None:
        handle = self.member.handle
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            ui.label(SUSPEND_TITLE.format(handle=handle)).classes("text-title font-bold text-ink")
            ui.label(SUSPEND_EXPLAIN).classes("text-body text-muted")
            reason = ui.textarea(SUSPEND_REASON, placeholder=SUSPEND_REASON_PLACEHOLDER).props(
                "outlined autogrow maxlength=300"
            )
            reason.classes("w-full").mark("suspend-reason")

            async def suspend() -> None:
                try:
                    request = feedback.checked({"reason": (reason.value or "").strip()}, ops_s.Suspension)
                except DomainError as error:
                    feedback.failed(error)
                    return
                member_id = self.member.id
                updated = await attempt(
                    lambda services, me: services.admin.suspend(me, member_id, request),
                    SUSPENDED_DONE.format(handle=handle),
                )
                if updated is not None:
                    dialog.close()
                    await self._changed(updated)

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(CANCEL, dialog.close).classes("flex-1")
                danger_button(SUSPEND, suspend).classes("flex-1").mark("confirm-suspend")
        open_once(dialog)

    async def reinstate(self) -> None:
        member_id, handle = self.member.id, self.member.handle
        await self._changed(
            await attempt(
                lambda services, me: services.admin.reinstate(me, member_id),
                REINSTATED_DONE.format(handle=handle),
            )
        )

    async def set_privilege(self, event: events.ValueChangeEventArguments[Any]) -> None:
        allowed = bool(event.value)
        if allowed is self.member.can_invite:
            return
        member_id, handle = self.member.id, self.member.handle
        await self._changed(
            await attempt(
                lambda services, me: services.admin.set_invite_privilege(
                    me, member_id, ops_s.InvitePrivilege(can_invite=allowed)
                ),
                (PRIVILEGE_ON if allowed else PRIVILEGE_OFF).format(handle=handle),
            )
        )

    async def grant(self, extra: ui.number) -> None:
        count = int(extra.value or 0)
        try:
            request = feedback.checked({"extra_invites": count}, auth_s.InviteGrant)
        except DomainError as error:
            feedback.failed(error)
            return
        member_id, handle = self.member.id, self.member.handle
        granted = await attempt(
            lambda services, me: services.invites.grant(me, member_id, request),
            GRANTED.format(count=count, s="" if count == 1 else "s", handle=handle),
        )
        if granted is not None:
            await self._changed(await attempt(lambda services, me: services.admin.member(me, member_id)))


def _count(node: ops_s.InviteTreeNode) -> int:
    return sum(1 + _count(child) for child in node.invited)


def _tree_node(node: ops_s.InviteTreeNode, *, depth: int) -> None:
    with (
        ui.row()
        .classes("w-full items-center gap-2 py-1.5 flex-nowrap")
        .style(f"padding-left: {depth * 1.25}rem")
    ):
        ui.icon("subdirectory_arrow_right").classes("text-muted text-base shrink-0")
        ui.label(node.name or node.handle).classes("text-body text-ink truncate")
        ui.label(f"@{node.handle}").classes("text-meta text-muted truncate")
        if node.status is m.UserStatus.SUSPENDED:
            pill(SUSPENDED, "bad")
        ui.space()
        ui.label(formats.ago(node.joined_at)).classes("text-label text-muted whitespace-nowrap")
    for child in node.invited:
        _tree_node(child, depth=depth + 1)

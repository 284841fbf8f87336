"""The ops members tab: search, a member's file, suspend or reinstate, invites, and who they brought in."""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

from nicegui import events, ui

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.errors import DomainError
from scene_api.lib.pagination import Page
from scene_api.lib.timezone import to_local
from scene_ui import feedback, formats
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.components.inputs import long_text
from scene_ui.components.trust import LABELS as TRUST
from scene_ui.i18n import Labels, labels, texts
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    PagedList,
    attempt,
    phone_number,
    pill,
    row_classes,
    table,
)

tx = texts("admin_members")
STATUS_FILTERS: Labels[m.UserStatus | None] = Labels(
    "admin_members",
    {None: "everyone", m.UserStatus.ACTIVE: "status_active", m.UserStatus.SUSPENDED: "status_suspended"},
)
ROLES = labels("admin_members", "role_", m.UserRole)


class MembersPanel(PagedList[ops_s.AdminMember]):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.status: m.UserStatus | None = None
        self.filters = Filters(STATUS_FILTERS, None, self.filter_by)

    def filters_key(self) -> Hashable:
        return self.text, self.status

    async def fetch(self, cursor: str | None) -> Page[ops_s.AdminMember] | None:
        text, status = self.text, self.status
        page: Page[ops_s.AdminMember] | None = await attempt(
            lambda services, me: services.admin.members(
                me, text=text or None, status=status, limit=PAGE_SIZE, cursor=cursor
            )
        )
        return page

    def empty_note(self) -> str:
        return tx.nobody

    def render(self) -> None:
        search = (
            ui.input(placeholder=tx.search)
            .props(f'outlined dense clearable debounce=400 type=search aria-label="{tx.search_label}"')
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
        await self.reload()

    async def filter_by(self, status: m.UserStatus | None) -> None:
        self.status = status
        await self.reload()

    def rows(self, items: list[ops_s.AdminMember]) -> None:
        with table():
            for index, member in enumerate(items):
                self._row(member, first=index == 0)

    def _row(self, member: ops_s.AdminMember, *, first: bool) -> None:
        with (
            ui.element("button")
            .classes(row_classes(first, "flex items-center gap-3 px-4 py-3 text-start flex-nowrap"))
            .props('type="button"')  # named by what it shows: name, @handle, phone (WCAG 2.5.3)
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
                pill(tx.suspended, "bad")
            elif member.role is not m.UserRole.MEMBER:
                pill(ROLES[member.role], "good")

    # A member's file -------------------------------------------------------------------------

    def open_member(self, member: ops_s.AdminMember) -> None:
        MemberSheet(member, self.replace).open()

    async def replace(self, member: ops_s.AdminMember) -> None:
        self.items = [member if row.id == member.id else row for row in self.items]
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
                    f'flat round aria-label="{tx.close}"'
                ).classes("text-ink")
                dialog_title(f"@{self.member.handle}", classes="truncate")
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
                        pill(tx.suspended, "bad").mark("suspended-pill")
        with ui.column().classes(
            "w-full gap-0 rounded-card bg-surface border border-line divide-y divide-line"
        ):
            for label, value in self._facts():
                with ui.row().classes("w-full items-baseline justify-between gap-3 px-4 py-3 flex-nowrap"):
                    ui.label(label).classes("text-meta text-muted whitespace-nowrap")
                    ui.label(value).classes("text-body font-semibold text-ink text-end break-all")
            with ui.row().classes("w-full items-center justify-between gap-3 px-4 py-2 flex-nowrap"):
                ui.label(tx.can_invite).classes("text-meta text-muted")
                ui.switch(value=member.can_invite, on_change=self.set_privilege).props(
                    f'aria-label="{tx.can_invite}"'
                ).mark("can-invite")
        self._actions()
        self._tree()

    def _facts(self) -> list[tuple[str, str]]:
        member = self.member
        level = TRUST.get(member.trust_level, str(member.trust_level))
        count = member.vouches_received
        joined = to_local(member.joined_at)
        return [
            (tx.phone, phone_number(member.phone)),
            (tx.city, member.city.value if member.city else "\u2013"),
            (tx.trust_level, tx("vouches", level=level, count=count, es="" if count == 1 else "es")),
            (tx.invited_by, f"@{member.invited_by}" if member.invited_by else tx.founder),
            (tx.joined, tx("joined_on", day=formats.short_date(joined.date()), year=joined.year)),
            (tx.invites, str(member.invite_quota)),
        ]

    def _actions(self) -> None:
        member = self.member
        with ui.column().classes("w-full gap-2"):
            with ui.row().classes("w-full items-start gap-2 flex-nowrap"):
                extra = ui.number(tx.grant_label, value=3, min=1, max=100, precision=0, format="%d")
                extra.props("outlined dense").classes("w-32 shrink-0").mark("grant-count")
                secondary_button(tx.grant, partial(self.grant, extra), icon="card_giftcard").classes(
                    "flex-1 min-h-10"
                ).mark("grant-invites")
            if member.status is m.UserStatus.SUSPENDED:
                primary_button(tx.reinstate, self.reinstate, icon="lock_open").classes("w-full").mark(
                    "reinstate"
                )
            elif member.role is not m.UserRole.ADMIN:
                danger_button(tx.suspend, self.confirm_suspend, icon="block").classes("w-full").mark(
                    "suspend"
                )

    def _tree(self) -> None:
        with (
            ui.expansion(tx.tree, icon="account_tree", on_value_change=self.load_tree)
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
            ui.label(tx.tree_empty).classes("text-meta text-muted")
            return
        ui.label(tx("tree_count", count=below, s="" if below == 1 else "s")).classes(
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
            dialog_title(tx.suspend_title.format(handle=handle))
            ui.label(tx.suspend_explain).classes("text-body text-muted")
            reason = long_text(tx.suspend_reason, placeholder=tx.suspend_reason_placeholder, limit=300)
            reason.mark("suspend-reason")

            async def suspend() -> None:
                try:
                    request = feedback.checked({"reason": (reason.value or "").strip()}, ops_s.Suspension)
                except DomainError as error:
                    feedback.failed(error)
                    return
                member_id = self.member.id
                updated = await attempt(
                    lambda services, me: services.admin.suspend(me, member_id, request),
                    tx.suspended_done.format(handle=handle),
                )
                if updated is not None:
                    dialog.close()
                    await self._changed(updated)

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                danger_button(tx.suspend, suspend).classes("flex-1").mark("confirm-suspend")
        open_once(dialog)

    async def reinstate(self) -> None:
        member_id, handle = self.member.id, self.member.handle
        await self._changed(
            await attempt(
                lambda services, me: services.admin.reinstate(me, member_id),
                tx.reinstated_done.format(handle=handle),
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
                (tx.privilege_on if allowed else tx.privilege_off).format(handle=handle),
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
            tx("granted", count=count, s="" if count == 1 else "s", handle=handle),
        )
        if granted is not None:
            await self._changed(await attempt(lambda services, me: services.admin.member(me, member_id)))


def _count(node: ops_s.InviteTreeNode) -> int:
    return sum(1 + _count(child) for child in node.invited)


def _tree_node(node: ops_s.InviteTreeNode, *, depth: int) -> None:
    with (
        ui.row()
        .classes("w-full items-center gap-2 py-1.5 flex-nowrap")
        .style(f"padding-inline-start: {depth * 1.25}rem")
    ):
        ui.icon("subdirectory_arrow_right").classes("text-muted text-base shrink-0 scene-mirror")
        ui.label(node.name or node.handle).classes("text-body text-ink truncate")
        ui.label(f"@{node.handle}").classes("text-meta text-muted truncate")
        if node.status is m.UserStatus.SUSPENDED:
            pill(tx.suspended, "bad")
        ui.space()
        ui.label(formats.ago(node.joined_at)).classes("text-label text-muted whitespace-nowrap")
    for child in node.invited:
        _tree_node(child, depth=depth + 1)

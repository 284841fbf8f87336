"""Circles: mine (/circles) with a form for a new one, and one circle (/circles/{id}) with its members;
owners and admins add and remove members, the owner edits or deletes it, a member leaves it."""

from __future__ import annotations

from functools import partial
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.trust import schemas as trust_s
from scene_api.lib.errors import DomainError, NotFound
from scene_ui import feedback, session
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import confirm_dialog, dialog_title
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import person_row
from scene_ui.components.section import card_link, page_heading, panel, section_header
from scene_ui.i18n import texts

tx = texts("circles")
MANAGERS = {m.CircleRole.OWNER, m.CircleRole.ADMIN}
ROLES = {
    m.CircleRole.OWNER: "role_owner",
    m.CircleRole.ADMIN: "role_admin",
    m.CircleRole.MEMBER: "role_member",
}
"""Catalogue key of each role."""


def create() -> None:
    ui.page("/circles")(session.members_only(my_circles))
    ui.page("/circles/{circle_id}")(session.members_only(circle_page))


def circle_path(circle_id: UUID) -> str:
    return f"/circles/{circle_id}"


def _caption(circle: trust_s.Circle) -> str:
    count = circle.member_count
    caption = tx.members_count.format(count=count, s="" if count == 1 else "s")
    if circle.is_private:
        caption += f" \u00b7 {tx.private}"
    if circle.city:
        caption += f" \u00b7 {circle.city.value}"
    return caption


async def my_circles() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    async with session.member_services() as (services, me):
        circles = (await services.circles.list_mine(me.user, limit=100)).items
    with frame(tx.title, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(tx.title)
        _new_circle_form()
        section_header(tx.mine)
        if not circles:
            empty_state("groups", tx.none_title, tx.none_message)
        for circle in circles:
            with card_link(circle_path(circle.id), classes="gap-3 p-4", marker="circle-card"):
                ui.icon("lock" if circle.is_private else "groups").classes("text-accent text-xl")
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(circle.name).classes("text-body font-semibold text-ink truncate")
                    ui.label(_caption(circle)).classes("text-meta text-muted")


def _new_circle_form() -> None:
    with panel(tx.new, marker="new-circle"):
        name = ui.input(tx.name).props("outlined maxlength=60").classes("w-full").mark("circle-name")
        description = ui.textarea(tx.description).props("outlined maxlength=500").classes("w-full")
        description.mark("circle-description")
        private = ui.switch(tx.private_toggle).mark("circle-private")
        city = ui.select({c: c.value for c in m.City}, label=tx.city, clearable=True).classes("w-full")
        city.mark("circle-city")

        async def save() -> None:
            circle = await feedback.attempt_checked(
                {
                    "name": (name.value or "").strip(),
                    "description": (description.value or "").strip(),
                    "is_private": bool(private.value),
                    "city": city.value or None,
                },
                trust_s.CircleCreate,
                lambda services, me, request: services.circles.create(me.user, request),
                success=tx.created,
            )
            if circle is not feedback.REFUSED:
                ui.navigate.to(circle_path(circle.id))

        primary_button(tx.create, save, icon="add").mark("create-circle")


async def circle_page(circle_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = CircleView(circle_id)
    await view.load()
    with frame(view.title, active=Tab.PROFILE, member=member, back="/circles"):
        view.render()


class CircleView:
    """One circle, re-read after each action."""

    def __init__(self, circle_id: str) -> None:
        try:
            self.id: UUID | None = UUID(circle_id)
        except ValueError:
            self.id = None
        self.circle: trust_s.CircleDetail | None = None
        self.me: UUID | None = None

    async def load(self) -> None:
        if self.id is None:
            return
        try:
            async with session.member_services() as (services, me):
                self.me = me.user.id
                self.circle = await services.circles.get(me.user, self.id)
        except NotFound:
            self.circle = None

    @property
    def title(self) -> str:
        return self.circle.name if self.circle else tx.not_found_title

    def render(self) -> None:
        if self.circle is None:
            empty_state("group_off", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()

    async def reload(self) -> None:
        await feedback.reread(self.load)
        if self.circle is None:
            ui.navigate.to("/circles")
            return
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        circle = self.circle
        assert circle is not None
        with ui.column().classes("w-full gap-1"):
            ui.label(circle.name).classes("text-display font-bold text-ink").props(
                'role="heading" aria-level="1"'
            ).mark("circle-title")
            ui.label(_caption(circle)).classes("text-meta text-muted")
            if circle.description:
                ui.label(circle.description).classes("text-body text-ink")
        role = circle.my_role
        with ui.row().classes("w-full gap-2"):
            if role == m.CircleRole.OWNER:
                secondary_button(tx.edit, self.open_edit, icon="edit").mark("edit-circle")
                danger_button(tx.delete, self.confirm_delete, icon="delete").mark("delete-circle")
            elif role is not None:
                danger_button(tx.leave, self.leave, icon="logout").mark("leave-circle")
        if role in MANAGERS:
            with ui.row().classes("w-full gap-2 items-center flex-nowrap"):
                handle = ui.input(tx.add_handle, placeholder="@handle").props("outlined").classes("flex-1")
                handle.mark("add-handle")
                primary_button(tx.add, lambda: self.add(handle.value or ""), icon="person_add").mark(
                    "add-member"
                )
        section_header(tx.members, str(circle.member_count))
        with panel(classes="gap-0 px-4 py-1", marker="members"):
            for membership in circle.members:
                person = membership.member
                with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                    with ui.element("div").classes("flex-1 min-w-0"):
                        person_row(
                            person.name,
                            person.handle,
                            person.avatar_url,
                            f"@{person.handle} \u00b7 {tx(ROLES[membership.role])}",
                        )
                    if self._can_remove(membership):
                        secondary_button(tx.remove, partial(self.remove, person.id, person.name)).mark(
                            f"remove-{person.handle}"
                        )

    def _can_remove(self, membership: trust_s.CircleMembership) -> bool:
        role = self.circle.my_role if self.circle else None
        if membership.member.id == self.me or membership.role == m.CircleRole.OWNER:
            return False
        if role == m.CircleRole.OWNER:
            return True
        return role == m.CircleRole.ADMIN and membership.role == m.CircleRole.MEMBER

    async def add(self, handle: str) -> None:
        assert self.id is not None
        handle = handle.strip().removeprefix("@")
        if not handle:
            return
        try:
            async with session.member_services() as (services, me):
                person = await services.users.profile_by_handle(me.user, handle)
                request = trust_s.CircleMemberAdd(user_id=person.id)
                await services.circles.add_member(me.user, self.id, request)
        except NotFound:
            feedback.failed(tx.no_such_member.format(handle=handle))
            return
        except DomainError as error:
            feedback.failed(error)
            return
        feedback.done(tx.added.format(name=person.name or handle))
        await self.reload()

    async def remove(self, user_id: UUID, name: str) -> None:
        assert self.id is not None
        circle_id = self.id
        removed = await feedback.attempt(
            lambda services, me: services.circles.remove_member(me.user, circle_id, user_id),
            success=tx.removed.format(name=name),
        )
        if removed is not feedback.REFUSED:
            await self.reload()

    async def leave(self) -> None:
        assert self.id is not None
        circle_id = self.id
        left = await feedback.attempt(
            lambda services, me: services.circles.leave(me.user, circle_id), success=tx.left
        )
        if left is not feedback.REFUSED:
            ui.navigate.to("/circles")

    def open_edit(self) -> None:
        circle = self.circle
        assert circle is not None
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"):
            dialog_title(tx.edit)
            name = ui.input(tx.name, value=circle.name).props("outlined maxlength=60").classes("w-full")
            name.mark("edit-name")
            description = ui.textarea(tx.description, value=circle.description).props(
                "outlined maxlength=500"
            )
            description.classes("w-full").mark("edit-description")
            private = ui.switch(tx.private_toggle, value=circle.is_private).mark("edit-private")
            city = ui.select(
                {c: c.value for c in m.City}, label=tx.city, value=circle.city, clearable=True
            ).classes("w-full")
            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                primary_button(
                    tx.save,
                    lambda: self.save(
                        dialog, name.value or "", description.value or "", private.value, city.value
                    ),
                ).classes("flex-1").mark("save-circle")
        dialog.open()

    async def save(
        self, dialog: ui.dialog, name: str, description: str, private: bool, city: m.City | None
    ) -> None:
        assert self.id is not None
        circle_id = self.id
        saved = await feedback.attempt_checked(
            {
                "name": name.strip(),
                "description": description.strip(),
                "is_private": bool(private),
                "city": city or None,
            },
            trust_s.CircleUpdate,
            lambda services, me, request: services.circles.update(me.user, circle_id, request),
            success=tx.saved,
        )
        if saved is feedback.REFUSED:
            return
        dialog.close()
        await self.reload()

    def confirm_delete(self) -> None:
        circle = self.circle
        assert circle is not None
        confirm_dialog(
            tx.delete_title.format(name=circle.name),
            tx.delete_explain,
            keep=tx.cancel,
            confirm=tx.delete_yes,
            marker="confirm-delete",
            on_confirm=self.delete,
        )

    async def delete(self, dialog: ui.dialog) -> None:
        assert self.id is not None
        circle_id = self.id
        deleted = await feedback.attempt(
            lambda services, me: services.circles.delete(me.user, circle_id), success=tx.deleted
        )
        if deleted is not feedback.REFUSED:
            dialog.close()
            ui.navigate.to("/circles")

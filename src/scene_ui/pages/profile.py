"""Profiles: mine (/me) with circles, hosted activities, invites and logout; another member's (/u/{handle})
with vouching, blocking and reporting."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote
from uuid import UUID

from fastapi.responses import RedirectResponse
from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as activities_s
from scene_api.domain.auth import schemas as auth_s
from scene_api.domain.trust import schemas as trust_s
from scene_api.domain.users import schemas as users_s
from scene_api.lib.errors import DomainError, NotFound
from scene_ui import feedback, session
from scene_ui.components.activity_card import activity_card, activity_path
from scene_ui.components.activity_type import LABELS
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import confirm_dialog, dialog_title
from scene_ui.components.empty_state import empty_note, empty_state
from scene_ui.components.facts import icon_tile
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import person_row
from scene_ui.components.popup_menu import popup_choice, popup_menu
from scene_ui.components.report_dialog import open_report_dialog
from scene_ui.components.section import panel, scroller, section_header
from scene_ui.components.trust import EXPLAINED, trust_badge
from scene_ui.i18n import labels, texts, use

dates = texts("formats")

tx = texts("profile")
INVITE_STATUS = labels("profile", "invite_", m.InviteStatus)
"""Each invite status's name (catalogue `profile.invite_<status>`)."""
LANGUAGES = {"en": "English", "ur": "\u0627\u0631\u062f\u0648"}
"""Each language by its own name (the same in every catalogue): English, اردو."""
WHATSAPP_URL = "https://wa.me/?text={text}"
SHOWN_VOUCHES = 20
SHOWN_INVITES = 5


def create() -> None:
    ui.page("/me")(session.members_only(my_profile))
    ui.page("/u/{handle}")(session.members_only(member_profile))


async def my_profile() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = await ProfileView.load(handle=None)
    with frame(tx.title_me, active=Tab.PROFILE, member=member):
        view.render()


async def member_profile(handle: str) -> RedirectResponse | None:
    member = await session.current_member()
    assert member is not None  # members_only
    if handle.lstrip("@").lower() == member.handle.lower():
        return RedirectResponse("/me", status_code=303)
    view = await ProfileView.load(handle=handle)
    with frame(view.title, member=member, back="/"):
        view.render()
    return None


class ProfileView:
    """A profile with what hangs off it, loaded in one unit of work and re-read after each action."""

    def __init__(self, handle: str | None) -> None:
        self.handle = handle
        self.profile: users_s.Profile | None = None
        self.received: list[trust_s.Vouch] = []
        self.given: list[trust_s.Vouch] = []
        self.my_vouch: trust_s.Vouch | None = None
        self.circles: list[trust_s.Circle] = []
        self.hosting: list[activities_s.Activity] = []
        self.quota: auth_s.InviteQuota | None = None
        self.invites: list[auth_s.Invite] = []

    @classmethod
    async def load(cls, *, handle: str | None) -> ProfileView:
        view = cls(handle)
        await view._load()
        return view

    async def _load(self) -> None:
        try:
            async with session.member_services() as (services, me):
                actor = me.user
                if self.handle is None:
                    self.profile = await services.users.profile(actor, actor.id)
                else:
                    self.profile = await services.users.profile_by_handle(actor, self.handle)
                received = await services.vouches.list_for(
                    actor, self.profile.id, trust_s.VouchDirection.RECEIVED, limit=100
                )
                given = await services.vouches.list_for(
                    actor, self.profile.id, trust_s.VouchDirection.GIVEN, limit=SHOWN_VOUCHES
                )
                self.received, self.given = received.items, given.items
                self.my_vouch = next((v for v in self.received if v.voucher_id == actor.id), None)
                hosted = (
                    activities_s.ActivityFilters(hosted_by_me=True)
                    if self.profile.is_me
                    else activities_s.ActivityFilters(host_id=self.profile.id)
                )
                self.hosting = (await services.activities.discover(actor, hosted, limit=10)).items
                if self.profile.is_me:
                    self.circles = (await services.circles.list_mine(actor, limit=50)).items
                    self.quota = await services.invites.quota(actor)
                    self.invites = (await services.invites.list_mine(actor))[:SHOWN_INVITES]
        except NotFound:
            self.profile = None

    async def reload(self) -> None:
        await feedback.reread(self._load)
        self.body.refresh()

    @property
    def title(self) -> str:
        if self.profile is None:
            return tx.not_found_title
        return self.profile.name or f"@{self.profile.handle}"

    def render(self) -> None:
        if self.profile is None:
            empty_state("person_off", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        profile = self.profile
        assert profile is not None
        self._header(profile)
        self._stats(profile)
        self._actions(profile)
        if profile.interests:
            self._plays(profile)
        if profile.is_me:
            self._mine()
        if profile.is_me or self.hosting:
            self._hosting(mine=profile.is_me)
        if profile.is_me:
            self._circles()
            self._invites()
            self._language()
        self._vouches(
            tx.vouches_received, self.received[:SHOWN_VOUCHES], tx.no_vouches_received, "vouches-received"
        )
        self._vouches(tx.vouches_given, self.given, tx.no_vouches_given, "vouches-given")
        if profile.is_me:
            danger_button(tx.logout, self.logout, icon="logout").classes("w-full").mark("logout")

    # Header and stats -------------------------------------------------------------------------

    def _header(self, profile: users_s.Profile) -> None:
        with ui.column().classes("w-full items-center text-center gap-2 pt-2"):
            avatar(profile.name or profile.handle, profile.avatar_url, size=96)
            ui.label(profile.name or profile.handle).classes("text-display font-extrabold text-ink").props(
                'role="heading" aria-level="1"'
            )
            with ui.row().classes("items-center justify-center gap-2"):
                ui.label(f"@{profile.handle}").classes("text-body text-muted")
                trust_badge(profile.trust_level)
            details = [
                profile.city.value if profile.city else None,
                tx.member_since.format(
                    month=f"{dates(f'month_long_{profile.joined_at.month}')} {profile.joined_at.year}"
                ),
            ]
            ui.label(" \u00b7 ".join(d for d in details if d)).classes("text-meta text-muted")
            if profile.open_to_join:
                with (
                    ui.row()
                    .classes(
                        "items-center gap-1.5 h-7 px-3 rounded-full bg-accent-soft text-accent flex-nowrap"
                    )
                    .mark("open-to-join")
                ):
                    ui.element("span").classes("w-2 h-2 rounded-full bg-accent")
                    ui.label(tx.open_to_join).classes("text-meta font-semibold")
            if profile.bio:
                ui.label(profile.bio).classes("text-body text-ink max-w-[22rem] whitespace-pre-line")

    def _stats(self, profile: users_s.Profile) -> None:
        stats = [(str(profile.vouches_received), tx.received), (str(profile.vouches_given), tx.given)]
        if profile.circles_in_common is not None:
            stats.append((str(profile.circles_in_common), tx.in_common))
        with (
            ui.row()
            .classes(
                "w-full gap-0 rounded-card bg-surface border border-line flex-nowrap divide-x divide-line"
            )
            .props(f'title="{EXPLAINED[profile.trust_level]}"')
        ):
            for value, label in stats:
                with ui.column().classes("flex-1 items-center gap-0 py-3 min-w-0"):
                    ui.label(value).classes("text-title font-bold text-ink")
                    ui.label(label).classes("text-label text-muted uppercase tracking-wider text-center")

    def _actions(self, profile: users_s.Profile) -> None:
        with ui.row().classes("w-full gap-2 flex-nowrap"):
            if profile.is_me:
                secondary_button(tx.edit, lambda: ui.navigate.to("/me/edit"), icon="edit").classes(
                    "flex-1"
                ).mark("edit-profile")
                return
            if self.my_vouch is None:
                primary_button(tx.vouch, self.open_vouch, icon="verified").classes("flex-1").mark("vouch")
            else:
                secondary_button(tx.vouched, None, icon="check").classes("flex-1 text-accent").mark("vouched")
            with (
                ui.button(icon="more_horiz", color=None)
                .props(f'unelevated round aria-label="{tx.more}"')
                .classes("w-11 h-11 bg-surface border border-line text-ink")
                .mark("more"),
                popup_menu(tx.more),
            ):
                if self.my_vouch is not None:
                    popup_choice(tx.unvouch, self.unvouch).mark("unvouch")
                popup_choice(tx.report, self.open_report).mark("report")
                popup_choice(tx.block, self.confirm_block, danger=True).mark("block")

    def _plays(self, profile: users_s.Profile) -> None:
        with ui.column().classes("w-full gap-2"):
            section_header(tx.plays)
            with ui.row().classes("w-full gap-2"):
                for kind in profile.interests:
                    level = profile.skill_levels.get(kind)
                    text = LABELS[kind] + (f" \u00b7 {tx.level.format(level=level)}" if level else "")
                    ui.label(text).classes(
                        "h-8 px-3 rounded-full bg-surface border border-line text-meta text-ink "
                        "flex items-center whitespace-nowrap"
                    )

    # Vouching ---------------------------------------------------------------------------------

    def open_vouch(self) -> None:
        profile = self.profile
        assert profile is not None
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"):
            dialog_title(tx.vouch_title.format(name=profile.name))
            ui.label(tx.vouch_explain).classes("text-body text-muted")
            note = ui.input(tx.vouch_note, placeholder=tx.vouch_note_placeholder).props(
                "outlined maxlength=200"
            )
            note.classes("w-full").mark("vouch-note")
            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                primary_button(tx.vouch_send, lambda: self.vouch(dialog, note.value or "")).classes(
                    "flex-1"
                ).mark("send-vouch")
        dialog.open()

    async def vouch(self, dialog: ui.dialog, note: str) -> None:
        profile = self.profile
        assert profile is not None
        vouched = await feedback.attempt_checked(
            {"vouchee_id": str(profile.id), "note": note.strip()},
            trust_s.VouchCreate,
            lambda services, me, request: services.vouches.create(me.user, request),
            success=tx.vouch_done.format(name=profile.name),
        )
        if vouched is feedback.REFUSED:
            return
        dialog.close()
        await self.reload()

    async def unvouch(self) -> None:
        if self.my_vouch is None:
            return
        vouch_id = self.my_vouch.id
        revoked = await feedback.attempt(
            lambda services, me: services.vouches.revoke(me.user, vouch_id), success=tx.unvouch_done
        )
        if revoked is not feedback.REFUSED:
            await self.reload()

    # Safety -----------------------------------------------------------------------------------

    def open_report(self) -> None:
        profile = self.profile
        assert profile is not None
        open_report_dialog(m.ReportSubject.USER, profile.id, tx.report_title.format(name=profile.name))

    def confirm_block(self) -> None:
        profile = self.profile
        assert profile is not None
        confirm_dialog(
            tx.block_title.format(name=profile.name),
            tx.block_explain,
            keep=tx.cancel,
            confirm=tx.block_yes,
            marker="confirm-block",
            on_confirm=partial(self.block, user_id=profile.id, name=profile.name),
        )

    async def block(self, dialog: ui.dialog, user_id: UUID, name: str) -> None:
        blocked = await feedback.attempt(
            lambda services, me: services.safety.block(me.user, users_s.BlockCreate(user_id=user_id)),
            success=tx.blocked.format(name=name),
        )
        if blocked is not feedback.REFUSED:
            dialog.close()
            ui.navigate.to("/")

    # Lists ------------------------------------------------------------------------------------

    def _vouches(self, title: str, vouches: list[trust_s.Vouch], empty: str, marker: str) -> None:
        with ui.column().classes("w-full gap-2").mark(marker):
            section_header(title, str(len(vouches)) if vouches else None)
            with panel(classes="gap-0 px-4 py-1"):
                if not vouches:
                    ui.label(empty).classes("text-meta text-muted py-2")
                for vouch in vouches:
                    other = vouch.member
                    caption = vouch.note or (tx.from_invite if vouch.from_invite else f"@{other.handle}")
                    person_row(other.name, other.handle, other.avatar_url, caption)

    def _mine(self) -> None:
        """Where my bookings and tickets live: a short list of links."""
        with panel(classes="gap-0 px-4 py-1", marker="mine"):
            for index, (icon, title, hint, target) in enumerate(
                (
                    ("sports_tennis", tx.my_bookings, tx.my_bookings_hint, "/me/bookings"),
                    ("confirmation_number", tx.my_tickets, tx.my_tickets_hint, "/me/tickets"),
                    ("notifications_active", tx.my_messages, tx.my_messages_hint, "/settings/notifications"),
                )
            ):
                line = "border-t border-line" if index else ""
                with ui.link(target=target).classes(
                    f"w-full flex items-center gap-3 py-3 no-underline flex-nowrap {line}"
                ):
                    icon_tile(icon)
                    with ui.column().classes("flex-1 min-w-0 gap-0"):
                        ui.label(title).classes("text-body font-semibold text-ink")
                        ui.label(hint).classes("text-meta text-muted truncate")
                    ui.icon("chevron_right").classes("text-muted text-xl")

    def _hosting(self, *, mine: bool) -> None:
        with ui.column().classes("w-full gap-3").mark("hosting"):
            section_header(tx.hosting)
            if not self.hosting and mine:
                empty_note(tx.no_hosting, (tx.host_one, "/create"))
                return
            with scroller():
                for activity in self.hosting:
                    activity_card(activity, target=activity_path(activity.id), width="w-[17.5rem]")

    def _circles(self) -> None:
        with ui.column().classes("w-full gap-2").mark("circles"):
            section_header(tx.circles, link=(tx.circles_all, "/circles"))
            with panel(classes="gap-0 px-4 py-1"):
                if not self.circles:
                    ui.label(tx.no_circles).classes("text-meta text-muted py-2")
                for index, circle in enumerate(self.circles):
                    with ui.row().classes(
                        "w-full items-center gap-3 py-3 flex-nowrap "
                        + ("border-t border-line" if index else "")
                    ):
                        with ui.element("div").classes(
                            "w-10 h-10 shrink-0 rounded-xl bg-raised flex items-center justify-center"
                        ):
                            ui.icon("lock" if circle.is_private else "groups").classes("text-accent text-xl")
                        with ui.column().classes("flex-1 min-w-0 gap-0"):
                            ui.label(circle.name).classes("text-body font-semibold text-ink truncate")
                            count = circle.member_count
                            caption = tx.circle_members.format(count=count, s="" if count == 1 else "s")
                            if circle.is_private:
                                caption += f" \u00b7 {tx.private}"
                            ui.label(caption).classes("text-meta text-muted")

    def _invites(self) -> None:
        if self.quota is None:
            return
        with ui.column().classes("w-full gap-2").mark("invites"):
            section_header(tx.invites)
            with panel():
                ui.label(
                    tx.invites_left.format(remaining=self.quota.remaining, quota=self.quota.quota)
                ).classes("text-body text-ink")
                for invite in self.invites:
                    _invite_row(invite)
                if self.quota.remaining > 0:
                    secondary_button(tx.invite_create, self.create_invite, icon="add_link").classes(
                        "w-full"
                    ).mark("create-invite")

    def _language(self) -> None:
        """English or Urdu for everything Scene shows this member; it applies at once."""
        profile = self.profile
        assert profile is not None
        with ui.column().classes("w-full gap-2").mark("language"):
            section_header(tx.language)
            with panel():
                ui.label(tx.language_explain).classes("text-meta text-muted")
                ui.toggle(
                    LANGUAGES,
                    value=profile.locale if profile.locale in LANGUAGES else "en",
                    on_change=lambda event: self.set_language(event.value),
                ).props("spread no-caps unelevated toggle-color=primary toggle-text-color=dark").classes(
                    "w-full rounded-full border border-line overflow-hidden"
                ).mark("language-toggle")

    async def set_language(self, language: str) -> None:
        profile = self.profile
        if profile is None or language == profile.locale or language not in LANGUAGES:
            return
        updated = await feedback.attempt_checked(
            {"locale": language},
            users_s.ProfileUpdate,
            lambda services, me, update: services.users.update_profile(me.user, update),
        )
        if updated is feedback.REFUSED:
            return
        self.profile = updated
        use(language)
        session.choose_language(language)
        ui.navigate.reload()

    async def create_invite(self) -> None:
        created = await feedback.attempt(
            lambda services, me: services.invites.create(me.user, auth_s.InviteCreate()),
            success=tx.invite_created,
        )
        if created is not feedback.REFUSED:
            await self.reload()

    async def logout(self) -> None:
        try:
            async with session.member_services() as (services, me):
                await services.auth.logout(me)
        except DomainError:
            pass  # already signed out: forgetting the tokens is all that is left
        session.forget()
        feedback.done(tx.logged_out)
        ui.navigate.to("/welcome")


def _invite_row(invite: auth_s.Invite) -> None:
    with ui.row().classes("w-full items-center gap-3 py-1 flex-nowrap").mark(f"invite-{invite.code}"):
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(invite.code).classes("text-body font-bold text-ink tracking-widest")
            ui.label(INVITE_STATUS[invite.status]).classes("text-meta text-muted")
        if invite.status is m.InviteStatus.ACTIVE:
            text = quote(tx.invite_text.format(url=invite.share_url), safe="")
            with ui.link(target=WHATSAPP_URL.format(text=text), new_tab=True).classes(
                "h-9 px-4 rounded-full bg-accent text-on-accent no-underline flex items-center gap-1.5 "
                "text-meta font-bold"
            ):
                ui.icon("send").classes("text-base")
                ui.label(tx.invite_share)

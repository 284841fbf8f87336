"""Activity detail: what, when, where, who; joining and its states; sharing; the host's controls."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import msgspec
from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.activities import schemas as s
from scene_api.domain.joins import schemas as joins_s
from scene_api.lib.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from scene_api.lib.timezone import utcnow
from scene_api.services import Services
from scene_ui import drafts, feedback, formats, live, session
from scene_ui.components.activity_card import level_label, spots_label
from scene_ui.components.activity_type import ICONS, LABELS
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import danger_button, ghost_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_title
from scene_ui.components.empty_state import empty_state
from scene_ui.components.facts import banner, fact, state_line
from scene_ui.components.frame import frame
from scene_ui.components.hosting_choices import trusted_choice, underfill_choice
from scene_ui.components.inputs import long_text
from scene_ui.components.install_prompt import offer_install
from scene_ui.components.person_card import person_row, profile_path
from scene_ui.components.push_opt_in import push_opt_in
from scene_ui.components.report_dialog import open_report_dialog
from scene_ui.components.section import panel, section_header
from scene_ui.components.share import share_buttons
from scene_ui.i18n import labels, shared_link, texts
from scene_ui.pages.activity_court import CourtCard
from scene_ui.pages.activity_shares import ShareCard, payments_list

tx = texts("activity")
hosting = texts("hosting")
cards = texts("activity_card")
pwa = texts("pwa")
VISIBILITY = labels("activity", "visibility_", m.Visibility)
"""Each visibility's name (catalogue `activity.visibility_<visibility>`)."""

MAPS_URL = "https://www.google.com/maps/search/?api=1&query={query}"
WHATSAPP_URL = "https://wa.me/?text={text}"


def create() -> None:
    ui.page("/activities/{activity_id}")(session.members_only(activity_page))


async def activity_page(activity_id: str) -> None:
    """By id, or by slug: a share link (`/a/{slug}`) sends a signed-in member here."""
    member = await session.current_member()
    assert member is not None  # members_only
    if is_id(activity_id):
        detail = await ActivityDetail.load(member, activity_id=activity_id)
    else:
        detail = await ActivityDetail.load(member, slug=activity_id)
    with frame(detail.title, member=member, back="/"):
        detail.render()
    if detail.activity is not None:
        await live.follow([live.activity(detail.activity.id)], detail.reload_if_changed)


def is_id(key: str) -> bool:
    """A page address holding an id rather than a slug."""
    try:
        UUID(key)
    except ValueError:
        return False
    return True


def whatsapp_link(activity: s.Activity) -> str:
    """`https://wa.me/?text=...`: WhatsApp opens with the message and the link, ready to pick a chat."""
    link = shared_link(activity.share_url)
    return WHATSAPP_URL.format(text=quote(f"{share_text(activity)}\n{link}", safe=""))


def share_text(activity: s.Activity) -> str:
    place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)
    return tx.share_text.format(title=activity.title, when=formats.when(activity.starts_at), place=place)


def directions_link(activity: s.Activity) -> str | None:
    if activity.lat is not None and activity.lng is not None:
        return MAPS_URL.format(query=f"{activity.lat},{activity.lng}")
    if activity.place_name:
        return MAPS_URL.format(query=quote(", ".join(p for p in (activity.place_name, activity.city) if p)))
    return None


class ActivityDetail(live.LiveView):
    """One activity as the signed-in member sees it, re-read from the service after every action."""

    def __init__(self, member: session.Member, activity: s.Activity | None) -> None:
        self.member = member
        self.activity = activity
        self.participants: list[s.Participant] | None = None
        self.participants_hidden = False
        self.court: CourtCard | None = None
        self.share: ShareCard | None = None
        self.payments: s.ActivityPayments | None = None
        self.note: drafts.Note
        """What the member types for the host, kept through live redraws and reloads (made by `render`)."""

    @classmethod
    async def load(
        cls, member: session.Member, *, activity_id: str | None = None, slug: str | None = None
    ) -> ActivityDetail:
        detail = cls(member, None)
        try:
            async with session.member_services() as (services, me):
                if slug is not None:
                    detail.activity = await services.activities.get_by_slug(me.user, slug)
                else:
                    detail.activity = await services.activities.get(me.user, UUID(activity_id))
                await detail._load_participants(services, me.user)
                await detail._load_money(services, me.user)
        except (NotFound, ValueError):
            detail.activity = None
        return detail

    async def _load_participants(self, services: Services, actor: m.User) -> None:
        assert self.activity is not None
        try:
            self.participants = await services.joins.participants(actor, self.activity.id)
            self.participants_hidden = False
        except PermissionDenied:
            self.participants, self.participants_hidden = None, True

    async def _load_money(self, services: Services, actor: m.User) -> None:
        """The host's court and who has paid; a participant's share of the cost."""
        activity = self.activity
        assert activity is not None
        self.court, self.share, self.payments = None, None, None
        is_open = activity.status is m.ActivityStatus.OPEN
        if self.is_host:
            if activity.cost_pkr > 0:
                self.payments = await services.shares.overview(actor, activity.id)
            if is_open and activity.venue_id is not None:
                court = CourtCard(activity, self.reload)
                await court.load(services, actor)
                self.court = court if court.shown else None
            return
        request = activity.my_request
        if is_open and activity.cost_pkr > 0 and request and request.status is m.JoinRequestStatus.APPROVED:
            try:
                self.share = ShareCard(activity, await services.shares.mine(actor, activity.id), self.reload)
            except NotFound:
                self.share = None

    def redraw(self) -> None:
        self.body.refresh()

    async def reread(self) -> bool:
        assert self.activity is not None
        try:
            async with session.member_services() as (services, me):
                self.activity = await services.activities.get(me.user, self.activity.id)
                await self._load_participants(services, me.user)
                await self._load_money(services, me.user)
        except DomainError as error:
            feedback.failed(error)
            return False
        return True

    def shown(self) -> tuple[object, ...]:
        return (
            self.activity,
            self.participants,
            self.payments,
            self.share.share if self.share else None,
            self.court.booking if self.court else None,
        )

    @property
    def title(self) -> str:
        return self.activity.title if self.activity else tx.not_found_title

    @property
    def is_host(self) -> bool:
        return self.activity is not None and self.activity.host.id == self.member.id

    def render(self) -> None:
        if self.activity is None:
            empty_state("search_off", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.note = drafts.Note(self.member.id, f"join-note:{self.activity.id}", redraw=self.body.refresh)
        self.body()

    @ui.refreshable_method
    def body(self) -> None:
        activity = self.activity
        assert activity is not None
        hero(activity)
        host_line(activity.host.name, activity.host.handle, activity.host.avatar_url)
        if activity.status is not m.ActivityStatus.OPEN:
            banner(tx.cancelled if activity.status is m.ActivityStatus.CANCELLED else tx.completed)
        if activity.status is m.ActivityStatus.OPEN:
            self._join_panel(activity)
        if self.share is not None:
            self.share.render()
        facts(activity)
        if activity.description:
            with ui.column().classes("w-full gap-2"):
                section_header(tx.about)
                ui.label(activity.description).classes("text-body text-ink whitespace-pre-line")
        self._participants(activity)
        if self.court is not None:
            self.court.render()
        if self.payments is not None:
            payments_list(self.payments)
        self._share(activity)
        if self.is_host and activity.status is m.ActivityStatus.OPEN:
            self._host_controls(activity)
        if not self.is_host:
            ghost_button(tx.report, self.open_report, icon="flag").classes("self-center text-meta")

    # Joining ----------------------------------------------------------------------------------

    def _join_panel(self, activity: s.Activity) -> None:
        with panel(marker="join-panel"):
            if self.is_host:
                state_line("star", tx.you_host, None)
                return
            request = activity.my_request
            if request is None:
                self._join_form(activity)
            elif request.status is m.JoinRequestStatus.PENDING:
                state_line(
                    "hourglass_top", tx.state_pending, tx.state_pending_hint.format(host=activity.host.name)
                )
                secondary_button(tx.withdraw, partial(self.withdraw, request.id)).classes("w-full")
                push_opt_in(pwa.push_host_answers)
            elif request.status is m.JoinRequestStatus.APPROVED:
                state_line("check_circle", tx.state_approved, tx.state_approved_hint)
                secondary_button(tx.leave, partial(self.withdraw, request.id)).classes("w-full")
            elif request.status is m.JoinRequestStatus.WAITLISTED:
                position = request.waitlist_position or 0
                state_line(
                    "format_list_numbered",
                    tx.state_waitlisted.format(position=position),
                    tx.state_waitlisted_hint,
                )
                secondary_button(tx.leave_waitlist, partial(self.withdraw, request.id)).classes("w-full")

    def _join_form(self, activity: s.Activity) -> None:
        if activity.spots_left <= 0:
            label, hint = tx.join_waitlist, tx.join_hint_full
        elif activity.auto_approve:
            label, hint = tx.join, tx.join_hint_auto
        else:
            label, hint = tx.request, tx.join_hint_request
        note = None
        if not activity.auto_approve or activity.spots_left <= 0:
            note = self.note.box(tx.note_placeholder).mark("join-note")
        button = primary_button(label, icon="waving_hand").classes("w-full").mark("join")
        button.on_click(lambda: self.join(note.value if note else "", button))
        ui.label(hint).classes("text-meta text-muted")

    async def join(self, message: str, button: ui.button) -> None:
        assert self.activity is not None
        button.props("loading")
        activity_id, ask = self.activity.id, joins_s.JoinRequestCreate(message=(message or "").strip())
        request = await feedback.attempt(
            lambda services, me: services.joins.request(me.user, activity_id, ask)
        )
        if request is feedback.REFUSED:
            button.props(remove="loading")
            return
        self.note.sent()
        feedback.done(
            {
                m.JoinRequestStatus.APPROVED: tx.joined,
                m.JoinRequestStatus.WAITLISTED: tx.waitlisted,
            }.get(request.status, tx.requested)
        )
        await self.reload()
        offer_install()

    async def withdraw(self, request_id: UUID) -> None:
        withdrawn = await feedback.attempt(
            lambda services, me: services.joins.withdraw(me.user, request_id), success=tx.withdrawn
        )
        if withdrawn is not feedback.REFUSED:
            await self.reload()

    # Who's coming -----------------------------------------------------------------------------

    def _participants(self, activity: s.Activity) -> None:
        count = f"{activity.seats_taken} of {activity.capacity}"
        with ui.column().classes("w-full gap-2").mark("participants"):
            section_header(tx.participants, count)
            with panel(classes="gap-0 px-4 py-2"):
                person_row(
                    activity.host.name, activity.host.handle, activity.host.avatar_url, tx.host_caption
                )
                if self.participants_hidden:
                    with ui.row().classes("w-full items-center gap-2 py-2 flex-nowrap"):
                        ui.icon("lock").classes("text-muted text-lg")
                        ui.label(tx.participants_hidden).classes("text-meta text-muted")
                elif not self.participants:
                    ui.label(tx.no_participants).classes("text-meta text-muted py-2")
                else:
                    for participant in self.participants:
                        person = participant.person
                        person_row(person.name, person.handle, person.avatar_url)

    # Sharing ----------------------------------------------------------------------------------

    def _share(self, activity: s.Activity) -> None:
        with ui.column().classes("w-full gap-2").mark("share"):
            section_header(tx.share)
            link = shared_link(activity.share_url)
            share_buttons(activity.title, share_text(activity), link, whatsapp_link(activity))

    # Host controls ----------------------------------------------------------------------------

    def _host_controls(self, activity: s.Activity) -> None:
        with ui.column().classes("w-full gap-2").mark("host-controls"):
            section_header(tx.manage)
            with panel():
                with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                    with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                        ui.label(tx.auto_approve).classes("text-body font-semibold text-ink")
                        ui.label(tx.auto_approve_hint).classes("text-meta text-muted")
                    ui.switch(value=activity.auto_approve, on_change=self.set_auto_approve).props(
                        f'aria-label="{tx.auto_approve}"'
                    ).mark("auto-approve")
                if not activity.auto_approve:
                    ui.element("div").classes("w-full h-px bg-line")
                    trusted_choice(activity.auto_approve_trusted, self.set_trusted)
                ui.element("div").classes("w-full h-px bg-line")
                underfill_choice(activity.underfill_cancel_hours, self.set_underfill)
                with ui.row().classes("w-full gap-2 flex-nowrap"):
                    secondary_button(tx.edit, self.open_edit, icon="edit").classes("flex-1 px-3").mark("edit")
                    secondary_button(tx.requests, lambda: ui.navigate.to("/inbox"), icon="inbox").classes(
                        "flex-1 px-3"
                    )
                danger_button(tx.cancel_activity, self.confirm_cancel, icon="event_busy").classes(
                    "w-full"
                ).mark("cancel-activity")

    async def set_auto_approve(self, event: Any) -> None:
        assert self.activity is not None
        if bool(event.value) == self.activity.auto_approve:
            return
        activity_id, update = self.activity.id, s.ActivityUpdate(auto_approve=bool(event.value))
        updated = await feedback.attempt(
            lambda services, me: services.activities.update(me.user, activity_id, update)
        )
        if updated is feedback.REFUSED:
            self.body.refresh()
            return
        self.activity = updated
        feedback.done(tx.auto_approve_on if self.activity.auto_approve else tx.auto_approve_off)
        await self.reload()

    async def set_trusted(self, choice: m.TrustedApproval) -> None:
        assert self.activity is not None
        if choice is self.activity.auto_approve_trusted:
            return
        if await self._update(s.ActivityUpdate(auto_approve_trusted=choice)):
            none = choice is m.TrustedApproval.NONE
            feedback.done(hosting.trusted_saved_none if none else hosting.trusted_saved)

    async def set_underfill(self, hours: int | None) -> None:
        assert self.activity is not None
        if hours == self.activity.underfill_cancel_hours:
            return
        update = s.ActivityUpdate(underfill_cancel_hours=cast(s.UnderfillHours | None, hours))
        if await self._update(update):
            feedback.done(hosting("underfill_saved", hours=hours) if hours else hosting.underfill_saved_none)

    async def _update(self, update: s.ActivityUpdate) -> bool:
        assert self.activity is not None
        activity_id = self.activity.id
        updated = await feedback.attempt(
            lambda services, me: services.activities.update(me.user, activity_id, update)
        )
        if updated is feedback.REFUSED:
            return False
        self.activity = updated
        await self.reload()
        return True

    def confirm_cancel(self) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5"):
            dialog_title(tx.cancel_confirm_title)
            ui.label(tx.cancel_confirm).classes("text-body text-muted")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                secondary_button(tx.cancel_keep, dialog.close).classes("flex-1")
                danger_button(tx.cancel_yes, lambda: self.cancel(dialog)).classes("flex-1").mark(
                    "confirm-cancel"
                )
        dialog.open()

    async def cancel(self, dialog: ui.dialog) -> None:
        assert self.activity is not None
        activity_id = self.activity.id
        cancelled = await feedback.attempt(
            lambda services, me: services.activities.cancel(me.user, activity_id), success=tx.cancelled_done
        )
        if cancelled is feedback.REFUSED:
            return
        self.activity = cancelled
        dialog.close()
        await self.reload()

    def open_edit(self) -> None:
        assert self.activity is not None
        activity = self.activity
        fields: dict[str, Any] = {}
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-md bg-surface rounded-card gap-3 p-5"):
            dialog_title(tx.edit_title)
            fields["title"] = (
                ui.input(tx.field_title, value=activity.title).props("outlined").classes("w-full")
            )
            fields["description"] = long_text(tx.field_description, value=activity.description)
            fields["day"] = (
                ui.input(tx.field_day, value=formats.date_input_value(activity.starts_at))
                .props('outlined type="date"')
                .classes("w-full")
            )
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                for key, label, moment in (
                    ("starts_at", tx.field_start, activity.starts_at),
                    ("ends_at", tx.field_end, activity.ends_at),
                ):
                    fields[key] = (
                        ui.input(label, value=formats.time_input_value(moment))
                        .props('outlined type="time"')
                        .classes("flex-1")
                    )
            fields["place_name"] = (
                ui.input(tx.field_place, value=activity.place_name).props("outlined").classes("w-full")
            )
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                fields["capacity"] = (
                    ui.number(tx.field_capacity, value=activity.capacity, min=1, max=500, precision=0)
                    .props("outlined")
                    .classes("flex-1")
                )
                fields["cost_pkr"] = (
                    ui.number(tx.field_cost, value=activity.cost_pkr, min=0, precision=0)
                    .props("outlined")
                    .classes("flex-1")
                )
            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.close, dialog.close).classes("flex-1")
                primary_button(tx.save, lambda: self.save_edit(dialog, fields)).classes("flex-1").mark(
                    "save-edit"
                )
        dialog.open()

    async def save_edit(self, dialog: ui.dialog, fields: dict[str, Any]) -> None:
        assert self.activity is not None
        for field in fields.values():
            field.error = None
        try:
            starts_at = formats.local_moment(fields["day"].value, fields["starts_at"].value)
            ends_at = formats.local_moment(fields["day"].value, fields["ends_at"].value)
        except (TypeError, ValueError):
            fields["starts_at"].error = tx.bad_time
            return
        if ends_at <= starts_at:
            ends_at += timedelta(days=1)  # ends after midnight
        changes = _changed(
            self.activity,
            {
                "title": (fields["title"].value or "").strip(),
                "description": (fields["description"].value or "").strip(),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "place_name": (fields["place_name"].value or "").strip(),
                "capacity": _whole(fields["capacity"].value),
                "cost_pkr": _whole(fields["cost_pkr"].value),
            },
        )
        if not changes:
            dialog.close()
            return
        try:
            update = feedback.checked(changes, s.ActivityUpdate)
            async with session.member_services() as (services, me):
                self.activity = await services.activities.update(me.user, self.activity.id, update)
        except InvalidInput as error:
            shown = _show_field_errors(error, fields, {"starts_at": "starts_at", "ends_at": "ends_at"})
            if not shown:
                feedback.failed(error)
            return
        except DomainError as error:
            feedback.failed(error)
            return
        dialog.close()
        feedback.done(tx.saved)
        await self.reload()

    # Reporting --------------------------------------------------------------------------------

    def open_report(self) -> None:
        assert self.activity is not None
        open_report_dialog(m.ReportSubject.ACTIVITY, self.activity.id, tx.report)


# Pieces the share page reuses --------------------------------------------------------------------


def hero(activity: s.Activity | s.PublicActivity) -> None:
    with ui.column().classes("w-full gap-3"):
        with ui.row().classes("gap-2"):
            with ui.row().classes("items-center gap-1 h-7 pl-2 pr-2.5 rounded-full bg-raised flex-nowrap"):
                ui.icon(ICONS[activity.type]).classes("text-base text-accent")
                ui.label(LABELS[activity.type]).classes("text-meta font-semibold text-accent")
            _quiet_chip(level_label(activity.skill_min, activity.skill_max))
            if isinstance(activity, s.Activity) and activity.audience is m.Audience.WOMEN_ONLY:
                _quiet_chip(cards.women_only)
        ui.label(activity.title).classes("text-display font-extrabold text-ink break-words").props(
            'role="heading" aria-level="1"'
        )


def host_line(name: str, handle: str | None, avatar_url: str | None) -> None:
    target = profile_path(handle) if handle else None
    outer = ui.link(target=target) if target else ui.element("div")
    with outer.classes("flex items-center gap-3 no-underline -mt-3"):
        avatar(name, avatar_url, size=36)
        with ui.column().classes("gap-0"):
            ui.label(tx.hosted_by).classes("text-label uppercase tracking-wider text-muted")
            ui.label(name).classes("text-body font-semibold text-ink")


def facts(activity: s.Activity | s.PublicActivity) -> None:
    now = utcnow()
    minutes = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    with panel(classes="gap-4 p-4", marker="facts"):
        fact(
            "event",
            tx.when,
            formats.long_day(activity.starts_at, now=now),
            f"{formats.time_range(activity.starts_at, activity.ends_at)} \u00b7 {formats.duration(minutes)}",
        )
        place = " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)
        where = fact("place", tx.where, place or "\u2013", None)
        if isinstance(activity, s.Activity) and (directions := directions_link(activity)):
            with where:
                ui.link(tx.directions, directions, new_tab=True).classes(
                    "text-meta font-semibold text-accent no-underline whitespace-nowrap self-center"
                )
        fact(
            "group",
            tx.spots,
            spots_label(activity.spots_left),
            tx.spots_of.format(taken=activity.capacity - activity.spots_left, capacity=activity.capacity),
        )
        fact(
            "payments",
            tx.cost,
            formats.rupees(activity.cost_pkr),
            tx.per_person if activity.cost_pkr else None,
        )
        if isinstance(activity, s.Activity):
            fact(
                "visibility",
                tx.who,
                cards.women_only if activity.audience is m.Audience.WOMEN_ONLY else tx.everyone,
                VISIBILITY[activity.visibility],
            )


def _quiet_chip(text: str) -> None:
    ui.label(text).classes(
        "h-7 px-2.5 rounded-full border border-line text-meta text-muted whitespace-nowrap flex items-center"
    )


def _whole(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _changed(activity: s.Activity, wanted: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the activity as loaded: an update sends just the fields that changed."""
    current = msgspec.structs.asdict(activity)
    return {name: value for name, value in wanted.items() if value is not None and current.get(name) != value}


def _show_field_errors(error: InvalidInput, inputs: dict[str, Any], aliases: dict[str, str]) -> bool:
    shown = False
    for field, message in feedback.field_errors(error).items():
        target = inputs.get(aliases.get(field, field))
        if target is not None and hasattr(target, "error"):
            target.error = message
            shown = True
    return shown

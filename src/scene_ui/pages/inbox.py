"""Host inbox: pending join requests across everything I host, one by one or several at once, and the
auto-approve switch of each activity I host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby
from typing import Any
from uuid import UUID

from nicegui import ui

from scene_api.domain.activities import schemas as s
from scene_api.domain.joins import schemas as joins_s
from scene_api.domain.users.schemas import PersonSummary
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, formats, session
from scene_ui.components.activity_card import activity_path, spots_label
from scene_ui.components.avatar import avatar
from scene_ui.components.buttons import primary_button, secondary_button
from scene_ui.components.empty_state import empty_note, empty_state
from scene_ui.components.event_card import event_path
from scene_ui.components.frame import Tab, frame
from scene_ui.components.person_card import profile_path
from scene_ui.components.section import page_heading, panel, section_header
from scene_ui.i18n import texts

tx = texts("inbox")

PAGE_SIZE = 30


def vouched_by_line(vouchers: list[PersonSummary], host_id: UUID) -> str:
    """`Vouched by you and Ayesha`: who of the host's trusted people stand for the requester (the
    host first, as "you")."""
    names = [tx.you for voucher in vouchers if voucher.id == host_id] + [
        voucher.name or voucher.handle for voucher in vouchers if voucher.id != host_id
    ]
    if len(names) == 1:
        return tx("vouched_by_one", name=names[0])
    if len(names) == 2:
        return tx("vouched_by_two", first=names[0], second=names[1])
    return tx("vouched_by_more", first=names[0], second=names[1], count=len(names) - 2)


@dataclass(frozen=True)
class Subject:
    """What a request is for, an activity or an event, as the inbox groups and heads it."""

    id: UUID
    title: str
    starts_at: datetime
    left: int
    link: str | None


def _subject(item: joins_s.InboxItem) -> Subject:
    if item.activity is not None:
        a = item.activity
        return Subject(a.id, a.title, a.starts_at, a.spots_left, activity_path(a.id))
    assert item.event is not None  # the inbox sets exactly one of the two
    e = item.event
    return Subject(e.id, e.title, e.starts_at, e.tickets_left, event_path(e.id))


def _order(item: joins_s.InboxItem) -> tuple[datetime, str]:
    subject = _subject(item)
    return subject.starts_at, str(subject.id)


def _subject_header(subject: Subject, now: datetime) -> None:
    outer = ui.link(target=subject.link) if subject.link else ui.element("div")
    with outer.classes("w-full flex items-center gap-2 pb-2 no-underline flex-nowrap border-b border-line"):
        with ui.column().classes("flex-1 min-w-0 gap-0"):
            ui.label(subject.title).classes("text-body font-bold text-ink truncate")
            ui.label(formats.when(subject.starts_at, now=now)).classes("text-meta text-muted")
        tone = "text-accent" if subject.left > 0 else "text-warning"
        ui.label(spots_label(subject.left)).classes(f"text-meta font-semibold whitespace-nowrap {tone}")


def create() -> None:
    ui.page("/inbox")(session.members_only(inbox_page))


async def inbox_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = InboxView(member.id)
    await view.load()
    with frame(tx.title, active=Tab.INBOX, member=member):
        view.render()


class InboxView:
    """The pending requests on screen, which are selected, and the activities I host."""

    def __init__(self, host_id: UUID) -> None:
        self.host_id = host_id
        self.items: list[joins_s.InboxItem] = []
        self.counts = joins_s.InboxCounts(pending=0, waitlisted=0)
        self.next_cursor: str | None = None
        self.hosting: list[s.Activity] = []
        self.selected: set[UUID] = set()
        self.busy = False

    async def load(self) -> None:
        async with session.member_services() as (services, me):
            inbox = await services.inbox.pending(me.user, limit=PAGE_SIZE)
            hosting = await services.activities.discover(
                me.user, s.ActivityFilters(hosted_by_me=True), limit=50
            )
        self.items, self.counts, self.next_cursor = inbox.items, inbox.counts, inbox.next_cursor
        self.hosting = hosting.items
        self.selected &= {item.request.id for item in self.items}

    async def reload(self) -> None:
        await feedback.reread(self.load)
        self.content.refresh()

    async def show_more(self) -> None:
        cursor = self.next_cursor
        more = await feedback.attempt(
            lambda services, me: services.inbox.pending(me.user, limit=PAGE_SIZE, cursor=cursor)
        )
        if more is feedback.REFUSED:
            return
        self.items = [*self.items, *more.items]
        self.next_cursor = more.next_cursor
        self.content.refresh()

    def render(self) -> None:
        self.content()

    @ui.refreshable_method
    def content(self) -> None:
        pending = self.counts.pending
        subtitle = (
            tx.waiting.format(count=pending, s="" if pending == 1 else "s") if pending else tx.nothing_waiting
        )
        if self.counts.waitlisted:
            subtitle += f" \u00b7 {tx.waitlisted.format(count=self.counts.waitlisted)}"
        page_heading(tx.heading, subtitle)
        with ui.column().classes("w-full gap-3").mark("requests"):
            if not self.items:
                empty_state("mark_email_read", tx.empty_title, tx.empty_message)
            else:
                self._requests()
        self._hosting()
        self._batch_bar()

    # Requests ---------------------------------------------------------------------------------

    def _requests(self) -> None:
        with ui.row().classes("w-full items-center justify-between"):
            section_header(tx.requests)
            everything = {item.request.id for item in self.items}
            ui.checkbox(
                tx.select_all,
                value=bool(everything) and self.selected >= everything,
                on_change=lambda e: self.select_all(bool(e.value)),
            ).classes("text-meta text-muted").mark("select-all")
        now = utcnow()
        for subject, group in groupby(sorted(self.items, key=_order), key=_subject):
            with panel(classes="gap-0 px-4 py-2"):
                _subject_header(subject, now)
                for item in group:
                    self._request_row(item, now)
        if self.next_cursor:
            secondary_button(tx.show_more, self.show_more).classes("w-full")

    def _request_row(self, item: joins_s.InboxItem, now: datetime) -> None:
        request = item.request
        person = request.requester
        with ui.row().classes("w-full items-start gap-2 py-3 flex-nowrap").mark(f"request-{person.handle}"):
            ui.checkbox(value=request.id in self.selected, on_change=partial(self.toggle, request.id)).props(
                f'aria-label="{tx("select_person", name=person.name)}"'
            ).classes("-ml-2 -mt-1").mark("select")
            with ui.link(target=profile_path(person.handle)).classes("no-underline shrink-0"):
                avatar(person.name or person.handle, person.avatar_url, size=40)
                # named by words a screen reader finds inside it: an aria-label would not hold the initials
                ui.label(person.name or person.handle).classes("sr-only")
            with ui.column().classes("flex-1 min-w-0 gap-1"):
                with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
                    ui.label(person.name or person.handle).classes(
                        "text-body font-semibold text-ink truncate"
                    )
                    ui.label(formats.ago(request.queued_at, now=now)).classes(
                        "text-label text-muted whitespace-nowrap"
                    )
                if request.vouched_by:
                    with ui.row().classes("w-full items-center gap-1 flex-nowrap").mark("vouched-by"):
                        ui.icon("verified").classes("text-accent text-base shrink-0")
                        line = vouched_by_line(request.vouched_by, self.host_id)
                        ui.label(line).classes("text-meta text-ink")
                if request.message:
                    ui.label(f"\u201c{request.message}\u201d").classes("text-meta text-muted break-words")
                with ui.row().classes("w-full gap-2 pt-1 flex-nowrap"):
                    primary_button(tx.approve, partial(self.decide, item, joins_s.Decision.APPROVE)).classes(
                        "flex-1 min-h-10 px-3 text-meta"
                    ).mark("approve")
                    secondary_button(tx.reject, partial(self.decide, item, joins_s.Decision.REJECT)).classes(
                        "flex-1 min-h-10 px-3 text-meta"
                    ).mark("reject")

    def toggle(self, request_id: UUID, event: Any) -> None:
        if event.value:
            self.selected.add(request_id)
        else:
            self.selected.discard(request_id)
        self._batch_bar.refresh()

    def select_all(self, on: bool) -> None:
        self.selected = {item.request.id for item in self.items} if on else set()
        self.content.refresh()

    async def decide(self, item: joins_s.InboxItem, decision: joins_s.Decision) -> None:
        if self.busy:
            return
        self.busy = True
        name = item.request.requester.name or item.request.requester.handle
        try:
            await feedback.attempt(
                lambda services, me: services.joins.decide(me.user, item.request.id, decision),
                success=(tx.approved if decision is joins_s.Decision.APPROVE else tx.rejected).format(
                    name=name
                ),
            )
        finally:
            self.busy = False
        self.selected.discard(item.request.id)
        await self.reload()

    @ui.refreshable_method
    def _batch_bar(self) -> None:
        if not self.selected:
            return
        with (
            ui.page_sticky(position="bottom", x_offset=0, y_offset=16).classes("w-full z-10"),
            ui.row()
            .classes(
                "w-[calc(100vw-2rem)] max-w-[448px] items-center gap-2 p-2 pl-4 rounded-full bg-raised "
                "border border-line shadow-2xl flex-nowrap"
            )
            .mark("batch-bar"),
        ):
            ui.label(f"{len(self.selected)} selected").classes("flex-1 text-meta font-semibold text-ink")
            secondary_button(tx.clear, self.clear).classes("min-h-10 px-4 text-meta")
            primary_button(
                tx.approve_selected.format(count=len(self.selected)), self.approve_selected, icon="done_all"
            ).classes("min-h-10 px-4 text-meta").mark("approve-selected")

    def clear(self) -> None:
        self.selected.clear()
        self.content.refresh()

    async def approve_selected(self) -> None:
        if self.busy or not self.selected:
            return
        self.busy = True
        try:
            async with session.member_services() as (services, me):
                outcomes = await services.joins.decide_many(
                    me.user, list(self.selected), joins_s.Decision.APPROVE
                )
        except DomainError as error:
            feedback.failed(error)
            return
        finally:
            self.busy = False
        approved = [outcome for outcome in outcomes if outcome.error is None]
        refused = [outcome for outcome in outcomes if outcome.error is not None]
        if approved:
            feedback.done(tx.approved_many.format(count=len(approved)))
        if refused:
            feedback.failed(tx.not_approved.format(count=len(refused), reason=refused[0].error))
        self.selected = {outcome.id for outcome in refused}
        await self.reload()

    # The activities I host --------------------------------------------------------------------

    def _hosting(self) -> None:
        with ui.column().classes("w-full gap-3").mark("hosting"):
            section_header(tx.mine, tx.mine_caption if self.hosting else None)
            if not self.hosting:
                empty_note(tx.no_activities, (tx.host_one, "/create"))
                return
            with panel(classes="gap-0 px-4 py-1"):
                for index, activity in enumerate(self.hosting):
                    with (
                        ui.row()
                        .classes(
                            "w-full items-center gap-3 py-3 flex-nowrap "
                            + ("border-t border-line" if index else "")
                        )
                        .mark(f"hosting-{activity.slug}")
                    ):
                        with ui.link(target=activity_path(activity.id)).classes(
                            "flex-1 min-w-0 flex flex-col no-underline"
                        ):
                            ui.label(activity.title).classes("text-body font-semibold text-ink truncate")
                            ui.label(
                                f"{formats.when(activity.starts_at)} \u00b7 "
                                + tx.in_count.format(taken=activity.seats_taken, capacity=activity.capacity)
                            ).classes("text-meta text-muted truncate")
                        ui.switch(
                            value=activity.auto_approve, on_change=partial(self.set_auto_approve, activity)
                        ).props(f'aria-label="{tx("auto_approve_for", title=activity.title)}"').mark(
                            "auto-approve"
                        )

    async def set_auto_approve(self, activity: s.Activity, event: Any) -> None:
        wanted = bool(event.value)
        if wanted == activity.auto_approve:
            return
        updated = await feedback.attempt(
            lambda services, me: services.activities.update(
                me.user, activity.id, s.ActivityUpdate(auto_approve=wanted)
            )
        )
        if updated is feedback.REFUSED:
            await self.reload()
            return
        feedback.done((tx.auto_on if updated.auto_approve else tx.auto_off).format(title=updated.title))
        self.hosting = [updated if a.id == updated.id else a for a in self.hosting]

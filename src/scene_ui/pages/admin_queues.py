"""The ops queues: reports waiting for a decision, and the job queue's health with failed jobs."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.ops import schemas as ops_s
from scene_ui import formats
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, open_once
from scene_ui.components.report_dialog import REPORT_REASONS
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    Panel,
    as_admin,
    attempt,
    pill,
    quiet_note,
    show_more,
    stat_tile,
)

REPORT_FILTERS = {
    m.ReportStatus.OPEN: "Open",
    m.ReportStatus.ACTIONED: "Acted on",
    m.ReportStatus.DISMISSED: "Dismissed",
}
NO_REPORTS = {
    m.ReportStatus.OPEN: "No open reports. Nice.",
    m.ReportStatus.ACTIONED: "No reports acted on yet.",
    m.ReportStatus.DISMISSED: "No dismissed reports.",
}
SUBJECT_ICONS = {
    m.ReportSubject.USER: "person",
    m.ReportSubject.ACTIVITY: "sports_tennis",
    m.ReportSubject.EVENT: "event",
}
SUBJECT_KINDS = {
    m.ReportSubject.USER: "Member",
    m.ReportSubject.ACTIVITY: "Activity",
    m.ReportSubject.EVENT: "Event",
}
REPORTED_BY = "Reported by @{handle} \u00b7 {ago}"
NOTE = "Note: {note}"
DISMISS = "Dismiss"
ACT = "Act on it"
ACT_TITLE = "Act on this report"
ACT_NOTE = "What was done (kept with the report)"
ACT_NOTE_PLACEHOLDER = "e.g. Warned the host; removed the listing"
SUSPEND_TOO = "Also suspend the member behind it"
DISMISSED = "Report dismissed"
ACTIONED = "Report acted on"
CANCEL = "Cancel"
STATUS_TONES = {
    m.ReportStatus.OPEN: "warn",
    m.ReportStatus.ACTIONED: "good",
    m.ReportStatus.DISMISSED: "quiet",
}

QUEUED = "Queued"
ACTIVE = "Running"
SCHEDULED = "Scheduled"
WORKERS = "Workers"
HEARTBEAT = "Last worker heartbeat {ago}"
NO_HEARTBEAT = "No worker heartbeat in the last 5 minutes: is the worker running?"
FAILED = "Failed jobs"
FAILED_CAPTION = "SAQ keeps finished jobs for a few minutes"
NO_FAILED = "No failed jobs."
RETRY = "Retry"
RETRIED = "{function} queued again"
ATTEMPTS = "{count} attempt{s}"
REFRESH = "Refresh"
REFRESH_SECONDS = 10.0


class ReportsPanel(Panel):
    def __init__(self) -> None:
        self.status = m.ReportStatus.OPEN
        self.reports: list[ops_s.AdminReport] = []
        self.next_cursor: str | None = None
        self.filters = Filters(REPORT_FILTERS, m.ReportStatus.OPEN, self.filter_by)

    async def load(self, *, more: bool = False) -> None:
        status, cursor = self.status, self.next_cursor if more else None
        page = await as_admin(
            lambda services, me: services.admin.reports(me, status=status, limit=PAGE_SIZE, cursor=cursor)
        )
        if status is not self.status:
            return
        self.reports = [*self.reports, *page.items] if more else page.items
        self.next_cursor = page.next_cursor

    def render(self) -> None:
        self.filters.render("report-status")
        self.listing()

    async def filter_by(self, status: m.ReportStatus) -> None:
        self.status = status
        await self.load()
        self.listing.refresh()

    async def more(self) -> None:
        await self.load(more=True)
        self.listing.refresh()

    @ui.refreshable_method
    def listing(self) -> None:
        if not self.reports:
            quiet_note(NO_REPORTS[self.status])
            return
        for report in self.reports:
            self._card(report)
        if self.next_cursor:
            show_more(self.more)

    def _card(self, report: ops_s.AdminReport) -> None:
        with (
            ui.column()
            .classes("w-full gap-3 p-4 rounded-card bg-surface border border-line")
            .mark(f"report-{report.id}")
        ):
            with ui.row().classes("w-full items-center gap-3 flex-nowrap"):
                with ui.element("div").classes(
                    "w-10 h-10 shrink-0 rounded-xl bg-raised flex items-center justify-center"
                ):
                    ui.icon(SUBJECT_ICONS[report.subject_type]).classes("text-xl text-ink")
                with ui.column().classes("flex-1 min-w-0 gap-0"):
                    ui.label(SUBJECT_KINDS[report.subject_type]).classes(
                        "text-label font-semibold uppercase tracking-wider text-muted"
                    )
                    ui.label(report.subject_label).classes("text-body font-bold text-ink truncate")
                pill(REPORT_FILTERS[report.status], STATUS_TONES[report.status])
            with ui.row().classes("w-full items-center gap-2"):
                pill(_reason(report.reason), "bad")
            if report.details:
                ui.label(report.details).classes("text-body text-ink whitespace-pre-line")
            ui.label(
                REPORTED_BY.format(handle=report.reporter_handle, ago=formats.ago(report.created_at))
            ).classes("text-meta text-muted")
            if report.resolution_note:
                ui.label(NOTE.format(note=report.resolution_note)).classes("text-meta text-muted italic")
            if report.status is m.ReportStatus.OPEN:
                with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
                    secondary_button(DISMISS, partial(self.dismiss, report)).classes("flex-1").mark("dismiss")
                    primary_button(ACT, partial(self.open_act, report), icon="gavel").classes("flex-1").mark(
                        "act"
                    )

    async def dismiss(self, report: ops_s.AdminReport) -> None:
        resolution = ops_s.ReportResolution(action=ops_s.ReportAction.DISMISS)
        if await attempt(
            lambda services, me: services.admin.resolve_report(me, report.id, resolution), DISMISSED
        ):
            await self.load()
            self.listing.refresh()

    def open_act(self, report: ops_s.AdminReport) -> None:
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            ui.label(ACT_TITLE).classes("text-title font-bold text-ink")
            ui.label(report.subject_label).classes("text-meta text-muted")
            note = ui.textarea(ACT_NOTE, placeholder=ACT_NOTE_PLACEHOLDER).props(
                "outlined autogrow maxlength=500"
            )
            note.classes("w-full").mark("act-note")
            suspend = ui.checkbox(SUSPEND_TOO, value=False).mark("act-suspend")
            if report.reported_member_id is None:
                suspend.set_visibility(False)

            async def act() -> None:
                resolution = ops_s.ReportResolution(
                    action=ops_s.ReportAction.ACTION,
                    note=(note.value or "").strip()[:500],
                    suspend_member=bool(suspend.value),
                )
                if await attempt(
                    lambda services, me: services.admin.resolve_report(me, report.id, resolution), ACTIONED
                ):
                    dialog.close()
                    await self.load()
                    self.listing.refresh()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(CANCEL, dialog.close).classes("flex-1")
                danger_button(ACT, act).classes("flex-1").mark("confirm-act")
        open_once(dialog)


class JobsPanel(Panel):
    def __init__(self) -> None:
        self.health: ops_s.QueueHealth | None = None

    async def load(self) -> None:
        self.health = await as_admin(lambda services, me: services.admin.queue_health(me))

    def render(self) -> None:
        self.view()
        ui.timer(REFRESH_SECONDS, self.refresh)

    async def refresh(self) -> None:
        health = await attempt(lambda services, me: services.admin.queue_health(me))
        if health is not None:
            self.health = health
            self.view.refresh()

    @ui.refreshable_method
    def view(self) -> None:
        health = self.health
        if health is None:
            return
        with ui.element("div").classes("w-full grid grid-cols-2 gap-2").mark("queue"):
            stat_tile(str(health.queued), QUEUED)
            stat_tile(str(health.active), ACTIVE)
            stat_tile(str(health.scheduled), SCHEDULED)
            stat_tile(str(health.workers), WORKERS, tone="text-ink" if health.workers else "text-danger")
        beat = _moment(health.last_heartbeat)
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.element("span").classes(
                "w-2 h-2 rounded-full shrink-0 " + ("bg-accent" if beat else "bg-danger")
            )
            ui.label(HEARTBEAT.format(ago=formats.ago(beat)) if beat else NO_HEARTBEAT).classes(
                "flex-1 text-meta " + ("text-muted" if beat else "text-danger")
            )
            ui.button(icon="refresh", color=None, on_click=self.refresh).props(
                f'flat round dense aria-label="{REFRESH}"'
            ).classes("text-muted")
        with ui.row().classes("w-full items-baseline justify-between gap-3 pt-2"):
            ui.label(FAILED).classes("text-title font-bold text-ink")
            ui.label(FAILED_CAPTION).classes("text-meta text-muted")
        if not health.failed:
            quiet_note(NO_FAILED)
            return
        for job in health.failed:
            self._failed(job)

    def _failed(self, job: ops_s.FailedJob) -> None:
        with (
            ui.column()
            .classes("w-full gap-2 p-4 rounded-card bg-surface border border-line")
            .mark(f"job-{job.key}")
        ):
            with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                ui.label(job.function).classes("flex-1 text-body font-bold text-ink font-mono truncate")
                pill(ATTEMPTS.format(count=job.attempts, s="" if job.attempts == 1 else "s"), "bad")
            ui.label(job.key).classes("text-meta text-muted font-mono break-all")
            if job.error:
                ui.label(job.error.strip().splitlines()[-1][:240]).classes(
                    "w-full text-meta text-danger font-mono break-all p-2 rounded-lg bg-page"
                )
            with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
                if job.completed_at:
                    ui.label(formats.ago(job.completed_at)).classes("flex-1 text-meta text-muted")
                else:
                    ui.space()
                secondary_button(RETRY, partial(self.retry, job), icon="replay").classes("min-h-10").mark(
                    "retry"
                )

    async def retry(self, job: ops_s.FailedJob) -> None:
        health = await attempt(
            lambda services, me: services.admin.retry_job(me, job.key), RETRIED.format(function=job.function)
        )
        if health is not None:
            self.health = health
            self.view.refresh()


def _reason(reason: str) -> str:
    for known, label in REPORT_REASONS.items():
        if known.value == reason:
            return label
    return reason.replace("_", " ").capitalize()


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None

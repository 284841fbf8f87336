"""The ops queues: reports waiting for a decision, and the job queue's health with failed jobs."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from functools import partial

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.ops import schemas as ops_s
from scene_api.lib.pagination import Page
from scene_ui import formats
from scene_ui.components.buttons import danger_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.components.inputs import long_text
from scene_ui.components.report_dialog import REPORT_REASONS
from scene_ui.i18n import labels, texts
from scene_ui.pages.admin_shared import (
    PAGE_SIZE,
    Filters,
    PagedList,
    Panel,
    as_admin,
    attempt,
    pill,
    quiet_note,
    stat_tile,
)

PAGE = "admin_queues"
tx = texts(PAGE)
REPORT_FILTERS = labels(PAGE, "status_", m.ReportStatus)
"""Each report status's name (catalogue `admin_queues.status_<status>`)."""
NO_REPORTS = labels(PAGE, "no_reports_", m.ReportStatus)
SUBJECT_ICONS = {
    m.ReportSubject.USER: "person",
    m.ReportSubject.ACTIVITY: "sports_tennis",
    m.ReportSubject.EVENT: "event",
}
SUBJECT_KINDS = labels(PAGE, "subject_", m.ReportSubject)
STATUS_TONES = {
    m.ReportStatus.OPEN: "warn",
    m.ReportStatus.ACTIONED: "good",
    m.ReportStatus.DISMISSED: "quiet",
}

REFRESH_SECONDS = 10.0


class ReportsPanel(PagedList[ops_s.AdminReport]):
    def __init__(self) -> None:
        super().__init__()
        self.status = m.ReportStatus.OPEN
        self.filters = Filters(REPORT_FILTERS, m.ReportStatus.OPEN, self.filter_by)

    def filters_key(self) -> Hashable:
        return self.status

    async def fetch(self, cursor: str | None) -> Page[ops_s.AdminReport]:
        status = self.status
        page: Page[ops_s.AdminReport] = await as_admin(
            lambda services, me: services.admin.reports(me, status=status, limit=PAGE_SIZE, cursor=cursor)
        )
        return page

    def empty_note(self) -> str:
        return NO_REPORTS[self.status]

    def render(self) -> None:
        self.filters.render("report-status")
        self.listing()

    async def filter_by(self, status: m.ReportStatus) -> None:
        self.status = status
        await self.reload()

    def rows(self, items: list[ops_s.AdminReport]) -> None:
        for report in items:
            self._card(report)

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
                tx.reported_by.format(handle=report.reporter_handle, ago=formats.ago(report.created_at))
            ).classes("text-meta text-muted")
            if report.resolution_note:
                ui.label(tx.note.format(note=report.resolution_note)).classes("text-meta text-muted italic")
            if report.status is m.ReportStatus.OPEN:
                with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
                    secondary_button(tx.dismiss, partial(self.dismiss, report)).classes("flex-1").mark(
                        "dismiss"
                    )
                    primary_button(tx.act, partial(self.open_act, report), icon="gavel").classes(
                        "flex-1"
                    ).mark("act")

    async def dismiss(self, report: ops_s.AdminReport) -> None:
        resolution = ops_s.ReportResolution(action=ops_s.ReportAction.DISMISS)
        if await attempt(
            lambda services, me: services.admin.resolve_report(me, report.id, resolution), tx.dismissed
        ):
            await self.reload()

    def open_act(self, report: ops_s.AdminReport) -> None:
        with (
            dialog_root(),
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"),
        ):
            dialog_title(tx.act_title)
            ui.label(report.subject_label).classes("text-meta text-muted")
            note = long_text(tx.act_note, placeholder=tx.act_note_placeholder, limit=500).mark("act-note")
            suspend = ui.checkbox(tx.suspend_too, value=False).mark("act-suspend")
            if report.reported_member_id is None:
                suspend.set_visibility(False)

            async def act() -> None:
                resolution = ops_s.ReportResolution(
                    action=ops_s.ReportAction.ACTION,
                    note=(note.value or "").strip()[:500],
                    suspend_member=bool(suspend.value),
                )
                if await attempt(
                    lambda services, me: services.admin.resolve_report(me, report.id, resolution), tx.actioned
                ):
                    dialog.close()
                    await self.reload()

            with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
                secondary_button(tx.cancel, dialog.close).classes("flex-1")
                danger_button(tx.act, act).classes("flex-1").mark("confirm-act")
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
            stat_tile(str(health.queued), tx.queued)
            stat_tile(str(health.active), tx.active)
            stat_tile(str(health.scheduled), tx.scheduled)
            stat_tile(str(health.workers), tx.workers, tone="text-ink" if health.workers else "text-danger")
        beat = _moment(health.last_heartbeat)
        with ui.row().classes("w-full items-center gap-2 flex-nowrap"):
            ui.element("span").classes(
                "w-2 h-2 rounded-full shrink-0 " + ("bg-accent" if beat else "bg-danger")
            )
            ui.label(tx.heartbeat.format(ago=formats.ago(beat)) if beat else tx.no_heartbeat).classes(
                "flex-1 text-meta " + ("text-muted" if beat else "text-danger")
            )
            ui.button(icon="refresh", color=None, on_click=self.refresh).props(
                f'flat round dense aria-label="{tx.refresh}"'
            ).classes("text-muted")
        with ui.row().classes("w-full items-baseline justify-between gap-3 pt-2"):
            ui.label(tx.failed).classes("text-title font-bold text-ink")
            ui.label(tx.failed_caption).classes("text-meta text-muted")
        if not health.failed:
            quiet_note(tx.no_failed)
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
                pill(tx("attempts", count=job.attempts, s="" if job.attempts == 1 else "s"), "bad")
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
                secondary_button(tx.retry, partial(self.retry, job), icon="replay").classes("min-h-10").mark(
                    "retry"
                )

    async def retry(self, job: ops_s.FailedJob) -> None:
        health = await attempt(
            lambda services, me: services.admin.retry_job(me, job.key),
            tx.retried.format(function=job.function),
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

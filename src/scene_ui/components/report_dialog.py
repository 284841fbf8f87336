"""Reporting a member or an activity to the Scene team: ask why, then file it with the safety service."""

from __future__ import annotations

from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.users import schemas as users_s
from scene_ui import feedback
from scene_ui.components.buttons import danger_button, secondary_button
from scene_ui.components.dialogs import dialog_title
from scene_ui.components.inputs import long_text
from scene_ui.i18n import Labels, texts

tx = texts("report_dialog")
Reason = users_s.ReportReason
REPORT_REASONS: Labels[users_s.ReportReason] = Labels(
    "report_dialog",
    {
        reason: f"reason_{reason.value}"
        for reason in (
            Reason.SPAM,
            Reason.SCAM,
            Reason.UNSAFE_MEETUP,
            Reason.INAPPROPRIATE,
            Reason.HARASSMENT,
            Reason.OTHER,
        )
    },
)
"""The reasons a member picks from, in the reader's language (catalogue `report_dialog.reason_<value>`)."""


def open_report_dialog(subject: m.ReportSubject, subject_id: UUID, title: str) -> None:
    """Ask why, then file the report with the safety service (profiles use it too)."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"):
        dialog_title(title)
        reason = ui.select(
            dict(REPORT_REASONS), label=tx.report_reason, value=users_s.ReportReason.OTHER
        ).props("outlined options-dense")
        reason.classes("w-full").mark("report-reason")
        details = long_text(tx.report_details, limit=1000)

        async def send() -> None:
            report = users_s.ReportCreate(
                subject_type=subject,
                subject_id=subject_id,
                reason=users_s.ReportReason(reason.value),
                details=(details.value or "").strip(),
            )
            sent = await feedback.attempt(
                lambda services, me: services.safety.report(me.user, report), success=tx.report_sent
            )
            if sent is not feedback.REFUSED:
                dialog.close()

        with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
            secondary_button(tx.close, dialog.close).classes("flex-1")
            danger_button(tx.report_send, send).classes("flex-1").mark("send-report")
    dialog.open()

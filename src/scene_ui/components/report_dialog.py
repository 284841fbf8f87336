"""Reporting a member or an activity to the Scene team: ask why, then file it with the safety service."""

from __future__ import annotations

from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.users import schemas as users_s
from scene_api.lib.errors import DomainError
from scene_ui import feedback, session
from scene_ui.components.buttons import danger_button, secondary_button

REPORT_REASON = "What's wrong?"
REPORT_DETAILS = "Anything the Scene team should know (optional)"
REPORT_SEND = "Send report"
REPORT_SENT = "Thanks. The Scene team will look at it."
REPORT_REASONS = {
    users_s.ReportReason.SPAM: "Spam or advertising",
    users_s.ReportReason.SCAM: "Scam or asks for money",
    users_s.ReportReason.UNSAFE_MEETUP: "Feels unsafe",
    users_s.ReportReason.INAPPROPRIATE: "Inappropriate",
    users_s.ReportReason.HARASSMENT: "Harassment",
    users_s.ReportReason.OTHER: "Something else",
}

CLOSE = "Close"


def open_report_dialog(subject: m.ReportSubject, subject_id: UUID, title: str) -> None:
    """Ask why, then file the report with the safety service (profiles use it too)."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-3 p-5"):
        ui.label(title).classes("text-title font-bold text-ink")
        reason = ui.select(REPORT_REASONS, label=REPORT_REASON, value=users_s.ReportReason.OTHER).props(
            "outlined options-dense"
        )
        reason.classes("w-full").mark("report-reason")
        details = ui.textarea(REPORT_DETAILS).props("outlined autogrow maxlength=1000").classes("w-full")

        async def send() -> None:
            try:
                async with session.member_services() as (services, me):
                    await services.safety.report(
                        me.user,
                        users_s.ReportCreate(
                            subject_type=subject,
                            subject_id=subject_id,
                            reason=users_s.ReportReason(reason.value),
                            details=(details.value or "").strip(),
                        ),
                    )
            except DomainError as error:
                feedback.failed(error)
                return
            dialog.close()
            feedback.done(REPORT_SENT)

        with ui.row().classes("w-full gap-2 flex-nowrap pt-2"):
            secondary_button(CLOSE, dialog.close).classes("flex-1")
            danger_button(REPORT_SEND, send).classes("flex-1").mark("send-report")
    dialog.open()

"""A weekly booking (`/bookings/series/{id}`): the court and time, what is left to pay at the desk, and
each week's booking with its state; each week is cancelled on its own, under the usual policy."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.errors import DomainError, NotFound
from scene_api.lib.timezone import to_local, utcnow
from scene_ui import feedback, formats, session
from scene_ui.components.booking_card import booking_path, cancellation_policy, confirm_cancel, status_chip
from scene_ui.components.buttons import danger_button, secondary_button
from scene_ui.components.dialogs import dialog_title
from scene_ui.components.empty_state import empty_state
from scene_ui.components.facts import fact
from scene_ui.components.frame import frame
from scene_ui.components.section import linked_page_heading, panel, section_header
from scene_ui.components.series_planner import weekly_line
from scene_ui.i18n import texts

tx = texts("series")


def create() -> None:
    ui.page("/bookings/series/{series_id}")(session.members_only(series_page))


async def series_page(series_id: str) -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = SeriesView(await load_series(series_id), viewer=member.id)
    with frame(tx.title, member=member, back="/me/bookings"):
        view.render()


async def load_series(series_id: str | UUID) -> bookings_s.Series | None:
    try:
        async with session.member_services() as (services, me):
            return await services.booking_series.get(me.user, UUID(str(series_id)))
    except (NotFound, ValueError):
        return None


def live(booking: bookings_s.Booking) -> bool:
    return booking.status in (m.BookingStatus.CONFIRMED, m.BookingStatus.CHECKED_IN, m.BookingStatus.HELD)


class SeriesView:
    def __init__(self, series: bookings_s.Series | None, *, viewer: UUID) -> None:
        self.series = series
        self.viewer = viewer

    def render(self) -> None:
        if self.series is None:
            empty_state("event_repeat", tx.not_found_title, tx.not_found_message, is_page_heading=True)
            return
        self.body()

    async def cancelled(self, _: bookings_s.Booking) -> None:
        assert self.series is not None
        try:
            self.series = await load_series(self.series.id) or self.series
        except DomainError as error:
            feedback.failed(error)
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        series = self.series
        assert series is not None
        now = utcnow()
        first = series.bookings[0]
        last = series.bookings[-1]
        on = [booking for booking in series.bookings if live(booking)]
        with ui.column().classes("w-full gap-2"):
            with ui.row().classes(
                "items-center gap-1 h-6 px-2 rounded-full bg-accent-soft text-accent flex-nowrap"
            ):
                ui.icon("event_repeat").classes("text-sm")
                ui.label(tx.weekly).classes("text-label font-bold uppercase tracking-wide")
            linked_page_heading(series.venue.name, f"/venues/{series.venue.slug}")
            ui.label(weekly_line(series.court.name, first.starts_at)).classes("text-body text-muted")
        with panel(classes="gap-4 p-4", marker="series-facts"):
            fact(
                "date_range",
                tx.weeks,
                tx("weeks_on", count=len(on), weeks=len(series.bookings)),
                f"{_day(first.starts_at)} \u2013 {_day(last.starts_at)}",
            )
            fact(
                "schedule",
                tx.time,
                formats.time_range(first.starts_at, first.ends_at),
                formats.duration(first.duration_minutes),
            )
            fact("payments", tx.to_pay, formats.rupees(series.total_pkr), tx.pay_note)
        with ui.column().classes("w-full gap-3").mark("series-bookings"):
            section_header(tx.each_week)
            total = len(series.bookings)
            for number, booking in enumerate(series.bookings, start=1):
                self._week(booking, number, total, now)
        free_to_cancel = [booking for booking in series.bookings if self._free_to_cancel(booking, now)]
        if free_to_cancel:
            secondary_button(
                tx.cancel_rest, lambda: self.confirm_cancel_rest(len(free_to_cancel)), icon="event_busy"
            ).classes("w-full text-danger").mark("cancel-rest")

    def _free_to_cancel(self, booking: bookings_s.Booking, now: datetime) -> bool:
        """A week ahead of the viewer's own that the usual policy still lets them cancel free."""
        return (
            booking.member.id == self.viewer
            and booking.status in (m.BookingStatus.CONFIRMED, m.BookingStatus.HELD)
            and booking.starts_at > now
            and booking.free_cancellation_until > now
        )

    def confirm_cancel_rest(self, count: int) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5"):
            title = tx.cancel_rest_one_title if count == 1 else tx("cancel_rest_title", count=count)
            dialog_title(title)
            ui.label(tx.cancel_rest_body).classes("text-body text-muted")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                secondary_button(tx.cancel_rest_keep, dialog.close).classes("flex-1")
                danger_button(tx.cancel_rest_yes, lambda: self.cancel_rest(dialog)).classes("flex-1").mark(
                    "confirm-cancel-rest"
                )
        dialog.open()

    async def cancel_rest(self, dialog: ui.dialog) -> None:
        assert self.series is not None
        before = sum(booking.status is m.BookingStatus.CANCELLED for booking in self.series.bookings)
        series_id = self.series.id
        series = await feedback.attempt(
            lambda services, me: services.booking_series.cancel_upcoming(me.user, series_id)
        )
        dialog.close()
        if series is feedback.REFUSED:
            return
        self.series = series
        count = sum(booking.status is m.BookingStatus.CANCELLED for booking in self.series.bookings) - before
        feedback.done(tx.cancelled_rest_one if count == 1 else tx("cancelled_rest", count=count))
        self.body.refresh()

    def _week(self, booking: bookings_s.Booking, number: int, total: int, now: datetime) -> None:
        with (
            ui.column()
            .classes("w-full gap-0 rounded-card bg-surface border border-line")
            .mark(f"week-{number}", f"booking-{booking.id}")
        ):
            with ui.link(target=booking_path(booking.id)).classes(
                "w-full flex items-center gap-3 p-4 no-underline flex-nowrap"
            ):
                with ui.column().classes("flex-1 min-w-0 gap-0.5"):
                    ui.label(tx("week_of", number=number, total=total)).classes(
                        "text-label font-bold uppercase tracking-wider text-muted"
                    )
                    ui.label(formats.long_day(booking.starts_at, now=now)).classes(
                        "text-body font-bold text-ink truncate"
                    )
                    ui.label(formats.time_range(booking.starts_at, booking.ends_at)).classes(
                        "text-meta text-muted truncate"
                    )
                with ui.column().classes("items-end gap-1 shrink-0"):
                    status_chip(booking.status)
                    ui.label(formats.rupees(booking.price_pkr)).classes(
                        "text-meta font-semibold text-ink whitespace-nowrap"
                    )
                ui.icon("chevron_right").classes("text-muted text-xl shrink-0 scene-mirror")
            if (
                booking.member.id == self.viewer
                and booking.status is m.BookingStatus.CONFIRMED
                and booking.starts_at > now
            ):
                with ui.row().classes("w-full items-center gap-3 px-4 py-3 border-t border-line flex-nowrap"):
                    ui.label(cancellation_policy(booking, now)).classes("flex-1 text-meta text-muted")
                    ui.button(
                        tx.cancel_week, color=None, on_click=lambda: confirm_cancel(booking, self.cancelled)
                    ).props("flat no-caps dense").classes(
                        "text-meta font-semibold text-danger shrink-0"
                    ).mark("cancel-week")


def _day(moment: datetime) -> str:
    return formats.short_date(to_local(moment).date())

"""Repeat a court slot weekly: how many weeks, each week free at its price or why not, the free ones
ticked, the total; booking the ticked weeks (all or none, paid at the venue each week) opens the series."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import cast

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.errors import Conflict, DomainError
from scene_api.lib.timezone import to_local
from scene_ui import feedback, formats, session
from scene_ui.components.booking_card import series_path
from scene_ui.components.buttons import primary_button, secondary_button, spin, unspin
from scene_ui.components.dialogs import dialog_root, dialog_title, open_once
from scene_ui.i18n import texts

tx = texts("series_planner")
FIRST_WEEKS = 4
FEWEST_WEEKS = 2
MOST_WEEKS = 12
"""The schema's limits (`bookings.schemas.Weeks`)."""
CONFLICTS = {
    bookings_s.SeriesConflict.TAKEN: "conflict_taken",
    bookings_s.SeriesConflict.BLOCKED: "conflict_blocked",
    bookings_s.SeriesConflict.OUTSIDE_HOURS: "conflict_outside_hours",
    bookings_s.SeriesConflict.LENGTH_NOT_SOLD: "conflict_length_not_sold",
}
"""Catalogue key of each reason a week cannot be booked."""


def weekly_line(court: str, starts_at: datetime) -> str:
    """`Court 2 · every Friday, 8:00 pm`."""
    return tx(
        "every",
        court=court,
        weekday=formats.tx(f"day_{to_local(starts_at).weekday()}"),
        time=formats.clock(starts_at),
    )


def conflict_text(week: bookings_s.SeriesWeek) -> str:
    return tx(CONFLICTS[week.conflict]) if week.conflict in CONFLICTS else tx.conflict_other


class SeriesPlanner:
    """A bottom sheet over the venue page: a weeks stepper, the preview and the booking."""

    def __init__(self, court: venues_s.Court, starts_at: datetime, duration: int) -> None:
        self.court = court
        self.starts_at = starts_at
        self.duration = duration
        self.weeks = FIRST_WEEKS
        self.preview: bookings_s.SeriesPreview | None = None
        self.chosen: set[int] = set()
        self.busy = False
        self.dialog: ui.dialog | None = None

    def ask(self) -> bookings_s.SeriesAsk:
        return bookings_s.SeriesAsk(
            court_id=self.court.id,
            starts_at=self.starts_at,
            duration_minutes=cast(venues_s.Duration, self.duration),  # one of the lengths sold
            weeks=self.weeks,
        )

    async def open(self) -> None:
        await self.load()
        if self.preview is None:
            return
        with (
            dialog_root(),
            ui.dialog().props("position=bottom") as dialog,
            ui.card()
            .classes(
                "w-full max-w-content bg-surface rounded-t-card gap-4 p-5 max-h-[90vh] flex-nowrap no-shadow"
            )
            .mark("series-planner"),
        ):
            with ui.column().classes("w-full gap-0"):
                dialog_title(tx.title)
                ui.label(weekly_line(self.court.name, self.starts_at)).classes("text-meta text-muted")
            self.stepper()
            self.body()
        self.dialog = dialog
        open_once(dialog)

    async def load(self) -> None:
        try:
            async with session.member_services() as (services, me):
                self.preview = await services.booking_series.preview(me.user, self.ask())
        except DomainError as error:
            feedback.failed(error)
            self.preview = None
        self.chosen = set(self.preview.free_weeks) if self.preview else set()

    @ui.refreshable_method
    def stepper(self) -> None:
        with ui.row().classes("w-full items-center gap-3 flex-nowrap").mark("weeks"):
            ui.label(tx.how_many).classes("flex-1 text-body text-ink")
            fewer = ui.button(icon="remove", color=None, on_click=partial(self.change, -1))
            fewer.props(f'flat round dense aria-label="{tx.fewer}"').classes("text-ink").mark("fewer-weeks")
            fewer.set_enabled(self.weeks > FEWEST_WEEKS)
            ui.label(tx("weeks_count", count=self.weeks)).classes(
                "min-w-20 text-center text-body font-bold text-ink"
            ).mark("weeks-count")
            more = ui.button(icon="add", color=None, on_click=partial(self.change, 1))
            more.props(f'flat round dense aria-label="{tx.more}"').classes("text-ink").mark("more-weeks")
            more.set_enabled(self.weeks < MOST_WEEKS)

    async def change(self, step: int) -> None:
        weeks = min(MOST_WEEKS, max(FEWEST_WEEKS, self.weeks + step))
        if weeks == self.weeks or self.busy:
            return
        self.weeks = weeks
        self.stepper.refresh()
        await self.load()
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        preview = self.preview
        if preview is None:
            return
        with ui.column().classes("w-full gap-0 overflow-y-auto min-h-0 flex-1").mark("series-weeks"):
            for week in preview.weeks:
                self._week(week)
        if not preview.free_weeks:
            ui.label(tx.nothing_free).classes("text-meta text-warning").mark("nothing-free")
        self.footer()

    def _week(self, week: bookings_s.SeriesWeek) -> None:
        with (
            ui.row()
            .classes("w-full items-center gap-2 py-2 border-b border-line flex-nowrap")
            .mark(f"series-week-{week.week}")
        ):
            box = ui.checkbox(value=week.week in self.chosen, on_change=partial(self.toggle, week.week))
            box.props(f'aria-label="{tx("week_number", number=week.week)}"').mark(f"week-{week.week}")
            box.set_enabled(week.free)
            with ui.column().classes("flex-1 min-w-0 gap-0"):
                ui.label(formats.short_date(to_local(week.starts_at).date())).classes(
                    f"text-body font-semibold {'text-ink' if week.free else 'text-muted'}"
                )
                ui.label(formats.time_range(week.starts_at, week.ends_at)).classes("text-meta text-muted")
            if week.free and week.price_pkr is not None:
                ui.label(formats.rupees(week.price_pkr)).classes(
                    "text-body font-semibold text-ink whitespace-nowrap"
                )
            else:
                ui.label(conflict_text(week)).classes("text-meta font-semibold text-warning text-end")

    def toggle(self, number: int, event: ValueChangeEventArguments[bool]) -> None:
        if event.value:
            self.chosen.add(number)
        else:
            self.chosen.discard(number)
        self.footer.refresh()

    def total(self) -> int:
        assert self.preview is not None
        return sum(week.price_pkr or 0 for week in self.preview.weeks if week.week in self.chosen)

    @ui.refreshable_method
    def footer(self) -> None:
        if self.preview is None:
            return
        with ui.column().classes("w-full gap-3").mark("series-footer"):
            with ui.row().classes("w-full items-baseline gap-2 flex-nowrap"):
                ui.label(tx("chosen", count=len(self.chosen), weeks=self.weeks)).classes(
                    "flex-1 text-body text-ink"
                )
                ui.label(formats.rupees(self.total())).classes(
                    "text-title font-extrabold text-ink whitespace-nowrap"
                ).mark("series-total")
            ui.label(tx.pay_note).classes("text-meta text-muted")
            with ui.row().classes("w-full gap-2 flex-nowrap"):
                secondary_button(tx.not_now, self.close).classes("flex-1")
                book = primary_button(tx.book, icon="event_repeat").classes("flex-1").mark("book-series")
                book.set_enabled(bool(self.chosen))
                book.on_click(lambda: self.book(book))

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    async def book(self, button: ui.button) -> None:
        if self.busy or not self.chosen:
            return
        spin(self, button)
        try:
            async with session.member_services() as (services, me):
                series = await services.booking_series.book(
                    me.user,
                    bookings_s.SeriesCreate(
                        court_id=self.court.id,
                        starts_at=self.starts_at,
                        duration_minutes=cast(venues_s.Duration, self.duration),
                        weeks=self.weeks,
                        weeks_chosen=sorted(self.chosen),
                    ),
                )
        except DomainError as error:
            unspin(self, button)
            week = error.details.get("week") if isinstance(error.details, dict) else None
            if isinstance(error, Conflict) and error.code == "series_week_unavailable" and week:
                feedback.failed(tx("week_gone", number=week))
                await self.load()
                self.body.refresh()
            else:
                feedback.failed(error)
            return
        feedback.done(tx("booked", count=len(series.bookings)))
        ui.navigate.to(series_path(series.id))

"""My bookings (`/me/bookings`): court bookings coming up, soonest first, then the ones behind me."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.errors import DomainError
from scene_api.lib.timezone import utcnow
from scene_ui import feedback, session
from scene_ui.components.booking_card import booking_row, is_upcoming
from scene_ui.components.buttons import link_button, secondary_button
from scene_ui.components.empty_state import empty_state
from scene_ui.components.frame import Tab, frame
from scene_ui.components.section import page_heading, section_header
from scene_ui.i18n import texts

tx = texts("my_bookings")
PAGE_SIZE = 30


def create() -> None:
    ui.page("/me/bookings")(session.members_only(my_bookings_page))


async def my_bookings_page() -> None:
    member = await session.current_member()
    assert member is not None  # members_only
    view = MyBookings()
    await view.load()
    with frame(tx.title, active=Tab.PROFILE, member=member, back="/me"):
        page_heading(tx.heading, tx.subheading)
        view.listing()


class MyBookings:
    def __init__(self) -> None:
        self.bookings: list[bookings_s.Booking] = []
        self.next_cursor: str | None = None
        self.series: dict[UUID, bookings_s.Series] = {}
        """The weekly series the bookings shown belong to, whole."""

    async def load(self, *, more: bool = False) -> None:
        async with session.member_services() as (services, me):
            found = await services.bookings.mine(
                me.user, limit=PAGE_SIZE, cursor=self.next_cursor if more else None
            )
            bookings = [*self.bookings, *found.items] if more else found.items
            weekly = {b.series_id for b in bookings if b.series_id is not None}
            series = {
                series_id: await services.booking_series.get(me.user, series_id) for series_id in weekly
            }
        self.bookings = bookings
        self.next_cursor = found.next_cursor
        self.series = series

    def week_of(self, booking: bookings_s.Booking) -> tuple[int, int] | None:
        """Which week of its series (number, of how many) a weekly booking is."""
        series = self.series.get(booking.series_id) if booking.series_id else None
        if series is None:
            return None
        ids = [week.id for week in series.bookings]
        return (ids.index(booking.id) + 1, len(ids)) if booking.id in ids else None

    def ahead(self, now: datetime) -> tuple[list[bookings_s.Booking], dict[UUID, int]]:
        """What is coming up, soonest first, a weekly series by its next week only; and for each series
        shown, how many more of its weeks are coming up after that one."""
        shown: list[bookings_s.Booking] = []
        more: dict[UUID, int] = {}
        for booking in sorted((b for b in self.bookings if is_upcoming(b, now)), key=lambda b: b.starts_at):
            if booking.series_id is None:
                shown.append(booking)
            elif booking.series_id not in more:
                series = self.series.get(booking.series_id)
                later = [b for b in series.bookings if is_upcoming(b, now)] if series else []
                more[booking.series_id] = max(0, len(later) - 1)
                shown.append(booking)
        return shown, more

    async def reload(self, _: bookings_s.Booking | None = None) -> None:
        await feedback.reread(self.load)
        self.listing.refresh()

    async def show_more(self) -> None:
        try:
            await self.load(more=True)
        except DomainError as error:
            feedback.failed(error)
        self.listing.refresh()

    @ui.refreshable_method
    def listing(self) -> None:
        if not self.bookings:
            empty_state("sports_tennis", tx.empty_title, tx.empty_message)
            link_button(tx.find_court, "/explore?tab=places", primary=True, icon="search").classes("w-full")
            return
        now = utcnow()
        ahead, more = self.ahead(now)
        behind = sorted(
            (b for b in self.bookings if not is_upcoming(b, now)), key=lambda b: b.starts_at, reverse=True
        )
        with ui.column().classes("w-full gap-3").mark("upcoming"):
            section_header(tx.upcoming, str(len(ahead)) if ahead else None)
            if not ahead:
                ui.label(tx.nothing_ahead).classes("text-meta text-muted")
            for booking in ahead:
                booking_row(
                    booking,
                    now=now,
                    on_cancelled=self.reload,
                    week=self.week_of(booking),
                    more=more.get(booking.series_id, 0) if booking.series_id else 0,
                )
        if behind:
            with ui.column().classes("w-full gap-3").mark("past"):
                section_header(tx.past)
                for booking in behind:
                    booking_row(booking, now=now, week=self.week_of(booking))
        if self.next_cursor:
            secondary_button(tx.show_more, self.show_more).classes("w-full").mark("show-more")

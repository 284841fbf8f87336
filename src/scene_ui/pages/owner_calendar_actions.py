"""What the owner does from the venue calendar's dialogs: block and unblock time, check a booking in,
mark it paid or a no-show, cancel it. Each is one service call as the signed-in member; a refusal is
said and the dialog stays open; when it went through the dialog closes, a toast says what happened and
the calendar is read again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from nicegui import ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_ui import feedback, formats
from scene_ui.i18n import texts
from scene_ui.pages.owner_calendar_grid import time_range

tx = texts("owner_calendar")


class Desk:
    """The desk actions on one venue's calendar; `reload` reads the calendar again."""

    def __init__(self, venue_id: UUID, reload: Callable[[], Awaitable[None]]) -> None:
        self.venue_id = venue_id
        self.reload = reload

    async def _went_through(self, dialog: ui.dialog, message: str) -> None:
        dialog.close()
        feedback.done(message)
        await self.reload()

    async def block(self, dialog: ui.dialog, request: venues_s.BlackoutCreate, where: str) -> None:
        """Block `where` (a court's name, or the whole venue) for the request's time."""
        venue_id = self.venue_id
        blocked = await feedback.attempt(
            lambda services, me: services.venue_management.block(me.user, venue_id, request)
        )
        if blocked is not feedback.REFUSED:
            message = tx.blocked_done.format(court=where, time=time_range(request.starts_at, request.ends_at))
            await self._went_through(dialog, message)

    async def unblock(self, dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        venue_id = self.venue_id
        unblocked = await feedback.attempt(
            lambda services, me: services.venue_management.unblock(me.user, venue_id, entry.id)
        )
        if unblocked is not feedback.REFUSED:
            await self._went_through(dialog, tx.unblocked)

    async def check_in(self, dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        ask = bookings_s.CheckIn(code=entry.code)
        booking = await feedback.attempt(lambda services, me: services.owner_bookings.check_in(me.user, ask))
        if booking is not feedback.REFUSED:
            name = booking.member.name or booking.member.handle
            await self._went_through(dialog, tx.checked_in.format(name=name))

    async def mark_paid(self, dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        booking = await feedback.attempt(
            lambda services, me: services.owner_bookings.mark_paid(me.user, entry.id)
        )
        if booking is not feedback.REFUSED:
            await self._went_through(dialog, tx.marked_paid.format(amount=formats.rupees(booking.price_pkr)))

    async def no_show(self, dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        marked = await feedback.attempt(
            lambda services, me: services.owner_bookings.no_show(me.user, entry.id)
        )
        if marked is not feedback.REFUSED:
            await self._went_through(dialog, tx.marked_no_show)

    async def cancel(self, dialog: ui.dialog, entry: bookings_s.CalendarEntry) -> None:
        cancelled = await feedback.attempt(lambda services, me: services.bookings.cancel(me.user, entry.id))
        if cancelled is not feedback.REFUSED:
            await self._went_through(dialog, tx.cancelled)

"""Holding a picked court slot, and confirming a held court at the venue: the calls the venue page, an
activity's court card and the booking page make the same way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Final, cast
from uuid import UUID

from scene_api.domain.auth.services import Principal
from scene_api.domain.bookings import schemas as bookings_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.errors import Conflict, DomainError
from scene_api.services import Services
from scene_ui import feedback, session

Hold = Callable[[Services, Principal, bookings_s.BookingCreate], Awaitable[bookings_s.Booking]]


class Taken(Enum):
    """What `hold_slot` answers when someone else got the slot first (the page may read its slots again)."""

    TAKEN = "taken"


TAKEN: Final = Taken.TAKEN


async def hold_slot(
    hold: Hold, court: venues_s.Court, slot: venues_s.Slot, duration: int, *, taken: str
) -> bookings_s.Booking | Taken | feedback.Refused:
    """`hold(services, me, ask)` for `slot` on `court` for `duration` minutes (one the venue sells), as the
    signed-in member. A refusal is said in a toast, the slot gone to someone else as `taken`."""
    ask = bookings_s.BookingCreate(
        court_id=court.id, starts_at=slot.starts_at, duration_minutes=cast(venues_s.Duration, duration)
    )
    try:
        async with session.member_services() as (services, me):
            return await hold(services, me, ask)
    except DomainError as error:
        if isinstance(error, Conflict) and error.code == "slot_taken":
            feedback.failed(taken)
            return TAKEN
        feedback.failed(error)
        return feedback.REFUSED


async def confirm_at_venue(booking_id: UUID, success: str) -> bookings_s.Booking | feedback.Refused:
    """A held court confirmed to be paid at the venue (a free one confirmed), `success` said in a toast."""
    return await feedback.attempt(
        lambda services, me: services.bookings.pay_at_venue(me.user, booking_id), success=success
    )

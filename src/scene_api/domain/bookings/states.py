"""The booking state machine and which bookings hold their slot."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.i18n import Message
from scene_api.lib.states import StateMachine

Status = m.BookingStatus

LABELS = {
    Status.HELD: Message("errors_bookings.state_held"),
    Status.CONFIRMED: Message("errors_bookings.state_confirmed"),
    Status.EXPIRED: Message("errors_bookings.state_expired"),
    Status.CANCELLED: Message("errors_bookings.state_cancelled"),
    Status.CHECKED_IN: Message("errors_bookings.state_checked_in"),
    Status.NO_SHOW: Message("errors_bookings.state_no_show"),
}

BOOKINGS = StateMachine(
    {
        Status.HELD: {Status.CONFIRMED, Status.EXPIRED, Status.CANCELLED},
        Status.CONFIRMED: {Status.CANCELLED, Status.CHECKED_IN, Status.NO_SHOW},
        Status.EXPIRED: {Status.CONFIRMED},
    },
    refusal=lambda before, to: Message(
        "errors_bookings.invalid_transition", before=LABELS[before], to=LABELS[to]
    ),
)
"""expired -> confirmed is a payment that arrived after the hold's deadline, while the slot is still
free (`BookingService._revive`); the exclusion constraint has the last word."""


def holds_slot(now: datetime | sa.BindParameter[datetime]) -> sa.ColumnElement[bool]:
    """Bookings that own their slot at `now`. A hold past its deadline no longer does, even before
    the expiry job has run (the exclusion constraint still counts it until it is marked expired)."""
    return sa.or_(
        m.Booking.status.in_([Status.CONFIRMED, Status.CHECKED_IN]),
        sa.and_(m.Booking.status == Status.HELD, m.Booking.hold_expires_at > now),
    )


def stale_hold(now: datetime) -> sa.ColumnElement[bool]:
    """Holds whose deadline passed but which are still marked held."""
    return sa.and_(m.Booking.status == Status.HELD, m.Booking.hold_expires_at <= now)

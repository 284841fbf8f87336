"""Which channels carry which messages, and when: the routing rules in one place.

Every kind of message belongs to a category; a member chooses the channels per category (or keeps the
defaults below, picked for Pakistan: WhatsApp is on every phone, SMS costs money and arrives late on
busy networks, push is free but needs the app installed). A message goes on the first channel in
`CHANNEL_ORDER` the member chose and can be reached on; when that fails (or, for a sign-in code, is
not delivered within `code_fallback_seconds`) the next one is tried. Essential messages (codes,
holds about to lapse) ignore quiet hours and the daily cap.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scene_api.db.models.messaging import Channel
from scene_api.lib.timezone import KARACHI


class Category(enum.StrEnum):
    CODES = "codes"
    HOLDS = "holds"
    APPROVALS = "approvals"
    WAITLIST = "waitlist"
    BOOKINGS = "bookings"
    REMINDERS = "reminders"
    CHANGES = "changes"
    UPDATES = "updates"


KIND_CATEGORY: dict[str, Category] = {
    "code": Category.CODES,
    "sign_in_notice": Category.CODES,
    "hold_lapsing": Category.HOLDS,
    "join_approved": Category.APPROVALS,
    "join_promoted": Category.APPROVALS,
    "join_waitlisted": Category.APPROVALS,
    "join_rejected": Category.APPROVALS,
    "event_request_approved": Category.APPROVALS,
    "waitlist_offer": Category.WAITLIST,
    "waitlist_offer_lapsing": Category.WAITLIST,
    "waitlist_offer_lapsed": Category.WAITLIST,
    "booking_confirmed": Category.BOOKINGS,
    "booking_series_confirmed": Category.BOOKINGS,
    "order_paid": Category.BOOKINGS,
    "order_expired": Category.BOOKINGS,
    "order_payment_failed": Category.BOOKINGS,
    "activity_reminder": Category.REMINDERS,
    "event_reminder": Category.REMINDERS,
    "booking_reminder": Category.REMINDERS,
    "activity_cancelled": Category.CHANGES,
    "activity_changed": Category.CHANGES,
    "activity_underfilled": Category.CHANGES,
    "event_cancelled": Category.CHANGES,
    "booking_cancelled": Category.CHANGES,
}
"""Kinds not named here (a host's inbox, staff added, ...) are `UPDATES`."""

ESSENTIAL = frozenset({Category.CODES, Category.HOLDS})
"""Never held back by quiet hours or the daily cap."""

CHANNEL_ORDER: tuple[Channel, ...] = (Channel.PUSH, Channel.WHATSAPP, Channel.SMS)
"""Tried in this order: free and rich first, paid and plain last."""

ALLOWED: dict[Category, frozenset[Channel]] = {
    category: frozenset(CHANNEL_ORDER) for category in Category
} | {Category.CODES: frozenset({Channel.WHATSAPP, Channel.SMS})}
"""A sign-in code cannot go by push: the phone that signs in may be a new one."""

DEFAULT_CHANNELS: dict[Category, frozenset[Channel]] = {
    Category.CODES: frozenset({Channel.WHATSAPP, Channel.SMS}),
    Category.HOLDS: frozenset({Channel.PUSH, Channel.WHATSAPP, Channel.SMS}),
    Category.APPROVALS: frozenset({Channel.PUSH, Channel.WHATSAPP, Channel.SMS}),
    Category.WAITLIST: frozenset({Channel.PUSH, Channel.WHATSAPP, Channel.SMS}),
    Category.BOOKINGS: frozenset({Channel.PUSH, Channel.WHATSAPP}),
    Category.REMINDERS: frozenset({Channel.PUSH, Channel.WHATSAPP}),
    Category.CHANGES: frozenset({Channel.PUSH, Channel.WHATSAPP, Channel.SMS}),
    Category.UPDATES: frozenset({Channel.PUSH}),
}


def category_of(kind: str) -> Category:
    return KIND_CATEGORY.get(kind, Category.UPDATES)


def is_essential(kind: str) -> bool:
    return category_of(kind) in ESSENTIAL


def ordered(channels: Iterable[Channel]) -> list[Channel]:
    chosen = set(channels)
    return [channel for channel in CHANNEL_ORDER if channel in chosen]


def next_channel(chosen: Sequence[Channel], reachable: set[Channel], after: Channel | None) -> Channel | None:
    """The first channel in the member's order that can reach them, after `after` (None: from the start)."""
    candidates = ordered(chosen)
    if after is not None:
        candidates = candidates[candidates.index(after) + 1 :] if after in candidates else []
    return next((channel for channel in candidates if channel in reachable), None)


@dataclass(frozen=True)
class QuietHours:
    """A member's quiet window on their own clock; it may run past midnight (23:00 to 08:00)."""

    start: time
    end: time
    zone: ZoneInfo

    def release_at(self, moment: datetime) -> datetime | None:
        """When a message due at `moment` may go: None if `moment` is outside the window, else the
        window's end (in UTC)."""
        local = moment.astimezone(self.zone)
        now = local.time()
        overnight = self.start > self.end
        inside = (now >= self.start or now < self.end) if overnight else (self.start <= now < self.end)
        if not inside:
            return None
        end_day = local.date() + timedelta(days=1) if overnight and now >= self.start else local.date()
        return datetime.combine(end_day, self.end, self.zone).astimezone(moment.tzinfo)


def zone_of(name: str) -> ZoneInfo:
    """A member's time zone; an unknown name reads as Pakistan's."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return KARACHI


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The member's calendar day, which the daily cap counts by."""
    return moment.astimezone(zone).date()

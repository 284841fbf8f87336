"""Reminders before things with a time: which are due, to whom, and sending each once.

An activity's reminder is a job scheduled when it is created (`remind_activity`). Everything else is
found every minute by one sweep (`sweep`): event tickets 24 and 2 hours before the event, court
bookings 2 hours before, holds 2 minutes before they lapse and waitlist offers 5 minutes before.
The worker's jobs (`scene_tasks.jobs.reminders`) only call these two methods.

A reminder is due from its moment until the thing starts or lapses (or, for the 24-hour event
reminder, until the 2-hour one takes over), so one missed while the worker was down still goes while
it is worth sending. Only what existed at the reminder's moment is reminded: a ticket bought an hour
before the event gets no "in 2 hours". Each reminder goes once: `notify`'s dedupe key makes a second
sweep (or two overlapping) add nothing, and a Redis marker set after the commit keeps later sweeps
from even trying again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from scene_api.db import models as m
from scene_api.i18n import Message, clock_message
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

EVENT_LEADS = (timedelta(hours=24), timedelta(hours=2))
"""Longest first: each event reminder is due until the next one's moment."""
BOOKING_LEAD = timedelta(hours=2)
HOLD_LEAD = timedelta(minutes=2)
OFFER_LEAD = timedelta(minutes=5)
MARKER_SLACK_SECONDS = 3600
"""A sent reminder's marker outlives its window by this much (after it, no sweep looks for it)."""


@dataclass(frozen=True)
class Reminder:
    """One reminder about one thing, to its members."""

    dedupe_key: str
    until: datetime
    """When the thing starts or lapses: the reminder is not worth sending after it."""
    recipients: list[UUID]
    kind: str
    title: Message
    body: Message
    link: str


class ReminderService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def remind_activity(self, activity_id: UUID, starts_at: datetime) -> int:
        """Remind the host and everyone approved; answers how many were told. Does nothing if the
        activity was cancelled or moved (a moved activity has its own reminder); run twice, it notifies
        once (dedupe key)."""
        activity = await self.session.get(m.Activity, activity_id)
        if activity is None or activity.status != m.ActivityStatus.OPEN or activity.starts_at != starts_at:
            return 0
        approved = await self.session.scalars(
            sa.select(m.JoinRequest.user_id).where(
                m.JoinRequest.activity_id == activity.id,
                m.JoinRequest.status == m.JoinRequestStatus.APPROVED,
            )
        )
        people = [activity.host_id, *approved]
        await self.services.notifications.notify(
            people,
            kind="activity_reminder",
            title=Message("notify.starting_soon", title=activity.title),
            body=activity.place_name,
            link=f"/a/{activity.slug}",
            dedupe_key=f"reminder:{activity.id}:{int(activity.starts_at.timestamp())}",
        )
        return len(people)

    async def sweep(self) -> int:
        """Send every reminder that is due and not sent yet; answers how many things were reminded of.
        The sent ones are marked in Redis once this unit of work has committed."""
        redis = self.services.runtime.redis
        now = utcnow()
        due = [reminder for find in FINDERS for reminder in await find(self.session, now)]
        unsent = await _not_marked(redis, due)
        for reminder in unsent:
            await self.services.notifications.notify(
                reminder.recipients,
                kind=reminder.kind,
                title=reminder.title,
                body=reminder.body,
                link=reminder.link,
                dedupe_key=reminder.dedupe_key,
            )
        if unsent:
            self.services.after_commit.append(lambda: _mark(redis, unsent, now))
        return len(unsent)


async def event_reminders(session: AsyncSession, now: datetime) -> list[Reminder]:
    """Ticket holders of published events, once per member per event and lead, however many tickets."""
    reminders = []
    for lead, next_lead in zip(EVENT_LEADS, [*EVENT_LEADS[1:], timedelta(0)], strict=True):
        rows = await session.execute(
            sa.select(
                m.Event.id,
                m.Event.title,
                m.Event.starts_at,
                sa.func.array_agg(sa.distinct(m.Ticket.holder_id)),
            )
            .join(m.Ticket, m.Ticket.event_id == m.Event.id)
            .where(
                m.Event.status == m.EventStatus.PUBLISHED,
                m.Ticket.status == m.TicketStatus.VALID,
                _due(m.Event.starts_at, m.Ticket.created_at, lead, now, handover=next_lead),
            )
            .group_by(m.Event.id)
        )
        reminders += [
            Reminder(
                dedupe_key=f"event_reminder:{event_id}:{_hours(lead)}h:{int(starts_at.timestamp())}",
                until=starts_at - next_lead,
                recipients=list(holders),
                kind="event_reminder",
                title=Message("reminders.event_title", title=title, starts=starts_at),
                body=Message("reminders.event_body"),
                link="/me/tickets",
            )
            for event_id, title, starts_at, holders in rows.tuples()
        ]
    return reminders


async def booking_reminders(session: AsyncSession, now: datetime) -> list[Reminder]:
    """Confirmed court bookings, to their booker, with the booking's page (its QR code)."""
    starts_at = sa.func.lower(m.Booking.period)
    rows = await session.execute(
        sa.select(m.Booking.id, m.Booking.user_id, starts_at, m.Court.name, m.Venue.name)
        .join(m.Court, m.Court.id == m.Booking.court_id)
        .join(m.Venue, m.Venue.id == m.Booking.venue_id)
        .where(
            m.Booking.status == m.BookingStatus.CONFIRMED,
            _due(starts_at, m.Booking.created_at, BOOKING_LEAD, now),
        )
    )
    return [
        Reminder(
            dedupe_key=f"booking_reminder:{booking_id}:{int(start.timestamp())}",
            until=start,
            recipients=[user_id],
            kind="booking_reminder",
            title=Message("reminders.booking_title", slot=Message("notify.slot", court=court, at=start)),
            body=Message("reminders.booking_body", venue=venue),
            link=f"/bookings/{booking_id}",
        )
        for booking_id, user_id, start, court, venue in rows.tuples()
    ]


async def hold_reminders(session: AsyncSession, now: datetime) -> list[Reminder]:
    """Holds about to lapse, to their member, with the booking's page (where the hold is paid)."""
    rows = await session.execute(
        sa.select(
            m.Booking.id,
            m.Booking.user_id,
            m.Booking.hold_expires_at,
            sa.func.lower(m.Booking.period),
            m.Court.name,
            m.Venue.name,
        )
        .join(m.Court, m.Court.id == m.Booking.court_id)
        .join(m.Venue, m.Venue.id == m.Booking.venue_id)
        .where(
            m.Booking.status == m.BookingStatus.HELD,
            _due(m.Booking.hold_expires_at, m.Booking.created_at, HOLD_LEAD, now),
        )
    )
    reminders = []
    for booking_id, user_id, expires_at, start, court, venue in rows.tuples():
        assert expires_at is not None  # a hold has a deadline (CHECK hold_has_deadline)
        reminders.append(
            Reminder(
                dedupe_key=f"hold_lapsing:{booking_id}:{int(expires_at.timestamp())}",
                until=expires_at,
                recipients=[user_id],
                kind="hold_lapsing",
                title=Message("reminders.hold_title", until=clock_message(expires_at)),
                body=Message(
                    "reminders.hold_body", slot=Message("notify.slot", court=court, at=start), venue=venue
                ),
                link=f"/bookings/{booking_id}",
            )
        )
    return reminders


async def offer_reminders(session: AsyncSession, now: datetime) -> list[Reminder]:
    """Waitlist offers about to lapse, to the member offered, with the event's page (where they
    take it)."""
    entry = m.EventWaitlistEntry
    rows = await session.execute(
        sa.select(entry.id, entry.user_id, entry.offer_expires_at, m.Event.title, m.Event.slug)
        .join(m.Event, m.Event.id == entry.event_id)
        .where(
            m.Event.status == m.EventStatus.PUBLISHED,
            _due(entry.offer_expires_at, entry.offered_at, OFFER_LEAD, now),
        )
    )
    reminders = []
    for entry_id, user_id, expires_at, title, slug in rows.tuples():
        assert expires_at is not None  # selected by its deadline
        reminders.append(
            Reminder(
                dedupe_key=f"offer_lapsing:{entry_id}:{int(expires_at.timestamp())}",
                until=expires_at,
                recipients=[user_id],
                kind="waitlist_offer_lapsing",
                title=Message("reminders.offer_title", title=title, until=clock_message(expires_at)),
                body=Message("reminders.offer_body"),
                link=f"/e/{slug}",
            )
        )
    return reminders


FINDERS: Sequence[Callable[[AsyncSession, datetime], Awaitable[list[Reminder]]]] = (
    event_reminders,
    booking_reminders,
    hold_reminders,
    offer_reminders,
)


Moment = sa.ColumnElement[datetime] | QueryableAttribute[datetime] | QueryableAttribute[datetime | None]
"""A timestamp in a query: a column (nullable ones included) or an expression such as a period's start."""


def _due(
    moment: Moment,
    existed_since: Moment,
    lead: timedelta,
    now: datetime,
    *,
    handover: timedelta = timedelta(0),
) -> sa.ColumnElement[bool]:
    """The window of a reminder `lead` before `moment` (a start or a lapse): due from then until the
    moment (or until `handover` before it, where a nearer reminder takes over), and only for what
    already existed (`existed_since`) when it fell due."""
    return sa.and_(
        moment > now + handover,
        moment <= now + lead,
        existed_since <= moment - _interval(lead),
    )


def _interval(lead: timedelta) -> sa.ColumnElement[timedelta]:
    """A lead as an SQL interval (subtracted from a timestamp column, it would be bound as one)."""
    return sa.literal(lead, sa.Interval())


def _hours(lead: timedelta) -> int:
    return int(lead.total_seconds() // 3600)


def _marker(reminder: Reminder) -> str:
    return f"reminded:{reminder.dedupe_key}"


async def _not_marked(redis: Redis, reminders: list[Reminder]) -> list[Reminder]:
    if not reminders:
        return []
    marked = await redis.mget([_marker(reminder) for reminder in reminders])
    return [reminder for reminder, sent in zip(reminders, marked, strict=True) if sent is None]


async def _mark(redis: Redis, reminders: list[Reminder], now: datetime) -> None:
    """After the commit: later sweeps skip these without asking the database. Losing a marker costs
    one more (deduplicated) try, nothing more."""
    if not reminders:
        return
    async with redis.pipeline(transaction=False) as pipe:
        for reminder in reminders:
            seconds = int((reminder.until - now).total_seconds()) + MARKER_SLACK_SECONDS
            pipe.set(_marker(reminder), "1", ex=seconds)
        await pipe.execute()

"""Reminders for everything with a time (issue 16, item 3), found by the every-minute sweep on the real
worker: event tickets 24 h and 2 h before, court bookings 2 h before, holds 2 minutes before they
lapse and waitlist offers 5 minutes before; each sent once however often the sweep runs, never for
what was cancelled, paid or has lapsed, in the member's language, linking to the right page."""

import asyncio
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.db.base import Base
from scene_api.i18n import Message, clock_message, render
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_tasks.jobs.reminders import sweep_reminders
from scene_tasks.worker import CRON_JOBS, FUNCTIONS
from tests.factories import (
    BookingFactory,
    EventFactory,
    EventWaitlistEntryFactory,
    OrderFactory,
    TicketFactory,
    UserFactory,
    persist,
)
from tests.helpers import job_context, sign_in

LONG_AGO = timedelta(days=3)


def from_now(**delta: float) -> datetime:
    return utcnow() + timedelta(**delta)


async def store(runtime: Runtime, *rows: Base) -> None:
    async with runtime.session_factory() as session:
        await persist(session, *rows)


async def member(runtime: Runtime, locale: str = "en") -> m.User:
    user = UserFactory.build(locale=locale)
    await store(runtime, user)
    return user


async def event_in(
    runtime: Runtime, starts: datetime, *holders: m.User, bought: datetime | None = None, **fields: object
) -> m.Event:
    """An event starting at `starts` with one paid ticket per holder given (twice: two tickets)."""
    event = EventFactory.build(starts_at=starts, ends_at=starts + timedelta(hours=3), **fields)
    tickets = []
    for holder in holders:
        order = OrderFactory.build(event=event, buyer=holder, status=m.OrderStatus.PAID, expires_at=None)
        tickets.append(
            TicketFactory.build(order=order, holder=holder, created_at=bought or utcnow() - LONG_AGO)
        )
    await store(runtime, event, *tickets)
    return event


async def booking(runtime: Runtime, who: m.User, starts: datetime, **fields: object) -> m.Booking:
    """A court booking of `who`'s (a hold unless `status` says otherwise), made days ago unless
    `created_at` says otherwise."""
    row = BookingFactory.build(
        user=who,
        period=Range(starts, starts + timedelta(minutes=90)),
        **{"created_at": utcnow() - LONG_AGO} | fields,
    )
    await store(runtime, row)
    return row


async def offer(runtime: Runtime, who: m.User, event: m.Event, lapses: datetime) -> m.EventWaitlistEntry:
    """A waitlist offer made 30 minutes before it lapses."""
    entry = EventWaitlistEntryFactory.build(
        event_id=event.id, user=who, offered_at=lapses - timedelta(minutes=30), offer_expires_at=lapses
    )
    await store(runtime, entry)
    return entry


async def sweep_on_the_worker(runtime: Runtime) -> None:
    job = await runtime.queue.enqueue("sweep_reminders")
    assert job is not None
    await job.refresh(until_complete=20)
    assert job.status == "complete", job.error


async def reminders(runtime: Runtime, kind: str, who: m.User | None = None) -> list[m.Notification]:
    async with runtime.session_factory() as session:
        query = sa.select(m.Notification).where(m.Notification.kind == kind)
        if who is not None:
            query = query.where(m.Notification.user_id == who.id)
        return list(await session.scalars(query))


def test_the_worker_sweeps_for_reminders_every_minute():
    assert "sweep_reminders" in {job.__name__ for job in FUNCTIONS}
    sweeps = [cron for cron in CRON_JOBS if cron.function.__name__ == "sweep_reminders"]
    assert [cron.cron for cron in sweeps] == ["* * * * *"]


async def test_ticket_holders_hear_a_day_and_two_hours_before(runtime, worker):
    ayesha, bilal, late_buyer = await member(runtime), await member(runtime, "ur"), await member(runtime)
    tomorrow = await event_in(runtime, from_now(hours=23, minutes=50), ayesha, ayesha, bilal)
    await event_in(runtime, from_now(hours=24, minutes=10), ayesha)  # not yet
    tonight = await event_in(runtime, from_now(hours=1, minutes=50), ayesha)
    await event_in(runtime, from_now(hours=1), late_buyer, bought=from_now(minutes=-30))
    await event_in(runtime, from_now(hours=1), bilal, status=m.EventStatus.CANCELLED)
    await event_in(runtime, from_now(minutes=-5), bilal)  # started

    await sweep_on_the_worker(runtime)

    told = await reminders(runtime, "event_reminder")
    assert sorted((n.user_id, n.link) for n in told) == sorted(
        [(ayesha.id, "/me/tickets"), (bilal.id, "/me/tickets"), (ayesha.id, "/me/tickets")]
    ), "one per member per event, whatever the number of tickets"
    assert {n.title for n in await reminders(runtime, "event_reminder", ayesha)} == {
        render(Message("reminders.event_title", title=event.title, starts=event.starts_at), "en")
        for event in (tomorrow, tonight)
    }, "the 24-hour reminder of tonight's event passed unsent (the worker was down): only the 2-hour one"
    (urdu,) = await reminders(runtime, "event_reminder", bilal)
    assert urdu.title == render(
        Message("reminders.event_title", title=tomorrow.title, starts=tomorrow.starts_at), "ur"
    )
    assert (
        urdu.body
        == render(Message("reminders.event_body"), "ur")
        != render(Message("reminders.event_body"), "en")
    )
    assert await reminders(runtime, "event_reminder", late_buyer) == [], "bought after the 2-hour moment"


async def test_a_void_ticket_is_not_reminded(runtime, worker):
    holder = await member(runtime)
    event = await event_in(runtime, from_now(hours=1), holder)
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Ticket).where(m.Ticket.event_id == event.id).values(status=m.TicketStatus.VOID)
        )
        await session.commit()

    await sweep_on_the_worker(runtime)

    assert await reminders(runtime, "event_reminder") == []


async def test_a_court_booking_is_reminded_two_hours_before_with_its_qr_code(client, runtime, worker):
    hamza, zainab = await member(runtime), await member(runtime, "ur")
    confirmed = {"status": m.BookingStatus.CONFIRMED, "confirmed_at": utcnow() - LONG_AGO}
    soon = await booking(runtime, hamza, from_now(hours=1, minutes=55), **confirmed)
    in_urdu = await booking(runtime, zainab, from_now(hours=1, minutes=30), **confirmed)
    not_yet = await booking(runtime, hamza, from_now(hours=2, minutes=10), **confirmed)
    cancelled = await booking(runtime, hamza, from_now(hours=1), status=m.BookingStatus.CANCELLED)
    unpaid_hold = await booking(runtime, hamza, from_now(hours=1), hold_expires_at=from_now(minutes=8))
    just_booked = await booking(
        runtime, hamza, from_now(hours=1), **confirmed | {"created_at": from_now(minutes=-5)}
    )

    await sweep_on_the_worker(runtime)

    (reminded,) = await reminders(runtime, "booking_reminder", hamza)
    assert reminded.link == f"/bookings/{soon.id}"
    start = soon.period.lower
    assert start is not None
    slot = Message("notify.slot", court=soon.court.name, at=start)
    assert reminded.title == render(Message("reminders.booking_title", slot=slot), "en")
    assert reminded.body == render(Message("reminders.booking_body", venue=soon.venue.name), "en")
    page = await client.get(f"/api/v1{reminded.link}", headers=await sign_in(runtime, hamza))
    assert page.status_code == 200
    assert page.json()["qr_svg"].startswith("data:image/svg+xml"), "the page the reminder opens shows the QR"
    (urdu,) = await reminders(runtime, "booking_reminder", zainab)
    assert urdu.link == f"/bookings/{in_urdu.id}"
    assert urdu.body == render(Message("reminders.booking_body", venue=in_urdu.venue.name), "ur")
    links = {n.link for n in await reminders(runtime, "booking_reminder")}
    for silent in (not_yet, cancelled, unpaid_hold, just_booked):
        assert f"/bookings/{silent.id}" not in links


async def test_a_hold_about_to_lapse_is_reminded_with_its_pay_link(runtime, worker):
    danish, hira = await member(runtime), await member(runtime, "ur")
    lapsing = await booking(runtime, danish, from_now(days=2), hold_expires_at=from_now(seconds=90))
    in_urdu = await booking(runtime, hira, from_now(days=2, hours=2), hold_expires_at=from_now(seconds=100))
    later = await booking(runtime, danish, from_now(days=3), hold_expires_at=from_now(minutes=5))
    lapsed = await booking(runtime, danish, from_now(days=4), hold_expires_at=from_now(seconds=-10))
    paid = await booking(
        runtime,
        danish,
        from_now(days=5),
        hold_expires_at=from_now(seconds=90),
        status=m.BookingStatus.CONFIRMED,
    )

    await sweep_on_the_worker(runtime)

    (reminded,) = await reminders(runtime, "hold_lapsing", danish)
    assert reminded.link == f"/bookings/{lapsing.id}", "the booking's page, where the hold is paid"
    assert lapsing.hold_expires_at is not None
    assert reminded.title == render(
        Message("reminders.hold_title", until=clock_message(lapsing.hold_expires_at)), "en"
    )
    (urdu,) = await reminders(runtime, "hold_lapsing", hira)
    assert in_urdu.hold_expires_at is not None
    assert urdu.title == render(
        Message("reminders.hold_title", until=clock_message(in_urdu.hold_expires_at)), "ur"
    )
    links = {n.link for n in await reminders(runtime, "hold_lapsing")}
    for silent in (later, lapsed, paid):
        assert f"/bookings/{silent.id}" not in links


async def test_a_waitlist_offer_about_to_lapse_is_reminded_with_the_link_to_take_it(runtime, worker):
    sana, omar = await member(runtime), await member(runtime, "ur")
    sold_out = await event_in(runtime, from_now(days=3))
    await offer(runtime, sana, sold_out, from_now(minutes=4))
    omars = await offer(runtime, omar, sold_out, from_now(minutes=3))
    other = await event_in(runtime, from_now(days=4))
    await offer(runtime, sana, other, from_now(minutes=20))
    lapsed = await event_in(runtime, from_now(days=5))
    await offer(runtime, sana, lapsed, from_now(minutes=-1))
    cancelled = await event_in(runtime, from_now(days=6), status=m.EventStatus.CANCELLED)
    await offer(runtime, sana, cancelled, from_now(minutes=4))

    await sweep_on_the_worker(runtime)

    (reminded,) = await reminders(runtime, "waitlist_offer_lapsing", sana)
    assert reminded.link == f"/e/{sold_out.slug}", "the event's page, where the offer is taken"
    assert sold_out.title in reminded.title
    (urdu,) = await reminders(runtime, "waitlist_offer_lapsing", omar)
    assert urdu.body == render(Message("reminders.offer_body"), "ur")
    assert omars.offer_expires_at is not None
    until = clock_message(omars.offer_expires_at)
    assert urdu.title == render(Message("reminders.offer_title", title=sold_out.title, until=until), "ur")


async def test_each_reminder_goes_once_however_often_the_sweep_runs(runtime, worker):
    asad = await member(runtime)
    await event_in(runtime, from_now(hours=1), asad)
    await booking(runtime, asad, from_now(hours=1), status=m.BookingStatus.CONFIRMED)
    await booking(runtime, asad, from_now(days=2), hold_expires_at=from_now(seconds=90))
    await offer(runtime, asad, await event_in(runtime, from_now(days=3)), from_now(minutes=4))
    kinds = ["event_reminder", "booking_reminder", "hold_lapsing", "waitlist_offer_lapsing"]
    context = job_context(runtime)

    await asyncio.gather(sweep_reminders(context), sweep_reminders(context), sweep_on_the_worker(runtime))
    await runtime.redis.delete(*[key async for key in runtime.redis.scan_iter("reminded:*")])
    assert await sweep_reminders(context) == 4, "without its markers the sweep tries all four again"
    assert await sweep_reminders(context) == 0, "with them it does not even try"
    await sweep_on_the_worker(runtime)

    assert [len(await reminders(runtime, kind, asad)) for kind in kinds] == [1, 1, 1, 1]

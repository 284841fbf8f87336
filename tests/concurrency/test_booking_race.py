"""Booking races through a live server (the in-process client would serialise them).

Two layers keep a court slot from being sold twice: the court row lock each new hold takes, and
the database's exclusion constraint. The first test removes the lock and shows the race reaching
the constraint (which still admits exactly one); the others prove the exact outcome with both.
"""

import asyncio
from datetime import timedelta

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.bookings import services as bookings
from scene_api.domain.bookings.services import BookingService
from scene_api.domain.venues.day import load_venue_days
from scene_api.lib.timezone import utcnow
from tests.helpers import signed_in_members
from tests.venues import (
    at,
    booking_payload,
    booking_row,
    court_without_lock,
    open_venue,
    set_booking,
    venue_owner,
)

RACERS = 100
CONSTRAINT = "no_overlapping_live_bookings"
TOGETHER = 5


async def held_bookings(runtime, court_id):
    async with runtime.session_factory() as session:
        return (
            await session.scalars(
                sa.select(m.Booking).where(
                    m.Booking.court_id == court_id, m.Booking.status == m.BookingStatus.HELD
                )
            )
        ).all()


async def race(live_api, headers, payloads):
    return await asyncio.gather(
        *(
            live_api.post("/api/v1/bookings", json=payload, headers=h)
            for h, payload in zip(headers, payloads, strict=True)
        )
    )


async def test_without_the_court_lock_the_race_reaches_the_constraint_which_admits_one(
    live_api, runtime, monkeypatch
):
    """Without the lock, holds that checked the slot at the same moment all try to insert, and the
    exclusion constraint refuses all but one. Each read of the venue's day (what the check looks at)
    waits (up to a second) until a few others have read it too, so the moment is shared even on a
    busy machine."""
    load = load_venue_days
    checked: list[object] = []

    async def read_together(session, venues, days, **kwargs):
        venue_days = await load(session, venues, days, **kwargs)
        checked.append(days)
        for _ in range(100):
            if len(checked) >= TOGETHER:
                break
            await asyncio.sleep(0.01)
        return venue_days

    monkeypatch.setattr(BookingService, "lock_court", court_without_lock)
    monkeypatch.setattr(bookings, "load_venue_days", read_together)
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    headers = await signed_in_members(runtime, RACERS)
    answers = await race(live_api, headers, [booking_payload(court, at(3, 20))] * RACERS)
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (RACERS - 1)
    caught_by_constraint = [
        a
        for a in answers
        if a.status_code == 409 and a.json()["error"]["details"].get("constraint") == CONSTRAINT
    ]
    assert caught_by_constraint, "expected holds that passed the code's check at the same moment"
    assert all(a.json()["error"]["message"].endswith(" is taken.") for a in caught_by_constraint)
    assert len(await held_bookings(runtime, court)) == 1


async def test_a_hundred_simultaneous_holds_on_one_slot_end_as_one_hold_and_99_clear_409s(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    headers = await signed_in_members(runtime, RACERS)
    answers = await race(live_api, headers, [booking_payload(court, at(3, 20))] * RACERS)
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (RACERS - 1)
    refusals = {answer.json()["error"]["message"] for answer in answers if answer.status_code == 409}
    assert len(refusals) == 1
    (message,) = refusals
    assert message.startswith("Court 1 at 8:00 pm on ")
    assert message.endswith(" is taken.")
    assert all("constraint" not in a.json()["error"]["details"] for a in answers if a.status_code == 409), (
        "with the lock, every loser is told by the code's own check"
    )
    (winner,) = await held_bookings(runtime, court)
    assert str(winner.id) == next(a.json()["id"] for a in answers if a.status_code == 201)


async def test_many_simultaneous_holds_on_different_slots_all_succeed(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime), courts=("Court 1", "Court 2", "Court 3"))
    slots = [(court["id"], at(3, 8 + hour)) for court in venue["courts"] for hour in range(12)]
    headers = await signed_in_members(runtime, len(slots))
    answers = await race(live_api, headers, [booking_payload(court, starts) for court, starts in slots])
    assert [answer.status_code for answer in answers] == [201] * len(slots), [
        a.text for a in answers if a.status_code != 201
    ]
    for court in venue["courts"]:
        assert len(await held_bookings(runtime, court["id"])) == 12


async def test_a_stale_hold_goes_to_exactly_one_of_many_newcomers(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    headers = await signed_in_members(runtime, 31)
    first = await live_api.post(
        "/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=headers[0]
    )
    await set_booking(runtime, first.json()["id"], hold_expires_at=utcnow() - timedelta(seconds=1))
    answers = await race(live_api, headers[1:], [booking_payload(court, at(3, 20, 30))] * 30)
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * 29
    assert (await booking_row(runtime, first.json()["id"])).status == m.BookingStatus.EXPIRED
    assert len(await held_bookings(runtime, court)) == 1

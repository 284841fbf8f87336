"""Races on the issue 12 paths, through a live server.

Seats: requests approved at once because the host trusts their vouchers take the same activity row
lock as every other change to who holds a seat, so racing them with ordinary requests and the host's
own approvals never passes capacity; without the lock the counter loses updates.

Courts: a weekly series locks its court like any hold and books its weeks together, so two members
racing for the same series end with exactly one owning every week; without the lock the exclusion
constraint still admits one, and the loser books nothing.
"""

import asyncio
from typing import Any

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.services import ActivityService
from scene_api.domain.bookings.services import BookingService
from scene_api.domain.venues.day import VenueDay
from tests.helpers import PHONES, activity_payload, create_member, sign_in, signed_in_members
from tests.social import arrange, person
from tests.venues import at, court_without_lock, open_venue, venue_owner

SEATS = 5
TRUSTED = 15
STRANGERS = 15
RACERS = 6
WEEKS = 4
CONSTRAINT = "no_overlapping_live_bookings"


async def members(runtime, count: int, offset: int, prefix: str) -> list[tuple[Any, dict[str, str]]]:
    """`count` new members (phones from PHONES[offset], handles `prefix_N`) with their headers."""
    made = [await create_member(runtime, PHONES[offset + n], handle=f"{prefix}_{n}") for n in range(count)]
    return [(member.id, await sign_in(runtime, member)) for member in made]


async def seats(runtime, activity_id) -> tuple[int, int]:
    """The activity's `seats_taken` and how many requests are approved."""
    async with runtime.session_factory() as session:
        activity = await session.get_one(m.Activity, activity_id)
        approved = await session.scalar(
            sa.select(sa.func.count()).where(
                m.JoinRequest.activity_id == activity_id, m.JoinRequest.status == m.JoinRequestStatus.APPROVED
            )
        )
    return activity.seats_taken, int(approved or 0)


async def trusted_activity(live_api, runtime, *, trusted: int, capacity: int = SEATS):
    """A host who vouched for `trusted` racers (their requests are approved at once while seats remain)."""
    host = await person(runtime, 500, "race_host")
    racers = await members(runtime, trusted, offset=10, prefix="trusted")
    await arrange(runtime, *(m.Vouch(voucher_id=host.id, vouchee_id=member_id) for member_id, _ in racers))
    answer = await live_api.post(
        "/api/v1/activities",
        json=activity_payload(capacity=capacity, auto_approve_trusted="vouched_by_people_i_vouched_for"),
        headers=host.headers,
    )
    assert answer.status_code == 201, answer.text
    return host, answer.json(), [headers for _, headers in racers]


async def test_without_the_activity_lock_trusted_approvals_lose_seat_updates(live_api, runtime, monkeypatch):
    original = ActivityService.load

    async def load_without_lock(self, actor, activity_id, *, for_update=False):
        return await original(self, actor, activity_id, for_update=False)

    monkeypatch.setattr(ActivityService, "load", load_without_lock)
    _, activity, racers = await trusted_activity(live_api, runtime, trusted=30, capacity=10)

    await asyncio.gather(
        *(live_api.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=h) for h in racers)
    )

    seats_taken, approved = await seats(runtime, activity["id"])
    assert approved != seats_taken or approved < 10, "expected lost updates without the lock"


async def test_trusted_requests_racing_ordinary_ones_and_approvals_never_pass_capacity(live_api, runtime):
    host, activity, trusted = await trusted_activity(live_api, runtime, trusted=TRUSTED)
    strangers = [headers for _, headers in await members(runtime, STRANGERS, offset=100, prefix="stranger")]
    url = f"/api/v1/activities/{activity['id']}/requests"
    pending = [(await live_api.post(url, json={}, headers=h)).json() for h in strangers]
    assert {request["status"] for request in pending} == {"pending"}

    answers = await asyncio.gather(
        *(live_api.post(url, json={}, headers=h) for h in trusted),
        *(
            live_api.post(
                f"/api/v1/requests/{request['id']}/decision",
                json={"decision": "approve"},
                headers=host.headers,
            )
            for request in pending
        ),
    )

    joins, decisions = answers[:TRUSTED], answers[TRUSTED:]
    assert all(answer.status_code == 201 for answer in joins)
    assert {answer.json()["status"] for answer in joins} <= {"approved", "waitlisted"}
    assert all(answer.status_code in (200, 409) for answer in decisions)
    approved_here = sum(a.json()["status"] == "approved" for a in joins) + sum(
        a.status_code == 200 for a in decisions
    )
    assert approved_here == SEATS
    assert await seats(runtime, activity["id"]) == (SEATS, SEATS)


# Weekly series -------------------------------------------------------------------------------


def series(court: str, weeks: list[int] | None = None) -> dict[str, Any]:
    return {
        "court_id": court,
        "starts_at": at(3, 20).isoformat(),
        "duration_minutes": 60,
        "weeks": WEEKS,
        "weeks_chosen": weeks,
    }


async def series_race(live_api, headers, payloads):
    return await asyncio.gather(
        *(
            live_api.post("/api/v1/bookings/series", json=payload, headers=h)
            for h, payload in zip(headers, payloads, strict=True)
        )
    )


async def live_bookings(runtime, court) -> list[m.Booking]:
    async with runtime.session_factory() as session:
        return list(
            await session.scalars(
                sa.select(m.Booking)
                .where(m.Booking.court_id == court, m.Booking.status.in_(m.OCCUPYING_STATUSES))
                .order_by(m.Booking.period)
            )
        )


async def test_racing_for_the_same_series_one_member_wins_every_week(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    headers = await signed_in_members(runtime, RACERS)

    answers = await series_race(live_api, headers, [series(court)] * RACERS)

    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (RACERS - 1)
    winner = next(answer.json() for answer in answers if answer.status_code == 201)
    booked = await live_bookings(runtime, court)
    assert len(booked) == WEEKS
    assert {str(booking.series_id) for booking in booked} == {winner["id"]}
    assert all(
        a.json()["error"]["code"] == "series_week_unavailable" for a in answers if a.status_code == 409
    )


async def test_racing_series_that_share_some_weeks_book_all_their_weeks_or_none(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    chosen = [[1, 2], [2, 3], [3, 4], [1, 4], [2, 4], [1, 3]]
    headers = await signed_in_members(runtime, len(chosen))

    answers = await series_race(live_api, headers, [series(court, weeks) for weeks in chosen])

    won = [(weeks, a.json()) for weeks, a in zip(chosen, answers, strict=True) if a.status_code == 201]
    assert won, "someone gets their weeks"
    assert all(a.status_code in (201, 409) for a in answers)
    booked = await live_bookings(runtime, court)
    assert len({booking.period.lower for booking in booked}) == len(booked), "one booking a week at most"
    for weeks, made in won:
        assert len(made["bookings"]) == len(weeks)
    assert len(booked) == sum(len(weeks) for weeks, _ in won), "the losers booked nothing"


async def test_without_the_court_lock_the_constraint_still_gives_each_week_to_one(
    live_api, runtime, monkeypatch
):
    """Two members, the code's own check switched off: both insert, the exclusion constraint keeps
    the first. (Two only: more losers inserting the same row at once can deadlock on each other's
    uncommitted rows, which is what the court lock prevents.)"""

    monkeypatch.setattr(BookingService, "lock_court", court_without_lock)
    monkeypatch.setattr(VenueDay, "taken", lambda self, court_id, start, end: False)
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    headers = await signed_in_members(runtime, 2)

    answers = await series_race(live_api, headers, [series(court)] * 2)

    assert sorted(answer.status_code for answer in answers) == [201, 409]
    refused = next(a.json()["error"] for a in answers if a.status_code == 409)
    assert refused["details"]["constraint"] == CONSTRAINT, "the database decided"
    assert len(await live_bookings(runtime, court)) == WEEKS


async def test_the_member_cancelling_a_series_from_several_tabs_cancels_each_week_once(live_api, runtime):
    """Each cancel locks its week's row: the first call cancels every week, the others find nothing
    left (409) instead of cancelling twice or failing halfway."""
    venue = await open_venue(live_api, await venue_owner(runtime))
    court = venue["courts"][0]["id"]
    (headers,) = await signed_in_members(runtime, 1)
    made = (await live_api.post("/api/v1/bookings/series", json=series(court), headers=headers)).json()

    answers = await asyncio.gather(
        *(
            live_api.post(f"/api/v1/bookings/series/{made['id']}/cancel", headers=headers)
            for _ in range(RACERS)
        )
    )

    assert sorted(answer.status_code for answer in answers) == [200] + [409] * (RACERS - 1)
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {"nothing_to_cancel"}
    assert await live_bookings(runtime, court) == []
    won = next(answer.json() for answer in answers if answer.status_code == 200)
    assert [booking["status"] for booking in won["bookings"]] == ["cancelled"] * WEEKS

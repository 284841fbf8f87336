"""A member's live holds at one venue: what the venue page reminds them of (real database)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.social import person
from tests.venues import at, booking_payload, open_venue, set_booking, venue_owner


async def hold(client, who, court_id: str, starts_at) -> str:
    answer = await client.post(
        "/api/v1/bookings", json=booking_payload(court_id, starts_at), headers=who.headers
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def live_holds(runtime, who, venue_id: str) -> list[str]:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, who.id)
        return [str(booking.id) for booking in await services.bookings.live_holds(actor, UUID(venue_id))]


async def test_only_the_members_own_live_holds_at_that_venue_lapsing_first_first(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    other = await person(runtime, 2, "bilal")
    venue = await open_venue(client, owner)
    elsewhere = await open_venue(client, owner, name="Baseline Padel")
    court_1, court_2 = (str(court["id"]) for court in venue["courts"])

    later = await hold(client, member, court_1, at(2, 20))
    sooner = await hold(client, member, court_2, at(2, 21))
    await set_booking(runtime, sooner, hold_expires_at=utcnow() + timedelta(minutes=3))
    lapsed = await hold(client, member, court_1, at(3, 20))
    await set_booking(runtime, lapsed, hold_expires_at=utcnow() - timedelta(seconds=1))
    confirmed = await hold(client, member, court_2, at(3, 21))
    paid = await client.post(f"/api/v1/bookings/{confirmed}/pay-at-venue", headers=member.headers)
    assert paid.status_code == 200, paid.text
    await hold(client, other, court_1, at(4, 20))
    await hold(client, member, str(elsewhere["courts"][0]["id"]), at(2, 20))

    assert await live_holds(runtime, member, venue["id"]) == [sooner, later]
    assert len(await live_holds(runtime, other, venue["id"])) == 1
    assert await live_holds(runtime, owner, venue["id"]) == []


async def test_a_hold_made_for_an_activity_is_not_a_live_court_hold(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    venue = await open_venue(client, owner)
    held = await hold(client, member, str(venue["courts"][0]["id"]), at(2, 20))
    async with runtime.session_factory() as session:
        activity = m.Activity(
            host_id=member.id,
            slug="padel-at-court-nine",
            title="Padel doubles",
            type=m.ActivityType.PADEL,
            starts_at=at(2, 20),
            ends_at=at(2, 21),
            place_name="Court Nine Padel",
            city="Lahore",
            capacity=4,
        )
        session.add(activity)
        await session.commit()
        activity_id = activity.id
    await set_booking(runtime, held, activity_id=activity_id)

    assert await live_holds(runtime, member, venue["id"]) == []

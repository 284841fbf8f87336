"""Formats: women-only and mixed for every activity type, enforced at join from the member's profile
and when the host changes the audience; venue hours that differ by date (Ramadan nights) set for a
range of dates in one call and honoured by the free slots and by holds."""

import pytest

from scene_api.db import models as m
from tests.hosting import host_activity, join, joined
from tests.social import person
from tests.venues import at, booking_payload, local_day, open_venue, venue_owner


@pytest.fixture
async def people(runtime):
    hamza = await person(runtime, 1, "hamza", gender=m.Gender.MAN)
    sana = await person(runtime, 2, "sana", name="Sana Mir", gender=m.Gender.WOMAN)
    kamran = await person(runtime, 3, "kamran", name="Kamran Ali", gender=m.Gender.MAN)
    quiet = await person(runtime, 4, "quiet", gender=m.Gender.UNDISCLOSED)
    return hamza, sana, kamran, quiet


@pytest.mark.parametrize("activity_type", list(m.ActivityType))
async def test_every_activity_type_can_be_women_only_or_mixed(client, people, activity_type):
    hamza, sana, kamran, quiet = people
    women_only = await host_activity(client, hamza, type=activity_type.value, audience="women_only")
    mixed = await host_activity(client, hamza, type=activity_type.value, audience="mixed")

    assert women_only["audience"] == "women_only"
    for refused in (kamran, quiet):
        answer = await join(client, women_only, refused)
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "audience_mismatch")
    assert (await join(client, women_only, sana)).status_code == 201
    assert (await join(client, mixed, kamran)).status_code == 201


async def test_an_activity_with_men_in_cannot_become_women_only(client, people):
    hamza, sana, kamran, _ = people
    activity = await host_activity(client, hamza, auto_approve=True)
    await joined(client, activity, sana)
    await joined(client, activity, kamran)

    refused = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"audience": "women_only"}, headers=hamza.headers
    )

    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "audience_conflict")
    assert "Kamran Ali" in refused.json()["error"]["message"]
    detail = (await client.get(f"/api/v1/activities/{activity['id']}", headers=hamza.headers)).json()
    assert detail["audience"] == "mixed"


async def test_becoming_women_only_turns_away_men_still_asking_or_waiting(client, runtime, people):
    hamza, sana, kamran, quiet = people
    activity = await host_activity(client, hamza, capacity=1)
    sana_request = await joined(client, activity, sana)
    await client.post(
        f"/api/v1/requests/{sana_request['id']}/decision", json={"decision": "approve"}, headers=hamza.headers
    )
    waiting = await joined(client, activity, kamran)
    assert waiting["status"] == "waitlisted"

    changed = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"audience": "women_only"}, headers=hamza.headers
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["audience"] == "women_only"
    listed = (await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=hamza.headers)).json()
    assert {r["requester"]["handle"]: r["status"] for r in listed} == {
        "sana": "approved",
        "kamran": "withdrawn",
    }
    back = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"audience": "mixed"}, headers=hamza.headers
    )
    assert back.json()["audience"] == "mixed"
    assert (await join(client, activity, quiet)).json()["status"] == "waitlisted"


async def test_a_pending_man_is_declined_when_the_activity_becomes_women_only(client, people):
    hamza, _, kamran, _ = people
    activity = await host_activity(client, hamza)
    await joined(client, activity, kamran)

    await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"audience": "women_only"}, headers=hamza.headers
    )

    listed = (await client.get(f"/api/v1/activities/{activity['id']}/requests", headers=hamza.headers)).json()
    assert [r["status"] for r in listed] == ["rejected"]


# Venue hours by date -------------------------------------------------------------------------

RAMADAN_NIGHTS = {"opens_minute": 21 * 60, "closes_minute": 27 * 60, "note": "After taraweeh"}


async def test_special_hours_for_a_range_of_dates_in_one_call(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    first, last = local_day(4), local_day(8)

    answer = await client.put(
        f"/api/v1/owner/venues/{venue['id']}/special-hours",
        json={"from_day": first.isoformat(), "to_day": last.isoformat(), **RAMADAN_NIGHTS},
        headers=owner.headers,
    )

    assert answer.status_code == 200, answer.text
    days = [(day["day"], day["opens_minute"], day["note"]) for day in answer.json()["special_hours"]]
    assert days == [(local_day(n).isoformat(), 21 * 60, "After taraweeh") for n in range(4, 9)]
    slots_url = f"/api/v1/venues/{venue['id']}/slots"
    for day_ahead in (4, 8):
        slots = (await client.get(slots_url, params={"date": local_day(day_ahead).isoformat()})).json()
        times = [slot["starts_at"] for slot in slots["courts"][0]["slots"]]
        assert (times[0], times[-1]) == (at(day_ahead, 21).isoformat(), at(day_ahead + 1, 2).isoformat())
    after = (await client.get(slots_url, params={"date": local_day(9).isoformat()})).json()
    assert after["courts"][0]["slots"][0]["starts_at"] == at(9, 0).isoformat(), "weekly hours again"
    ayesha = await person(runtime, 5, "ayesha")
    court = venue["courts"][0]["id"]
    afternoon = await client.post(
        "/api/v1/bookings", json=booking_payload(court, at(5, 15)), headers=ayesha.headers
    )
    late = await client.post(
        "/api/v1/bookings", json=booking_payload(court, at(6, 1)), headers=ayesha.headers
    )
    assert (afternoon.status_code, afternoon.json()["error"]["code"]) == (422, "outside_hours")
    assert late.status_code == 201, "1 am belongs to the Ramadan night before"


async def test_a_range_can_close_the_venue_and_is_written_again_in_place(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    url = f"/api/v1/owner/venues/{venue['id']}/special-hours"
    eid = {"from_day": local_day(10).isoformat(), "to_day": local_day(12).isoformat()}
    await client.put(url, json=eid | RAMADAN_NIGHTS, headers=owner.headers)

    closed = await client.put(url, json=eid | {"closed": True, "note": "Eid"}, headers=owner.headers)

    assert [(d["closed"], d["opens_minute"], d["note"]) for d in closed.json()["special_hours"]] == [
        (True, None, "Eid")
    ] * 3
    slots = (
        await client.get(f"/api/v1/venues/{venue['id']}/slots", params={"date": local_day(11).isoformat()})
    ).json()
    assert slots["opens_at"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from_day": 8, "to_day": 4, **RAMADAN_NIGHTS}, "to_day"),
        ({"from_day": 1, "to_day": 70, **RAMADAN_NIGHTS}, "to_day"),
        ({"from_day": 4, "to_day": 5}, "opens_minute"),
    ],
)
async def test_what_a_range_refuses(client, runtime, body, field):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    dated = body | {
        "from_day": local_day(body["from_day"]).isoformat(),
        "to_day": local_day(body["to_day"]).isoformat(),
    }
    refused = await client.put(
        f"/api/v1/owner/venues/{venue['id']}/special-hours", json=dated, headers=owner.headers
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["fields"].keys() == {field}
    member = await person(runtime, 5, "member")
    not_theirs = await client.put(
        f"/api/v1/owner/venues/{venue['id']}/special-hours", json=dated, headers=member.headers
    )
    assert not_theirs.status_code == 404

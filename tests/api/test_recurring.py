"""Weekly series: a preview names the weeks that conflict (taken, blocked, outside the hours of that
date); booking the chosen weeks creates one confirmed booking a week under one series id, all or
none; each occurrence is cancelled alone; the series is listed."""

from datetime import timedelta
from typing import Any

import pytest

from scene_api.db import models as m
from tests.social import count, person
from tests.venues import at, booking_payload, local_day, next_half_hour, open_venue, venue_owner

EIGHT_PM = (3, 20)


@pytest.fixture
async def setting(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    ayesha = await person(runtime, 1, "ayesha", name="Ayesha Khan")
    return owner, venue, ayesha


def series(court: str, weeks: int, **extra: Any) -> dict[str, Any]:
    return {
        "court_id": court,
        "starts_at": at(*EIGHT_PM).isoformat(),
        "duration_minutes": 60,
        "weeks": weeks,
    } | extra


def week(n: int, hour: int = 20):
    """Week `n` (1 = the first) of a series starting three days ahead."""
    return at(3 + 7 * (n - 1), hour)


async def preview(client, who, body):
    return await client.post("/api/v1/bookings/series/preview", json=body, headers=who.headers)


async def book(client, who, body):
    return await client.post("/api/v1/bookings/series", json=body, headers=who.headers)


async def arrange_conflicts(client, runtime, owner, venue, court):
    """Week 2 is taken by Bilal, week 3 blocked by the venue, week 4 a day the venue is closed."""
    bilal = await person(runtime, 2, "bilal")
    taken = await client.post("/api/v1/bookings", json=booking_payload(court, week(2)), headers=bilal.headers)
    assert taken.status_code == 201, taken.text
    base = f"/api/v1/owner/venues/{venue['id']}"
    blocked = await client.post(
        f"{base}/blackouts",
        json={"starts_at": week(3, 19).isoformat(), "ends_at": week(3, 23).isoformat(), "court_id": court},
        headers=owner.headers,
    )
    assert blocked.status_code == 201, blocked.text
    closed = await client.put(
        f"{base}/special-hours/{local_day(3 + 21).isoformat()}",
        json={"closed": True, "note": "Eid"},
        headers=owner.headers,
    )
    assert closed.status_code == 200, closed.text
    return bilal


async def test_the_preview_names_each_week_that_conflicts_and_books_nothing(client, runtime, setting):
    owner, venue, ayesha = setting
    court = venue["courts"][0]["id"]
    await arrange_conflicts(client, runtime, owner, venue, court)

    answer = await preview(client, ayesha, series(court, 5))

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [(w["week"], w["free"], w["conflict"]) for w in body["weeks"]] == [
        (1, True, None),
        (2, False, "slot_taken"),
        (3, False, "slot_blocked"),
        (4, False, "outside_hours"),
        (5, True, None),
    ]
    assert [w["starts_at"] for w in body["weeks"]] == [week(n).isoformat() for n in range(1, 6)]
    assert body["free_weeks"] == [1, 5]
    assert body["total_pkr"] == 2 * 8000
    assert "blocked by the venue" in body["weeks"][2]["message"]
    assert await count(runtime, m.Booking, m.Booking.user_id == ayesha.id) == 0


async def test_booking_the_free_weeks_makes_one_confirmed_booking_a_week_under_one_series(
    client, runtime, setting
):
    owner, venue, ayesha = setting
    court = venue["courts"][0]["id"]
    await arrange_conflicts(client, runtime, owner, venue, court)

    answer = await book(client, ayesha, series(court, 5, weeks_chosen=[1, 5]))

    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert [b["starts_at"] for b in made["bookings"]] == [week(1).isoformat(), week(5).isoformat()]
    assert {(b["status"], b["payment_method"], b["series_id"]) for b in made["bookings"]} == {
        ("confirmed", "pay_at_venue", made["id"])
    }
    assert made["total_pkr"] == 16000
    assert all(b["whatsapp_url"] for b in made["bookings"])
    listed = await client.get(f"/api/v1/bookings/series/{made['id']}", headers=ayesha.headers)
    assert listed.json() == made
    by_owner = await client.get(f"/api/v1/bookings/series/{made['id']}", headers=owner.headers)
    assert by_owner.status_code == 200
    assert (
        await count(
            runtime,
            m.Notification,
            m.Notification.user_id == owner.id,
            m.Notification.kind == "booking_series_confirmed",
        )
        == 1
    )


async def test_a_week_taken_since_the_preview_is_named_and_nothing_is_booked(client, runtime, setting):
    _, venue, ayesha = setting
    court = venue["courts"][0]["id"]
    assert (await preview(client, ayesha, series(court, 4))).json()["free_weeks"] == [1, 2, 3, 4]
    bilal = await person(runtime, 2, "bilal")
    await client.post("/api/v1/bookings", json=booking_payload(court, week(3)), headers=bilal.headers)

    refused = await book(client, ayesha, series(court, 4))

    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "series_week_unavailable"
    assert error["message"].startswith("Week 3: Court 1 at 8:00 pm on ")
    assert (error["details"]["week"], error["details"]["conflict"]) == (3, "slot_taken")
    assert await count(runtime, m.Booking, m.Booking.user_id == ayesha.id) == 0


async def test_each_occurrence_is_cancelled_alone(client, setting):
    _, venue, ayesha = setting
    made = (await book(client, ayesha, series(venue["courts"][0]["id"], 3))).json()
    second = made["bookings"][1]

    cancelled = await client.post(f"/api/v1/bookings/{second['id']}/cancel", headers=ayesha.headers)

    assert cancelled.status_code == 200, cancelled.text
    listed = (await client.get(f"/api/v1/bookings/series/{made['id']}", headers=ayesha.headers)).json()
    assert [b["status"] for b in listed["bookings"]] == ["confirmed", "cancelled", "confirmed"]
    assert listed["total_pkr"] == 2 * 8000


async def test_the_member_cancels_every_week_still_free_to_cancel_in_one_go(client, runtime, setting):
    owner, venue, ayesha = setting
    soon = next_half_hour(timedelta(hours=3))
    body = series(venue["courts"][0]["id"], 4, starts_at=soon.isoformat())
    made = (await book(client, ayesha, body)).json()
    by_owner = await client.post(f"/api/v1/bookings/series/{made['id']}/cancel", headers=owner.headers)
    assert by_owner.status_code == 404, "the member's own: the venue cancels week by week"

    answer = await client.post(f"/api/v1/bookings/series/{made['id']}/cancel", headers=ayesha.headers)

    assert answer.status_code == 200, answer.text
    assert [b["status"] for b in answer.json()["bookings"]] == [
        "confirmed",
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    assert answer.json()["total_pkr"] == made["bookings"][0]["price_pkr"], "the week too close stays"
    again = await client.post(
        f"/api/v1/bookings/series/{made['id']}/cancel", headers=ayesha.headers | {"Accept-Language": "ur"}
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "nothing_to_cancel")
    assert again.json()["error"]["message"].startswith("اس ہفتہ وار بکنگ")
    assert await count(runtime, m.Booking, m.Booking.status == m.BookingStatus.CANCELLED) == 3


async def test_a_series_may_reach_past_the_booking_horizon_but_must_start_within_it(client, setting):
    _, venue, ayesha = setting
    court = venue["courts"][0]["id"]

    twelve = await book(client, ayesha, series(court, 12))
    too_far = await preview(client, ayesha, series(court, 2, starts_at=at(70, 20).isoformat()))

    assert twelve.status_code == 201, twelve.text
    assert len(twelve.json()["bookings"]) == 12
    assert too_far.status_code == 422


@pytest.mark.parametrize(
    ("change", "field"),
    [({"weeks": 1}, "weeks"), ({"weeks": 13}, "weeks"), ({"weeks": 3, "weeks_chosen": [4]}, "weeks_chosen")],
)
async def test_what_a_series_refuses(client, setting, change, field):
    _, venue, ayesha = setting
    refused = await book(client, ayesha, series(venue["courts"][0]["id"], 3) | change)
    assert refused.status_code == 422
    assert field in str(refused.json()["error"])


async def test_a_series_is_its_members_and_the_venues_to_read(client, runtime, setting):
    _, venue, ayesha = setting
    made = (await book(client, ayesha, series(venue["courts"][0]["id"], 2))).json()
    stranger = await person(runtime, 3, "stranger")
    assert (
        await client.get(f"/api/v1/bookings/series/{made['id']}", headers=stranger.headers)
    ).status_code == 404

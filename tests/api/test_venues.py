"""Venues: owners run them (courts, hours, prices, photos, blocked periods), members discover them and
see free slots; slot computation (hours past midnight, special hours, blackouts, peak prices) as pure
functions."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scene_api.db import models as m
from scene_api.domain.venues import availability as av
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from tests.social import count, person, picture
from tests.venues import ALL_DAY, at, booking_payload, local_day, open_venue, venue_owner, venue_payload

# --- slot computation, pure ---------------------------------------------------------------------

FRIDAY = date(2026, 11, 27)
LATE_NIGHTS = av.Window(opens=7 * 60, closes=25 * 60)
"""07:00 until 01:00 the next morning."""
PRICES = av.Prices(off_peak=6000, peak=8000)
EVENINGS = (18 * 60, 24 * 60)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def karachi(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KARACHI)


def starts(slots: list[av.Slot]) -> list[str]:
    return [f"{to_local(slot.starts_at):%d %H:%M}" for slot in slots]


def test_slots_start_on_the_half_hour_and_run_past_midnight_until_closing():
    slots = av.free_slots(FRIDAY, LATE_NIGHTS, 60, prices=PRICES, peak=EVENINGS, taken=[], now=LONG_AGO)
    assert starts(slots)[:3] == ["27 07:00", "27 07:30", "27 08:00"]
    assert starts(slots)[-3:] == ["27 23:00", "27 23:30", "28 00:00"]
    assert slots[-1].ends_at == karachi(FRIDAY + timedelta(days=1), 1)
    assert len(slots) == (25 - 7 - 1) * 2 + 1


def test_an_opening_off_the_grid_starts_at_the_next_half_hour_and_long_slots_end_by_closing():
    slots = av.free_slots(
        FRIDAY, av.Window(7 * 60 + 10, 10 * 60), 90, prices=PRICES, peak=None, taken=[], now=LONG_AGO
    )
    assert starts(slots) == ["27 07:30", "27 08:00", "27 08:30"]


def test_peak_price_applies_when_the_slot_starts_inside_the_peak_window():
    slots = {
        f"{to_local(slot.starts_at):%H:%M}": slot
        for slot in av.free_slots(
            FRIDAY, LATE_NIGHTS, 60, prices=PRICES, peak=EVENINGS, taken=[], now=LONG_AGO
        )
    }
    assert (slots["17:30"].price_pkr, slots["17:30"].peak) == (6000, False)
    assert (slots["18:00"].price_pkr, slots["18:00"].peak) == (8000, True)
    assert (slots["23:30"].price_pkr, slots["00:00"].price_pkr) == (8000, 6000)
    after_midnight_peak = av.free_slots(
        FRIDAY, LATE_NIGHTS, 60, prices=PRICES, peak=(19 * 60, 26 * 60), taken=[], now=LONG_AGO
    )
    assert after_midnight_peak[-1].peak, "a peak window may run past midnight too"


def test_taken_stretches_remove_every_overlapping_slot_but_not_touching_ones():
    taken = [(karachi(FRIDAY, 20), karachi(FRIDAY, 21))]
    slots = av.free_slots(FRIDAY, LATE_NIGHTS, 60, prices=PRICES, peak=EVENINGS, taken=taken, now=LONG_AGO)
    free = starts(slots)
    assert "27 19:00" in free
    assert "27 19:30" not in free
    assert "27 20:00" not in free
    assert "27 20:30" not in free
    assert "27 21:00" in free


def test_slots_that_have_started_are_not_offered():
    now = karachi(FRIDAY, 20, 5)
    slots = av.free_slots(FRIDAY, LATE_NIGHTS, 60, prices=PRICES, peak=EVENINGS, taken=[], now=now)
    assert starts(slots)[0] == "27 20:30"


def test_special_hours_replace_the_weekly_ones_for_their_date_only():
    weekly = {FRIDAY.weekday(): LATE_NIGHTS}
    ramadan = av.Window(21 * 60, 27 * 60)
    special = {FRIDAY: ramadan, FRIDAY + timedelta(days=7): None}
    assert av.window_on(FRIDAY, weekly, special) == ramadan
    assert av.window_on(FRIDAY + timedelta(days=7), weekly, special) is None
    assert av.window_on(FRIDAY + timedelta(days=14), weekly, special) == LATE_NIGHTS
    assert av.window_on(FRIDAY + timedelta(days=1), weekly, special) is None


def test_a_booking_after_midnight_belongs_to_the_evening_before():
    windows = {FRIDAY: LATE_NIGHTS, FRIDAY + timedelta(days=1): av.Window(9 * 60, 20 * 60)}
    saturday = FRIDAY + timedelta(days=1)
    assert av.place_in_hours(karachi(saturday, 0, 0), 60, windows.get) == (FRIDAY, 24 * 60)
    assert av.place_in_hours(karachi(saturday, 0, 30), 60, windows.get) is None, "ends after 01:00"
    assert av.place_in_hours(karachi(saturday, 9), 60, windows.get) == (saturday, 9 * 60)
    assert av.place_in_hours(karachi(saturday, 8), 60, windows.get) is None
    assert av.place_in_hours(karachi(FRIDAY, 6, 30), 60, windows.get) is None


def test_only_the_half_hour_grid_is_bookable():
    assert av.on_grid(karachi(FRIDAY, 20, 30))
    assert not av.on_grid(karachi(FRIDAY, 20, 15))
    assert not av.on_grid(karachi(FRIDAY, 20, 0) + timedelta(seconds=1))


# --- owners run venues --------------------------------------------------------------------------


async def test_an_owner_sets_up_a_venue_with_courts_hours_and_prices(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner, courts=("Court 1", "Court 2"))
    assert venue["slug"] == "court-nine-padel"
    assert venue["contact_phone"] == "+923001234567"
    assert [court["name"] for court in venue["courts"]] == ["Court 1", "Court 2"]
    assert len(venue["opening_hours"]) == 7
    assert [price["duration_minutes"] for price in venue["prices"]] == [60, 90]
    public = await client.get(f"/api/v1/venues/{venue['id']}")
    assert public.status_code == 200
    assert public.json()["courts"] == venue["courts"]
    by_slug = await client.get("/api/v1/venues/by-slug/court-nine-padel")
    assert by_slug.json()["id"] == venue["id"]
    again = await client.post("/api/v1/owner/venues", json=venue_payload(), headers=owner.headers)
    assert again.json()["slug"].startswith("court-nine-padel-")
    mine = await client.get("/api/v1/owner/venues", headers=owner.headers)
    assert [item["id"] for item in mine.json()["items"]] == [again.json()["id"], venue["id"]]


async def test_only_venue_owners_and_admins_add_venues(client, runtime):
    member = await person(runtime, 1, "member")
    refused = await client.post("/api/v1/owner/venues", json=venue_payload(), headers=member.headers)
    assert refused.status_code == 403
    owner = await venue_owner(runtime)
    admin = await person(runtime, 2, "admin", role=m.UserRole.ADMIN)
    for_owner = await client.post(
        "/api/v1/owner/venues", json=venue_payload(owner_id=str(owner.id)), headers=admin.headers
    )
    assert for_owner.status_code == 201
    mine = await client.get("/api/v1/owner/venues", headers=owner.headers)
    assert [item["id"] for item in mine.json()["items"]] == [for_owner.json()["id"]]
    not_for_others = await client.post(
        "/api/v1/owner/venues", json=venue_payload(owner_id=str(member.id)), headers=owner.headers
    )
    assert not_for_others.status_code == 403


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("", {"peak_start_minute": 1080, "peak_end_minute": None}, "peak_end_minute"),
        ("", {"peak_start_minute": 1200, "peak_end_minute": 1100}, "peak_end_minute"),
        ("", {"contact_phone": "12345"}, "contact_phone"),
        ("", {"owner_id": "x"}, "owner_id"),
        ("/hours", {"hours": [ALL_DAY[0], ALL_DAY[0]]}, "hours"),
        ("/hours", {"hours": [{"weekday": 0, "opens_minute": 600, "closes_minute": 500}]}, "hours"),
        ("/hours", {"hours": [{"weekday": 7, "opens_minute": 600, "closes_minute": 900}]}, "weekday"),
        ("/prices", {"prices": [{"duration_minutes": 45, "price_pkr": 1, "peak_price_pkr": 1}]}, "duration"),
        ("/special-hours/2026-12-25", {"closed": False}, "opens_minute"),
    ],
)
async def test_bad_venue_settings_are_refused_with_the_field_named(client, runtime, path, body, field):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    method = client.patch if not path else client.put
    answer = await method(f"/api/v1/owner/venues/{venue['id']}{path}", json=body, headers=owner.headers)
    assert answer.status_code == 422, answer.text
    assert field in answer.text


async def test_owner_endpoints_answer_404_for_venues_someone_else_runs(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    other_owner = await venue_owner(runtime, 901, "other_owner")
    member = await person(runtime, 1, "member")
    admin = await person(runtime, 2, "admin", role=m.UserRole.ADMIN)
    base = f"/api/v1/owner/venues/{venue['id']}"
    court = venue["courts"][0]["id"]
    day = local_day(2).isoformat()
    blackout = {"starts_at": at(2, 9).isoformat(), "ends_at": at(2, 10).isoformat()}
    requests: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", base, None),
        ("PATCH", base, {"name": "Taken Over"}),
        ("POST", f"{base}/courts", {"name": "Court 9"}),
        ("PATCH", f"{base}/courts/{court}", {"active": False}),
        ("PUT", f"{base}/hours", {"hours": ALL_DAY}),
        ("PUT", f"{base}/special-hours/{day}", {"closed": True}),
        ("PUT", f"{base}/prices", {"prices": []}),
        ("POST", f"{base}/blackouts", blackout),
        ("GET", f"{base}/calendar?week_start={day}", None),
    ]
    for who in (other_owner, member):
        for method, path, body in requests:
            answer = await client.request(method, path, json=body, headers=who.headers)
            assert answer.status_code == 404, (who.user.handle, method, path, answer.text)
    listed = await client.get("/api/v1/owner/venues", headers=member.headers)
    assert listed.json()["items"] == []
    for method, path, body in requests:
        answer = await client.request(method, path, json=body, headers=admin.headers)
        assert answer.status_code in (200, 201), (method, path, answer.text)
    for method, path, _ in requests:
        assert (await client.request(method, path)).status_code == 401


async def test_courts_can_be_renamed_and_taken_out_of_use(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    base = f"/api/v1/owner/venues/{venue['id']}"
    court_id = venue["courts"][1]["id"]
    duplicate = await client.post(f"{base}/courts", json={"name": "Court 1"}, headers=owner.headers)
    assert duplicate.status_code == 409
    assert "already has a court" in duplicate.json()["error"]["message"]
    renamed = await client.patch(
        f"{base}/courts/{court_id}", json={"name": "Glass Court", "active": False}, headers=owner.headers
    )
    assert renamed.json() | {"id": None} == {
        "id": None,
        "name": "Glass Court",
        "sport": "padel",
        "indoor": True,
        "active": False,
    }
    public = (await client.get(f"/api/v1/venues/{venue['id']}")).json()
    assert [court["name"] for court in public["courts"]] == ["Court 1"]
    managed = (await client.get(base, headers=owner.headers)).json()
    assert [court["name"] for court in managed["courts"]] == ["Court 1", "Glass Court"]
    slots = await client.get(f"/api/v1/venues/{venue['id']}/slots", params={"date": local_day(2).isoformat()})
    assert [c["court"]["name"] for c in slots.json()["courts"]] == ["Court 1"]


async def test_hidden_venues_leave_discovery_but_stay_with_their_owner(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    hidden = await client.patch(
        f"/api/v1/owner/venues/{venue['id']}", json={"status": "hidden"}, headers=owner.headers
    )
    assert hidden.json()["status"] == "hidden"
    assert (await client.get(f"/api/v1/venues/{venue['id']}")).status_code == 404
    assert (await client.get("/api/v1/venues")).json()["items"] == []
    assert (await client.get(f"/api/v1/owner/venues/{venue['id']}", headers=owner.headers)).status_code == 200


async def test_photos_are_checked_by_content_resized_and_served(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    base = f"/api/v1/owner/venues/{venue['id']}/photos"
    uploaded = await client.post(
        base,
        files={"file": ("court.png", picture("PNG", (2400, 1200)), "image/png")},
        data={"caption": "Court 1 at night"},
        headers=owner.headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    photo = uploaded.json()
    assert photo["caption"] == "Court 1 at night"
    served = await client.get(photo["url"])
    assert served.headers["content-type"] == "image/webp"
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(served.content)).size == (1600, 800)
    fake = await client.post(
        base, files={"file": ("court.jpg", b"<?php echo 1; ?>", "image/jpeg")}, headers=owner.headers
    )
    assert fake.status_code == 422
    assert fake.json()["error"]["details"]["fields"] == {"file": "Send a JPEG, PNG or WebP picture."}
    listed = (await client.get("/api/v1/venues")).json()["items"][0]
    assert listed["cover_url"] == photo["url"]
    removed = await client.delete(f"{base}/{photo['id']}", headers=owner.headers)
    assert removed.status_code == 204
    assert (await client.get(f"/api/v1/venues/{venue['id']}")).json()["photos"] == []


# --- free slots ---------------------------------------------------------------------------------


async def test_slots_list_every_court_with_prices_and_leave_out_bookings_and_blackouts(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "member")
    venue = await open_venue(client, owner)
    court_1, court_2 = (court["id"] for court in venue["courts"])
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(court_1, at(3, 20)), headers=member.headers
    )
    assert held.status_code == 201, held.text
    blocked = await client.post(
        f"/api/v1/owner/venues/{venue['id']}/blackouts",
        json={"starts_at": at(3, 9).isoformat(), "ends_at": at(3, 12).isoformat(), "reason": "Relaying turf"},
        headers=owner.headers,
    )
    assert blocked.status_code == 201, blocked.text
    answer = await client.get(
        f"/api/v1/venues/{venue['id']}/slots", params={"date": local_day(3).isoformat(), "duration": 60}
    )
    assert answer.status_code == 200
    slots = answer.json()
    assert slots["opens_at"] == at(3, 0).isoformat()
    by_court = {c["court"]["id"]: {s["starts_at"][11:16]: s for s in c["slots"]} for c in slots["courts"]}
    for court in (court_1, court_2):
        assert "08:00" in by_court[court]
        assert not {"08:30", "09:00", "11:30"} & set(by_court[court])
        assert "12:00" in by_court[court]
    assert {"19:30", "20:00", "20:30"}.isdisjoint(by_court[court_1])
    assert by_court[court_2]["20:00"] == {
        "starts_at": at(3, 20).isoformat(),
        "ends_at": at(3, 21).isoformat(),
        "price_pkr": 8000,
        "peak": True,
    }
    assert by_court[court_2]["17:00"]["price_pkr"] == 6000


async def test_a_court_blackout_blocks_only_that_court_and_unblocking_frees_it(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    court_1, court_2 = (court["id"] for court in venue["courts"])
    blocked = await client.post(
        f"/api/v1/owner/venues/{venue['id']}/blackouts",
        json={"court_id": court_2, "starts_at": at(3, 20).isoformat(), "ends_at": at(3, 21).isoformat()},
        headers=owner.headers,
    )
    params = {"date": local_day(3).isoformat()}

    async def free_at_eight():
        slots = (await client.get(f"/api/v1/venues/{venue['id']}/slots", params=params)).json()
        return [
            c["court"]["id"]
            for c in slots["courts"]
            if at(3, 20).isoformat() in {s["starts_at"] for s in c["slots"]}
        ]

    assert await free_at_eight() == [court_1]
    unblocked = await client.delete(
        f"/api/v1/owner/venues/{venue['id']}/blackouts/{blocked.json()['id']}", headers=owner.headers
    )
    assert unblocked.status_code == 204
    assert await free_at_eight() == [court_1, court_2]


async def test_special_hours_close_a_day_or_open_it_late(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    base = f"/api/v1/owner/venues/{venue['id']}/special-hours"
    eid, ramadan = local_day(4), local_day(5)
    closed = await client.put(f"{base}/{eid}", json={"closed": True, "note": "Eid"}, headers=owner.headers)
    assert closed.status_code == 200, closed.text
    late = await client.put(
        f"{base}/{ramadan}",
        json={"opens_minute": 21 * 60, "closes_minute": 27 * 60, "note": "After taraweeh"},
        headers=owner.headers,
    )
    assert [day["note"] for day in late.json()["special_hours"]] == ["Eid", "After taraweeh"]
    slots_url = f"/api/v1/venues/{venue['id']}/slots"
    eid_slots = (await client.get(slots_url, params={"date": eid.isoformat()})).json()
    assert eid_slots["opens_at"] is None
    assert all(court["slots"] == [] for court in eid_slots["courts"])
    ramadan_slots = (await client.get(slots_url, params={"date": ramadan.isoformat()})).json()
    times = [slot["starts_at"] for slot in ramadan_slots["courts"][0]["slots"]]
    assert times[0] == at(5, 21).isoformat()
    assert times[-1] == at(6, 2).isoformat()
    cleared = await client.delete(f"{base}/{ramadan}", headers=owner.headers)
    assert [day["note"] for day in cleared.json()["special_hours"]] == ["Eid"]
    assert (await client.delete(f"{base}/{ramadan}", headers=owner.headers)).status_code == 404


async def test_slots_refuse_bad_durations_and_far_dates(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    url = f"/api/v1/venues/{venue['id']}/slots"
    bad_duration = await client.get(url, params={"date": local_day(1).isoformat(), "duration": 45})
    assert bad_duration.status_code == 422
    assert "duration" in bad_duration.json()["error"]["details"]["fields"]
    too_far = await client.get(url, params={"date": local_day(90).isoformat()})
    assert too_far.status_code == 422
    no_price = await client.get(url, params={"date": local_day(1).isoformat(), "duration": 120})
    assert all(court["slots"] == [] for court in no_price.json()["courts"])
    today = await client.get(url, params={"date": local_day(0).isoformat()})
    assert all(
        slot["starts_at"] > utcnow().isoformat() for c in today.json()["courts"] for slot in c["slots"]
    )


# --- discovery ----------------------------------------------------------------------------------


async def test_discovery_filters_by_city_sport_radius_and_price(client, runtime):
    owner = await venue_owner(runtime)
    gulberg = await open_venue(client, owner, name="Gulberg Padel")
    await open_venue(
        client,
        owner,
        name="Clifton Padel",
        city="Karachi",
        lat=24.8180,
        lng=67.0290,
        prices=[{"duration_minutes": 60, "price_pkr": 4000, "peak_price_pkr": 5000}],
    )
    dha = await open_venue(client, owner, name="DHA Futsal", lat=31.4760, lng=74.4580)
    await client.post(
        f"/api/v1/owner/venues/{dha['id']}/courts",
        json={"name": "Pitch", "sport": "futsal"},
        headers=owner.headers,
    )

    async def names(**params):
        answer = await client.get("/api/v1/venues", params=params)
        assert answer.status_code == 200, answer.text
        return [item["name"] for item in answer.json()["items"]]

    assert await names() == ["Clifton Padel", "DHA Futsal", "Gulberg Padel"]
    assert await names(city="Lahore") == ["DHA Futsal", "Gulberg Padel"]
    assert await names(sport="futsal") == ["DHA Futsal"]
    assert await names(max_price_pkr=5000) == ["Clifton Padel"]
    assert await names(q="padel") == ["Clifton Padel", "Gulberg Padel"]
    assert await names(q="main boulevard") == ["Clifton Padel", "DHA Futsal", "Gulberg Padel"]  # address
    assert await names(q="100%") == []
    near_gulberg = await client.get("/api/v1/venues", params={"lat": 31.51, "lng": 74.34, "radius_km": 20})
    items = near_gulberg.json()["items"]
    assert [item["name"] for item in items] == ["Gulberg Padel", "DHA Futsal"]
    assert items[0]["distance_km"] < items[1]["distance_km"] < 20
    assert items[0]["id"] == gulberg["id"]
    assert items[0]["sports"] == ["padel"]
    assert items[1]["sports"] == ["futsal", "padel"]
    assert items[0]["price_from_pkr"] == 6000


async def test_discovery_by_date_and_time_keeps_venues_with_a_free_court_then(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "member")
    busy = await open_venue(client, owner, name="Busy Padel", courts=("Court 1",))
    quiet = await open_venue(client, owner, name="Quiet Padel", courts=("Court 1", "Court 2"))
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(busy["courts"][0]["id"], at(2, 20)), headers=member.headers
    )
    assert held.status_code == 201
    params = {"date": local_day(2).isoformat(), "time": "20:00"}
    answer = (await client.get("/api/v1/venues", params=params)).json()
    assert [(item["name"], item["free_courts"], item["price_from_pkr"]) for item in answer["items"]] == [
        ("Quiet Padel", 2, 8000)
    ]
    other_time = (await client.get("/api/v1/venues", params=params | {"time": "21:00"})).json()
    assert [item["name"] for item in other_time["items"]] == ["Busy Padel", "Quiet Padel"]
    cheap = (
        await client.get("/api/v1/venues", params=params | {"time": "10:00", "max_price_pkr": 6000})
    ).json()
    assert [item["free_courts"] for item in cheap["items"]] == [1, 2]
    day_only = (await client.get("/api/v1/venues", params={"date": local_day(2).isoformat()})).json()
    assert [item["name"] for item in day_only["items"]] == ["Busy Padel", "Quiet Padel"]
    assert quiet["id"] in {item["id"] for item in day_only["items"]}
    refused = await client.get("/api/v1/venues", params={"time": "20:00"})
    assert refused.status_code == 422


async def test_discovery_pages_through_every_venue(client, runtime):
    owner = await venue_owner(runtime)
    for letter in "ABCDE":
        await open_venue(client, owner, name=f"{letter} Padel", courts=("Court 1",))
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "date": local_day(1).isoformat()} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/api/v1/venues", params=params)).json()
        seen += [item["name"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [f"{letter} Padel" for letter in "ABCDE"]
    assert (await client.get("/api/v1/venues", params={"cursor": "nonsense"})).status_code == 422


async def test_seeded_style_hours_past_midnight_are_bookable_under_the_evening_before(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "member")
    late = [{"weekday": weekday, "opens_minute": 7 * 60, "closes_minute": 25 * 60} for weekday in range(7)]
    venue = await open_venue(client, owner, hours=late, courts=("Court 1",))
    slots = (
        await client.get(f"/api/v1/venues/{venue['id']}/slots", params={"date": local_day(2).isoformat()})
    ).json()
    assert slots["closes_at"] == at(3, 1).isoformat()
    assert slots["courts"][0]["slots"][-1]["starts_at"] == at(3, 0).isoformat()
    court = venue["courts"][0]["id"]
    after_midnight = await client.post(
        "/api/v1/bookings", json=booking_payload(court, at(3, 0)), headers=member.headers
    )
    assert after_midnight.status_code == 201, after_midnight.text
    assert after_midnight.json()["price_pkr"] == 6000, "minute 1440 is past the 18:00-24:00 peak window"


async def test_blocking_a_booked_slot_is_refused(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "member")
    venue = await open_venue(client, owner)
    court = venue["courts"][0]["id"]
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(court, at(3, 20)), headers=member.headers
    )
    assert held.status_code == 201
    whole_evening = {"starts_at": at(3, 18).isoformat(), "ends_at": at(3, 23).isoformat()}
    refused = await client.post(
        f"/api/v1/owner/venues/{venue['id']}/blackouts", json=whole_evening, headers=owner.headers
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["message"].startswith("Court 1 at 8:00 pm on ")
    assert await count(runtime, m.Blackout) == 0

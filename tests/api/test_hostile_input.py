"""Hostile input at the boundary (issue 17): a NUL or control character, an extreme date, a huge number or a
path escape answers a 4xx naming what is wrong, never a 500, and changes nothing."""

from typing import Any

import pytest
import sqlalchemy as sa
from litestar import get
from litestar.testing import AsyncTestClient, create_async_test_client
from sqlalchemy.exc import DBAPIError

from scene_api.db import models as m
from scene_api.lib.errors import exception_handlers, refused_by_database
from tests.events import event_payload, tier
from tests.helpers import activity_payload
from tests.social import count, person
from tests.venues import open_venue, venue_owner

SEARCHES = [
    "/api/v1/activities?q=%00",
    "/api/v1/users?q=%00",
    "/api/v1/events?q=%00",
    "/api/v1/venues?q=%00",
    "/api/v1/activities?q=a%07b",
    "/api/v1/activities?q=%1b%5b31m",
]
"""A NUL, a bell and a terminal escape in search text: each is refused as `q`."""


def field_of(answer: Any) -> list[str]:
    assert answer.status_code == 422, answer.text
    return list(answer.json()["error"]["details"]["fields"])


@pytest.mark.parametrize("path", SEARCHES)
async def test_control_characters_in_a_search_are_refused_by_name(client, runtime, path):
    me = await person(runtime, 1)
    assert field_of(await client.get(path, headers=me.headers)) == ["q"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/activities/by-slug/%00", "slug"),
        ("/api/v1/events/by-slug/%00", "slug"),
        ("/api/v1/venues/by-slug/%00", "slug"),
        ("/api/v1/users/by-handle/%00", "handle"),
        ("/api/v1/users/by-handle/ab%0acd", "handle"),
    ],
)
async def test_control_characters_in_a_path_are_refused_by_name(client, runtime, path, field):
    me = await person(runtime, 1)
    assert field_of(await client.get(path, headers=me.headers)) == [field]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date=0001-01-01&time=18:00", "date"),
        ("date=9999-12-31&time=23:30", "date"),
        ("max_price_pkr=99999999999999999999", "max_price_pkr"),
        ("max_price_pkr=2147483648", "max_price_pkr"),
        ("duration=-99999999999", "duration"),
    ],
)
async def test_out_of_range_venue_searches_are_refused_by_name(client, runtime, query, field):
    me = await person(runtime, 1)
    assert field_of(await client.get(f"/api/v1/venues?{query}", headers=me.headers)) == [field]


@pytest.mark.parametrize(
    "starts_after", ["0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-12:00", "1900-01-01T00:00:00Z"]
)
async def test_an_activity_search_from_an_extreme_moment_is_refused(client, runtime, starts_after):
    me = await person(runtime, 1)
    answer = await client.get(f"/api/v1/activities?starts_after={starts_after}", headers=me.headers)
    assert field_of(answer) == ["starts_after"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_extreme_days_for_slots_and_the_owner_agenda_are_refused(client, runtime, day):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner)
    slots = await client.get(f"/api/v1/venues/{venue['id']}/slots?date={day}", headers=owner.headers)
    assert field_of(slots) == ["date"]
    agenda = await client.get(f"/api/v1/owner/agenda?day={day}", headers=owner.headers)
    assert field_of(agenda) == ["day"]


async def test_the_edges_of_the_date_window_are_accepted(client, runtime):
    owner = await venue_owner(runtime)
    for day in ("2000-01-01", "2100-12-31"):
        answer = await client.get(f"/api/v1/owner/agenda?day={day}", headers=owner.headers)
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bio": "a\u0000b"}, "bio"),
        ({"bio": "ring\u0007"}, "bio"),
        ({"name": "Hamza\u0000"}, "name"),
        ({"name": "two\nlines"}, "name"),
        ({"interests": ["padel\u0000"]}, "interests[0]"),
    ],
)
async def test_a_profile_with_control_characters_is_refused_and_unchanged(client, runtime, body, field):
    me = await person(runtime, 1, name="Ayesha", bio="Padel at dawn")
    assert field_of(await client.patch("/api/v1/me/profile", json=body, headers=me.headers)) == [field]
    profile = (await client.get("/api/v1/me/profile", headers=me.headers)).json()
    assert (profile["name"], profile["bio"]) == ("Ayesha", "Padel at dawn")


async def test_long_text_keeps_its_newlines_and_tabs(client, runtime):
    me = await person(runtime, 1)
    bio = "Padel most evenings.\n\tWeekends: running.\r\nDM me."
    answer = await client.patch("/api/v1/me/profile", json={"bio": bio}, headers=me.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["bio"] == bio


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Padel\u0000doubles"}, "title"),
        ({"description": "Bring\u0000 a racket"}, "description"),
        ({"place_name": "Arena\u001b[2J"}, "place_name"),
        ({"capacity": 99999999999999999999}, "capacity"),
        ({"cost_pkr": 2**40}, "cost_pkr"),
        ({"starts_at": "0001-01-01T20:00:00+05:00"}, "starts_at"),
    ],
)
async def test_a_hostile_activity_is_refused_and_nothing_is_created(client, runtime, overrides, field):
    me = await person(runtime, 1)
    answer = await client.post("/api/v1/activities", json=activity_payload(**overrides), headers=me.headers)
    assert field_of(answer) == [field]
    assert await count(runtime, m.Activity) == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Qawwali\u0000night"}, "title"),
        ({"tiers": [tier(name="VIP\u0000")]}, "tiers[0].name"),
        ({"tiers": [tier(quantity=2**31)]}, "tiers[0].quantity"),
        ({"ends_at": "9999-12-31T23:00:00+05:00"}, "ends_at"),
    ],
)
async def test_a_hostile_event_is_refused_and_nothing_is_created(client, runtime, overrides, field):
    me = await person(runtime, 1)
    answer = await client.post("/api/v1/events", json=event_payload(**overrides), headers=me.headers)
    assert field_of(answer) == [field]
    assert await count(runtime, m.Event) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Crew\u0000", "description": ""}, "name"),
        ({"name": "Crew", "description": "Weeknights\u0000"}, "description"),
    ],
)
async def test_a_hostile_circle_is_refused_and_nothing_is_created(client, runtime, body, field):
    me = await person(runtime, 1)
    assert field_of(await client.post("/api/v1/circles", json=body, headers=me.headers)) == [field]
    assert await count(runtime, m.Circle) == 0


async def test_a_hostile_invite_note_is_refused_and_no_invite_is_made(client, runtime):
    me = await person(runtime, 1)
    before = await count(runtime, m.Invite)
    answer = await client.post("/api/v1/invites", json={"note": "for\u0000you"}, headers=me.headers)
    assert field_of(answer) == ["note"]
    assert await count(runtime, m.Invite) == before


async def test_a_venue_with_a_nul_is_refused(client, runtime):
    owner = await venue_owner(runtime)
    answer = await client.post(
        "/api/v1/owner/venues",
        json={
            "name": "Court\u0000Nine",
            "address": "Plot 9, Gulberg III",
            "city": "Lahore",
            "lat": 31.5,
            "lng": 74.3,
        },
        headers=owner.headers,
    )
    assert field_of(answer) == ["name"]
    assert await count(runtime, m.Venue) == 0


async def test_a_sign_in_code_request_with_a_nul_invite_code_is_refused_without_signing_in(client, runtime):
    answer = await client.post(
        "/api/v1/auth/otp/request", json={"phone": "+923001234567", "invite_code": "AB\u0000CD"}
    )
    assert field_of(answer) == ["invite_code"]
    assert await count(runtime, m.OtpChallenge) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/avatars/..%2f..%2fetc%2fpasswd",
        "/media/./x",
        "/media/a%5cb",
    ],
)
async def test_a_media_path_escape_is_a_404(client, path):
    answer = await client.get(path)
    assert answer.status_code == 404, answer.text


async def test_a_value_the_database_refuses_answers_422_never_500(runtime):
    """The last line behind the boundary: a DataError from PostgreSQL (here a NUL sent past every
    check) maps to a 422 through the API's exception handlers."""
    async with runtime.session_factory() as session:
        with pytest.raises(DBAPIError) as refused:
            await session.execute(sa.text("SELECT CAST(:text AS text)"), {"text": "a\u0000b"})
    assert refused_by_database(refused.value)

    @get("/slipped")
    async def slipped() -> None:
        raise refused.value

    client: AsyncTestClient[Any]
    async with create_async_test_client([slipped], exception_handlers=exception_handlers) as client:
        answer = await client.get("/slipped")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "not_storable"

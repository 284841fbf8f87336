"""A member's channels per kind of message, quiet hours and time zone: GET and PUT
/api/v1/me/message-preferences. A refused update answers 4xx naming the field and changes nothing."""

from typing import Any

import pytest

from scene_api.i18n import ur
from tests.helpers import PHONES, create_member, sign_in

URL = "/api/v1/me/message-preferences"
DEFAULTS = {
    "codes": ["whatsapp", "sms"],
    "holds": ["push", "whatsapp", "sms"],
    "approvals": ["push", "whatsapp", "sms"],
    "waitlist": ["push", "whatsapp", "sms"],
    "bookings": ["push", "whatsapp"],
    "reminders": ["push", "whatsapp"],
    "changes": ["push", "whatsapp", "sms"],
    "updates": ["push"],
}
EVERY_CHANNEL = ["push", "whatsapp", "sms"]


def channels(preferences: dict[str, Any]) -> dict[str, list[str]]:
    return {row["category"]: row["channels"] for row in preferences["categories"]}


async def new_member(runtime, phone: str, handle: str) -> dict[str, str]:
    """A member as they sign up: quiet hours on (the test helper turns them off unless asked)."""
    return await sign_in(runtime, await create_member(runtime, phone, handle=handle, quiet_hours=True))


@pytest.fixture
async def headers(runtime) -> dict[str, str]:
    return await new_member(runtime, PHONES[1], "sana_k")


async def test_a_new_member_gets_the_defaults_with_what_each_kind_allows(client, headers):
    response = await client.get(URL, headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert channels(body) == DEFAULTS
    rows = {row["category"]: row for row in body["categories"]}
    assert rows["codes"]["allowed"] == ["whatsapp", "sms"]
    assert all(rows[other]["allowed"] == EVERY_CHANNEL for other in DEFAULTS if other != "codes")
    assert [category for category, row in rows.items() if row["essential"]] == ["codes", "holds"]
    assert body["quiet_hours"] == {"start": "23:00:00", "end": "08:00:00"}
    assert body["time_zone"] == "Asia/Karachi"


async def test_a_partial_update_changes_only_what_it_names(client, headers):
    response = await client.put(
        URL,
        json={"categories": [{"category": "reminders", "channels": ["sms", "push"]}]},
        headers=headers,
    )

    assert response.status_code == 200
    assert channels(response.json()) == DEFAULTS | {"reminders": ["push", "sms"]}
    assert response.json()["quiet_hours"] == {"start": "23:00:00", "end": "08:00:00"}

    zone = await client.put(URL, json={"time_zone": "Asia/Dubai"}, headers=headers)
    assert zone.status_code == 200
    quiet = await client.put(
        URL, json={"quiet_hours": {"start": "22:30:00", "end": "07:00:00"}}, headers=headers
    )
    assert quiet.status_code == 200

    stored = (await client.get(URL, headers=headers)).json()
    assert channels(stored) == DEFAULTS | {"reminders": ["push", "sms"]}
    assert stored["time_zone"] == "Asia/Dubai"
    assert stored["quiet_hours"] == {"start": "22:30:00", "end": "07:00:00"}


async def test_quiet_hours_null_turns_them_off_and_no_channels_mutes_a_kind(client, headers):
    response = await client.put(
        URL,
        json={"quiet_hours": None, "categories": [{"category": "updates", "channels": []}]},
        headers=headers,
    )

    assert response.status_code == 200
    stored = (await client.get(URL, headers=headers)).json()
    assert stored["quiet_hours"] is None
    assert channels(stored)["updates"] == []


async def test_quiet_hours_turned_off_keep_their_window_for_turning_on_again(client, headers):
    moved = {"start": "22:30:00", "end": "07:00:00"}
    assert (await client.put(URL, json={"quiet_hours": moved}, headers=headers)).status_code == 200
    assert (await client.put(URL, json={"quiet_hours": None}, headers=headers)).status_code == 200

    stored = (await client.get(URL, headers=headers)).json()
    assert stored["quiet_hours"] is None
    assert stored["quiet_window"] == moved


@pytest.mark.parametrize(
    ("update", "field"),
    [
        ({"categories": [{"category": "reminders", "channels": ["pigeon"]}]}, "categories[0].channels[0]"),
        ({"categories": [{"category": "gossip", "channels": ["sms"]}]}, "categories[0].category"),
        ({"categories": [{"category": "codes", "channels": ["push", "sms"]}]}, "categories"),
        ({"categories": [{"category": "codes", "channels": []}]}, "categories"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "localtime"}, "time_zone"),
        ({"quiet_hours": {"start": "22:00:00", "end": "22:00:00"}}, "quiet_hours"),
        ({"quiet_hours": {"start": "22:00:00"}}, "quiet_hours"),
        (
            {
                "categories": [
                    {"category": "updates", "channels": []},
                    {"category": "updates", "channels": ["sms"]},
                ]
            },
            "categories",
        ),
    ],
    ids=[
        "unknown-channel",
        "unknown-category",
        "push-for-codes",
        "codes-with-no-channel",
        "unknown-time-zone",
        "the-servers-own-clock",
        "start-equals-end",
        "quiet-hours-without-end",
        "a-category-twice",
    ],
)
async def test_a_refused_update_names_the_field_and_changes_nothing(client, headers, update, field):
    before = (await client.get(URL, headers=headers)).json()
    # Each refused update also carries a valid change, which must not be applied either.
    update = {"categories": [{"category": "updates", "channels": ["sms"]}]} | update

    response = await client.put(URL, json=update, headers=headers)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["details"]["fields"]) == [field], error
    assert (await client.get(URL, headers=headers)).json() == before


async def test_an_unknown_field_is_refused_by_name_and_changes_nothing(client, headers):
    response = await client.put(URL, json={"time_zone": "Asia/Dubai", "volume": "loud"}, headers=headers)

    assert response.status_code == 422
    assert "unknown field `volume`" in response.json()["error"]["message"]
    assert (await client.get(URL, headers=headers)).json()["time_zone"] == "Asia/Karachi"


async def test_a_refusal_reads_in_the_readers_language(client, headers):
    response = await client.put(
        URL,
        json={"categories": [{"category": "codes", "channels": []}]},
        headers=headers | {"Accept-Language": "ur"},
    )

    assert response.status_code == 422
    said = ur.MESSAGES["errors_messaging"]["codes_need_a_channel"]
    assert response.json()["error"]["message"] == said
    assert response.json()["error"]["details"]["fields"] == {"categories": said}


async def test_one_members_changes_leave_another_members_preferences_alone(client, runtime, headers):
    other = await new_member(runtime, PHONES[2], "danish_m")

    changed = await client.put(
        URL,
        json={
            "categories": [{"category": "bookings", "channels": ["sms"]}],
            "quiet_hours": None,
            "time_zone": "Europe/London",
        },
        headers=headers,
    )

    assert changed.status_code == 200
    theirs = (await client.get(URL, headers=other)).json()
    assert channels(theirs) == DEFAULTS
    assert theirs["quiet_hours"] == {"start": "23:00:00", "end": "08:00:00"}
    assert theirs["time_zone"] == "Asia/Karachi"


@pytest.mark.parametrize("method", ["GET", "PUT"])
async def test_without_signing_in_it_is_a_401(client, method):
    response = await client.request(
        method, URL, json={"time_zone": "Asia/Dubai"} if method == "PUT" else None
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"

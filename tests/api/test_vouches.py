"""Vouches: one per pair, never for oneself, only for active members, a daily limit; revoking; lists."""

from dataclasses import replace
from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from tests.social import a_minute_apart, arrange, count, every_page, person

MISSING = "00000000-0000-7000-8000-000000000000"


@pytest.fixture
async def strict_client(settings):
    """The API with a daily limit of two vouches."""
    from scene_api.app import create_app

    async with AsyncTestClient(app=create_app(replace(settings, vouch_daily_limit=2))) as test_client:
        yield test_client


async def test_member_vouches_for_another_and_it_shows_on_their_profile(client, runtime):
    voucher, vouchee = await person(runtime, 1, "ayesha"), await person(runtime, 2, "bilal")
    answer = await client.post(
        "/api/v1/vouches",
        json={"vouchee_id": str(vouchee.id), "note": " Great doubles partner "},
        headers=voucher.headers,
    )
    assert answer.status_code == 201, answer.text
    vouch = answer.json()
    assert (vouch["voucher_id"], vouch["vouchee_id"]) == (str(voucher.id), str(vouchee.id))
    assert (vouch["note"], vouch["from_invite"]) == ("Great doubles partner", False)
    assert (vouch["member"]["handle"], vouch["member"]["trust_level"]) == ("bilal", "vouched")
    profile = (await client.get(f"/api/v1/users/{vouchee.id}", headers=voucher.headers)).json()
    assert (profile["trust_level"], profile["vouches_received"]) == ("vouched", 1)
    mine = (await client.get("/api/v1/me/profile", headers=voucher.headers)).json()
    assert mine["vouches_given"] == 1


async def test_a_second_vouch_for_the_same_member_is_a_409_from_the_database(client, runtime):
    voucher, vouchee = await person(runtime, 1), await person(runtime, 2)
    body = {"vouchee_id": str(vouchee.id)}
    assert (await client.post("/api/v1/vouches", json=body, headers=voucher.headers)).status_code == 201
    again = await client.post("/api/v1/vouches", json=body | {"note": "again"}, headers=voucher.headers)
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "You have already vouched for this member."
    assert again.json()["error"]["details"] == {"constraint": "uq_vouches_pair"}
    assert await count(runtime, m.Vouch) == 1
    in_urdu = await client.post(
        "/api/v1/vouches", json=body, headers=voucher.headers | {"Accept-Language": "ur-PK, en;q=0.8"}
    )
    assert in_urdu.json()["error"]["message"] == "آپ اس ممبر کی ضمانت پہلے ہی دے چکے ہیں\u06d4"
    back = await client.post("/api/v1/vouches", json={"vouchee_id": str(voucher.id)}, headers=vouchee.headers)
    assert back.status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"vouchee_id": "self"}, 422, "vouchee_id"),
        ({"vouchee_id": "not-a-uuid"}, 422, "vouchee_id"),
        ({}, 422, "vouchee_id"),
        ({"vouchee_id": "other", "note": "x" * 201}, 422, "note"),
        ({"vouchee_id": "other", "trusted": True}, 422, "trusted"),
        ({"vouchee_id": "other", "from_invite": True}, 422, "from_invite"),
        ({"vouchee_id": "other", "voucher_id": "other"}, 422, "voucher_id"),
        ({"vouchee_id": MISSING}, 404, None),
        ({"vouchee_id": "suspended"}, 404, None),
    ],
)
async def test_bad_vouches_are_refused_and_change_nothing(client, runtime, body, status, field):
    me = await person(runtime, 1)
    ids = {"self": me.id, "other": (await person(runtime, 2)).id}
    ids["suspended"] = (await person(runtime, 3, status=m.UserStatus.SUSPENDED)).id
    body = {
        key: str(ids.get(value, value)) if isinstance(value, str) else value for key, value in body.items()
    }
    answer = await client.post("/api/v1/vouches", json=body, headers=me.headers)
    assert answer.status_code == status, answer.text
    if field:
        assert (
            field in answer.json()["error"]["message"] or field in answer.json()["error"]["details"]["fields"]
        )
    assert await count(runtime, m.Vouch) == 0


async def test_admins_see_suspended_members_but_cannot_vouch_for_them(client, runtime):
    admin = await person(runtime, 1, role=m.UserRole.ADMIN)
    suspended = await person(runtime, 2, status=m.UserStatus.SUSPENDED)
    answer = await client.post(
        "/api/v1/vouches", json={"vouchee_id": str(suspended.id)}, headers=admin.headers
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["fields"] == {
        "vouchee_id": "This member's account is suspended."
    }


async def test_the_daily_limit_counts_a_rolling_day_of_vouches_and_says_when_to_retry(strict_client, runtime):
    me = await person(runtime, 1)
    others = [await person(runtime, n) for n in range(2, 7)]
    await arrange(
        runtime,
        m.Vouch(voucher_id=me.id, vouchee_id=others[0].id, from_invite=True),
        m.Vouch(voucher_id=me.id, vouchee_id=others[1].id, created_at=utcnow() - timedelta(hours=25)),
    )
    for other in others[2:4]:
        answer = await strict_client.post(
            "/api/v1/vouches", json={"vouchee_id": str(other.id)}, headers=me.headers
        )
        assert answer.status_code == 201
    refused = await strict_client.post(
        "/api/v1/vouches", json={"vouchee_id": str(others[4].id)}, headers=me.headers
    )
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 23 * 3600 < int(refused.headers["retry-after"]) <= 24 * 3600
    assert await count(runtime, m.Vouch, m.Vouch.vouchee_id == others[4].id) == 0


async def test_the_voucher_revokes_their_own_vouch_and_nobody_else_can(client, runtime):
    voucher, vouchee, stranger = await person(runtime, 1), await person(runtime, 2), await person(runtime, 3)
    vouch = (
        await client.post("/api/v1/vouches", json={"vouchee_id": str(vouchee.id)}, headers=voucher.headers)
    ).json()
    for intruder in (vouchee, stranger):
        answer = await client.delete(f"/api/v1/vouches/{vouch['id']}", headers=intruder.headers)
        assert answer.status_code == 404
    assert await count(runtime, m.Vouch) == 1
    assert (await client.delete(f"/api/v1/vouches/{vouch['id']}", headers=voucher.headers)).status_code == 204
    assert await count(runtime, m.Vouch) == 0
    assert (await client.delete(f"/api/v1/vouches/{vouch['id']}", headers=voucher.headers)).status_code == 404
    profile = (await client.get(f"/api/v1/users/{vouchee.id}", headers=stranger.headers)).json()
    assert profile["trust_level"] == "new"


async def test_vouches_given_and_received_are_listed_newest_first_a_page_at_a_time(client, runtime):
    subject = await person(runtime, 1, "subject")
    others = [await person(runtime, n, f"other_{n}") for n in range(2, 6)]
    await arrange(
        runtime,
        *a_minute_apart(*(m.Vouch(voucher_id=other.id, vouchee_id=subject.id) for other in others)),
        m.Vouch(voucher_id=subject.id, vouchee_id=others[0].id, note="Reliable"),
    )
    viewer = others[3]
    received = await every_page(
        client, f"/api/v1/users/{subject.id}/vouches", viewer.headers, direction="received", limit=3
    )
    handles = [vouch["member"]["handle"] for vouch in received]
    assert handles == ["other_2", "other_3", "other_4", "other_5"]
    default = await client.get(f"/api/v1/users/{subject.id}/vouches", headers=viewer.headers)
    assert [v["member"]["handle"] for v in default.json()["items"]] == handles
    given = await client.get(
        f"/api/v1/users/{subject.id}/vouches", params={"direction": "given"}, headers=viewer.headers
    )
    assert [(v["member"]["handle"], v["note"]) for v in given.json()["items"]] == [("other_2", "Reliable")]
    assert given.json()["items"][0]["member"]["trust_level"] == "vouched"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"direction": "sideways"}, "direction"), ({"limit": 101}, "limit"), ({"cursor": "e30"}, "cursor")],
)
async def test_vouch_lists_refuse_bad_parameters_by_name(client, runtime, params, field):
    me = await person(runtime, 1)
    answer = await client.get(f"/api/v1/users/{me.id}/vouches", params=params, headers=me.headers)
    assert answer.status_code == 422
    assert field in answer.json()["error"]["details"]["fields"]


async def test_vouch_lists_of_unknown_members_are_404(client, runtime):
    me = await person(runtime, 1)
    assert (await client.get(f"/api/v1/users/{MISSING}/vouches", headers=me.headers)).status_code == 404
    assert (await client.get(f"/api/v1/users/{me.id}/vouches")).status_code == 401

"""Phone OTP sign-in and sign-up, rotating refresh tokens, logout and suspension."""

import asyncio
import uuid
from datetime import timedelta

import jwt
import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib import tokens
from scene_api.lib.errors import NotAuthenticated
from scene_api.lib.phones import parse_phone
from scene_api.lib.timezone import utcnow
from tests.helpers import code_in, create_member, latest_sms, sign_in

MEMBER_PHONE = "+923001234567"
NEWCOMER_PHONE = "+923217654321"

pytestmark = pytest.mark.usefixtures("worker")


async def request_code(client, phone, invite_code=None):
    body = {"phone": phone} | ({"invite_code": invite_code} if invite_code else {})
    return await client.post("/api/v1/auth/otp/request", json=body)


async def sign_in_by_sms(client, runtime, phone, invite_code=None):
    requested = await request_code(client, phone, invite_code)
    assert requested.status_code == 200, requested.text
    code = code_in(await latest_sms(runtime, parse_phone(phone)))
    verified = await client.post(
        "/api/v1/auth/otp/verify", json={"challenge_id": requested.json()["challenge_id"], "code": code}
    )
    assert verified.status_code == 200, verified.text
    return verified.json()


async def make_invite(runtime, inviter, code="WELCOME8"):
    async with runtime.session_factory() as session:
        session.add(m.Invite(code=code, inviter_id=inviter.id))
        await session.commit()
    return code


async def test_member_signs_in_with_a_code_from_sms(client, runtime):
    member = await create_member(runtime, MEMBER_PHONE)
    local_format = "0300 1234567"
    signed_in = await sign_in_by_sms(client, runtime, local_format)
    assert signed_in["new_member"] is False
    assert signed_in["account"]["id"] == str(member.id)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {signed_in['access_token']}"})
    assert me.status_code == 200
    assert me.json()["phone"] == MEMBER_PHONE


async def test_newcomer_signs_up_with_an_invite_and_gets_the_inviters_vouch(client, runtime):
    inviter = await create_member(runtime, MEMBER_PHONE, handle="ayesha")
    code = await make_invite(runtime, inviter)
    signed_up = await sign_in_by_sms(client, runtime, NEWCOMER_PHONE, invite_code=code.lower())
    assert signed_up["new_member"] is True
    assert signed_up["account"]["profile_complete"] is False
    async with runtime.session_factory() as session:
        newcomer = await session.get_one(m.User, signed_up["account"]["id"])
        invite = await session.scalar(sa.select(m.Invite).where(m.Invite.code == code))
        vouch = await session.scalar(sa.select(m.Vouch).where(m.Vouch.vouchee_id == newcomer.id))
    assert newcomer.invited_by_id == inviter.id
    assert newcomer.phone_last4 == "4321"
    assert NEWCOMER_PHONE not in newcomer.phone_ciphertext
    assert invite.status == m.InviteStatus.REDEEMED
    assert invite.invitee_id == newcomer.id
    assert vouch.voucher_id == inviter.id
    assert vouch.from_invite


async def test_an_invite_is_redeemed_once(client, runtime):
    inviter = await create_member(runtime, MEMBER_PHONE)
    code = await make_invite(runtime, inviter)
    await sign_in_by_sms(client, runtime, NEWCOMER_PHONE, invite_code=code)
    second = await request_code(client, "+923331112222", code)
    assert second.status_code == 422
    assert second.json()["error"]["code"] == "invite_invalid"


async def test_answer_is_the_same_for_members_and_strangers(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    member_answer = await request_code(client, MEMBER_PHONE)
    stranger_answer = await request_code(client, NEWCOMER_PHONE)
    assert member_answer.status_code == stranger_answer.status_code == 200
    assert member_answer.json().keys() == stranger_answer.json().keys()
    assert "invite-only" in await latest_sms(runtime, NEWCOMER_PHONE)
    for guess in ("000000", "123456"):
        tried = await client.post(
            "/api/v1/auth/otp/verify",
            json={"challenge_id": stranger_answer.json()["challenge_id"], "code": guess},
        )
        assert tried.status_code == 422
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.User)) == 1


async def test_invalid_invite_code_is_refused_and_nothing_is_sent(client, runtime):
    response = await request_code(client, NEWCOMER_PHONE, "NOPE1234")
    assert response.status_code == 422
    assert "invite_code" in response.json()["error"]["details"]["fields"]
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.OtpChallenge)) == 0


@pytest.mark.parametrize("phone", ["12345", "+92 21 1234 5678", "hello"])
async def test_malformed_phone_is_a_clear_422(client, phone):
    response = await request_code(client, phone)
    assert response.status_code == 422
    assert "phone" in response.json()["error"]["details"]["fields"]


async def test_wrong_codes_count_and_lock_the_challenge(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    challenge = (await request_code(client, MEMBER_PHONE)).json()["challenge_id"]
    code = code_in(await latest_sms(runtime, MEMBER_PHONE))
    wrong = "111111" if code != "111111" else "222222"
    for attempts_left in (4, 3, 2, 1, 0):
        response = await client.post(
            "/api/v1/auth/otp/verify", json={"challenge_id": challenge, "code": wrong}
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"]["attempts_left"] == attempts_left
    right = await client.post("/api/v1/auth/otp/verify", json={"challenge_id": challenge, "code": code})
    assert right.status_code == 422


async def test_a_code_works_once(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    challenge = (await request_code(client, MEMBER_PHONE)).json()["challenge_id"]
    body = {"challenge_id": challenge, "code": code_in(await latest_sms(runtime, MEMBER_PHONE))}
    assert (await client.post("/api/v1/auth/otp/verify", json=body)).status_code == 200
    assert (await client.post("/api/v1/auth/otp/verify", json=body)).status_code == 422


async def test_concurrent_verifies_of_one_code_sign_in_once(client, live_api, runtime):
    await create_member(runtime, MEMBER_PHONE)
    challenge = (await request_code(client, MEMBER_PHONE)).json()["challenge_id"]
    body = {"challenge_id": challenge, "code": code_in(await latest_sms(runtime, MEMBER_PHONE))}
    answers = await asyncio.gather(*(live_api.post("/api/v1/auth/otp/verify", json=body) for _ in range(10)))
    assert sorted(answer.status_code for answer in answers) == [200] + [422] * 9


async def test_an_expired_code_is_refused(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    challenge = (await request_code(client, MEMBER_PHONE)).json()["challenge_id"]
    code = code_in(await latest_sms(runtime, MEMBER_PHONE))
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.OtpChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    response = await client.post("/api/v1/auth/otp/verify", json={"challenge_id": challenge, "code": code})
    assert response.status_code == 422


async def test_resend_waits_for_the_cooldown(client, runtime):
    assert (await request_code(client, MEMBER_PHONE)).status_code == 200
    again = await request_code(client, MEMBER_PHONE)
    assert again.status_code == 429
    assert 0 < int(again.headers["retry-after"]) <= 60
    assert again.json()["error"]["code"] == "rate_limited"


async def test_one_number_gets_a_limited_number_of_codes_per_hour(client, runtime):
    limit = runtime.settings.otp_max_per_phone_per_hour
    for attempt in range(limit + 1):
        async for key in runtime.redis.scan_iter("cooldown:*"):
            await runtime.redis.delete(key)
        answer = await request_code(client, MEMBER_PHONE)
        assert answer.status_code == (200 if attempt < limit else 429)


async def test_refresh_rotates_and_reuse_revokes_the_family(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    first = await sign_in_by_sms(client, runtime, MEMBER_PHONE)
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]

    reused = await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "refresh_token_reused"
    latest = await client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert latest.status_code == 401
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.status_code == 401


async def test_logout_ends_the_session_at_once(client, runtime):
    member = await create_member(runtime, MEMBER_PHONE)
    headers = await sign_in(runtime, member)
    other_device = await sign_in(runtime, member)
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=other_device)).status_code == 200


async def test_logout_all_ends_every_session(client, runtime):
    member = await create_member(runtime, MEMBER_PHONE)
    devices = [await sign_in(runtime, member) for _ in range(3)]
    answer = await client.post("/api/v1/auth/logout-all", headers=devices[0])
    assert answer.json() == {"revoked": 3}
    for headers in devices:
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_suspended_member_cannot_sign_in_or_use_a_token(client, runtime):
    member = await create_member(runtime, MEMBER_PHONE)
    headers = await sign_in(runtime, member)
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.User).values(status=m.UserStatus.SUSPENDED))
        await session.commit()
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 403
    assert me.json()["error"]["code"] == "account_suspended"
    assert (await request_code(client, MEMBER_PHONE)).status_code == 200
    assert "suspended" in await latest_sms(runtime, MEMBER_PHONE)


@pytest.mark.parametrize(
    "forge",
    [
        lambda settings, claims: jwt.encode(claims, key="", algorithm="none"),
        lambda settings, claims: jwt.encode(claims, "not-the-secret", algorithm="HS256"),
        lambda settings, claims: jwt.encode(
            claims | {"aud": "elsewhere"}, settings.jwt_secret, algorithm="HS256"
        ),
        lambda settings, claims: jwt.encode(
            claims | {"exp": utcnow() - timedelta(minutes=1)}, settings.jwt_secret, algorithm="HS256"
        ),
        lambda settings, claims: jwt.encode(
            claims | {"typ": "refresh"}, settings.jwt_secret, algorithm="HS256"
        ),
    ],
    ids=["alg-none", "wrong-key", "wrong-audience", "expired", "wrong-type"],
)
async def test_forged_or_stale_access_tokens_are_refused(client, runtime, forge):
    member = await create_member(runtime, MEMBER_PHONE)
    headers = await sign_in(runtime, member)
    real = jwt.decode(
        headers["Authorization"].split()[1], options={"verify_signature": False}, algorithms=["HS256"]
    )
    token = forge(runtime.settings, real)
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_token_checked_while_valid_is_refused_once_it_has_expired(settings, monkeypatch):
    """Its checks are kept between requests (`tokens._verified`), its expiry is not."""
    user_id, family_id = uuid.uuid4(), uuid.uuid4()
    token = tokens.issue_access_token(settings, user_id, family_id)
    assert tokens.read_access_token(settings, token) == tokens.AccessClaims(user_id, family_id)

    expired = utcnow() + timedelta(minutes=settings.access_token_minutes, seconds=1)
    monkeypatch.setattr(tokens, "utcnow", lambda: expired)
    with pytest.raises(NotAuthenticated) as refused:
        tokens.read_access_token(settings, token)
    assert refused.value.code == "token_expired"


async def test_me_without_a_token_is_401(client):
    response = await client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


async def test_dev_outbox_shows_the_code_outside_production(client, runtime):
    await create_member(runtime, MEMBER_PHONE)
    await request_code(client, MEMBER_PHONE)
    await latest_sms(runtime, MEMBER_PHONE)
    outbox = await client.get("/api/v1/auth/dev/outbox", params={"phone": MEMBER_PHONE})
    assert outbox.status_code == 200
    message = outbox.json()[0]
    assert message["phone_masked"] == "+92 3** ***4567"
    assert code_in(message["body"])

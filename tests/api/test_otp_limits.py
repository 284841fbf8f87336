"""Sign-in code limits fit for carrier-grade NAT: per number, per device (the signed `scene_device`
cookie), per IP with a high ceiling, and brakes on bursts to one number range or one country."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from scene_api.app import create_app
from scene_api.config import Settings, SettingsError
from scene_api.i18n import Message, render
from scene_api.runtime import Runtime

pytestmark = pytest.mark.usefixtures("runtime")  # each test starts with an empty Redis

URL = "/api/v1/auth/otp/request"
HOUR = 3600


def pakistani(n: int) -> str:
    """The n-th Pakistani mobile number, each in its own range (its own first 8 national digits)."""
    return f"+92301{n:03d}1234"


def in_one_range(n: int) -> str:
    """The n-th number of the one range +92301555xxxx."""
    return f"+92301555{n:04d}"


def emirati(n: int) -> str:
    """The n-th UAE mobile number, each in its own range."""
    return f"+97150{n:03d}1234"


async def ask(client, phone, *, device_cookie=None):
    """One code request from a phone whose browser sends `device_cookie` (None: a new phone, no cookie)."""
    client.cookies.clear()
    headers = {"cookie": f"scene_device={device_cookie}"} if device_cookie else {}
    return await client.post(URL, json={"phone": phone}, headers=headers)


def assert_refused(answer, key, *, within):
    assert answer.status_code == 429, answer.text
    error = answer.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"] == render(Message(f"errors_auth.{key}"), "en")
    assert 0 < int(answer.headers["retry-after"]) <= within
    assert error["details"]["retry_after"] == int(answer.headers["retry-after"])


async def forget_cooldowns(runtime):
    """Let the next request for the same number through its resend cooldown (not its hourly cap)."""
    async for key in runtime.redis.scan_iter("cooldown:*"):
        await runtime.redis.delete(key)


@asynccontextmanager
async def api_with(runtime: Runtime, **overrides) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """The API with other settings, on this test's database and its emptied Redis."""
    async with AsyncTestClient(app=create_app(replace(runtime.settings, **overrides))) as test_client:
        yield test_client


async def test_the_device_cookie_is_set_when_missing_signed_and_http_only(client):
    first = await client.post(URL, json={"phone": pakistani(1)})
    assert first.status_code == 200, first.text
    set_cookie = first.headers["set-cookie"]
    assert set_cookie.startswith("scene_device=")
    attributes = {part.strip().split("=")[0].lower() for part in set_cookie.split(";")}
    assert {"httponly", "path", "max-age", "samesite"} <= attributes
    assert "samesite=lax" in set_cookie.lower()
    assert "secure" not in attributes, "the test public URL is http"
    device_id, _, signature = first.cookies["scene_device"].partition(".")
    assert device_id
    assert len(signature) == 64
    again = await client.post(URL, json={"phone": pakistani(2)})
    assert again.status_code == 200
    assert "set-cookie" not in again.headers, "a browser that sent a valid cookie keeps it"


async def test_the_device_cookie_is_secure_when_the_app_is_served_over_https(runtime):
    async with api_with(runtime, public_url="https://scene.pk") as https_api:
        answer = await https_api.post(URL, json={"phone": pakistani(1)})
    assert answer.status_code == 200
    assert "secure" in {part.strip().lower() for part in answer.headers["set-cookie"].split(";")}


async def test_one_device_gets_a_limited_number_of_codes_then_other_phones_on_its_network_still_do(
    client, settings
):
    limit = settings.otp_max_per_device_per_hour
    cookie = (await ask(client, pakistani(0))).cookies["scene_device"]
    for n in range(1, limit):
        assert (await ask(client, pakistani(n), device_cookie=cookie)).status_code == 200
    assert_refused(
        await ask(client, pakistani(limit), device_cookie=cookie), "too_many_codes_device", within=HOUR
    )
    assert (await ask(client, pakistani(limit))).status_code == 200, (
        "a neighbour on the same IP is not refused"
    )


async def test_a_forged_device_cookie_is_not_trusted(client, settings):
    limit = settings.otp_max_per_device_per_hour
    cookie = (await ask(client, pakistani(0))).cookies["scene_device"]
    for n in range(1, limit):
        await ask(client, pakistani(n), device_cookie=cookie)
    device_id = cookie.partition(".")[0]
    for n, forged in enumerate((f"{device_id}.{'0' * 64}", device_id, f"{device_id}.", "nonsense")):
        answer = await ask(client, pakistani(100 + n), device_cookie=forged)
        assert answer.status_code == 200, "a forged cookie counts as a new device, not as the spent one"
        assert answer.cookies["scene_device"].partition(".")[0] != device_id, "a new device id, newly signed"


async def test_forged_cookies_still_meet_the_ip_ceiling(runtime):
    ceiling = 12
    async with api_with(runtime, otp_max_per_ip_per_hour=ceiling) as api:
        answers = [
            await ask(api, pakistani(n), device_cookie=f"made-up-{n}.{'f' * 64}") for n in range(ceiling + 1)
        ]
    assert [answer.status_code for answer in answers[:ceiling]] == [200] * ceiling
    assert_refused(answers[ceiling], "too_many_codes_network", within=HOUR)


async def test_many_phones_behind_one_carrier_ip_get_their_codes(client, settings):
    """Sixty phones on one IP: the old ceiling (20 per hour) locked out all but the first twenty."""
    assert settings.otp_max_per_ip_per_hour >= 300
    answers = [await ask(client, pakistani(n)) for n in range(60)]
    assert [answer.status_code for answer in answers] == [200] * 60


async def test_phones_behind_one_ip_succeed_up_to_the_ceiling_exactly(runtime):
    ceiling = 25
    async with api_with(runtime, otp_max_per_ip_per_hour=ceiling) as api:
        answers = [await ask(api, pakistani(n)) for n in range(ceiling + 2)]
    assert [answer.status_code for answer in answers[:ceiling]] == [200] * ceiling
    for refused in answers[ceiling:]:
        assert_refused(refused, "too_many_codes_network", within=HOUR)


async def test_one_number_gets_a_limited_number_of_codes_whatever_the_device(client, runtime, settings):
    limit = settings.otp_max_per_phone_per_hour
    first = await ask(client, pakistani(7))
    assert first.status_code == 200
    assert_refused(
        await ask(client, pakistani(7)), "code_just_sent", within=settings.otp_resend_cooldown_seconds
    )
    for _ in range(limit - 1):
        await forget_cooldowns(runtime)
        assert (await ask(client, pakistani(7))).status_code == 200
    await forget_cooldowns(runtime)
    assert_refused(await ask(client, pakistani(7)), "too_many_codes_number", within=HOUR)


async def test_a_refusal_spends_nothing(runtime):
    """A phone hammering resend behind a shared IP does not use up that IP's ceiling for its neighbours."""
    ceiling = 5
    async with api_with(runtime, otp_max_per_ip_per_hour=ceiling) as api:
        assert (await ask(api, pakistani(0))).status_code == 200
        for _ in range(20):
            assert (await ask(api, pakistani(0))).status_code == 429
        answers = [await ask(api, pakistani(n)) for n in range(1, ceiling)]
    assert [answer.status_code for answer in answers] == [200] * (ceiling - 1)


async def test_a_burst_to_one_number_range_pauses_codes_to_that_range(client, settings):
    limit = settings.otp_max_per_number_range_per_burst
    answers = [await ask(client, in_one_range(n)) for n in range(limit + 1)]
    assert [answer.status_code for answer in answers[:limit]] == [200] * limit
    assert_refused(answers[limit], "codes_paused_range", within=settings.otp_burst_window_seconds)
    assert (await ask(client, pakistani(1))).status_code == 200, "other ranges are not paused"


async def test_a_burst_to_a_foreign_country_pauses_codes_to_it_long_before_pakistan(client, settings):
    limit = settings.otp_max_per_other_country_per_burst
    assert limit * 10 <= settings.otp_max_to_pakistan_per_burst
    answers = [await ask(client, emirati(n)) for n in range(limit + 1)]
    assert [answer.status_code for answer in answers[:limit]] == [200] * limit
    assert_refused(answers[limit], "codes_paused_country", within=settings.otp_burst_window_seconds)
    assert (await ask(client, pakistani(1))).status_code == 200, "Pakistan is not paused"


async def test_a_burst_to_pakistan_past_its_ceiling_pauses_codes_to_pakistan(runtime):
    limit = 15
    async with api_with(runtime, otp_max_to_pakistan_per_burst=limit) as api:
        answers = [await ask(api, pakistani(n)) for n in range(limit + 1)]
        abroad = await ask(api, emirati(1))
    assert [answer.status_code for answer in answers[:limit]] == [200] * limit
    assert_refused(answers[limit], "codes_paused_country", within=runtime.settings.otp_burst_window_seconds)
    assert abroad.status_code == 200


@pytest.mark.parametrize(
    ("variable", "value"),
    [("SCENE_OTP_TTL_SECONDS", "601"), ("SCENE_OTP_TTL_SECONDS", "0"), ("SCENE_OTP_MAX_ATTEMPTS", "6")],
)
def test_settings_refuse_codes_that_live_longer_than_10_minutes_or_allow_more_than_5_tries(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})


def test_the_bounds_themselves_are_allowed():
    settings = Settings.from_env({"SCENE_OTP_TTL_SECONDS": "600", "SCENE_OTP_MAX_ATTEMPTS": "5"})
    assert (settings.otp_ttl_seconds, settings.otp_max_attempts) == (600, 5)

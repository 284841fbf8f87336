"""Sign-in code limits under concurrency: many phones asking at the same moment.

The first test shows the race is real (a limiter that reads the counters, then counts, lets more
codes out than the ceiling), the others that with the one atomic Redis step every cap is exact.
"""

import asyncio
from contextlib import AsyncExitStack
from dataclasses import replace

import httpx
import pytest

from scene_api.i18n import Message, render
from scene_api.lib.errors import RateLimited
from scene_api.lib.ratelimit import RateLimiter

URL = "/api/v1/auth/otp/request"
IP_CEILING = 15
RANGE_BURST = 8
PHONES_AT_ONCE = 30


@pytest.fixture
def settings(settings):
    """Small caps so a burst of 30 crosses them; the device cap keeps its default (10)."""
    return replace(
        settings, otp_max_per_ip_per_hour=IP_CEILING, otp_max_per_number_range_per_burst=RANGE_BURST
    )


def own_range(n: int) -> str:
    return f"+92302{n:03d}1234"


def one_range(n: int) -> str:
    return f"+92302777{n:04d}"


async def at_once(live_api, phones, *, device_cookie=None):
    """Each phone asks from its own browser (its own cookie jar, or the one `device_cookie`), all at once."""
    headers = {"cookie": f"scene_device={device_cookie}"} if device_cookie else {}
    async with AsyncExitStack() as stack:
        browsers = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=live_api.base_url, timeout=60))
            for _ in phones
        ]
        return await asyncio.gather(
            *(
                browser.post(URL, json={"phone": phone}, headers=headers)
                for browser, phone in zip(browsers, phones, strict=True)
            )
        )


def outcome(answers):
    """(codes sent, the refusals' English messages)."""
    sent = sum(answer.status_code == 200 for answer in answers)
    refusals = {answer.json()["error"]["message"] for answer in answers if answer.status_code == 429}
    assert sent + sum(answer.status_code == 429 for answer in answers) == len(answers)
    return sent, refusals


def said(key):
    return render(Message(f"errors_auth.{key}"), "en")


async def test_without_the_atomic_step_the_ip_ceiling_is_overrun(live_api, runtime, monkeypatch):
    async def take_read_then_count(self, quotas):
        for quota in quotas:
            if int(await self.redis.get(quota.key) or 0) >= quota.limit:
                raise RateLimited(quota.message, retry_after=quota.window_seconds)
        await asyncio.sleep(0.3)  # the gap between reading and counting, wide enough on a busy machine
        for quota in quotas:
            if await self.redis.incr(quota.key) == 1:
                await self.redis.expire(quota.key, quota.window_seconds)

    monkeypatch.setattr(RateLimiter, "take", take_read_then_count)
    sent, _ = outcome(await at_once(live_api, [own_range(n) for n in range(PHONES_AT_ONCE)]))
    assert sent > IP_CEILING, "expected more codes than the ceiling when the check is not atomic"


async def test_phones_behind_one_ip_asking_at_once_get_exactly_the_ceiling(live_api, runtime):
    sent, refusals = outcome(await at_once(live_api, [own_range(n) for n in range(PHONES_AT_ONCE)]))
    assert (sent, refusals) == (IP_CEILING, {said("too_many_codes_network")})


async def test_one_number_asked_for_ten_times_at_once_gets_one_code(live_api, runtime):
    sent, refusals = outcome(await at_once(live_api, [own_range(1)] * 10))
    assert (sent, refusals) == (1, {said("code_just_sent")})


async def test_one_device_asking_for_many_numbers_at_once_gets_exactly_its_cap(live_api, runtime, settings):
    first = await live_api.post(URL, json={"phone": own_range(0)})
    cookie = first.cookies["scene_device"]
    sent, refusals = outcome(
        await at_once(live_api, [own_range(n) for n in range(1, 14)], device_cookie=cookie)
    )
    assert (1 + sent, refusals) == (settings.otp_max_per_device_per_hour, {said("too_many_codes_device")})


async def test_a_burst_to_one_range_at_once_sends_exactly_its_ceiling(live_api, runtime):
    sent, refusals = outcome(await at_once(live_api, [one_range(n) for n in range(PHONES_AT_ONCE)]))
    assert (sent, refusals) == (RANGE_BURST, {said("codes_paused_range")})

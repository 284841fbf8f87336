"""Per-member quotas an hour, kept in Redis (court holds, join requests), under concurrency: one
member firing many requests at once gets exactly the cap, because `RateLimiter.hit` counts and
compares in one Lua step. The control runs swap in a limiter that reads, then counts (the requests
meeting in between), and the member gets past the cap.
"""

import asyncio
from dataclasses import replace

import pytest

from scene_api.lib.errors import RateLimited
from scene_api.lib.ratelimit import RateLimiter
from tests.concurrency.together import Together
from tests.hosting import host_activity, join
from tests.social import person
from tests.venues import at, booking_payload, open_venue, venue_owner

PER_HOUR = 4
AT_ONCE = 10


@pytest.fixture
def settings(settings):
    """Four of each an hour; live holds high enough that only the hourly cap is in play."""
    return replace(settings, holds_per_hour=PER_HOUR, join_requests_per_hour=PER_HOUR, max_live_holds=AT_ONCE)


def read_then_count(monkeypatch):
    """Replace the atomic step with a read, a meeting of the racers, then a count."""
    together = Together(AT_ONCE)

    async def hit(self, key, *, limit, window_seconds, message):
        used = int(await self.redis.get(f"ratelimit:{key}") or 0)
        await together.meet()
        if used >= limit:
            raise RateLimited(message, retry_after=window_seconds)
        if await self.redis.incr(f"ratelimit:{key}") == 1:
            await self.redis.expire(f"ratelimit:{key}", window_seconds)

    monkeypatch.setattr(RateLimiter, "hit", hit)


def outcome(answers):
    """{status: count} and the refusals' English messages."""
    statuses: dict[int, int] = {}
    for answer in answers:
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    return statuses, {answer.json()["error"]["message"] for answer in answers if answer.status_code >= 400}


async def holds_at_once(live_api, runtime, monkeypatch=None):
    """Ten holds by one member on ten free slots, fired at once (with `monkeypatch`, counted by the
    read-then-count limiter)."""
    venue = await open_venue(live_api, await venue_owner(runtime))
    slots = [(court["id"], at(3, 8 + hour)) for court in venue["courts"] for hour in range(AT_ONCE // 2)]
    member = await person(runtime, 1, "churner")
    if monkeypatch:
        read_then_count(monkeypatch)
    return await asyncio.gather(
        *(
            live_api.post("/api/v1/bookings", json=booking_payload(court, starts), headers=member.headers)
            for court, starts in slots
        )
    )


async def join_requests_at_once(live_api, runtime, monkeypatch=None):
    """Requests by one member to join ten activities, fired at once."""
    host = await person(runtime, 2, "host")
    activities = [await host_activity(live_api, host, title=f"Padel doubles {n + 1}") for n in range(AT_ONCE)]
    member = await person(runtime, 1, "asker")
    if monkeypatch:
        read_then_count(monkeypatch)
    return await asyncio.gather(*(join(live_api, activity, member) for activity in activities))


async def test_without_the_atomic_step_holds_fired_at_once_pass_the_hourly_cap(
    live_api, runtime, monkeypatch
):
    statuses, _ = outcome(await holds_at_once(live_api, runtime, monkeypatch))
    assert statuses.get(201, 0) > PER_HOUR, statuses


async def test_holds_fired_at_once_stop_at_exactly_the_hourly_cap(live_api, runtime):
    statuses, refusals = outcome(await holds_at_once(live_api, runtime))
    assert statuses == {201: PER_HOUR, 429: AT_ONCE - PER_HOUR}
    assert refusals == {"You have held a lot of slots in the last hour. Try again later."}


async def test_without_the_atomic_step_join_requests_fired_at_once_pass_the_hourly_cap(
    live_api, runtime, monkeypatch
):
    statuses, _ = outcome(await join_requests_at_once(live_api, runtime, monkeypatch))
    assert statuses.get(201, 0) > PER_HOUR, statuses


async def test_join_requests_fired_at_once_stop_at_exactly_the_hourly_cap(live_api, runtime):
    statuses, refusals = outcome(await join_requests_at_once(live_api, runtime))
    assert statuses == {201: PER_HOUR, 429: AT_ONCE - PER_HOUR}
    assert len(refusals) == 1

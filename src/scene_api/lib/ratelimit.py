"""Rate limits and cooldowns kept in Redis (shared by every API and UI process)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from scene_api.i18n import Message
from scene_api.lib.errors import RateLimited

_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
return {count, ttl}
"""

_TAKE = """
local refused, longest = 0, -1
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used >= tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('TTL', key)
    if ttl < 0 then ttl = tonumber(ARGV[2 * i]) end
    if ttl > longest then refused, longest = i, ttl end
  end
end
if refused > 0 then return {refused, longest} end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[2 * i]) end
end
return {0, 0}
"""
"""Check every quota, then count one use in all of them, in one step: either all count or none."""


@dataclass(frozen=True)
class Quota:
    """At most `limit` uses of `key` per fixed window of `window_seconds`; `message` says no.

    A cooldown is a quota of one use per cooldown."""

    key: str
    limit: int
    window_seconds: int
    message: Message | str


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def hit(self, key: str, *, limit: int, window_seconds: int, message: Message | str) -> None:
        """Count one use of `key` in a fixed window; past `limit` raise RateLimited with Retry-After."""
        count, ttl = await self.redis.eval(_HIT, 1, f"ratelimit:{key}", str(window_seconds))
        if int(count) > limit:
            raise RateLimited(message, retry_after=max(int(ttl), 1))

    async def take(self, quotas: Sequence[Quota]) -> None:
        """Use one of each quota, atomically: when any is spent, none is counted and RateLimited names
        the one that frees up last (its Retry-After), since nothing passes before then.

        Refusals cost nothing, so a phone hammering the resend button behind a shared IP does not
        spend that IP's ceiling for its neighbours."""
        limits_and_windows = [str(n) for quota in quotas for n in (quota.limit, quota.window_seconds)]
        refused, wait = await self.redis.eval(
            _TAKE, len(quotas), *(quota.key for quota in quotas), *limits_and_windows
        )
        if int(refused):
            raise RateLimited(quotas[int(refused) - 1].message, retry_after=max(int(wait), 1))

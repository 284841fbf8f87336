"""Rate limits and cooldowns kept in Redis (shared by every API and UI process)."""

from __future__ import annotations

from redis.asyncio import Redis

from scene_api.i18n import Message
from scene_api.lib.errors import RateLimited

_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
return {count, ttl}
"""


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def hit(self, key: str, *, limit: int, window_seconds: int, message: Message | str) -> None:
        """Count one use of `key` in a fixed window; past `limit` raise RateLimited with Retry-After."""
        count, ttl = await self.redis.eval(_HIT, 1, f"ratelimit:{key}", str(window_seconds))
        if int(count) > limit:
            raise RateLimited(message, retry_after=max(int(ttl), 1))

    async def start_cooldown(self, key: str, *, seconds: int, message: Message | str) -> None:
        """Allow one use per `seconds`: the first call passes, the next ones raise until it has passed."""
        if not await self.redis.set(f"cooldown:{key}", "1", ex=seconds, nx=True):
            ttl = await self.redis.ttl(f"cooldown:{key}")
            raise RateLimited(message, retry_after=max(int(ttl), 1))

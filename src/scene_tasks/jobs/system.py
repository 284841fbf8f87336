"""Jobs that keep the worker honest: a heartbeat visible in its log and in Redis."""

from __future__ import annotations

import logging

from scene_api.lib.jobs import HEARTBEAT_KEY
from scene_api.lib.timezone import utcnow
from scene_tasks.context import JobContext

log = logging.getLogger("scene_tasks.heartbeat")


async def heartbeat(ctx: JobContext) -> str:
    """Records the time the worker last ran a job; `/health/ready` and the ops page read it."""
    now = utcnow().isoformat()
    await ctx["runtime"].redis.set(HEARTBEAT_KEY, now, ex=300)
    log.info("worker heartbeat %s", now)
    return now

"""Jobs a service asks for, held until its transaction commits and then sent to SAQ."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from redis.exceptions import RedisError

log = logging.getLogger("scene.jobs")

HEARTBEAT_KEY = "scene:worker:heartbeat"
"""Where the worker's heartbeat job writes the time it last ran (`scene_tasks.jobs.system`) and the
ops page reads it: the one name both sides share."""


class JobQueue(Protocol):
    async def enqueue(self, job_or_func: str, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class PendingJob:
    function: str
    kwargs: dict[str, Any]
    key: str | None = None
    """Same key, same job: SAQ ignores a second enqueue while the first is queued."""
    scheduled: float = 0
    """Epoch seconds to run at; 0 means now."""


@dataclass
class JobOutbox:
    """Collects jobs during a unit of work. `flush` after commit; `discard` on rollback."""

    pending: list[PendingJob] = field(default_factory=list)

    def add(self, function: str, *, key: str | None = None, scheduled: float = 0, **kwargs: Any) -> None:
        self.pending.append(PendingJob(function, kwargs, key, scheduled))

    def discard(self) -> None:
        self.pending.clear()

    async def flush(self, queue: JobQueue | None) -> None:
        """Send the jobs; one that cannot reach Redis is logged and left to its sweep (holds, orders,
        messages and reminders each have one): the transaction that asked for it has committed, so
        failing the request now would only make the client retry what already happened."""
        jobs, self.pending = self.pending, []
        if queue is None:
            return
        for job in jobs:
            options: dict[str, Any] = {}
            if job.key:
                options["key"] = job.key
            if job.scheduled:
                options["scheduled"] = job.scheduled
            try:
                await queue.enqueue(job.function, **options, **job.kwargs)
            except (RedisError, OSError) as error:
                log.warning("job %s not queued (%s); its sweep will pick it up", job.function, error)

"""Every job runs inside a trace span and reports its duration and failures to Prometheus."""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from scene_api.lib.metrics import JOB_DURATION, JOB_FAILURES
from scene_api.lib.tracing import tracer
from scene_tasks.context import JobContext

Job = Callable[..., Awaitable[Any]]


def instrumented(job: Job) -> Job:
    name = job.__name__

    @functools.wraps(job)
    async def run(ctx: JobContext, **kwargs: Any) -> Any:
        started = time.perf_counter()
        with tracer.start_as_current_span(f"job {name}") as span:
            span.set_attribute("scene.job", name)
            try:
                return await job(ctx, **kwargs)
            except Exception:
                JOB_FAILURES.labels(function=name).inc()
                raise
            finally:
                JOB_DURATION.labels(function=name).observe(time.perf_counter() - started)

    return run

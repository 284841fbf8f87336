"""What every job receives: SAQ's context plus this worker's Runtime."""

from __future__ import annotations

from saq.types import Context

from scene_api.runtime import Runtime


class JobContext(Context, total=False):
    runtime: Runtime

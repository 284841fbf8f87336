"""Running servers for a test: an ASGI app on a real port (uvicorn in a thread), the SAQ worker."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from saq import Worker

from scene_api.runtime import Runtime
from scene_tasks.context import JobContext


@asynccontextmanager
async def serve(app: Any, port: int) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1:`port` until the block ends; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)


@asynccontextmanager
async def running_worker(runtime: Runtime) -> AsyncIterator[Worker[JobContext]]:
    """Scene's worker with its jobs and cron schedule, running on `runtime` until the block ends."""
    from scene_tasks.worker import build_worker

    running = build_worker(runtime, concurrency=4)
    task = asyncio.create_task(running.start())
    await asyncio.sleep(0.2)
    try:
        yield running
    finally:
        await running.stop()
        task.cancel()

"""Readiness: can this process reach the database, Redis and S3."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from scene_api.services import Services


class HealthService:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def readiness(self) -> dict[str, str]:
        """Each dependency's state, `ok` or the error it gave."""
        runtime = self.services.runtime

        async def database() -> None:
            await self.services.session.execute(sa.text("SELECT 1"))

        async def redis() -> None:
            await runtime.redis.ping()

        async def storage() -> None:
            await runtime.storage.ping()

        checks = {"database": database, "redis": redis, "s3": storage}
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), timeout=3)
                results[name] = "ok"
            except Exception as error:
                results[name] = f"error: {type(error).__name__}"
        return results

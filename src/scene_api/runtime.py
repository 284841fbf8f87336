"""The long-lived connections one process holds: database engine, Redis, job queue, file storage."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis
from saq import Queue
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from scene_api.config import Settings
from scene_api.domain.messaging.channels.registry import ProviderClients
from scene_api.lib.storage import Storage

QUEUE_NAME = "scene"


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    redis: Redis
    queue: Queue
    storage: Storage
    providers: ProviderClients = field(default_factory=ProviderClients)
    """Messaging providers' pooled HTTP clients, one per provider."""

    @classmethod
    async def open(cls, settings: Settings) -> Runtime:
        if not (settings.database_url and settings.redis_url and settings.s3_endpoint):
            raise RuntimeError("SCENE_DATABASE_URL, SCENE_REDIS_URL and SCENE_S3_ENDPOINT must be set")
        engine = create_async_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_pool_size,
            pool_pre_ping=True,
            echo=settings.database_echo,
        )
        storage = Storage.of(settings)
        await storage.ensure_bucket()
        return cls(
            settings=settings,
            engine=engine,
            session_factory=async_sessionmaker(engine, expire_on_commit=False),
            redis=Redis.from_url(settings.redis_url, decode_responses=True),
            queue=Queue.from_url(settings.redis_url, name=QUEUE_NAME),
            storage=storage,
        )

    async def close(self) -> None:
        await self.providers.aclose()
        await self.queue.disconnect()
        await self.redis.aclose()
        await self.engine.dispose()

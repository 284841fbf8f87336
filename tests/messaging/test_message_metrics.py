"""An SMS the worker sends through the Twilio sandbox, reported delivered by its signed status callback,
shows in the API's /metrics: the scrape reads the database, not a counter in the worker's memory."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest
import sqlalchemy as sa
from saq import Worker

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_tasks.context import JobContext
from tests.helpers import PHONES, create_member

DELIVERED_BY_TWILIO = 'scene_messages_last_hour{channel="sms",provider="twilio",status="delivered"} 1.0'


@pytest.fixture
def messaging_settings(messaging_settings: Settings) -> Settings:
    """SMS only, so the approval goes by Twilio."""
    return replace(messaging_settings, whatsapp_backend="")


async def status_of(runtime: Runtime) -> m.DeliveryStatus | None:
    async with runtime.session_factory() as session:
        return await session.scalar(sa.select(m.MessageDelivery.status))


async def test_an_sms_the_worker_delivered_shows_in_the_apis_scrape(
    messaging_runtime: Runtime,
    messaging_worker: Worker[JobContext],
    sandbox: httpx.AsyncClient,
    messaging_api: httpx.AsyncClient,
):
    member = await create_member(messaging_runtime, PHONES[0])
    before = (await messaging_api.get("/metrics")).text
    async with provide_services(messaging_runtime) as services:
        await services.notifications.notify(
            [member.id], kind="join_approved", title="You're in: Padel", body="Sat 8 pm", dedupe_key="metrics"
        )
    for _ in range(200):
        if await status_of(messaging_runtime) == m.DeliveryStatus.DELIVERED:
            break
        await asyncio.sleep(0.05)

    after = (await messaging_api.get("/metrics")).text

    assert await status_of(messaging_runtime) == m.DeliveryStatus.DELIVERED
    assert DELIVERED_BY_TWILIO not in before
    assert DELIVERED_BY_TWILIO in after

"""/metrics reports messages from the database at scrape time, so what the worker delivered shows on
every API replica (the old in-process SMS counter read 0 there)."""

from datetime import timedelta

import sqlalchemy as sa
from litestar import Litestar
from litestar.testing import AsyncTestClient

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.message_rows import delivery, store

S = m.DeliveryStatus


async def scrape(client: AsyncTestClient[Litestar]) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


async def test_a_delivered_sms_shows_in_the_scrape(client, runtime):
    await store(runtime, delivery(m.Channel.SMS, "code", S.DELIVERED, provider="twilio"))

    body = await scrape(client)

    assert 'scene_messages_last_hour{channel="sms",provider="twilio",status="delivered"} 1.0' in body
    assert "scene_sms_sent_total" not in body


async def test_failures_by_error_code_and_refused_callbacks_show_too(client, runtime):
    await store(
        runtime,
        delivery(m.Channel.SMS, "code", S.FAILED, provider="twilio", error_code="30007"),
        delivery(m.Channel.SMS, "code", S.FAILED, provider="twilio", error_code="30007"),
        delivery(m.Channel.WHATSAPP, "code", S.FAILED, provider="whatsapp", error_code="131026"),
    )
    async with provide_services(runtime) as services:
        await services.messaging.reject_webhook(
            "veevo", "token does not match", remote_addr="203.0.113.9", headers={}, body=b""
        )

    body = await scrape(client)

    assert 'scene_messages_last_hour{channel="sms",provider="twilio",status="failed"} 2.0' in body
    assert 'scene_message_failures_last_hour{channel="sms",error_code="30007",provider="twilio"} 2.0' in body
    assert (
        'scene_message_failures_last_hour{channel="whatsapp",error_code="131026",provider="whatsapp"} 1.0'
        in body
    )
    assert 'scene_rejected_webhooks_last_hour{provider="veevo"} 1.0' in body


async def test_only_the_last_hour_counts_and_a_series_with_no_rows_left_goes(client, runtime):
    await store(
        runtime,
        delivery(
            m.Channel.SMS, "code", S.DELIVERED, provider="veevo", created_at=utcnow() - timedelta(minutes=61)
        ),
    )
    await store(runtime, delivery(m.Channel.PUSH, "join_approved", S.SENT, provider="webpush"))
    assert 'provider="webpush",status="sent"} 1.0' in await scrape(client)

    async with provide_services(runtime) as services:
        await services.session.execute(sa.update(m.MessageDelivery).values(status=S.DELIVERED))
    body = await scrape(client)

    assert 'provider="veevo"' not in body
    assert 'scene_messages_last_hour{channel="push",provider="webpush",status="delivered"} 1.0' in body
    assert 'scene_messages_last_hour{channel="push",provider="webpush",status="sent"}' not in body


async def test_every_booking_status_is_reported_even_at_zero(client):
    body = await scrape(client)

    for status in m.BookingStatus:
        assert f'scene_rows_by_status{{kind="bookings",status="{status.value}"}} 0.0' in body

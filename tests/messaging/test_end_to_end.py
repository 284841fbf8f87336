"""Messages end to end over real HTTP: the API records, the worker sends through the real adapters to
the sandboxes, the sandboxes report back to the API's callback endpoint, signed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from saq import Worker

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_tasks.context import JobContext
from tests.helpers import PHONES, code_in, create_member

Status = m.DeliveryStatus
PHONE = PHONES[0]


@pytest.fixture
def messaging_settings(messaging_settings: Settings) -> Settings:
    """Codes fall back to SMS after 2 s here (45 s in production), so the test can wait for it."""
    return replace(messaging_settings, code_fallback_seconds=2)


async def rows(runtime: Runtime) -> list[m.MessageDelivery]:
    async with runtime.session_factory() as session:
        found = await session.scalars(sa.select(m.MessageDelivery).order_by(m.MessageDelivery.created_at))
        return list(found)


async def wait_for(
    runtime: Runtime, check: Callable[[list[m.MessageDelivery]], bool]
) -> list[m.MessageDelivery]:
    for _ in range(300):
        found = await rows(runtime)
        if check(found):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {[(row.channel, row.status, row.error_code) for row in found]}")


async def handset(sandbox: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    answer = await sandbox.get(f"/_control/handsets/{phone}")
    received: list[dict[str, Any]] = answer.json()
    return received


async def request_code(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/v1/auth/otp/request", json={"phone": PHONE})
    assert answer.status_code == 200, answer.text


async def test_a_code_goes_by_whatsapp_and_its_delivery_is_reported(
    messaging_runtime: Runtime,
    messaging_worker: Worker[JobContext],
    sandbox: httpx.AsyncClient,
    messaging_api: httpx.AsyncClient,
):
    await create_member(messaging_runtime, PHONE)
    await request_code(messaging_api)
    [code] = await wait_for(messaging_runtime, lambda found: bool(found) and found[0].status == Status.READ)
    assert (code.channel, code.provider, code.kind) == (m.Channel.WHATSAPP, "whatsapp", "code")
    assert code.sent_at
    assert code.delivered_at
    assert code.read_at
    [received] = await handset(sandbox, PHONE)
    assert received["channel"] == "whatsapp"
    assert code_in(received["text"])
    async with messaging_runtime.session_factory() as session:
        reported = await session.scalars(sa.select(m.MessageStatusEvent.status))
        assert sorted(reported) == sorted([Status.SENT, Status.DELIVERED, Status.READ])
    # Meta sends statuses again, newest first and twice: nothing moves backwards, nothing is stored twice.
    replayed = await sandbox.post(f"/whatsapp/_control/messages/{code.provider_message_id}/replay")
    assert replayed.status_code == 200
    await asyncio.sleep(1)
    [again] = await rows(messaging_runtime)
    assert again.status == Status.READ
    async with messaging_runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.MessageStatusEvent)) == 3


@pytest.mark.parametrize(
    "fault",
    [
        {"delivery": "failed"},
        {"status": 400, "error_code": "131026"},
        {"delivery": "silent"},
    ],
    ids=["reported-failed", "refused", "never-delivered"],
)
async def test_a_code_whatsapp_does_not_deliver_goes_by_sms(
    messaging_runtime: Runtime,
    messaging_worker: Worker[JobContext],
    sandbox: httpx.AsyncClient,
    messaging_api: httpx.AsyncClient,
    fault: dict[str, Any],
):
    await create_member(messaging_runtime, PHONE)
    assert (await sandbox.post("/_control/faults", json={"provider": "whatsapp"} | fault)).status_code == 204
    await request_code(messaging_api)
    found = await wait_for(
        messaging_runtime,
        lambda found: any(row.channel == m.Channel.SMS and row.status == Status.DELIVERED for row in found),
    )
    whatsapp, sms = found
    assert sms.fallback_of_id == whatsapp.id
    assert sms.provider == "twilio"
    texts = [item["text"] for item in await handset(sandbox, PHONE) if item["channel"] == "sms"]
    assert len(texts) == 1
    assert code_in(texts[0])


async def test_an_approval_goes_by_push_to_a_subscribed_phone_and_a_dead_subscription_is_dropped(
    messaging_runtime: Runtime,
    messaging_worker: Worker[JobContext],
    sandbox: httpx.AsyncClient,
    messaging_api: httpx.AsyncClient,
):
    member = await create_member(messaging_runtime, PHONE)
    async with provide_services(messaging_runtime) as services:
        key = services.push_subscriptions.public_key()
    browser = (await sandbox.post("/push/_subscribe", json={"applicationServerKey": key})).json()
    async with provide_services(messaging_runtime) as services:
        await services.push_subscriptions.subscribe(
            member,
            endpoint=browser["endpoint"],
            p256dh=browser["keys"]["p256dh"],
            auth=browser["keys"]["auth"],
        )
        await services.notifications.notify(
            [member.id], kind="join_approved", title="You're in: Padel", link="/a/padel", dedupe_key="first"
        )
    [pushed] = await wait_for(messaging_runtime, lambda found: bool(found) and found[0].status == Status.SENT)
    assert (pushed.channel, pushed.provider) == (m.Channel.PUSH, "webpush")
    token = browser["endpoint"].rsplit("/", 1)[1]
    [payload] = (await sandbox.get(f"/push/_received/{token}")).json()
    shown = json.loads(payload["text"])
    assert shown["title"] == "You're in: Padel"
    assert shown["url"].endswith("/a/padel")

    await sandbox.delete(f"/push/_subscriptions/{token}")
    async with provide_services(messaging_runtime) as services:
        await services.notifications.notify(
            [member.id],
            kind="join_approved",
            title="You're in: Futsal",
            link="/a/futsal",
            dedupe_key="second",
        )
    found = await wait_for(
        messaging_runtime, lambda found: len(found) == 3 and found[2].status != Status.QUEUED
    )
    assert next((row.channel, row.status) for row in found[1:]) == (m.Channel.PUSH, Status.FAILED)
    assert found[2].channel == m.Channel.WHATSAPP
    async with messaging_runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.PushSubscription)) == 0


async def test_a_webhook_with_a_bad_signature_is_refused_and_kept_for_ops(
    messaging_runtime: Runtime, messaging_api: httpx.AsyncClient, messaging_settings: Settings
):
    body = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()
    wrong = "sha256=" + hmac.new(b"not-the-secret", body, hashlib.sha256).hexdigest()
    refused = await messaging_api.post(
        "/api/v1/messaging/callbacks/whatsapp",
        content=body,
        headers={"content-type": "application/json", "x-hub-signature-256": wrong},
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "bad_signature"
    right = (
        "sha256="
        + hmac.new(messaging_settings.whatsapp_app_secret.encode(), body, hashlib.sha256).hexdigest()
    )
    accepted = await messaging_api.post(
        "/api/v1/messaging/callbacks/whatsapp",
        content=body,
        headers={"content-type": "application/json", "x-hub-signature-256": right},
    )
    assert accepted.status_code == 200
    twilio = await messaging_api.post(
        "/api/v1/messaging/callbacks/twilio", data={"MessageSid": "SM1", "MessageStatus": "delivered"}
    )
    assert twilio.status_code == 403
    assert (await messaging_api.post("/api/v1/messaging/callbacks/pigeon", content=b"{}")).status_code == 404
    async with messaging_runtime.session_factory() as session:
        kept = list(
            await session.scalars(sa.select(m.RejectedWebhook).order_by(m.RejectedWebhook.created_at))
        )
        assert [row.provider for row in kept] == ["whatsapp", "twilio"]
        assert kept[0].body.startswith('{"object"')
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.MessageStatusEvent)) == 0


async def test_the_whatsapp_webhook_handshake(messaging_api: httpx.AsyncClient, messaging_settings: Settings):
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    right = await messaging_api.get(
        "/api/v1/messaging/callbacks/whatsapp",
        params=query | {"hub.verify_token": messaging_settings.whatsapp_verify_token},
    )
    assert (right.status_code, right.text) == (200, "1158201444")
    wrong = await messaging_api.get(
        "/api/v1/messaging/callbacks/whatsapp", params=query | {"hub.verify_token": "guess"}
    )
    assert wrong.status_code == 403

"""Web push over real HTTP: the API keeps a member's browsers, the adapter sends to the sandbox push
service, and the sandbox's "browser" decrypts what arrived (RFC 8291) after checking the VAPID token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import (
    OutgoingMessage,
    ProviderRejected,
    PushTarget,
    SubscriptionGone,
)
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.webpush import MAX_PLAINTEXT_OCTETS, WebPush
from scene_api.lib.errors import InvalidInput
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member, sign_in

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}
REMINDER = OutgoingMessage(kind="booking_reminder", language="en", title="Court Nine at 8 pm")


@pytest.fixture
def messaging_settings(messaging_settings: Settings, tmp_path: Path) -> Settings:
    """Development's VAPID key is made in this test's own state_dir, not the developer's `.scene`."""
    return replace(messaging_settings, state_dir=tmp_path)


@pytest.fixture
async def web_push(messaging_settings: Settings) -> AsyncIterator[WebPush]:
    http = ProviderHttp("webpush", backoff_seconds=0.01)
    yield WebPush(messaging_settings, http)
    await http.aclose()


async def browser_subscription(sandbox: httpx.AsyncClient, public_key: str) -> dict[str, Any]:
    """What the sandbox browser's `pushManager.subscribe({applicationServerKey})` gives."""
    made = await sandbox.post("/push/_subscribe", json={"applicationServerKey": public_key})
    assert made.status_code == 201, made.text
    subscription: dict[str, Any] = made.json()
    return subscription


def token_of(endpoint: str) -> str:
    return endpoint.rsplit("/", 1)[1]


async def received(sandbox: httpx.AsyncClient, endpoint: str) -> list[dict[str, Any]]:
    answer = await sandbox.get(f"/push/_received/{token_of(endpoint)}")
    messages: list[dict[str, Any]] = answer.json()
    return messages


def target_of(subscription: dict[str, Any]) -> PushTarget:
    keys = subscription["keys"]
    return PushTarget(subscription["endpoint"], keys["p256dh"], keys["auth"])


async def test_a_subscribed_browser_decrypts_what_the_adapter_sent(
    runtime: Runtime, sandbox: httpx.AsyncClient, messaging_api: httpx.AsyncClient, web_push: WebPush
) -> None:
    member = await create_member(runtime, PHONES[0])
    headers = await sign_in(runtime, member) | BROWSER
    public_key = (await messaging_api.get("/api/v1/push/public-key")).json()["public_key"]
    assert public_key == web_push.public_key
    browser = await browser_subscription(sandbox, public_key)

    saved = await messaging_api.post("/api/v1/me/push-subscriptions", json=browser, headers=headers)

    assert saved.status_code == 201, saved.text
    devices = (await messaging_api.get("/api/v1/me/push-subscriptions", headers=headers)).json()
    assert [(device["endpoint"], device["user_agent"]) for device in devices] == [
        (browser["endpoint"], BROWSER["User-Agent"])
    ]
    async with provide_services(runtime) as services:
        stored = await services.session.scalar(sa.select(m.PushSubscription))
    assert stored is not None
    message = OutgoingMessage(
        kind="join_approved",
        language="ur",
        title="عائشہ نے آپ کو شامل کر لیا",
        body="Padel at 8 pm, Court Nine",
        link="http://testserver/activities/0192",
        tag="activity-0192",
    )

    result = await web_push.send(PushTarget(stored.endpoint, stored.p256dh, stored.auth), message)

    assert result.provider == "webpush"
    assert result.provider_message_id is not None
    assert result.provider_message_id.startswith(browser["endpoint"].split("/send/")[0])
    [arrived] = await received(sandbox, browser["endpoint"])
    assert json.loads(arrived["text"]) == {
        "title": message.title,
        "body": message.body,
        "url": message.link,
        "tag": message.tag,
    }
    assert (arrived["urgency"], arrived["ttl"], arrived["topic"]) == ("normal", 86400, "activity-0192")


async def test_codes_go_urgent_and_short_lived_and_a_long_body_is_shortened_to_fit(
    sandbox: httpx.AsyncClient, web_push: WebPush
) -> None:
    browser = await browser_subscription(sandbox, web_push.public_key)
    code = OutgoingMessage(kind="code", language="en", title="Your Scene code", code="123456", tag="code:1")
    long = OutgoingMessage(kind="event_reminder", language="ur", title="یاد دہانی", body="کل شام " * 1000)

    await web_push.send(target_of(browser), code)
    await web_push.send(target_of(browser), long)

    first, second = await received(sandbox, browser["endpoint"])
    assert (first["urgency"], first["ttl"], first["topic"]) == ("high", 600, "")  # "code:1" is no Topic
    assert len(second["text"].encode()) <= MAX_PLAINTEXT_OCTETS
    assert json.loads(second["text"])["body"].endswith("…")


async def test_an_unsubscribed_browser_is_gone_and_its_subscription_is_removed(
    runtime: Runtime, sandbox: httpx.AsyncClient, messaging_api: httpx.AsyncClient, web_push: WebPush
) -> None:
    member = await create_member(runtime, PHONES[0])
    headers = await sign_in(runtime, member)
    browser = await browser_subscription(sandbox, web_push.public_key)
    await messaging_api.post("/api/v1/me/push-subscriptions", json=browser, headers=headers)
    await sandbox.delete(f"/push/_subscriptions/{token_of(browser['endpoint'])}")

    with pytest.raises(SubscriptionGone) as gone:
        await web_push.send(target_of(browser), REMINDER)

    assert gone.value.http_status == 410
    async with provide_services(runtime) as services:
        assert await services.push_subscriptions.remove_gone(browser["endpoint"]) is True
        assert await services.push_subscriptions.remove_gone(browser["endpoint"]) is False
    assert (await messaging_api.get("/api/v1/me/push-subscriptions", headers=headers)).json() == []
    never_made = browser["endpoint"].replace(token_of(browser["endpoint"]), "never-made")
    with pytest.raises(SubscriptionGone) as never_known:
        await web_push.send(replace(target_of(browser), endpoint=never_made), REMINDER)
    assert never_known.value.http_status == 404


async def test_the_push_service_refuses_another_servers_key_and_its_own_faults_are_retried(
    messaging_settings: Settings, sandbox: httpx.AsyncClient, web_push: WebPush, tmp_path: Path
) -> None:
    browser = await browser_subscription(sandbox, web_push.public_key)
    stranger_http = ProviderHttp("webpush")
    stranger = WebPush(replace(messaging_settings, state_dir=tmp_path / "other"), stranger_http)
    message = OutgoingMessage(kind="order_paid", language="en", title="Tickets paid")

    with pytest.raises(ProviderRejected) as refused:
        await stranger.send(target_of(browser), message)
    await stranger_http.aclose()
    assert refused.value.http_status == 403
    await sandbox.post("/_control/faults", json={"provider": "push", "status": 503, "count": 2})
    assert (await web_push.send(target_of(browser), message)).provider == "webpush"
    await sandbox.post("/_control/faults", json={"provider": "push", "status": 429})
    with pytest.raises(ProviderRejected) as throttled:
        await web_push.send(target_of(browser), message)
    assert throttled.value.http_status == 429
    assert len(await received(sandbox, browser["endpoint"])) == 1


def bad(subscription: dict[str, Any], **changes: Any) -> dict[str, Any]:
    keys = subscription["keys"] | changes.pop("keys", {})
    return subscription | {"keys": keys} | changes


async def test_malformed_subscriptions_are_refused_and_change_nothing(
    runtime: Runtime, sandbox: httpx.AsyncClient, messaging_api: httpx.AsyncClient, web_push: WebPush
) -> None:
    member = await create_member(runtime, PHONES[0])
    headers = await sign_in(runtime, member)
    browser = await browser_subscription(sandbox, web_push.public_key)
    refused = {
        "endpoint": [
            bad(browser, endpoint="http://push.example.net/send/abc"),
            bad(browser, endpoint="ftp://127.0.0.1/send/abc"),
            bad(browser, endpoint="https://push.example.net/" + "a" * 2048),
        ],
        "keys.p256dh": [
            bad(browser, keys={"p256dh": browser["keys"]["p256dh"][:-2]}),  # 64 octets
            bad(browser, keys={"p256dh": "A" * 87}),  # 65 octets, not a point on the curve
        ],
        "keys.auth": [
            bad(browser, keys={"auth": "!!!!junk!base64!!!!!!!"}),
            bad(browser, keys={"auth": "c2hvcnQtc2VjcmV0"}),  # 12 octets
        ],
    }
    unknown_fields = [bad(browser, extra=1), bad(browser, keys={"extra": "x"})]

    for field, bodies in refused.items():
        for body in bodies:
            answer = await messaging_api.post("/api/v1/me/push-subscriptions", json=body, headers=headers)
            assert answer.status_code == 422, (body, answer.text)
            assert field in json.dumps(answer.json()["error"]), (field, answer.text)
    for body in unknown_fields:
        answer = await messaging_api.post("/api/v1/me/push-subscriptions", json=body, headers=headers)
        assert answer.status_code == 422, answer.text

    assert (await messaging_api.get("/api/v1/me/push-subscriptions", headers=headers)).json() == []


async def test_production_takes_only_public_https_endpoints(runtime: Runtime, web_push: WebPush) -> None:
    member = await create_member(runtime, PHONES[0])
    keys = {"p256dh": web_push.public_key, "auth": "BTBZMqHH6r4Tts7J_aSIgg"}
    async with provide_services(runtime) as services:
        services.settings = replace(services.settings, env="production")
        for endpoint in ("http://127.0.0.1:9/send/a", "https://10.0.0.7/send/a", "https://localhost/send/a"):
            with pytest.raises(InvalidInput) as refused:
                await services.push_subscriptions.subscribe(member, endpoint=endpoint, **keys)
            assert refused.value.field == "endpoint"
        device = await services.push_subscriptions.subscribe(
            member, endpoint="https://fcm.googleapis.com/fcm/send/abc", **keys
        )
    assert device.endpoint == "https://fcm.googleapis.com/fcm/send/abc"


async def test_devices_belong_to_their_last_subscriber_and_only_they_remove_them(
    runtime: Runtime, sandbox: httpx.AsyncClient, messaging_api: httpx.AsyncClient, web_push: WebPush
) -> None:
    owner = await sign_in(runtime, await create_member(runtime, PHONES[0], handle="owner"))
    other = await sign_in(runtime, await create_member(runtime, PHONES[1], handle="other"))
    browser = await browser_subscription(sandbox, web_push.public_key)
    await messaging_api.post("/api/v1/me/push-subscriptions", json=browser, headers=owner)

    stranger = await messaging_api.delete(
        "/api/v1/me/push-subscriptions", params={"endpoint": browser["endpoint"]}, headers=other
    )

    assert stranger.status_code == 404
    mine = (await messaging_api.get("/api/v1/me/push-subscriptions", headers=owner)).json()
    assert [device["endpoint"] for device in mine] == [browser["endpoint"]]
    await messaging_api.post("/api/v1/me/push-subscriptions", json=browser, headers=other)
    assert (await messaging_api.get("/api/v1/me/push-subscriptions", headers=owner)).json() == []
    removed = await messaging_api.delete(
        "/api/v1/me/push-subscriptions", params={"endpoint": browser["endpoint"]}, headers=other
    )
    assert removed.status_code == 204
    assert (await messaging_api.get("/api/v1/me/push-subscriptions", headers=other)).json() == []


async def test_a_member_keeps_their_ten_latest_browsers(runtime: Runtime, web_push: WebPush) -> None:
    member = await create_member(runtime, PHONES[0])
    keys = {"p256dh": web_push.public_key, "auth": "BTBZMqHH6r4Tts7J_aSIgg"}
    for n in range(11):
        async with provide_services(runtime) as services:
            await services.push_subscriptions.subscribe(
                member, endpoint=f"https://push.example.net/send/{n}", **keys
            )

    async with provide_services(runtime) as services:
        devices = await services.push_subscriptions.list_mine(member)
    assert [device.endpoint.rsplit("/", 1)[1] for device in devices] == [str(n) for n in range(10, 0, -1)]

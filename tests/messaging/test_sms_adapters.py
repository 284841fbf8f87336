"""The SMS adapters against their sandboxes over real HTTP: sends, refusals, retries, and the delivery
reports the sandboxes send back, read by the adapters as the callback endpoint would."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
from litestar import Litestar, Request, route

from scene_api.config import Settings
from scene_api.domain.messaging.channels.base import (
    BadSignature,
    CallbackRequest,
    DeliveryStatus,
    OutgoingMessage,
    ProviderRejected,
    ProviderUnavailable,
)
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.twilio import TwilioSms
from scene_api.domain.messaging.channels.veevo import VeevoSms
from tests.servers import serve

PHONE = "+923001234567"
MESSAGE = OutgoingMessage(
    kind="code", language="en", title="Your Scene code is 123456", body="It expires in 10 minutes."
)
BACKOFF = 0.1
TIMEOUT = 0.5

Adapter = TwilioSms | VeevoSms
ADAPTERS: dict[str, type[Adapter]] = {"twilio": TwilioSms, "veevo": VeevoSms}


@pytest.fixture
async def received(ports: dict[str, int]) -> AsyncIterator[list[CallbackRequest]]:
    """The callback endpoint's stand-in on the API's port: it keeps every request the way the
    endpoint hands it to an adapter."""
    requests: list[CallbackRequest] = []

    @route("/api/v1/messaging/callbacks/{provider:str}", http_method=["GET", "POST"], status_code=200)
    async def receive(request: Request[Any, Any, Any], provider: str) -> None:
        body = await request.body()
        form = await request.form()
        requests.append(
            CallbackRequest(
                method=request.method,
                url=str(request.url),
                headers=dict(request.headers),
                query=dict(request.query_params),
                form={key: str(value) for key, value in form.items()},
                body=body,
            )
        )

    async with serve(Litestar(route_handlers=[receive]), ports["api"]):
        yield requests


@pytest.fixture
async def make_adapter(messaging_settings: Settings) -> AsyncIterator[Callable[..., Adapter]]:
    clients: list[ProviderHttp] = []

    def make(provider: str, **changes: Any) -> Adapter:
        http = ProviderHttp(provider, backoff_seconds=BACKOFF, timeout=httpx.Timeout(TIMEOUT))
        clients.append(http)
        return ADAPTERS[provider](replace(messaging_settings, **changes), http)

    yield make
    for http in clients:
        await http.aclose()


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


async def requests_seen(sandbox: httpx.AsyncClient, provider: str) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = (await sandbox.get(f"/{provider}/_sandbox/requests")).json()
    return answer


async def handset(sandbox: httpx.AsyncClient, phone: str = PHONE) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = (await sandbox.get(f"/_control/handsets/{phone}")).json()
    return answer


async def plan(sandbox: httpx.AsyncClient, provider: str, **fault: Any) -> None:
    response = await sandbox.post("/_control/faults", json={"provider": provider, **fault})
    assert response.status_code == 204, response.text


async def reports_of(received: list[CallbackRequest], adapter: Adapter, count: int) -> list[DeliveryStatus]:
    async def arrived() -> bool:
        return len(received) >= count

    await eventually(arrived)
    await asyncio.sleep(3 * 0.2)  # anything beyond `count` would have arrived by now
    assert len(received) == count
    return [report.status for request in received for report in adapter.read_callback(request)]


both = pytest.mark.parametrize("provider", ["twilio", "veevo"])


@both
async def test_a_sent_message_reaches_the_handset(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str
) -> None:
    result = await make_adapter(provider).send(PHONE, MESSAGE)

    assert (result.provider, result.status) == (provider, DeliveryStatus.SENT)
    [got] = await handset(sandbox)
    assert (got["provider"], got["text"], got["message_id"]) == (
        provider,
        MESSAGE.text,
        result.provider_message_id,
    )


async def test_twilio_answers_its_message_resource(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter]
) -> None:
    result = await make_adapter("twilio").send(PHONE, MESSAGE)

    assert str(result.provider_message_id).startswith("SM")
    assert (result.cost, result.currency) == (None, "USD")  # Twilio prices a message only later
    assert (result.raw["status"], result.raw["from"], result.raw["num_segments"]) == (
        "queued",
        "+15005550006",
        "1",
    )


async def test_twilio_sends_through_a_messaging_service(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter]
) -> None:
    service = "MG0123456789abcdef0123456789abcdef"
    result = await make_adapter("twilio", twilio_from=service).send(PHONE, MESSAGE)

    assert (result.status, result.raw["status"], result.raw["messaging_service_sid"]) == (
        DeliveryStatus.SENT,
        "accepted",
        service,
    )


@pytest.mark.parametrize(
    ("provider", "changes", "code", "http_status"),
    [
        ("twilio", {"twilio_auth_token": "not-the-token"}, "20003", 401),
        ("twilio", {"twilio_account_sid": "ACsomeone-else"}, "20003", 401),
        ("veevo", {"veevo_api_key": "not-the-hash"}, "INVALID_HASH", 200),
    ],
)
async def test_wrong_credentials_are_refused_once(
    sandbox: httpx.AsyncClient,
    make_adapter: Callable[..., Adapter],
    provider: str,
    changes: dict[str, str],
    code: str,
    http_status: int,
) -> None:
    with pytest.raises(ProviderRejected) as refused:
        await make_adapter(provider, **changes).send(PHONE, MESSAGE)

    assert (refused.value.code, refused.value.http_status) == (code, http_status)
    assert len(await requests_seen(sandbox, provider)) == 1
    assert await handset(sandbox) == []


@pytest.mark.parametrize(
    ("provider", "to", "code"),
    [
        ("twilio", "+15005550001", "21211"),  # Twilio's magic invalid number
        ("twilio", "+15005550004", "21610"),  # Twilio's magic opted-out number
        ("twilio", "923001234567", "21211"),  # not E.164
        ("veevo", "+15551234567", "INVALID_RECEIVER"),
    ],
)
async def test_a_refused_message_is_not_retried(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str, to: str, code: str
) -> None:
    with pytest.raises(ProviderRejected) as refused:
        await make_adapter(provider).send(to, MESSAGE)

    assert refused.value.code == code
    assert len(await requests_seen(sandbox, provider)) == 1


@both
async def test_a_planned_4xx_is_not_retried(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str
) -> None:
    await plan(
        sandbox, provider, status=429, count=3, error_code="20429" if provider == "twilio" else "RATE_LIMIT"
    )

    with pytest.raises(ProviderRejected) as refused:
        await make_adapter(provider).send(PHONE, MESSAGE)

    assert refused.value.http_status == 429
    assert [seen["answered"] for seen in await requests_seen(sandbox, provider)] == [429]


@both
async def test_5xx_is_retried_with_backoff_until_it_goes(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str
) -> None:
    await plan(sandbox, provider, status=500, count=2)
    started = time.monotonic()

    result = await make_adapter(provider).send(PHONE, MESSAGE)

    assert time.monotonic() - started >= BACKOFF + 2 * BACKOFF
    assert [seen["answered"] for seen in await requests_seen(sandbox, provider)] == [
        500,
        500,
        201 if provider == "twilio" else 200,
    ]
    assert [got["message_id"] for got in await handset(sandbox)] == [result.provider_message_id]


@both
async def test_a_timeout_is_retried_and_the_hung_request_may_still_deliver(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str
) -> None:
    await plan(sandbox, provider, hang_seconds=2 * TIMEOUT)

    result = await make_adapter(provider).send(PHONE, MESSAGE)

    async def both_answered() -> bool:
        return len(await requests_seen(sandbox, provider)) == 2

    await eventually(both_answered)
    # The provider never said no to the request that timed out: like a real gateway it sends it too.
    assert result.provider_message_id in [got["message_id"] for got in await handset(sandbox)]
    assert len(await handset(sandbox)) == 2


@both
async def test_every_attempt_failing_is_provider_unavailable(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], provider: str
) -> None:
    await plan(sandbox, provider, status=503, count=3)

    with pytest.raises(ProviderUnavailable):
        await make_adapter(provider).send(PHONE, MESSAGE)

    assert [seen["answered"] for seen in await requests_seen(sandbox, provider)] == [503, 503, 503]
    assert await handset(sandbox) == []


@both
async def test_delivery_reports_verify_and_read_as_sent_then_delivered(
    sandbox: httpx.AsyncClient,
    make_adapter: Callable[..., Adapter],
    received: list[CallbackRequest],
    provider: str,
) -> None:
    adapter = make_adapter(provider)
    result = await adapter.send(PHONE, MESSAGE)

    assert await reports_of(received, adapter, 2) == [DeliveryStatus.SENT, DeliveryStatus.DELIVERED]
    assert {
        report.provider_message_id for request in received for report in adapter.read_callback(request)
    } == {result.provider_message_id}


async def test_a_tampered_twilio_callback_is_refused(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], received: list[CallbackRequest]
) -> None:
    adapter = make_adapter("twilio")
    await adapter.send(PHONE, MESSAGE)
    await reports_of(received, adapter, 2)
    sent = received[0]

    with pytest.raises(BadSignature):
        adapter.read_callback(replace(sent, form={**sent.form, "MessageStatus": "delivered"}))
    with pytest.raises(BadSignature):
        adapter.read_callback(replace(sent, url=sent.url + "?x=1"))
    with pytest.raises(BadSignature):
        make_adapter("twilio", twilio_auth_token="another-token").read_callback(sent)


async def test_a_veevo_report_without_the_accounts_token_is_refused(
    sandbox: httpx.AsyncClient, make_adapter: Callable[..., Adapter], received: list[CallbackRequest]
) -> None:
    adapter = make_adapter("veevo")
    await adapter.send(PHONE, MESSAGE)
    await reports_of(received, adapter, 2)
    sent = received[0]

    assert sent.query["token"] == adapter.settings.veevo_callback_secret
    with pytest.raises(BadSignature):
        adapter.read_callback(replace(sent, query={"token": sent.query["token"][:-1]}))
    with pytest.raises(BadSignature):
        adapter.read_callback(replace(sent, query={}))


@pytest.mark.parametrize(("provider", "error_code"), [("twilio", "30003"), ("veevo", "SANDBOX-UNREACHABLE")])
async def test_an_undelivered_message_reports_failed_with_the_providers_code(
    sandbox: httpx.AsyncClient,
    make_adapter: Callable[..., Adapter],
    received: list[CallbackRequest],
    provider: str,
    error_code: str,
) -> None:
    await plan(sandbox, provider, delivery="undelivered")
    adapter = make_adapter(provider)
    await adapter.send(PHONE, MESSAGE)

    assert await reports_of(received, adapter, 2) == [DeliveryStatus.SENT, DeliveryStatus.FAILED]
    [failed] = adapter.read_callback(received[1])
    assert failed.error_code == error_code
    assert await handset(sandbox) == []


@pytest.mark.parametrize(
    ("delivery", "statuses"),
    [
        (
            "duplicate",
            [DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED],
        ),
        ("out_of_order", [DeliveryStatus.DELIVERED, DeliveryStatus.SENT]),
        ("silent", []),
    ],
)
@both
async def test_planned_report_disorder_arrives_as_planned_and_verifies(
    sandbox: httpx.AsyncClient,
    make_adapter: Callable[..., Adapter],
    received: list[CallbackRequest],
    provider: str,
    delivery: str,
    statuses: list[DeliveryStatus],
) -> None:
    await plan(sandbox, provider, delivery=delivery)
    adapter = make_adapter(provider)
    await adapter.send(PHONE, MESSAGE)

    assert await reports_of(received, adapter, len(statuses)) == statuses


@both
async def test_replayed_reports_come_again_newest_first_and_twice(
    sandbox: httpx.AsyncClient,
    make_adapter: Callable[..., Adapter],
    received: list[CallbackRequest],
    provider: str,
) -> None:
    adapter = make_adapter(provider)
    result = await adapter.send(PHONE, MESSAGE)
    await reports_of(received, adapter, 2)

    replay = await sandbox.post(f"/{provider}/_sandbox/messages/{result.provider_message_id}/replay")

    assert replay.status_code == 202
    assert await reports_of(received, adapter, 6) == [
        DeliveryStatus.SENT,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.SENT,
        DeliveryStatus.SENT,
    ]

"""The WhatsApp adapter against the Cloud API sandbox over real HTTP.

The sandbox holds its own copy of the approved templates, so a template the adapter fills wrongly is
refused with Meta's error codes. Status webhooks go to a small receiver on the API's port, at the
callback path, that only checks and reads them with the adapter (the API's own endpoint stores them,
which tests/messaging of the delivery flow cover).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from litestar import Litestar, Request, Response, get, post

from scene_api.config import Settings
from scene_api.domain.messaging.channels import whatsapp_templates
from scene_api.domain.messaging.channels.base import (
    BadSignature,
    CallbackRequest,
    DeliveryStatus,
    OutgoingMessage,
    ProviderRejected,
    ProviderUnavailable,
    StatusReport,
)
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.whatsapp import WhatsAppCloud
from scene_api.domain.messaging.channels.whatsapp_templates import (
    TEMPLATE_FOR_KIND,
    Template,
    TemplateCategory,
)
from tests.servers import serve

PHONE = "+923001234567"
CALLBACK_PATH = "/api/v1/messaging/callbacks/whatsapp"


@dataclass
class Receiver:
    """What reached the webhook: the reports read from calls that verified, and refusals."""

    reports: list[StatusReport] = field(default_factory=list)
    refused: int = 0

    async def wait_for(self, count: int, seconds: float = 10) -> list[StatusReport]:
        for _ in range(int(seconds / 0.05)):
            if len(self.reports) >= count:
                break
            await asyncio.sleep(0.05)
        return self.reports


def receiver_app(adapter: WhatsAppCloud, receiver: Receiver) -> Litestar:
    @get(CALLBACK_PATH, media_type="text/plain")
    async def verify(request: Request[Any, Any, Any]) -> Response[str]:
        try:
            return Response(adapter.handshake(dict(request.query_params.items())))
        except BadSignature:
            return Response("", status_code=403)

    @post(CALLBACK_PATH, status_code=200)
    async def statuses(request: Request[Any, Any, Any]) -> Response[str]:
        incoming = CallbackRequest(
            method="POST",
            url=str(request.url),
            headers=dict(request.headers.items()),
            query=dict(request.query_params.items()),
            form={},
            body=await request.body(),
        )
        try:
            receiver.reports.extend(adapter.read_callback(incoming))
        except BadSignature:
            receiver.refused += 1
            return Response("", status_code=403)
        return Response("")

    return Litestar(route_handlers=[verify, statuses], openapi_config=None)


AdapterFor = Callable[..., WhatsAppCloud]


@pytest.fixture
async def adapter_for(messaging_settings: Settings) -> AsyncIterator[AdapterFor]:
    """Adapters on the sandbox with short backoffs (and, when asked, other settings or timeout)."""
    clients: list[ProviderHttp] = []

    def make(timeout: float = 5, **changes: Any) -> WhatsAppCloud:
        http = ProviderHttp("whatsapp", backoff_seconds=0.01, timeout=httpx.Timeout(timeout))
        clients.append(http)
        return WhatsAppCloud(replace(messaging_settings, **changes), http)

    yield make
    for http in clients:
        await http.aclose()


@pytest.fixture
async def receiver(
    adapter_for: AdapterFor, ports: dict[str, int], sandbox: httpx.AsyncClient
) -> AsyncIterator[Receiver]:
    received = Receiver()
    async with serve(receiver_app(adapter_for(), received), ports["api"]):
        yield received


async def handset(sandbox: httpx.AsyncClient, phone: str = PHONE) -> list[dict[str, Any]]:
    answer = await sandbox.get(f"/_control/handsets/{phone}")
    answer.raise_for_status()
    messages: list[dict[str, Any]] = answer.json()
    return messages


async def plan_fault(sandbox: httpx.AsyncClient, **fault: Any) -> None:
    answer = await sandbox.post("/_control/faults", json={"provider": "whatsapp", **fault})
    assert answer.status_code == 204, answer.text


def utility(kind: str, language: str = "en", **fields: str) -> OutgoingMessage:
    values = {
        "title": "Your request for Padel at Court Nine was approved",
        "body": "Saturday 8:00 pm, Court Nine, Lahore.",
        **fields,
    }
    return OutgoingMessage(kind=kind, language=language, **values)


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_sign_in_code_goes_with_the_copy_code_button_and_is_reported(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, receiver: Receiver, language: str
) -> None:
    code = OutgoingMessage(kind="code", language=language, title="Scene code", code="482913")
    result = await adapter_for().send(PHONE, code)

    assert result.provider == "whatsapp"
    assert result.provider_message_id
    assert result.provider_message_id.startswith("wamid.")
    [received] = await handset(sandbox)
    assert received["message_id"] == result.provider_message_id
    assert received["extra"]["template"] == "scene_sign_in_code"
    assert received["extra"]["language"] == language
    assert received["extra"]["category"] == "AUTHENTICATION"
    assert "*482913*" in received["text"]
    assert received["extra"]["button"]["url"].endswith("code=otp482913")

    reports = await receiver.wait_for(3)
    assert [r.status for r in reports] == [DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]
    assert {r.provider_message_id for r in reports} == {result.provider_message_id}
    assert reports[0].raw["pricing_category"] == "authentication"
    assert reports[0].raw["recipient_id"] == PHONE.removeprefix("+")
    assert all(r.occurred_at is not None for r in reports)
    assert receiver.refused == 0


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_every_kind_with_a_template_is_accepted(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, messaging_settings: Settings, language: str
) -> None:
    adapter = adapter_for()
    link = f"{messaging_settings.public_url}/activities/0190f1c2?tab=people"
    kinds = [kind for kind in TEMPLATE_FOR_KIND if kind != "code"]
    for kind in kinds:
        await adapter.send(PHONE, utility(kind, language, link=link))

    received = await handset(sandbox)
    assert [m["extra"]["template"] for m in received] == [TEMPLATE_FOR_KIND[k].name for k in kinds]
    assert {m["extra"]["category"] for m in received} == {"UTILITY"}
    assert {m["extra"]["button"]["url"] for m in received} == {link}
    assert all("Court Nine" in m["text"] for m in received)


async def test_text_meta_would_refuse_is_laid_out_on_one_line(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, messaging_settings: Settings
) -> None:
    """Meta refuses a parameter with a new line, a tab or five spaces (132018), or an empty one."""
    message = utility("booking_confirmed", body="Court 2\n8:00 pm\t     Lahore")
    await adapter_for().send(PHONE, message)
    [received] = await handset(sandbox)
    assert "Court 2 8:00 pm Lahore" in received["text"]
    assert received["extra"]["button"]["url"] == f"{messaging_settings.public_url}/notifications"

    await adapter_for().send(PHONE, utility("booking_confirmed", body="", link="/e/padel-night"))
    second = (await handset(sandbox))[1]
    assert "\n\n-\n\n" in second["text"]
    assert second["extra"]["button"]["url"] == f"{messaging_settings.public_url}/e/padel-night"


async def test_a_link_outside_the_app_cannot_go_in_the_approved_button(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient
) -> None:
    with pytest.raises(ValueError, match="opens only"):
        await adapter_for().send(PHONE, utility("order_paid", link="https://evil.example/e/padel-night"))
    assert await sandbox_requests(sandbox) == 0


async def test_sandbox_refuses_a_parameter_with_a_new_line(sandbox: httpx.AsyncClient) -> None:
    answer = await sandbox.post(
        "/whatsapp/v21.0/dev-only-phone-number-id/messages",
        headers={"Authorization": "Bearer dev-only-whatsapp-access-token"},
        json=raw_template("scene_reminder", ["Reminder", "line one\nline two"], button="activities/1"),
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == 132018


def raw_template(name: str, body: list[str], *, button: str | None, language: str = "en") -> dict[str, Any]:
    components: list[dict[str, Any]] = [
        {"type": "body", "parameters": [{"type": "text", "text": value} for value in body]}
    ]
    if button is not None:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": button}],
            }
        )
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": PHONE.removeprefix("+"),
        "type": "template",
        "template": {"name": name, "language": {"code": language}, "components": components},
    }


async def test_sandbox_refuses_a_code_without_its_copy_code_button(sandbox: httpx.AsyncClient) -> None:
    answer = await sandbox.post(
        "/whatsapp/v21.0/dev-only-phone-number-id/messages",
        headers={"Authorization": "Bearer dev-only-whatsapp-access-token"},
        json=raw_template("scene_sign_in_code", ["482913"], button=None),
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 131008
    assert "Button at index 0" in error["error_data"]["details"]
    assert error["fbtrace_id"]


def test_kinds_without_a_template_are_not_for_whatsapp() -> None:
    assert WhatsAppCloud.supports("code")
    assert WhatsAppCloud.supports("hold_lapsing")
    assert not WhatsAppCloud.supports("host_pending")
    assert not WhatsAppCloud.supports("event_request_rejected")


async def test_a_kind_without_a_template_is_refused_before_calling_meta(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient
) -> None:
    with pytest.raises(ProviderRejected) as refused:
        await adapter_for().send(PHONE, utility("host_pending"))
    assert refused.value.code == "no_template"
    assert await sandbox_requests(sandbox) == 0


async def sandbox_log(sandbox: httpx.AsyncClient) -> dict[str, Any]:
    answer = await sandbox.get("/whatsapp/_control/log")
    answer.raise_for_status()
    log: dict[str, Any] = answer.json()
    return log


async def sandbox_requests(sandbox: httpx.AsyncClient) -> int:
    """How many message requests reached the sandbox (retries included)."""
    count: int = (await sandbox_log(sandbox))["requests"]
    return count


@pytest.mark.parametrize(
    ("changes", "message", "code", "http_status"),
    [
        ({"whatsapp_access_token": "EAAJB-expired"}, utility("order_paid"), "190", 401),
        ({"whatsapp_phone_number_id": "106540352242922"}, utility("order_paid"), "100", 400),
        ({}, utility("order_paid", language="fr"), "132001", 404),
    ],
    ids=["wrong token", "unknown phone number id", "template not approved in that language"],
)
async def test_provider_refusals_are_final_and_not_retried(
    adapter_for: AdapterFor,
    sandbox: httpx.AsyncClient,
    changes: dict[str, str],
    message: OutgoingMessage,
    code: str,
    http_status: int,
) -> None:
    with pytest.raises(ProviderRejected) as refused:
        await adapter_for(**changes).send(PHONE, message)
    assert (refused.value.code, refused.value.http_status) == (code, http_status)
    assert await sandbox_requests(sandbox) == 1
    assert await handset(sandbox) == []


async def test_a_catalogue_that_disagrees_with_the_approved_template_is_refused(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox's approved copy has two body parameters; a catalogue filling one gets 132000."""
    wrong = Template("scene_confirmed", TemplateCategory.UTILITY, ("title",), "link")
    monkeypatch.setitem(whatsapp_templates.TEMPLATE_FOR_KIND, "order_paid", wrong)
    with pytest.raises(ProviderRejected) as refused:
        await adapter_for().send(PHONE, utility("order_paid"))
    assert refused.value.code == "132000"
    assert "number of localizable_params (1)" in refused.value.message
    assert await sandbox_requests(sandbox) == 1


async def test_server_errors_are_retried_until_meta_takes_the_message(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient
) -> None:
    await plan_fault(sandbox, status=503, count=2)
    result = await adapter_for().send(PHONE, utility("activity_reminder"))
    assert result.provider_message_id
    assert await sandbox_requests(sandbox) == 3
    assert len(await handset(sandbox)) == 1


async def test_server_errors_on_every_attempt_leave_the_message_unsent(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient
) -> None:
    await plan_fault(sandbox, status=500, count=3)
    with pytest.raises(ProviderUnavailable):
        await adapter_for().send(PHONE, utility("activity_reminder"))
    assert await sandbox_requests(sandbox) == 3


async def test_rate_limit_is_worth_retrying_later(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient
) -> None:
    await plan_fault(sandbox, status=429, count=1)
    with pytest.raises(ProviderUnavailable) as unavailable:
        await adapter_for().send(PHONE, utility("activity_reminder"))
    assert unavailable.value.code == "130429"
    assert await sandbox_requests(sandbox) == 1


async def test_a_timeout_is_retried(adapter_for: AdapterFor, sandbox: httpx.AsyncClient) -> None:
    await plan_fault(sandbox, hang_seconds=1.5, count=1)
    result = await adapter_for(timeout=0.5).send(PHONE, utility("event_reminder"))
    assert result.provider_message_id
    assert await sandbox_requests(sandbox) == 2


async def test_a_planned_delivery_failure_is_reported_with_metas_error(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, receiver: Receiver
) -> None:
    await plan_fault(sandbox, delivery="failed", error_code="131026")
    result = await adapter_for().send(PHONE, utility("booking_reminder"))
    [report] = await receiver.wait_for(1)
    assert (report.provider_message_id, report.status) == (result.provider_message_id, DeliveryStatus.FAILED)
    assert report.error_code == "131026"
    assert report.error_message


async def test_a_silent_message_is_never_reported(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, receiver: Receiver
) -> None:
    await plan_fault(sandbox, delivery="silent")
    await adapter_for().send(PHONE, utility("booking_reminder"))
    await asyncio.sleep(1)
    assert receiver.reports == []


async def test_replayed_statuses_arrive_duplicated_and_newest_first(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, receiver: Receiver
) -> None:
    result = await adapter_for().send(PHONE, utility("order_paid"))
    await receiver.wait_for(3)
    replay = await sandbox.post(f"/whatsapp/_control/messages/{result.provider_message_id}/replay")
    assert replay.json() == [200] * 6
    replayed = receiver.reports[3:]
    assert [r.status for r in replayed] == [
        DeliveryStatus.READ,
        DeliveryStatus.READ,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.SENT,
        DeliveryStatus.SENT,
    ]
    assert receiver.refused == 0


async def test_webhook_signed_with_another_app_secret_is_refused(
    adapter_for: AdapterFor, sandbox: httpx.AsyncClient, ports: dict[str, int]
) -> None:
    """Scene checks with a rotated app secret Meta does not sign with yet: every status is refused."""
    refusing = Receiver()
    async with serve(
        receiver_app(adapter_for(whatsapp_app_secret="a-rotated-app-secret"), refusing), ports["api"]
    ):
        await adapter_for().send(PHONE, utility("order_paid"))
        for _ in range(200):
            if refusing.refused == 3:
                break
            await asyncio.sleep(0.05)
    assert (refusing.refused, refusing.reports) == (3, [])
    assert (await sandbox_log(sandbox))["webhook_answers"] == [403, 403, 403]


async def test_verification_handshake(sandbox: httpx.AsyncClient, receiver: Receiver) -> None:
    right = await sandbox.post("/whatsapp/_control/handshake")
    assert right.json() == {"status_code": 200, "verified": True}
    wrong = await sandbox.post("/whatsapp/_control/handshake", params={"verify_token": "meatyhamhock"})
    assert wrong.json() == {"status_code": 403, "verified": False}

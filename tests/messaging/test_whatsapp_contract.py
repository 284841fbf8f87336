"""Meta's webhook signature (`X-Hub-Signature-256`) checked against published values, not our own code.

Vectors:
- GitHub's published test values for the same header and algorithm ("sha256=" + hex HMAC-SHA256 of
  the raw body): docs.github.com, "Validating webhook deliveries", "Testing the webhook payload
  validation". Meta publishes no vector of its own.
- Meta's sample status webhook (the shape of "Status messages webhook reference", with Meta's example
  ids) signed with a made-up app secret; the expected value was computed with
  `openssl dgst -sha256 -hmac` and is recomputed by openssl here when it is installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from scene_api.config import Settings
from scene_api.domain.messaging.channels.base import BadSignature, CallbackRequest, DeliveryStatus
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.whatsapp import WhatsAppCloud, signature_for
from scene_sandboxes.messaging.state import SandboxAccounts
from scene_sandboxes.messaging.whatsapp import meta_json, meta_signature, status_object, webhook_body

OPENSSL = shutil.which("openssl")
"""An independent HMAC implementation, when the machine has it."""

GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_PAYLOAD = b"Hello, World!"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

META_APP_SECRET = "meta-sample-app-secret"
META_PHONE_NUMBER_ID = "106540352242922"
META_SAMPLE = (
    b'{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":'
    b'{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",'
    b'"phone_number_id":"106540352242922"},"statuses":[{"id":'
    b'"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA","status":"delivered",'
    b'"timestamp":"1750263773","recipient_id":"16505551234","pricing":{"billable":true,'
    b'"pricing_model":"PMP","category":"utility","type":"regular"}}]},"field":"messages"}]}]}'
)
META_SIGNATURE = "sha256=e97a3ae189de65be8833ba803b228852080118d848a9897b2a505b2dab0a0fba"


@pytest.fixture
async def adapter() -> AsyncIterator[WhatsAppCloud]:
    settings = replace(
        Settings(), whatsapp_app_secret=META_APP_SECRET, whatsapp_phone_number_id=META_PHONE_NUMBER_ID
    )
    http = ProviderHttp("whatsapp")
    yield WhatsAppCloud(settings, http)
    await http.aclose()


def callback(body: bytes, headers: dict[str, str]) -> CallbackRequest:
    return CallbackRequest(
        method="POST",
        url="https://scene.pk/api/v1/messaging/callbacks/whatsapp",
        headers=headers,
        query={},
        form={},
        body=body,
    )


def test_published_vector_is_met_by_the_adapter_the_sandbox_and_openssl() -> None:
    assert signature_for(GITHUB_SECRET, GITHUB_PAYLOAD) == GITHUB_SIGNATURE
    assert meta_signature(GITHUB_SECRET, GITHUB_PAYLOAD) == GITHUB_SIGNATURE
    if OPENSSL:
        assert openssl_signature(GITHUB_SECRET, GITHUB_PAYLOAD) == GITHUB_SIGNATURE


def test_meta_sample_vector() -> None:
    assert signature_for(META_APP_SECRET, META_SAMPLE) == META_SIGNATURE
    assert meta_signature(META_APP_SECRET, META_SAMPLE) == META_SIGNATURE
    if OPENSSL:
        assert openssl_signature(META_APP_SECRET, META_SAMPLE) == META_SIGNATURE


def openssl_signature(secret: str, body: bytes) -> str:
    """The signature as an independent implementation computes it."""
    assert OPENSSL
    done = subprocess.run(  # noqa: S603 (a fixed command line of the system's openssl)
        [OPENSSL, "dgst", "-sha256", "-hmac", secret], input=body, capture_output=True, check=True
    )
    return "sha256=" + done.stdout.decode().rsplit("= ", 1)[1].strip()


def test_signed_sample_reads_as_a_delivered_report(adapter: WhatsAppCloud) -> None:
    [report] = adapter.read_callback(callback(META_SAMPLE, {"X-Hub-Signature-256": META_SIGNATURE}))
    assert report.provider == "whatsapp"
    assert report.provider_message_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"
    assert report.status is DeliveryStatus.DELIVERED
    assert report.occurred_at == datetime(2025, 6, 18, 16, 22, 53, tzinfo=UTC)
    assert report.raw["pricing_category"] == "utility"
    assert report.raw["billable"] is True
    assert report.cost is None  # Meta's webhook names the category, never an amount


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (META_SAMPLE.replace(b'"delivered"', b'"read"'), {"X-Hub-Signature-256": META_SIGNATURE}),
        (META_SAMPLE, {"X-Hub-Signature-256": signature_for("another-app-secret", META_SAMPLE)}),
        (META_SAMPLE, {}),
        (META_SAMPLE, {"X-Hub-Signature-256": META_SIGNATURE.removeprefix("sha256=")}),
        (META_SAMPLE, {"X-Hub-Signature": META_SIGNATURE}),
    ],
    ids=["tampered body", "wrong secret", "missing header", "no sha256= prefix", "old header name"],
)
def test_a_call_meta_did_not_sign_is_refused(
    adapter: WhatsAppCloud, body: bytes, headers: dict[str, str]
) -> None:
    with pytest.raises(BadSignature):
        adapter.read_callback(callback(body, headers))


def test_header_name_is_case_insensitive(adapter: WhatsAppCloud) -> None:
    reports = adapter.read_callback(callback(META_SAMPLE, {"x-hub-signature-256": META_SIGNATURE}))
    assert len(reports) == 1


def test_the_signature_covers_metas_escaped_bytes_not_a_reencoding(adapter: WhatsAppCloud) -> None:
    """Meta signs its escaped JSON (Urdu as \\uXXXX, `/` as `\\/`); a receiver that re-encodes the
    parsed body gets other bytes, so the adapter must check the raw body, as it does."""
    accounts = SandboxAccounts("", "", META_PHONE_NUMBER_ID, "", META_APP_SECRET, "")
    record = {"id": "wamid.urdu", "wa_id": "923001234567", "category": "UTILITY"}
    status = status_object(record, "failed", 131026)
    status["errors"][0]["error_data"]["details"] = "پیغام نہیں پہنچا https://scene.pk/a"
    body = webhook_body(accounts, [status])
    assert b"\\u067e" in body
    assert b"https:\\/\\/" in body
    reencoded = json.dumps(json.loads(body), ensure_ascii=False).encode()
    assert meta_signature(META_APP_SECRET, reencoded) != meta_signature(META_APP_SECRET, body)

    [report] = adapter.read_callback(
        callback(body, {"X-Hub-Signature-256": meta_signature(META_APP_SECRET, body)})
    )
    assert report.status is DeliveryStatus.FAILED
    assert report.error_code == "131026"
    assert report.error_message == "پیغام نہیں پہنچا https://scene.pk/a"


def test_meta_json_escapes_like_meta() -> None:
    assert meta_json({"a": "ä/<%@"}) == b'{"a":"\\u00e4\\/\\u003C\\u0025\\u0040"}'


def test_statuses_of_another_phone_number_are_not_ours(adapter: WhatsAppCloud) -> None:
    body = META_SAMPLE.replace(META_PHONE_NUMBER_ID.encode(), b"999999999999999")
    assert (
        adapter.read_callback(callback(body, {"X-Hub-Signature-256": signature_for(META_APP_SECRET, body)}))
        == []
    )


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        (
            {
                "hub.mode": "subscribe",
                "hub.verify_token": "dev-only-whatsapp-verify-token",
                "hub.challenge": "1158201444",
            },
            "1158201444",
        ),
        ({"hub.mode": "subscribe", "hub.verify_token": "meatyhamhock", "hub.challenge": "1158201444"}, None),
        (
            {
                "hub.mode": "unsubscribe",
                "hub.verify_token": "dev-only-whatsapp-verify-token",
                "hub.challenge": "1",
            },
            None,
        ),
        ({"hub.mode": "subscribe", "hub.verify_token": "dev-only-whatsapp-verify-token"}, None),
    ],
    ids=["ours", "wrong token", "wrong mode", "no challenge"],
)
def test_verification_handshake(adapter: WhatsAppCloud, query: dict[str, str], answer: str | None) -> None:
    if answer is None:
        with pytest.raises(BadSignature):
            adapter.handshake(query)
    else:
        assert adapter.handshake(query) == answer

"""Twilio's request signature (`X-Twilio-Signature`) checked against Twilio's published example, with the
adapter and with the sandbox's own signer, and Veevo delivery reports' token check.

Vector: Twilio's documented example of a signed request: auth token `12345`, URL
`https://mycompany.com/myapp.php?foo=1&bar=2`, POST parameters CallSid=CA1234567890ABCDE,
Caller=+14158675309, Digits=1234, From=+14158675309, To=+18005551212, signature
`RSOYDt4T1cUTdK1PDd93/VVr8B8=` (twilio-php docs/usage/validation.rst "Validate Incoming Requests", and
twilio-python tests/unit/test_request_validator.py, which adds the same request signed over the URL
with the https port 443: `kvajT1Ptam85bY51eRf/AJRuM3w=`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from scene_api.config import Settings
from scene_api.domain.messaging.channels.base import BadSignature, CallbackRequest, DeliveryStatus
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.domain.messaging.channels.twilio import TwilioSms, twilio_signature
from scene_api.domain.messaging.channels.veevo import VeevoSms, report_url
from scene_sandboxes.messaging import twilio as twilio_sandbox

AUTH_TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
SIGNATURE_WITH_PORT_443 = "kvajT1Ptam85bY51eRf/AJRuM3w="


@pytest.fixture
def settings_12345() -> Settings:
    return replace(Settings(), twilio_auth_token=AUTH_TOKEN, veevo_callback_secret="veevo-dlr-secret")


@pytest.fixture
async def twilio(settings_12345: Settings) -> AsyncIterator[TwilioSms]:
    http = ProviderHttp("twilio")
    yield TwilioSms(settings_12345, http)
    await http.aclose()


@pytest.fixture
async def veevo(settings_12345: Settings) -> AsyncIterator[VeevoSms]:
    http = ProviderHttp("veevo")
    yield VeevoSms(settings_12345, http)
    await http.aclose()


def signed(url: str, params: dict[str, str], signature: str) -> CallbackRequest:
    return CallbackRequest(
        method="POST",
        url=url,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        query={},
        form=params,
        body=b"",
    )


def test_published_example_signs_the_same_in_adapter_and_sandbox() -> None:
    assert twilio_signature(AUTH_TOKEN, URL, PARAMS) == SIGNATURE
    assert twilio_sandbox.sign(AUTH_TOKEN, URL, PARAMS) == SIGNATURE


def test_published_example_verifies(twilio: TwilioSms) -> None:
    # A voice request, so it reports no message status; what matters is that it is accepted.
    assert twilio.read_callback(signed(URL, PARAMS, SIGNATURE)) == []


def test_published_example_signed_with_the_default_port_verifies(twilio: TwilioSms) -> None:
    assert twilio.read_callback(signed(URL, PARAMS, SIGNATURE_WITH_PORT_443)) == []
    assert twilio.read_callback(signed(URL.replace(".com", ".com:443"), PARAMS, SIGNATURE)) == []


@pytest.mark.parametrize(
    ("url", "params", "signature"),
    [
        pytest.param(URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B9=", id="wrong signature"),
        pytest.param(URL, PARAMS, "", id="no signature"),
        pytest.param(URL, {**PARAMS, "Digits": "1235"}, SIGNATURE, id="changed param"),
        pytest.param(URL, {**PARAMS, "Extra": ""}, SIGNATURE, id="added param"),
        pytest.param(URL.replace("foo=1", "foo=2"), PARAMS, SIGNATURE, id="different query"),
        pytest.param(URL.replace("mycompany", "evil"), PARAMS, SIGNATURE, id="different host"),
        pytest.param(URL.replace("https", "http"), PARAMS, SIGNATURE, id="different scheme"),
    ],
)
def test_tampered_requests_fail(twilio: TwilioSms, url: str, params: dict[str, str], signature: str) -> None:
    with pytest.raises(BadSignature):
        twilio.read_callback(signed(url, params, signature))


def test_sandbox_status_callback_reads_as_a_delivery(twilio: TwilioSms) -> None:
    url = "https://scene.pk/api/v1/messaging/callbacks/twilio"
    params = {
        "AccountSid": "AC00000000000000000000000000000001",
        "ApiVersion": "2010-04-01",
        "MessageSid": "SM0000000000000000000000000000001",
        "MessageStatus": "undelivered",
        "ErrorCode": "30003",
        "To": "+923001234567",
    }
    [report] = twilio.read_callback(signed(url, params, twilio_sandbox.sign(AUTH_TOKEN, url, params)))
    assert (report.provider_message_id, report.status, report.error_code) == (
        "SM0000000000000000000000000000001",
        DeliveryStatus.FAILED,
        "30003",
    )


def veevo_report(url: str) -> CallbackRequest:
    query = dict(part.split("=", 1) for part in url.partition("?")[2].split("&") if part)
    return CallbackRequest(
        method="POST",
        url=url,
        headers={},
        query=query,
        form={"MESSAGE_ID": "abc123", "STATUS": "DELIVERED", "DONE_DATE": "2026-12-07T10:00:00+00:00"},
        body=b"",
    )


def test_veevo_report_with_the_accounts_token_verifies(veevo: VeevoSms, settings_12345: Settings) -> None:
    [report] = veevo.read_callback(veevo_report(report_url(settings_12345)))
    assert (report.provider_message_id, report.status) == ("abc123", DeliveryStatus.DELIVERED)
    assert report.occurred_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://scene.pk/api/v1/messaging/callbacks/veevo?token=veevo-dlr-secreT",
        "https://scene.pk/api/v1/messaging/callbacks/veevo?token=",
        "https://scene.pk/api/v1/messaging/callbacks/veevo",
    ],
)
def test_veevo_report_without_the_token_fails(veevo: VeevoSms, url: str) -> None:
    with pytest.raises(BadSignature):
        veevo.read_callback(veevo_report(url))


def test_veevo_refuses_every_report_when_no_secret_is_configured(veevo: VeevoSms) -> None:
    adapter = VeevoSms(replace(veevo.settings, veevo_callback_secret=""), veevo.http)
    with pytest.raises(BadSignature):
        adapter.read_callback(veevo_report("https://scene.pk/api/v1/messaging/callbacks/veevo?token="))

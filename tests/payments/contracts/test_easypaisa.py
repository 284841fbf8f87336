"""Easypaisa's Easypay against its own published material, never against each other: the adapter
(Scene's side) and the sandbox (Easypay's side) are each checked on the same examples.

Sources (docs/payments.md, "Easypaisa (Easypay)"):
- PLUGIN: Easypay's reference integration, github.com/shaan360/telenor-easypay (payWithEasypay.php,
  confirmEasypay.php, statusEasypay.php, easypayIPN.php).
- WOO / WHMCS: github.com/stingerpk/woocommerce-easypay wc-easypay.php and
  github.com/FahadYousafMahar/Easypay-WHMCS-Gateway callback/EasyPay.php (the IPN document's fields).
- OMNIPAY: github.com/moeen-basra/omnipay-easypaisa tests/Mock/*.txt (recorded REST v4 answers).
- FLUTTER: github.com/Asad06124/easypaisa_flutter README.md (an OTC inquiry answer).
- SOAP: a merchant's production answers of inquireTransaction captured 2026-04-17 (public test
  fixtures) and the PartnerBusinessService WSDL types (InquireTransactionResponseType).
No source publishes a merchantHashedReq with its ciphertext, so the cipher is checked by decrypting
with AES/ECB and checking the PKCS5 padding by hand, for each key length the plugin allows.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import scene_sandboxes.payments.easypaisa as sandbox
from scene_api.config import Settings
from scene_api.domain.payments.providers import easypaisa as adapter
from scene_api.domain.payments.providers.base import CheckoutRequest, ProviderStatus
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from tests.helpers import at_provider, present, stand_in_runtime
from tests.payments.browser import path_of

# merchantHashedReq ---------------------------------------------------------------------------

PLUGIN_FIELDS = {
    # PLUGIN payWithEasypay.php, its sample form: amount 1033 becomes "1033.0" (sprintf "%0.1f"),
    # paymentMethod is left out when empty, the fields are listed in the map by name.
    "storeId": "3223",
    "amount": "1033.0",
    "postBackURL": "https://www.consuldents.com/easypay/confirmEasypay.php",
    "orderRefNum": "1101",
    "expiryDate": "20170720 201521",
    "autoRedirect": "0",
    "paymentMethod": "",
    "emailAddr": "shaan@uexel.com",
    "mobileNum": "03345385426",
}
PLUGIN_STRING = (
    "amount=1033.0&autoRedirect=0&emailAddr=shaan@uexel.com&expiryDate=20170720 201521"
    "&mobileNum=03345385426&orderRefNum=1101&postBackURL=https://www.consuldents.com/easypay/"
    "confirmEasypay.php&storeId=3223"
)
KEYS = ["0123456789abcdef", "0123456789abcdef01234567", "0123456789abcdef0123456789abcdef"]
"""The plugin hashes only with a key of 16, 24 or 32 characters (AES-128, -192, -256)."""


def decrypted(hashed: str, key: str) -> str:
    """AES/ECB, then PKCS5 padding checked by hand: every pad byte equals the pad's length."""
    decryptor = Cipher(algorithms.AES(key.encode()), modes.ECB()).decryptor()  # noqa: S305
    padded = decryptor.update(base64.b64decode(hashed, validate=True)) + decryptor.finalize()
    pad = padded[-1]
    assert 1 <= pad <= 16
    assert padded[-pad:] == bytes([pad]) * pad
    return padded[:-pad].decode()


@pytest.mark.parametrize("request_string", [adapter.request_string, sandbox.request_string])
def test_the_hashed_string_is_the_plugins(request_string):
    assert request_string(PLUGIN_FIELDS) == PLUGIN_STRING


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("hashed", [adapter.hashed_request, sandbox.merchant_hashed_request])
def test_merchant_hashed_req_is_aes_ecb_pkcs5_base64_of_that_string(hashed, key):
    assert decrypted(hashed(PLUGIN_FIELDS, key), key) == PLUGIN_STRING


# The redirect form ---------------------------------------------------------------------------

SETTINGS = Settings(easypaisa_store_id="3223", easypaisa_hash_key=KEYS[0])
REQUEST = CheckoutRequest(
    reference="SCNABC123",
    amount_pkr=4500,
    description="Court 2, Smash Point",
    created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
    expires_at=datetime(2026, 11, 27, 15, 10, tzinfo=UTC),
    callback_url="https://api.scene.pk/api/v1/payments/callbacks/easypaisa",
    return_url="https://api.scene.pk/api/v1/payments/return/easypaisa",
    payer_phone="+923001234567",
)


def test_the_checkout_form_has_the_plugins_fields_and_formats():
    fields = adapter.Easypaisa(stand_in_runtime(SETTINGS)).checkout_fields(REQUEST)
    hashed = fields.pop("merchantHashedReq")
    assert fields == {
        "storeId": "3223",
        "amount": "4500.0",
        "postBackURL": "https://api.scene.pk/api/v1/payments/return/easypaisa",
        "orderRefNum": "SCNABC123",
        "expiryDate": "20261127 201000",  # Ymd His, Pakistan time
        "autoRedirect": "1",
        "mobileNum": "03001234567",  # as the plugin's sample writes a number; no empty emailAddr
    }
    assert decrypted(hashed, KEYS[0]) == sandbox.request_string(fields)


# Postback and IPN, as the adapter reads them -------------------------------------------------


def test_the_postback_and_the_ipn_are_hints_naming_the_order():
    reader = adapter.Easypaisa(stand_in_runtime(SETTINGS))
    postback = {
        "status": "0000",
        "desc": "Transaction successful",
        "orderRefNumber": "SCNABC123",
    }  # statusEasypay.php
    otc = {"paymentToken": "40931912", "orderRefNumber": "SCNABC123"}  # WHMCS: token issued
    ipn = {"url": "https://easypay.easypaisa.com.pk/easypay-service/ipn/3223/SCNABC123"}  # easypayIPN.php
    for payload in (postback, otc, ipn):
        check = reader.verify_callback(payload)
        assert check.needs_inquiry
        assert not check.signature_valid
        assert present(check.report).reference == "SCNABC123"
    assert reader.verify_callback({"url": ""}).report is None
    assert reader.verify_callback({}).report is None


def test_an_auth_token_coming_back_is_posted_to_confirm_jsf():
    step = present(adapter.Easypaisa(stand_in_runtime(SETTINGS)).browser_step({"auth_token": "T0K"}))
    assert present(step.action).endswith("/easypay/Confirm.jsf")
    assert set(step.fields) == {"auth_token", "postBackURL"}  # confirmEasypay.php


# Inquiry answers, as the adapter reads them --------------------------------------------------

OMNIPAY_PAID = {  # OMNIPAY tests/Mock/FetchTransaction_Success.txt
    "msisdn": "03211234567",
    "orderId": "651bb59297ca0",
    "storeId": "store123",
    "storeName": "storeName",
    "accountNum": "account123",
    "paymentMode": "MA",
    "responseCode": "0000",
    "responseDesc": "SUCCESS",
    "settlementStatus": "FAILED",
    "transactionAmount": 3000,
    "transactionStatus": "PAID",
    "transactionDateTime": "03/10/2023 11:32 AM",
}
OMNIPAY_FAILED = {  # OMNIPAY tests/Mock/FetchTransaction_Failed.txt
    "msisdn": "03211234567",
    "orderId": "6433cef9cdc87",
    "storeId": "store123",
    "errorCode": "AUTHORIZATION_SENDER_ACCOUNT_NOT_ACTIVE",
    "storeName": "storeName",
    "accountNum": "account123",
    "errorReason": "Customer's or merchant's Easypaisa Account is not Active",
    "paymentMode": "MA",
    "responseCode": "0000",
    "responseDesc": "SUCCESS",
    "transactionAmount": 2000,
    "transactionStatus": "FAILED",
    "transactionDateTime": "10/04/2023 01:55 PM",
}
FLUTTER_PENDING = {  # FLUTTER README (its "responseCode " key has a stray space, left out here)
    "orderId": "order Id",
    "accountNum": "654123987",
    "storeName": "PG Store 1",
    "paymentToken": "40931912",
    "transactionStatus": "PENDING",
    "transactionAmount": 12,
    "transactionDateTime": "09/08/2018 10:04 PM",
    "paymentTokenExpiryDateTime": "09/07/2019 05:06 PM",
    "msisdn": "03458508726",
    "paymentMode": "MA",
    "responseCode": "0000",
    "responseDesc": "SUCCESS",
}
INVALID_CREDENTIALS = {"responseCode": "0010", "responseDesc": "INVALID CREDENTIALS"}  # OMNIPAY
INVALID_STORE = {"responseCode": "0006", "responseDesc": "INVALID STORE ID"}  # OMNIPAY
NOT_FOUND = {"responseCode": "0003"}  # SOAP, captured: no such order
REST_FIELDS = (
    set(OMNIPAY_PAID)
    | set(OMNIPAY_FAILED)
    | set(FLUTTER_PENDING)
    | {"transactionId", "transactionPaidDateTime"}
)
"""Every field an inquiry answer is seen with (the last two from the SOAP type the REST API mirrors)."""


def test_the_recorded_answers_read_as_easypay_meant_them():
    paid = present(adapter.report_of(OMNIPAY_PAID, "651bb59297ca0"))
    assert (paid.status, paid.amount_pkr, paid.method, paid.txn_id) == (
        ProviderStatus.SUCCEEDED,
        3000,
        "MA",
        None,
    )
    failed = present(adapter.report_of(OMNIPAY_FAILED, "6433cef9cdc87"))
    assert (failed.status, failed.amount_pkr) == (ProviderStatus.FAILED, 2000)
    assert failed.message == "Customer's or merchant's Easypaisa Account is not Active"
    assert present(adapter.report_of(FLUTTER_PENDING, "order Id")).status == ProviderStatus.PENDING


@pytest.mark.parametrize("status", ["EXPIRED", "REVERSED", "BLOCKED"])
def test_every_other_final_status_of_the_client_is_a_failure(status):
    """OMNIPAY's FetchTransactionResponse lists PAID, FAILED, PENDING, BLOCKED, EXPIRED, REVERSED."""
    report = present(adapter.report_of(OMNIPAY_PAID | {"transactionStatus": status}, "651bb59297ca0"))
    assert report.status == ProviderStatus.FAILED


@pytest.mark.parametrize(
    "answer",
    [
        INVALID_CREDENTIALS,
        INVALID_STORE,
        NOT_FOUND,
        OMNIPAY_PAID | {"orderId": "someone-else"},
        OMNIPAY_PAID | {"transactionStatus": "ON_HOLD"},
        {"http_status": 200, "text": "<html>Request Rejected</html>"},
    ],
)
def test_answers_saying_nothing_about_this_order_are_no_answer(answer):
    assert adapter.report_of(answer, "651bb59297ca0") is None


# The sandbox, on the same examples -----------------------------------------------------------

BASE = "/sandbox/easypaisa"


@pytest.fixture
def easypaisa(runtime):
    return adapter.Easypaisa(runtime)


async def opened(client, easypaisa, reference, **overrides):
    request = CheckoutRequest(
        reference=reference,
        amount_pkr=4500,
        description="Court 2",
        created_at=datetime.now(UTC),
        expires_at=datetime.now(UTC) + timedelta(minutes=10),
        callback_url=easypaisa.callback_url,
        return_url=easypaisa.return_url,
        payer_phone="+923001234567",
    )
    fields = easypaisa.checkout_fields(request) | overrides
    return await client.post(f"{BASE}/easypay/Index.jsf", data=fields)


async def decided(client, easypaisa, reference, decision="approve", method="MA"):
    assert (await opened(client, easypaisa, reference)).status_code == 200
    return await client.post(
        f"{BASE}/checkout/{reference}/{decision}?method={method}", follow_redirects=False
    )


async def rest_inquiry(client, settings, reference, *, password=None):
    login = f"{settings.easypaisa_username}:{password or settings.easypaisa_password}"
    body = {
        "orderId": reference,
        "storeId": settings.easypaisa_store_id,
        "accountNum": settings.easypaisa_account_num,
    }
    headers = {"Credentials": base64.b64encode(login.encode()).decode()}
    return (
        await client.post(f"{BASE}/easypay-service/rest/v4/inquire-transaction", json=body, headers=headers)
    ).json()


async def test_the_sandbox_refuses_a_request_whose_hash_does_not_match(client, easypaisa):
    assert (await opened(client, easypaisa, "SCNHASH1", amount="45.0")).status_code == 400
    assert (await opened(client, easypaisa, "SCNHASH2", storeId="9999")).status_code == 400
    assert (await opened(client, easypaisa, "SCNHASH3")).status_code == 200


async def test_the_sandbox_hands_back_an_auth_token_then_the_outcome_after_confirm(client, easypaisa):
    back = await decided(client, easypaisa, "SCNCONF1", method="OTC")
    assert back.status_code == 303
    token = parse_qs(urlsplit(back.headers["location"]).query)["auth_token"][0]
    confirm = {"auth_token": token, "postBackURL": easypaisa.return_url}  # confirmEasypay.php
    done = await client.post(f"{BASE}/easypay/Confirm.jsf", data=confirm, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith(easypaisa.return_url)
    outcome = {name: values[0] for name, values in parse_qs(urlsplit(done.headers["location"]).query).items()}
    assert outcome.keys() == {"status", "desc", "orderRefNumber", "paymentToken"}  # statusEasypay.php, WHMCS
    assert (outcome["status"], outcome["orderRefNumber"]) == ("0000", "SCNCONF1")


async def test_without_auto_redirect_the_payer_stays_on_easypays_page(client, easypaisa):
    assert (
        await opened(client, easypaisa, "SCNSTAY1", autoRedirect="0")
    ).status_code == 400  # hash covers it
    request_fields = {
        "storeId": easypaisa.settings.easypaisa_store_id,
        "amount": "4500.0",
        "postBackURL": easypaisa.return_url,
        "orderRefNum": "SCNSTAY1",
        "autoRedirect": "0",
    }
    hashed = sandbox.merchant_hashed_request(request_fields, easypaisa.settings.easypaisa_hash_key)
    page = await client.post(f"{BASE}/easypay/Index.jsf", data=request_fields | {"merchantHashedReq": hashed})
    assert page.status_code == 200
    back = await client.post(f"{BASE}/checkout/SCNSTAY1/approve", follow_redirects=False)
    token = parse_qs(urlsplit(back.headers["location"]).query)["auth_token"][0]
    confirm = {"auth_token": token, "postBackURL": easypaisa.return_url}
    assert (
        await client.post(f"{BASE}/easypay/Confirm.jsf", data=confirm, follow_redirects=False)
    ).status_code == 200


async def test_the_ipn_names_a_document_with_the_fields_merchants_read(client, easypaisa, runtime):
    await decided(client, easypaisa, "SCNIPN1", method="MA")
    url = sandbox.ipn_detail_url("https://x", runtime.settings.easypaisa_store_id, "SCNIPN1")
    assert url.rpartition("/")[2] == "SCNIPN1"  # easypayIPN.php: the order is the URL's last segment
    document = (await client.get(path_of(url.removeprefix("https://x")))).json()
    assert document.keys() == {  # WOO reads all of these; WHMCS the status, store, order, id, amount, method
        "payment_token", "token_expiry_datetime", "store_name", "response_code", "order_datetime",
        "order_id", "paid_datetime", "transaction_status", "store_id", "transaction_amount",
        "payment_method", "msisdn", "account_number", "description", "transaction_id",
    }  # fmt: skip
    assert (document["transaction_status"], document["payment_method"]) == ("PAID", "MA")
    assert (document["order_id"], document["store_id"]) == ("SCNIPN1", runtime.settings.easypaisa_store_id)


async def test_the_sandbox_answers_the_rest_inquiry_in_the_recorded_shapes(client, easypaisa, runtime):
    settings = runtime.settings
    await decided(client, easypaisa, "SCNREST1", method="MA")
    paid = await rest_inquiry(client, settings, "SCNREST1")
    assert set(paid) <= REST_FIELDS
    assert (paid["responseCode"], paid["transactionStatus"], paid["paymentMode"]) == ("0000", "PAID", "MA")
    assert paid["transactionAmount"] == 4500
    assert paid["msisdn"] == "03001234567"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d [AP]M", paid["transactionDateTime"])

    await decided(client, easypaisa, "SCNREST2", decision="decline")
    failed = await rest_inquiry(client, settings, "SCNREST2")
    assert set(failed) <= REST_FIELDS
    assert failed["transactionStatus"] == "FAILED"
    assert failed["errorReason"]

    await opened(client, easypaisa, "SCNREST3")
    assert (await rest_inquiry(client, settings, "SCNREST3"))["transactionStatus"] == "PENDING"

    store = SandboxStore(runtime.redis, "easypaisa")
    expired = await at_provider(store, "SCNREST3")
    expired.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    await store.save(expired)
    assert (await rest_inquiry(client, settings, "SCNREST3"))["transactionStatus"] == "EXPIRED"

    refunded = await at_provider(store, "SCNREST1")
    refunded.status = SandboxStatus.REFUNDED  # given back by hand in the portal
    await store.save(refunded)
    assert (await rest_inquiry(client, settings, "SCNREST1"))["transactionStatus"] == "REVERSED"

    assert await rest_inquiry(client, settings, "SCNNEVER") == {
        "responseCode": "0003",
        "responseDesc": "TRANSACTION NOT FOUND",
    }
    assert await rest_inquiry(client, settings, "SCNREST1", password="wrong") == INVALID_CREDENTIALS


def soap_request(username, password, order_id, account_num):
    """As the merchant whose production answers were captured builds it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body>'
        '<ns0:inquireTransactionRequestType xmlns:ns0="http://dto.transaction.partner.pg.systems.com/">'
        f'<ns1:username xmlns:ns1="http://dto.common.pg.systems.com/">{username}</ns1:username>'
        f'<ns2:password xmlns:ns2="http://dto.common.pg.systems.com/">{password}</ns2:password>'
        f"<orderId>{order_id}</orderId><accountNum>{account_num}</accountNum>"
        "</ns0:inquireTransactionRequestType></soap-env:Body></soap-env:Envelope>"
    )


SOAP_PAID_TAGS = {  # SOAP, captured PAID answer, by local name
    "responseCode", "orderId", "storeId", "storeName", "transactionId", "transactionStatus",
    "transactionAmount", "transactionDateTime", "msisdn", "paymentMode",
}  # fmt: skip
SOAP_TYPE_FIELDS = SOAP_PAID_TAGS | {
    "accountNum",
    "paymentToken",
    "paymentTokenExiryDateTime",
    "transactionPaidDateTime",
}


def soap_fields(text: str) -> dict[str, str]:
    root = ElementTree.fromstring(text)  # noqa: S314 (the sandbox's answer)
    answer = root.find(
        f"{{{sandbox.SOAP_ENVELOPE}}}Body/{{{sandbox.SOAP_TRANSACTION}}}inquireTransactionResponseType"
    )
    assert answer is not None, text
    return {element.tag.rpartition("}")[2]: element.text or "" for element in answer}


async def test_the_sandbox_answers_soap_inquiries_as_captured(client, easypaisa, runtime):
    settings = runtime.settings
    await decided(client, easypaisa, "SCNSOAP1", method="MA")
    ask = soap_request(
        settings.easypaisa_username, settings.easypaisa_password, "SCNSOAP1", settings.easypaisa_account_num
    )
    answer = await client.post(
        f"{BASE}/easypay-service/PartnerBusinessService", content=ask, headers={"Content-Type": "text/xml"}
    )
    paid = soap_fields(answer.text)
    assert SOAP_PAID_TAGS - {"storeName"} <= set(paid) <= SOAP_TYPE_FIELDS
    assert (paid["responseCode"], paid["transactionStatus"], paid["transactionAmount"]) == (
        "0000",
        "PAID",
        "4500.0",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:00", paid["transactionDateTime"])
    missing = soap_request(
        settings.easypaisa_username, settings.easypaisa_password, "SCNNEVER", settings.easypaisa_account_num
    )
    answer = await client.post(
        f"{BASE}/easypay-service/PartnerBusinessService",
        content=missing,
        headers={"Content-Type": "text/xml"},
    )
    assert soap_fields(answer.text) == {"responseCode": "0003", "storeId": "0", "transactionAmount": "0.0"}


def test_there_is_no_refund_to_call(client):
    """No Easypay source describes a refund API: the adapter says so and the sandbox has none."""
    assert adapter.Easypaisa.refunds_online is False
    routes = {route.path for route in client.app.routes if route.path.startswith(BASE)}
    assert routes
    assert not [path for path in routes if "refund" in path.lower()]

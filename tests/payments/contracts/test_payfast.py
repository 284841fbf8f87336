"""PayFast's contract, pinned to PayFast's published examples: each fixed input and answer is checked
against the adapter's functions and, separately, against the sandbox's own, so both answer to PayFast
and not to each other. Then, through the API, the merchant API host at work: reconciliation settling a
payment whose notification never came, late and duplicate notifications, and a refund the sandbox
records once.

Sources (details in docs/payments.md, "Where each sandbox comes from"):
- APPS's "PayFast Example Code For Redirection Payment Request" (PHP; a copy at
  github.com/talhaumer61/dodl include/payfast/payfasttesting.php): merchant 12755, secured key
  EPxDB03HcU7yzIgstwwj, basket "32888045" . 26, amount 26, its token request and checkout form.
- zfhassaan/payfast (Laravel): /token, transaction/basket_id/{id}, transaction/refund/{id} and its
  fields, refund answer {"code": "00", "message": "Refund processed"}, error codes ('001' Pending,
  '002' Payfast Time out, '13' Invalid Amount, '401' You're not Authorized).
- qbitechs/paygate_pk (Ruby): the /token answer {token, refresh_token, expiry, code, message} and the
  validation_hash rule SHA256("basket_id|merchant_secret_key|merchant_id|payfast_err_code").
- A Go PayFast client's test quoting "Official PayFast documentation status response":
  {"status_code":"00","status_msg":"Success","basket_id":"order_888","transaction_id":"txn_888","code":"00"}.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.payments.providers import adapter_for
from scene_api.domain.payments.providers import payfast as adapter_module
from scene_api.domain.payments.providers.base import (
    CheckoutRequest,
    ProviderStatus,
    ProviderUnavailable,
    RefundOutcome,
)
from scene_api.services import provide_services
from scene_sandboxes.payments import payfast as sandbox_module
from scene_sandboxes.payments.state import MerchantAccounts, PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, SandboxStore
from scene_tasks.jobs.payments import reconcile_payments
from tests.helpers import PHONES, at_provider, create_member, job_context, present, sign_in
from tests.payments.browser import open_checkout, pay
from tests.payments.contracts.in_process import at_the_sandbox, slow_redis
from tests.payments.ledger import (
    events,
    held_booking,
    held_bookings_fixture,  # noqa: F401 (the fixture)
    payment_row,
    start_checkout,
    transitions,
)

# APPS's example: $merchant_id = 12755; $secured_key = 'EPxDB03HcU7yzIgstwwj'; $num = 26;
# $basket_id = '32888045'.$num; $trans_amount = $num.
MERCHANT_ID = "12755"
SECURED_KEY = "EPxDB03HcU7yzIgstwwj"
BASKET_ID = "3288804526"
AMOUNT = 26
# SHA-256 hex of "3288804526|EPxDB03HcU7yzIgstwwj|12755|000" (paid) and "...|97" (declined), worked out
# once by hand from the published rule and fixed here.
PAID_HASH = "97d700e2749451141fc2528328da3e98208a7e35c1dcd18b7cebef1d4b73f287"
DECLINED_HASH = "9bf77c4e8002ad21807bc37c21a080272957d6e30a02fc1f4bb821e10d785e1b"

# The form fields of APPS's example checkout (STORE_ID is marked optional there and not sent).
EXAMPLE_FORM_FIELDS = {
    "CURRENCY_CODE", "MERCHANT_ID", "MERCHANT_NAME", "TOKEN", "SUCCESS_URL", "FAILURE_URL",
    "CHECKOUT_URL", "CUSTOMER_EMAIL_ADDRESS", "CUSTOMER_MOBILE_NO", "TXNAMT", "BASKET_ID",
    "ORDER_DATE", "SIGNATURE", "VERSION", "TXNDESC", "PROCCODE", "TRAN_TYPE",
}  # fmt: skip
# The Go client's "official documentation" inquiry answer, and the same with the pending code.
OFFICIAL_STATUS = {
    "status_code": "00",
    "status_msg": "Success",
    "basket_id": "order_888",
    "transaction_id": "txn_888",
    "code": "00",
}
# paygate_pk's /token answer ("shown in doc example").
TOKEN_ANSWER = {
    "token": "ACCESS123",
    "refresh_token": "REFRESH456",
    "expiry": 3600,
    "code": "200",
    "message": "OK",
}

SETTINGS = Settings(
    payfast_merchant_id=MERCHANT_ID,
    payfast_secured_key=SECURED_KEY,
    payfast_merchant_name="Scene",
    payfast_base_url="https://ipguat.apps.net.pk",
    payfast_api_base_url="https://apipxyuat.apps.net.pk:8443/api",
)
ACCOUNTS = MerchantAccounts(
    payfast_merchant_id=MERCHANT_ID,
    payfast_secured_key=SECURED_KEY,
    payfast_merchant_name="Scene",
    jazzcash_merchant_id="unused",
    jazzcash_password="unused",
    jazzcash_integrity_salt="unused",
    jazzcash_mpin="unused",
    easypaisa_store_id="unused",
    easypaisa_hash_key="unused",
    easypaisa_account_num="unused",
    easypaisa_username="unused",
    easypaisa_password="unused",
)


class RecordedCalls:
    """Stands in for the adapter's one network step: answers queued responses, keeps what was sent."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.sent: list[dict[str, Any]] = []

    async def __call__(
        self, method: str, path: str, *, root: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        self.sent.append({"method": method, "path": path, "root": root, **kwargs})
        return self.answers.pop(0)


def adapter_answering(monkeypatch, *answers: httpx.Response) -> tuple[adapter_module.PayFast, RecordedCalls]:
    adapter = adapter_module.PayFast(SimpleNamespace(settings=SETTINGS))  # type: ignore[arg-type]
    calls = RecordedCalls(*answers)
    monkeypatch.setattr(adapter, "call", calls)
    return adapter, calls


def example_payment(**fields: Any) -> m.Payment:
    return m.Payment(
        merchant_reference=BASKET_ID,
        amount_pkr=AMOUNT,
        created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        **fields,
    )


def sandbox_payment(status: SandboxStatus, **fields: Any) -> SandboxPayment:
    return SandboxPayment(
        provider="payfast",
        reference=BASKET_ID,
        amount_pkr=AMOUNT,
        description="Semester Fee",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
        return_url="https://merchant.example/success",
        failure_url="https://merchant.example/failure",
        callback_url="https://merchant.example/ipn",
        status=status,
        txn_id="TX42" if status != SandboxStatus.OPEN else "",
        method="Card",
        **fields,
    )


# validation_hash -------------------------------------------------------------------------------


def test_the_adapters_validation_hash_matches_the_published_rule():
    assert adapter_module.validation_hash(BASKET_ID, SECURED_KEY, MERCHANT_ID, "000") == PAID_HASH
    assert adapter_module.validation_hash(BASKET_ID, SECURED_KEY, MERCHANT_ID, "97") == DECLINED_HASH


def test_the_sandboxs_validation_hash_matches_the_published_rule():
    assert sandbox_module.validation_hash(BASKET_ID, SECURED_KEY, MERCHANT_ID, "000") == PAID_HASH
    assert sandbox_module.validation_hash(BASKET_ID, SECURED_KEY, MERCHANT_ID, "97") == DECLINED_HASH


# The notification ------------------------------------------------------------------------------


def example_notification(**changes: str) -> dict[str, str]:
    """The fields PayFast posts back, as merchants' IPN handlers read them."""
    fields = {
        "err_code": "000",
        "err_msg": "Transaction has been completed.",
        "transaction_id": "TX42",
        "basket_id": BASKET_ID,
        "order_date": "2026-11-27 20:00:00",
        "transaction_amount": "26.00",
        "merchant_amount": "26.00",
        "transaction_currency": "PKR",
        "PaymentName": "Card",
        "validation_hash": PAID_HASH,
    }
    return fields | changes


def test_the_adapter_accepts_a_paid_notification_and_reads_it():
    check = adapter_module.PayFast(SimpleNamespace(settings=SETTINGS)).verify_callback(example_notification())  # type: ignore[arg-type]
    assert check.signature_valid
    assert check.report is not None
    assert (check.report.reference, check.report.status) == (BASKET_ID, ProviderStatus.SUCCEEDED)
    assert (check.report.amount_pkr, check.report.txn_id, check.report.method) == (26, "TX42", "Card")


def test_the_adapter_reads_a_declined_notification_as_failed():
    notice = example_notification(err_code="97", err_msg="Declined", validation_hash=DECLINED_HASH)
    check = adapter_module.PayFast(SimpleNamespace(settings=SETTINGS)).verify_callback(notice)  # type: ignore[arg-type]
    assert check.signature_valid
    assert check.report is not None
    assert check.report.status == ProviderStatus.FAILED


def test_the_adapter_refuses_a_flipped_outcome_another_basket_or_no_hash():
    adapter = adapter_module.PayFast(SimpleNamespace(settings=SETTINGS))  # type: ignore[arg-type]
    assert not adapter.verify_callback(example_notification(err_code="00")).signature_valid
    assert not adapter.verify_callback(example_notification(basket_id="3288804527")).signature_valid
    assert not adapter.verify_callback(example_notification(validation_hash="")).signature_valid
    assert adapter.verify_callback({"err_code": "000"}).report is None


@pytest.mark.parametrize(
    ("status", "code", "signature"),
    [(SandboxStatus.PAID, "000", PAID_HASH), (SandboxStatus.DECLINED, "97", DECLINED_HASH)],
)
def test_the_sandboxs_notification_carries_the_published_fields_and_hash(status, code, signature):
    sandbox = PaymentSandbox(ACCOUNTS, redis=None)  # type: ignore[arg-type]
    sent = sandbox_module.notification(sandbox, sandbox_payment(status))
    assert (sent["err_code"], sent["validation_hash"]) == (code, signature)
    assert set(example_notification()) <= set(sent)
    assert (sent["basket_id"], sent["transaction_amount"], sent["transaction_id"]) == (
        BASKET_ID,
        "26.00",
        "TX42",
    )


# The checkout host: token and form -------------------------------------------------------------


async def test_the_adapter_asks_the_checkout_token_and_posts_the_examples_form(monkeypatch):
    adapter, calls = adapter_answering(
        monkeypatch,
        httpx.Response(200, json={"MERCHANT_ID": MERCHANT_ID, "ACCESS_TOKEN": "T0K", "NAME": "Scene"}),
    )
    step = await adapter.start_checkout(
        CheckoutRequest(
            reference=BASKET_ID,
            amount_pkr=AMOUNT,
            description="Semester Fee",
            created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
            expires_at=datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
            callback_url="https://api.scene.pk/api/v1/payments/callbacks/payfast",
            return_url="https://api.scene.pk/api/v1/payments/return/payfast",
            payer_phone="+923014381660",
            payer_email="shahzad.hahmad@gmail.com",
        )
    )
    (token_call,) = calls.sent
    assert (token_call["path"], token_call["root"]) == ("/Ecommerce/api/Transaction/GetAccessToken", None)
    assert token_call["data"] == {
        "MERCHANT_ID": MERCHANT_ID,
        "SECURED_KEY": SECURED_KEY,
        "BASKET_ID": BASKET_ID,
        "TXNAMT": "26",
        "CURRENCY_CODE": "PKR",
    }
    assert step.action == "https://ipguat.apps.net.pk/Ecommerce/api/Transaction/PostTransaction"
    assert set(step.fields) == EXAMPLE_FORM_FIELDS
    assert step.fields["CUSTOMER_MOBILE_NO"] == "03014381660"  # the example's own number, local form
    assert step.fields["CUSTOMER_EMAIL_ADDRESS"] == "shahzad.hahmad@gmail.com"
    assert (step.fields["TOKEN"], step.fields["TXNAMT"], step.fields["ORDER_DATE"]) == (
        "T0K",
        "26",
        "2026-11-27 20:00:00",
    )
    assert (step.fields["PROCCODE"], step.fields["TRAN_TYPE"]) == ("00", "ECOMM_PURCHASE")


# The merchant API: token -----------------------------------------------------------------------


async def test_the_adapter_takes_the_merchant_token_from_its_published_answer(monkeypatch):
    adapter, calls = adapter_answering(monkeypatch, httpx.Response(200, json=TOKEN_ANSWER))
    assert await adapter.merchant_api_token() == "ACCESS123"
    (sent,) = calls.sent
    assert (sent["method"], sent["root"], sent["path"]) == (
        "POST",
        "https://apipxyuat.apps.net.pk:8443/api",
        "/token",
    )
    assert sent["data"] == {
        "grant_type": "client_credentials",
        "merchant_id": MERCHANT_ID,
        "secured_key": SECURED_KEY,
    }


async def test_a_refused_merchant_token_is_the_provider_unavailable(monkeypatch):
    refused = httpx.Response(401, json={"code": "401", "message": "You're not Authorized"})
    adapter, _ = adapter_answering(monkeypatch, refused)
    with pytest.raises(ProviderUnavailable):
        await adapter.merchant_api_token()


# The merchant API: status inquiry --------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (OFFICIAL_STATUS, ProviderStatus.SUCCEEDED),
        (
            OFFICIAL_STATUS | {"code": "001", "status_code": "001", "status_msg": "Pending"},
            ProviderStatus.PENDING,
        ),
        (OFFICIAL_STATUS | {"status_code": "002", "status_msg": "Payfast Time out"}, ProviderStatus.FAILED),
    ],
)
def test_the_adapter_reads_inquiry_answers(answer, status):
    report = adapter_module.inquiry_report(answer, "order_888")
    assert report is not None
    assert (report.status, report.txn_id, report.amount_pkr) == (status, "txn_888", None)


@pytest.mark.parametrize(
    "answer",
    [
        {"code": "404", "message": "Transaction not found"},
        {"code": "401", "message": "You're not Authorized"},
        OFFICIAL_STATUS | {"basket_id": "someone_elses"},
        {"http_status": 502, "text": "<html>Bad gateway</html>"},
        # A status_code beside a `code` saying the call itself was not processed OK (paygate_pk's
        # token answer writes "200"; "14" is B's "details incorrect"): nothing to act on, not a failure.
        OFFICIAL_STATUS | {"code": "200"},
        OFFICIAL_STATUS | {"code": "14", "status_code": "97"},
    ],
)
def test_an_inquiry_answer_naming_no_status_of_our_basket_is_no_answer(answer):
    assert adapter_module.inquiry_report(answer, "order_888") is None


async def test_the_adapter_asks_the_inquiry_by_basket_with_a_bearer_token(monkeypatch):
    adapter, calls = adapter_answering(
        monkeypatch,
        httpx.Response(200, json=TOKEN_ANSWER),
        httpx.Response(200, json=OFFICIAL_STATUS | {"basket_id": BASKET_ID}),
    )
    answer = await adapter.query_status(example_payment())
    assert answer.report is not None
    assert answer.report.status == ProviderStatus.SUCCEEDED
    inquiry = calls.sent[1]
    assert (inquiry["method"], inquiry["root"]) == ("GET", "https://apipxyuat.apps.net.pk:8443/api")
    assert inquiry["path"] == f"/transaction/basket_id/{BASKET_ID}"
    assert inquiry["params"] == {"order_date": "2026-11-27"}  # Karachi's date of the order
    assert inquiry["headers"] == {"Authorization": "Bearer ACCESS123"}


@pytest.mark.parametrize(
    ("status", "code", "status_code"),
    [
        (SandboxStatus.PAID, "00", "00"),
        (SandboxStatus.REFUNDED, "00", "00"),
        (SandboxStatus.OPEN, "001", "001"),
        (SandboxStatus.ABANDONED, "00", "002"),
        (SandboxStatus.DECLINED, "00", "97"),
    ],
)
def test_the_sandboxs_inquiry_answers_in_the_official_shape(status, code, status_code):
    answer = sandbox_module.inquiry_answer(sandbox_payment(status))
    assert set(answer) == set(OFFICIAL_STATUS)
    assert (answer["code"], answer["status_code"], answer["basket_id"]) == (code, status_code, BASKET_ID)


def test_the_sandbox_answers_an_expired_checkout_as_timed_out():
    expired = sandbox_payment(SandboxStatus.OPEN, created_at=datetime.now(UTC) - timedelta(hours=2))
    expired.expires_at = datetime.now(UTC) - timedelta(hours=1)
    assert sandbox_module.inquiry_answer(expired)["status_code"] == "002"


# The merchant API: refund ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("http_status", "answer", "outcome"),
    [
        (200, {"code": "00", "message": "Refund processed"}, RefundOutcome.DONE),  # zfhassaan's test
        (400, {"code": "13", "message": "You have entered an Invalid Amount"}, RefundOutcome.REFUSED),
        (401, {"code": "401", "message": "You're not Authorized"}, RefundOutcome.REFUSED),
        (200, {"http_status": 200, "text": "<html>Request received</html>"}, RefundOutcome.UNKNOWN),
        (200, {"status": True, "message": "ok"}, RefundOutcome.UNKNOWN),
        (404, {"code": "00"}, RefundOutcome.UNKNOWN),
    ],
)
def test_the_adapter_reads_refund_answers(http_status, answer, outcome):
    assert adapter_module.refund_outcome(http_status, answer) == outcome


async def test_the_adapter_asks_the_refund_with_the_sources_fields(monkeypatch):
    """The transaction refunded is the one PayFast's inquiry names, not the one the notification
    (whose transaction_id no hash covers) carried."""
    adapter, calls = adapter_answering(
        monkeypatch,
        httpx.Response(200, json=TOKEN_ANSWER),
        httpx.Response(200, json=OFFICIAL_STATUS | {"basket_id": BASKET_ID, "transaction_id": "TXN-123"}),
        httpx.Response(200, json=TOKEN_ANSWER),
        httpx.Response(200, json={"code": "00", "message": "Refund processed"}),
    )
    answer = await adapter.refund(example_payment(provider_txn_id="TXN-FROM-THE-BROWSER"), "Court closed")
    assert (answer.outcome, answer.message) == (RefundOutcome.DONE, "Refund processed")
    inquiry, refund = calls.sent[1], calls.sent[3]
    assert inquiry["path"] == f"/transaction/basket_id/{BASKET_ID}"
    assert (refund["method"], refund["root"]) == ("POST", "https://apipxyuat.apps.net.pk:8443/api")
    assert refund["path"] == "/transaction/refund/TXN-123"
    assert refund["data"] == {
        "transaction_id": "TXN-123",
        "txnamt": "26",
        "refund_reason": "Court closed",
        "customer_ip": "127.0.0.1",
    }
    assert refund["headers"] == {"Authorization": "Bearer ACCESS123"}


async def test_the_adapter_refunds_nothing_the_inquiry_does_not_show_paid(monkeypatch):
    adapter, calls = adapter_answering(
        monkeypatch,
        httpx.Response(200, json=TOKEN_ANSWER),
        httpx.Response(200, json=OFFICIAL_STATUS | {"basket_id": BASKET_ID, "status_code": "002"}),
    )
    answer = await adapter.refund(example_payment(provider_txn_id="TXN-123"), "Court closed")
    assert answer.outcome == RefundOutcome.REFUSED
    assert [sent["path"] for sent in calls.sent] == ["/token", f"/transaction/basket_id/{BASKET_ID}"]


# Through the API, against the sandbox ----------------------------------------------------------


@pytest.fixture
async def payer(runtime):
    member = await create_member(runtime, PHONES[0], handle="ayesha", name="Ayesha Khan")
    return member, await sign_in(runtime, member)


async def payfast_checkout(client, runtime, payer):
    member, headers = payer
    booking = await held_booking(runtime, member)
    return booking, await start_checkout(client, headers, booking, "payfast")


async def test_the_sandboxs_merchant_api_refuses_without_its_own_token(client, runtime, payer):
    _, checkout = await payfast_checkout(client, runtime, payer)
    reference = checkout["payment"]["merchant_reference"]
    wrong = await client.post(
        "/sandbox/payfast/api/token",
        data={"grant_type": "client_credentials", "merchant_id": MERCHANT_ID, "secured_key": "guess"},
    )
    assert (wrong.status_code, wrong.json()["code"]) == (401, "401")
    inquiry = f"/sandbox/payfast/api/transaction/basket_id/{reference}"
    assert (await client.get(inquiry)).status_code == 401
    checkout_token = checkout["form"]["fields"]["TOKEN"]  # a checkout host token is not an API token
    assert (
        await client.get(inquiry, headers={"Authorization": f"Bearer {checkout_token}"})
    ).status_code == 401
    settings = runtime.settings
    token = await client.post(
        "/sandbox/payfast/api/token",
        data={
            "grant_type": "client_credentials",
            "merchant_id": settings.payfast_merchant_id,
            "secured_key": settings.payfast_secured_key,
        },
    )
    assert token.json()["code"] == "00"
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert (await client.get(inquiry, headers=bearer)).status_code == 404  # the payer never reached PayFast
    await open_checkout(client, checkout)
    assert (await client.get(inquiry, headers=bearer)).json()["status_code"] == "001"


async def test_reconciliation_settles_a_payment_whose_notification_never_came(
    client, runtime, payer, monkeypatch
):
    _, checkout = await payfast_checkout(client, runtime, payer)
    payment = checkout["payment"]
    reference = payment["merchant_reference"]

    async def unreachable(*_args: Any, **_kwargs: Any) -> None:
        return None

    with monkeypatch.context() as lost:
        lost.setattr(PaymentSandbox, "deliver", unreachable)
        page = await open_checkout(client, checkout)
        assert "approve" in page
        approved = await client.post(f"/sandbox/payfast/checkout/{reference}/approve", follow_redirects=False)
        assert approved.status_code == 303  # the payer closes the tab: the way back is never followed
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment)
            .where(m.Payment.id == payment["id"])
            .values(created_at=datetime.now(UTC) - timedelta(minutes=10))
        )
        await session.commit()

    assert await reconcile_payments(job_context(runtime)) == 1

    assert (await payment_row(runtime, payment["id"])).status == m.PaymentStatus.SUCCEEDED
    (inquiry,) = await events(runtime, "inquiry")
    assert (inquiry.outcome, inquiry.payload["status_code"], inquiry.payload["basket_id"]) == (
        "succeeded",
        "00",
        reference,
    )
    # PayFast's late notification, then the same again: both acknowledged, neither applied.
    for _ in range(2):
        late = await client.post(f"/sandbox/payfast/_control/{reference}/notify")
        assert late.json() == {"delivered": True, "status_code": 200}
    assert [event.outcome for event in await events(runtime)] == ["duplicate", "duplicate"]
    assert await transitions(runtime, payment["id"]) == [("initiated", "pending"), ("pending", "succeeded")]


async def test_a_refund_reaches_the_sandboxs_refund_endpoint_once(client, runtime, payer):
    member, _ = payer
    booking, checkout = await payfast_checkout(client, runtime, payer)
    await pay(client, checkout, "approve")
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, member.id)
        requested = await services.payments.refund_for(booking_id=booking.id, reason="cancelled", actor=actor)
    row = await payment_row(runtime, present(requested).id)
    assert row.status == m.PaymentStatus.REFUNDED
    at_payfast = await at_provider(SandboxStore(runtime.redis, "payfast"), row.merchant_reference)
    assert at_payfast.status == SandboxStatus.REFUNDED
    assert (at_payfast.txn_id, at_payfast.echo["refund_reason"]) == (row.provider_txn_id, "cancelled")
    (refund,) = await events(runtime, "refund")
    assert (refund.outcome, refund.payload["code"]) == ("refunded", "00")

    again = await adapter_for(m.PaymentProviderName.PAYFAST, runtime).refund(row, "cancelled")
    assert again.outcome == RefundOutcome.REFUSED  # PayFast's sandbox refuses a second refund


async def test_the_sandbox_refunds_a_transaction_once_even_when_asked_twice_at_the_same_moment(
    runtime, monkeypatch
):
    slow_redis(monkeypatch)
    store = SandboxStore(runtime.redis, "payfast")
    await store.save(sandbox_payment(SandboxStatus.PAID))
    settings = runtime.settings
    credentials = {
        "grant_type": "client_credentials",
        "merchant_id": settings.payfast_merchant_id,
        "secured_key": settings.payfast_secured_key,
    }
    form = {
        "transaction_id": "TX42",
        "txnamt": str(AMOUNT),
        "refund_reason": "twice",
        "customer_ip": "1.2.3.4",
    }
    async with at_the_sandbox(runtime) as client:  # in process: the two requests overlap
        token = (await client.post("/sandbox/payfast/api/token", data=credentials)).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        answers = await asyncio.gather(
            *(
                client.post("/sandbox/payfast/api/transaction/refund/TX42", data=form, headers=bearer)
                for _ in range(2)
            )
        )
    assert sorted(answer.json()["code"] for answer in answers) == ["00", "41"]
    assert (await at_provider(store, BASKET_ID)).status == SandboxStatus.REFUNDED

"""JazzCash's contract: its published hash examples and the answers its documents show, checked
against Scene's adapter and, separately, against the sandbox, so both are pinned to JazzCash and
not to each other. Sources: docs/payments.md, "Where each sandbox comes from / JazzCash"."""

import asyncio
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import cast

import pytest

from scene_api.config import Settings
from scene_api.domain.payments.providers import jazzcash
from scene_api.domain.payments.providers.base import CheckoutRequest, ProviderStatus, RefundOutcome
from scene_sandboxes.payments import jazzcash as sandbox
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, SandboxStore
from tests.helpers import at_provider, present, stand_in_runtime
from tests.payments.contracts.in_process import at_the_sandbox, slow_redis

SALT = "s3cr3tsalt"
SETTINGS = Settings(
    jazzcash_integrity_salt=SALT, jazzcash_merchant_id="MC10001", jazzcash_password="x9y8z7w6"
)
ADAPTER = jazzcash.JazzCash(stand_in_runtime(SETTINGS))
HASHES = {"adapter": jazzcash.secure_hash, "sandbox": sandbox.secure_hash}

# JazzCash sandbox documentation, Features > Hashing Scheme ("Let us see the example"), mirrored in
# alihamasdev/jazzcash-docs content/docs/features/hashing-scheme.mdx: shared secret 0F5DD14AE2,
# message "0F5DD14AE2&2995&MER123&A48cvE28", resultant hash c7689cda...c867 (lowercase hex there).
DOCUMENTED = (
    {"pp_MerchantID": "MER123", "pp_OrderInfo": "A48cvE28", "pp_Amount": "2995"},
    "0F5DD14AE2",
    "c7689cda7474eb1adcd343fd0c0b676bad0ba66361cc46db589bdb0da4c1c867",
)
# The MWallet example of JazzCash's REST guide (integrity salt 9208s6wx05, T71608120), as reproduced
# in public integration tests: lowercase names, empty ppmpf_* and ids, expected hash 39ECAACF...438F.
MWALLET = (
    {
        "pp_amount": "100",
        "pp_bankID": "",
        "pp_billRef": "billRef3781",
        "pp_cnic": "345678",
        "pp_description": "Test case description",
        "pp_language": "EN",
        "pp_merchantID": "MC32084",
        "pp_mobile": "03123456789",
        "pp_password": "yy41w5f10e",
        "pp_productID": "",
        "pp_txnCurrency": "PKR",
        "pp_txnDateTime": "20220124224204",
        "pp_txnExpiryDateTime": "20220125224204",
        "pp_txnRefNo": "T71608120",
        "ppmpf_1": "",
        "ppmpf_2": "",
        "ppmpf_3": "",
        "ppmpf_4": "",
        "ppmpf_5": "",
    },
    "9208s6wx05",
    "39ECAACFC30F9AFA1763B7E61EA33AC75977FB2E849A5EE1EDC4016791F3438F",
)


# Hashing: JazzCash's published examples, for both sides ----------------------------------------


@pytest.mark.parametrize("side", HASHES)
@pytest.mark.parametrize("example", [DOCUMENTED, MWALLET], ids=["hashing_scheme_page", "mwallet_guide"])
def test_the_hash_matches_jazzcash_published_examples(side, example):
    fields, salt, expected = example
    assert HASHES[side](fields, salt) == expected.upper()


@pytest.mark.parametrize("side", HASHES)
def test_json_nulls_are_left_out_of_the_hash_like_empty_values(side):
    fields, salt, expected = MWALLET
    with_nulls = {name: (None if value == "" else value) for name, value in fields.items()}
    assert HASHES[side](with_nulls, salt) == expected


@pytest.mark.parametrize("side", HASHES)
def test_only_pp_fields_count_and_the_hash_itself_does_not(side):
    fields = {"pp_TxnRefNo": "T1", "pp_Amount": "450000", "pp_Version": "1.1", "ppmpf_1": "x"}
    noise = {"pp_SecureHash": "IGNORED", "not_pp": "ignored too", "responseCode": "000"}
    by_hand = f"{SALT}&450000&T1&1.1&x"
    expected = hmac.new(SALT.encode(), by_hand.encode(), hashlib.sha256).hexdigest().upper()
    assert HASHES[side](fields | noise, SALT) == expected


def test_both_accept_the_documented_lowercase_hex():
    fields, salt, expected = DOCUMENTED
    assert jazzcash.signature_matches(fields | {"pp_SecureHash": expected}, salt)
    # a stand-in for the sandbox: signature_valid reads only its accounts' salt
    state = cast(PaymentSandbox, SimpleNamespace(accounts=SimpleNamespace(jazzcash_integrity_salt=salt)))
    assert sandbox.JazzCashSandbox.signature_valid(state, fields | {"pp_SecureHash": expected})


# The checkout form ------------------------------------------------------------------------------


def test_checkout_form_carries_the_documented_fields_and_a_hash_the_sandbox_accepts():
    request = CheckoutRequest(
        reference="SCNABC123",
        amount_pkr=4500,
        description="Court 2, Smash Point: Fri 8 pm!",
        created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
        expires_at=datetime(2026, 11, 27, 15, 10, tzinfo=UTC),
        callback_url="https://api.scene.pk/api/v1/payments/callbacks/jazzcash",
        return_url="https://api.scene.pk/api/v1/payments/return/jazzcash",
    )
    fields = jazzcash.checkout_fields(SETTINGS, request)
    assert fields["pp_Amount"] == "450000"  # paisa
    assert (fields["pp_TxnDateTime"], fields["pp_TxnExpiryDateTime"]) == ("20261127200000", "20261127201000")
    assert fields["pp_Description"] == "Court 2 Smash Point Fri 8 pm"
    assert (fields["pp_Version"], fields["pp_TxnCurrency"], fields["pp_Language"]) == ("1.1", "PKR", "EN")
    assert fields["pp_SecureHash"] == sandbox.secure_hash(fields, SALT)


# What JazzCash sends: the browser return and the REST IPN ---------------------------------------


def browser_return(**changes):
    """Page redirection's POST to pp_ReturnURL (field set of JazzCash's published response models):
    form values, empty rather than null, amount in paisa, pp_RetreivalReferenceNo as JazzCash spells it."""
    fields = {
        "pp_Amount": "450000",
        "pp_AuthCode": "152000",
        "pp_BankID": "",
        "pp_BillReference": "SCNABC123",
        "pp_Language": "EN",
        "pp_MerchantID": "MC10001",
        "pp_ResponseCode": "000",
        "pp_ResponseMessage": sandbox.THANKS,
        "pp_RetreivalReferenceNo": "220127152000",
        "pp_SettlementExpiry": "",
        "pp_SubMerchantId": "",
        "pp_TxnCurrency": "PKR",
        "pp_TxnDateTime": "20261127200000",
        "pp_TxnRefNo": "SCNABC123",
        "pp_TxnType": "MPAY",
        "pp_Version": "1.1",
        "ppmpf_1": "",
    }
    return sandbox.with_hash(fields, SALT) | changes


def rest_ipn(**changes):
    """The REST IPN: JSON, "121", no pp_Amount, nulls, pp_RetrievalReferenceNo."""
    fields = {
        "pp_AuthCode": "152000",
        "pp_BillReference": "SCNABC123",
        "pp_MerchantID": "MC10001",
        "pp_ResponseCode": "121",
        "pp_ResponseMessage": "Transaction has been completed.",
        "pp_RetrievalReferenceNo": "220127152000",
        "pp_SettlementExpiry": None,
        "pp_SubMerchantID": None,
        "pp_TxnRefNo": "SCNABC123",
        "pp_TxnType": "MWALLET",
        "ppmpf_1": None,
    }
    return sandbox.with_hash(fields, SALT) | changes


def test_a_paid_browser_return_is_read_with_its_amount_reference_and_instrument():
    check = ADAPTER.verify_callback(browser_return())
    assert check.signature_valid
    assert not check.needs_inquiry
    report = present(check.report)
    assert (report.reference, report.status, report.amount_pkr) == (
        "SCNABC123",
        ProviderStatus.SUCCEEDED,
        4500,
    )
    assert (report.txn_id, report.method) == ("220127152000", "MPAY")


def test_a_declined_browser_return_is_a_failure():
    declined = sandbox.with_hash(browser_return() | {"pp_ResponseCode": "199", "pp_SecureHash": ""}, SALT)
    assert present(ADAPTER.verify_callback(declined).report).status == ProviderStatus.FAILED


@pytest.mark.parametrize("as_received", ["json", "text"], ids=["nulls", "nulls_as_empty_text"])
def test_a_rest_ipn_without_amount_and_with_nulls_is_signed_and_confirmed_by_inquiry(as_received):
    ipn = rest_ipn()
    if as_received == "text":  # what the callback endpoint hands the adapter
        ipn = {name: "" if value is None else str(value) for name, value in ipn.items()}
    check = ADAPTER.verify_callback(ipn)
    assert check.signature_valid
    assert check.needs_inquiry  # no amount to compare: the inquiry says how much was paid
    report = present(check.report)
    assert (report.status, report.amount_pkr, report.txn_id) == (
        ProviderStatus.SUCCEEDED,
        None,
        "220127152000",
    )
    assert report.method == "MWALLET"


def test_tampered_forged_or_unsigned_notifications_are_refused_and_never_inquired_for():
    assert not ADAPTER.verify_callback(browser_return(pp_Amount="100")).signature_valid
    assert not ADAPTER.verify_callback(browser_return(pp_SecureHash="0" * 64)).signature_valid
    forged = ADAPTER.verify_callback(rest_ipn(pp_TxnRefNo="SCNOTHER"))
    assert not forged.signature_valid
    assert not forged.needs_inquiry
    unsigned = browser_return()
    del unsigned["pp_SecureHash"]
    assert not ADAPTER.verify_callback(unsigned).signature_valid
    assert ADAPTER.verify_callback({"pp_ResponseCode": "121"}).report is None


def test_the_acknowledgement_is_code_000_signed():
    reply = ADAPTER.reply(accepted=True)
    assert (reply.status_code, reply.body["pp_ResponseCode"]) == (200, "000")
    assert reply.body["pp_SecureHash"] == sandbox.secure_hash(reply.body, SALT)
    assert ADAPTER.reply(accepted=False).body["pp_ResponseCode"] != "000"


# Status inquiry ---------------------------------------------------------------------------------


def inquiry_answer(payment_code, **changes):
    fields = {
        "pp_ResponseCode": "000",
        "pp_ResponseMessage": "Operation completed successfully.",
        "pp_PaymentResponseCode": payment_code,
        "pp_PaymentResponseMessage": "Transaction has been completed.",
        "pp_Status": "Completed",
        "pp_TxnRefNo": "SCNABC123",
        "pp_Amount": "450000",
        "pp_RetrievalReferenceNo": "220127152000",
        "pp_AuthCode": None,
        "pp_TxnType": "MPAY",
    } | changes
    return sandbox.with_hash(fields, SALT)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("121", ProviderStatus.SUCCEEDED),
        ("157", ProviderStatus.PENDING),
        ("124", ProviderStatus.PENDING),
        ("199", ProviderStatus.FAILED),
    ],
)
def test_the_inquiry_says_paid_pending_or_failed_by_its_payment_response_code(code, status):
    report = present(jazzcash.read_inquiry(inquiry_answer(code), "SCNABC123", SALT))
    assert (report.status, report.amount_pkr, report.txn_id, report.method) == (
        status,
        4500,
        "220127152000",
        "MPAY",
    )


def test_an_inquiry_that_did_not_work_or_is_not_signed_or_names_no_state_says_nothing():
    not_found = sandbox.with_hash({"pp_ResponseCode": sandbox.NOT_FOUND, "pp_ResponseMessage": "No."}, SALT)
    assert jazzcash.read_inquiry(not_found, "SCNABC123", SALT) is None
    assert jazzcash.read_inquiry(inquiry_answer("121") | {"pp_Amount": "1"}, "SCNABC123", SALT) is None
    no_state = inquiry_answer("121") | {"pp_PaymentResponseCode": None}
    assert jazzcash.read_inquiry(sandbox.with_hash(no_state, SALT), "SCNABC123", SALT) is None
    assert jazzcash.read_inquiry({"http_status": 502, "text": "<html>"}, "SCNABC123", SALT) is None


def test_jazzcash_wants_ten_minutes_before_an_inquiry():
    assert jazzcash.JazzCash.inquiry_after.total_seconds() == 600


# Refunds ----------------------------------------------------------------------------------------


def test_card_refund_answers_are_read_in_the_card_api_words():
    assert jazzcash.read_card_refund(sandbox.card_answer("000", sandbox.THANKS, SALT)) == RefundOutcome.DONE
    refused = sandbox.card_answer(sandbox.DECLINED, "Transaction has already been refunded.", SALT)
    assert jazzcash.read_card_refund(refused) == RefundOutcome.REFUSED
    assert set(refused) == {"responseCode", "responseMessage", "secureHash"}
    assert jazzcash.read_card_refund({"pp_ResponseCode": "000"}) == RefundOutcome.DONE  # 2.0 API's spelling


@pytest.mark.parametrize("raw", [{}, {"http_status": 500, "text": "oops"}, {"responseCode": None}])
def test_an_unreadable_card_refund_answer_is_unknown_never_refused(raw):
    assert jazzcash.read_card_refund(raw) == RefundOutcome.UNKNOWN


def test_wallet_refund_answers_are_signed_pp_fields():
    done = sandbox.with_hash({"pp_ResponseCode": "000", "pp_ResponseMessage": sandbox.THANKS}, SALT)
    assert jazzcash.read_wallet_refund(done, SALT) == RefundOutcome.DONE
    refused = sandbox.with_hash(
        {"pp_ResponseCode": "110", "pp_ResponseMessage": "Invalid merchant MPIN."}, SALT
    )
    assert jazzcash.read_wallet_refund(refused, SALT) == RefundOutcome.REFUSED


def test_an_unreadable_or_unsigned_wallet_refund_answer_is_unknown():
    assert jazzcash.read_wallet_refund({}, SALT) == RefundOutcome.UNKNOWN
    unsigned = {"pp_ResponseCode": "000", "pp_ResponseMessage": sandbox.THANKS}
    assert jazzcash.read_wallet_refund(unsigned, SALT) == RefundOutcome.UNKNOWN


async def test_the_sandbox_refunds_a_transaction_once_even_when_asked_twice_at_the_same_moment(
    runtime, monkeypatch
):
    slow_redis(monkeypatch)
    store = SandboxStore(runtime.redis, "jazzcash")
    await store.save(
        SandboxPayment(
            provider="jazzcash",
            reference="SCNTWICE1",
            amount_pkr=4500,
            description="Court 2",
            expires_at=datetime.now(UTC) + timedelta(hours=1),
            return_url="https://api.scene.pk/return",
            failure_url="https://api.scene.pk/return",
            callback_url="",
            status=SandboxStatus.PAID,
            txn_id="SBX000000000042",
            method="MPAY",
        )
    )
    settings = runtime.settings
    request = sandbox.with_hash(
        {
            "pp_TxnRefNo": "SCNTWICE1",
            "pp_MerchantID": settings.jazzcash_merchant_id,
            "pp_Password": settings.jazzcash_password,
            "pp_Amount": "450000",
            "pp_TxnCurrency": "PKR",
        },
        settings.jazzcash_integrity_salt,
    )
    async with at_the_sandbox(runtime) as client:  # in process: the two requests overlap
        answers = await asyncio.gather(
            *(
                client.post("/sandbox/jazzcash/ApplicationAPI/API/authorize/Refund", json=request)
                for _ in range(2)
            )
        )
    assert sorted(answer.json()["responseCode"] for answer in answers) == ["000", sandbox.DECLINED]
    assert (await at_provider(store, "SCNTWICE1")).status == SandboxStatus.REFUNDED


def test_a_description_keeps_to_letters_digits_and_spaces_and_reads_well():
    assert jazzcash.plain_text("Court 2 at 6:00 am on Mon 7 Dec") == "Court 2 at 6 am on Mon 7 Dec"
    assert jazzcash.plain_text("Padel: 7:30 pm, Rs 3,000") == "Padel 7 30 pm Rs 3 000"
    assert jazzcash.plain_text("<>&;") == "Scene payment"
    assert len(jazzcash.plain_text("x" * 300)) == 100

"""Each adapter's signing against vectors worked out by hand from the documented algorithm, plus
JazzCash's published MWallet example; and each adapter refusing what was tampered with."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from types import SimpleNamespace

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from scene_api.config import Settings
from scene_api.domain.payments.providers import easypaisa, jazzcash
from scene_api.domain.payments.providers.base import CheckoutRequest, ProviderStatus

SETTINGS = Settings(
    jazzcash_integrity_salt="s3cr3tsalt",
    jazzcash_merchant_id="MC10001",
    jazzcash_password="x9y8z7w6",
    easypaisa_store_id="43",
    easypaisa_hash_key="0123456789ABCDEF",
)
RUNTIME = SimpleNamespace(settings=SETTINGS)
REQUEST = CheckoutRequest(
    reference="SCNABC123",
    amount_pkr=4500,
    description="Court 2, Smash Point: Fri 8 pm!",
    created_at=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
    expires_at=datetime(2026, 11, 27, 15, 10, tzinfo=UTC),
    callback_url="https://api.scene.pk/api/v1/payments/callbacks/x",
    return_url="https://api.scene.pk/api/v1/payments/return/x",
)


# JazzCash ------------------------------------------------------------------------------------


def test_jazzcash_matches_the_mwallet_example_from_its_documentation():
    """The MWallet example of JazzCash's REST guide (integrity salt 9208s6wx05, T71608120),
    as reproduced in public integration tests: expected hash 39ECAACF...438F."""
    fields = {
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
    }
    assert (
        jazzcash.secure_hash(fields, "9208s6wx05")
        == "39ECAACFC30F9AFA1763B7E61EA33AC75977FB2E849A5EE1EDC4016791F3438F"
    )


def test_jazzcash_hash_is_the_salt_then_sorted_non_empty_pp_values_under_hmac_sha256():
    fields = {
        "pp_TxnRefNo": "T1",
        "pp_Amount": "450000",
        "pp_BankID": "",
        "pp_Version": "1.1",
        "ppmpf_1": "",
        "pp_SecureHash": "IGNORED",
        "not_pp": "ignored too",
    }
    by_hand = "s3cr3tsalt&450000&T1&1.1"
    expected = hmac.new(b"s3cr3tsalt", by_hand.encode(), hashlib.sha256).hexdigest().upper()
    assert jazzcash.secure_hash(fields, "s3cr3tsalt") == expected


def test_jazzcash_checkout_form_carries_the_documented_fields_and_a_valid_hash():
    fields = jazzcash.checkout_fields(SETTINGS, REQUEST)
    assert fields["pp_Amount"] == "450000"  # paisa
    assert fields["pp_TxnDateTime"] == "20261127200000"  # Pakistan time
    assert fields["pp_TxnExpiryDateTime"] == "20261127201000"
    assert fields["pp_Description"] == "Court 2  Smash Point  Fri 8 pm"
    assert fields["pp_TxnCurrency"] == "PKR"
    values = [fields[name] for name in sorted(fields) if name != "pp_SecureHash" and fields[name]]
    by_hand = "&".join(["s3cr3tsalt", *values])
    assert fields["pp_SecureHash"] == hmac.new(b"s3cr3tsalt", by_hand.encode(), "sha256").hexdigest().upper()


def jazzcash_response(**changes):
    fields = {
        "pp_Amount": "450000",
        "pp_ResponseCode": "000",
        "pp_ResponseMessage": "Thank you for using JazzCash.",
        "pp_RetreivalReferenceNo": "220127152000",
        "pp_TxnRefNo": "SCNABC123",
        "pp_MerchantID": "MC10001",
    }
    return jazzcash.signed(fields, "s3cr3tsalt") | changes


def test_jazzcash_accepts_its_signed_response_and_reads_it():
    check = jazzcash.JazzCash(RUNTIME).verify_callback(jazzcash_response())
    assert check.signature_valid
    assert check.report.reference == "SCNABC123"
    assert check.report.status == ProviderStatus.SUCCEEDED
    assert check.report.amount_pkr == 4500
    assert check.report.txn_id == "220127152000"


def test_jazzcash_refuses_a_tampered_amount_or_a_lowercase_forgery():
    adapter = jazzcash.JazzCash(RUNTIME)
    assert not adapter.verify_callback(jazzcash_response(pp_Amount="100")).signature_valid
    assert not adapter.verify_callback(jazzcash_response(pp_SecureHash="0" * 64)).signature_valid
    unsigned = jazzcash_response()
    del unsigned["pp_SecureHash"]
    assert not adapter.verify_callback(unsigned).signature_valid


# Easypaisa -----------------------------------------------------------------------------------


def aes_ecb_pkcs5(plain: str, key: str) -> str:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key.encode()), modes.ECB()).encryptor()  # noqa: S305
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


def test_easypaisa_hashed_request_is_aes_ecb_of_the_sorted_request_string():
    fields = {
        "storeId": "43",
        "amount": "4500.0",
        "postBackURL": "https://api.scene.pk/return",
        "orderRefNum": "SCNABC123",
        "expiryDate": "20261127 201000",
        "autoRedirect": "1",
        "emailAddr": "",
    }
    by_hand = (
        "amount=4500.0&autoRedirect=1&expiryDate=20261127 201000&orderRefNum=SCNABC123"
        "&postBackURL=https://api.scene.pk/return&storeId=43"
    )
    assert easypaisa.request_string(fields) == by_hand
    assert easypaisa.hashed_request(fields, "0123456789ABCDEF") == aes_ecb_pkcs5(by_hand, "0123456789ABCDEF")


def test_easypaisa_checkout_form_decrypts_back_to_its_own_fields():
    fields = easypaisa.Easypaisa(RUNTIME).checkout_fields(REQUEST)
    assert fields["amount"] == "4500.0"
    assert fields["expiryDate"] == "20261127 201000"
    decryptor = Cipher(algorithms.AES(b"0123456789ABCDEF"), modes.ECB()).decryptor()  # noqa: S305
    padded = decryptor.update(base64.b64decode(fields.pop("merchantHashedReq"))) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    plain = (unpadder.update(padded) + unpadder.finalize()).decode()
    assert plain == "&".join(f"{key}={fields[key]}" for key in sorted(fields))


def test_easypaisa_callbacks_are_only_hints_to_confirm_by_inquiry():
    adapter = easypaisa.Easypaisa(RUNTIME)
    postback = adapter.verify_callback({"status": "0000", "desc": "ok", "orderRefNumber": "SCNABC123"})
    ipn = adapter.verify_callback({"url": "https://easypay.easypaisa.com.pk/ipn/43/SCNABC123"})
    for check in (postback, ipn):
        assert check.needs_inquiry
        assert not check.signature_valid
        assert check.report.reference == "SCNABC123"

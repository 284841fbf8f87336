"""JazzCash hosted checkout ("page redirection", API version 1.1), REST IPN, status inquiry and
refunds (card and mobile wallet). Sources, aspect by aspect, in docs/payments.md ("Where each sandbox
comes from / JazzCash"): JazzCash's sandbox documentation (hashing scheme, API references), the
merchant integration guides as published integrations quote them, and merchants' own integrations.

- Checkout: the browser POSTs pp_Version=1.1, pp_TxnType (empty: the hosted page offers the merchant's
  instruments), pp_Language=EN, pp_MerchantID, pp_SubMerchantID, pp_Password, pp_BankID, pp_ProductID,
  pp_TxnRefNo, pp_Amount (paisa), pp_TxnCurrency=PKR, pp_TxnDateTime and pp_TxnExpiryDateTime
  (yyyyMMddHHmmss, Pakistan time), pp_BillReference, pp_Description (letters and digits), pp_ReturnURL,
  ppmpf_1..5 and pp_SecureHash to `{base}/CustomerPortal/transactionmanagement/merchantform/`.
- pp_SecureHash: the values of every field whose name starts with "pp" (ppmpf_* too) but
  pp_SecureHash, sorted by name (ASCII), empty and JSON-null values left out, joined with "&" behind
  the integrity salt; HMAC-SHA256 keyed by the salt; hex, compared without regard to case (the
  documentation's example is lowercase, JazzCash's answers uppercase).
- The browser comes back with a POST of form fields carrying pp_Amount and pp_ResponseCode "000"
  (paid); the retrieval reference is spelled pp_RetreivalReferenceNo there.
- The REST IPN (JSON, registered in the merchant portal) carries no pp_Amount, says "121" for a
  completed payment, null for absent values and pp_RetrievalReferenceNo. Without an amount to compare,
  a correctly signed IPN is confirmed by the status inquiry (`needs_inquiry`); the answer is a signed
  JSON {pp_ResponseCode "000" | other, pp_ResponseMessage}.
- Status inquiry: POST JSON {pp_TxnRefNo, pp_MerchantID, pp_Password, pp_SecureHash} to
  `{base}/ApplicationAPI/API/PaymentInquiry/Inquire`; pp_ResponseCode "000" means the inquiry itself
  worked, pp_PaymentResponseCode says the payment ("121" completed, "124"/"157" awaiting the payer,
  anything else failed). JazzCash asks for ten minutes between a payment and its first inquiry.
- Refunds: wallet payments (pp_TxnType MWALLET) at `.../API/Purchase/domwalletrefundtransaction` with
  pp_MerchantMPIN, answered with signed pp_ResponseCode / pp_ResponseMessage; card payments (MPAY) at
  `.../API/authorize/Refund`, answered by the card API in its own words, responseCode /
  responseMessage / secureHash (how that hash is made is not published, so it is kept, not checked).
  An answer without a code is UNKNOWN, never REFUSED.

Uncertain (needs a merchant account): the refusal codes other than "000"; the card refund's
secureHash; whether JazzCash answers inquiries younger than ten minutes at all; any settlement file
(no format is published: the daily money check asks the status inquiry about each payment).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.payments.providers.base import (
    NOT_AN_AMOUNT,
    BrowserStep,
    CallbackCheck,
    CallbackReply,
    CheckoutRequest,
    PaymentProvider,
    ProviderAnswer,
    ProviderReport,
    ProviderStatus,
    RefundAnswer,
    RefundOutcome,
    field_text,
    whole_rupees,
)
from scene_api.lib.timezone import KARACHI

CHECKOUT_PATH = "/CustomerPortal/transactionmanagement/merchantform/"
INQUIRY_PATH = "/ApplicationAPI/API/PaymentInquiry/Inquire"
CARD_REFUND_PATH = "/ApplicationAPI/API/authorize/Refund"
WALLET_REFUND_PATH = "/ApplicationAPI/API/Purchase/domwalletrefundtransaction"
WALLET = "MWALLET"
CARD = "MPAY"
SUCCESS = "000"
PAID = {SUCCESS, "121"}
AWAITING_PAYER = {"124", "157"}
TIME_FORMAT = "%Y%m%d%H%M%S"


def secure_hash(fields: Mapping[str, Any], integrity_salt: str) -> str:
    values = [
        field_text(fields[name])
        for name in sorted(fields)
        if name.lower().startswith("pp") and name != "pp_SecureHash" and field_text(fields[name]) != ""
    ]
    message = "&".join([integrity_salt, *values])
    return hmac.new(integrity_salt.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def signed(fields: dict[str, str], integrity_salt: str) -> dict[str, str]:
    return fields | {"pp_SecureHash": secure_hash(fields, integrity_salt)}


def signature_matches(fields: Mapping[str, Any], integrity_salt: str) -> bool:
    given = field_text(fields.get("pp_SecureHash")).upper()
    return bool(given) and hmac.compare_digest(given, secure_hash(fields, integrity_salt))


def paisa(amount_pkr: int) -> str:
    return str(amount_pkr * 100)


def rupees_from_paisa(value: object) -> int | None:
    """pp_Amount is in paisa: '450000' is Rs 4,500; nothing named is None, junk NOT_AN_AMOUNT."""
    if not field_text(value):
        return None
    try:
        return whole_rupees(Decimal(field_text(value)) / 100)
    except InvalidOperation:
        return NOT_AN_AMOUNT


def retrieval_reference(fields: Mapping[str, Any]) -> str | None:
    """JazzCash's own transaction id: pp_RetrievalReferenceNo in the IPN and the inquiry, spelled
    pp_RetreivalReferenceNo in the browser return and the MWallet answers."""
    return field_text(fields.get("pp_RetrievalReferenceNo") or fields.get("pp_RetreivalReferenceNo")) or None


def plain_text(text: str, limit: int = 100) -> str:
    """JazzCash takes letters, digits and spaces in descriptions: `8:00 pm` goes as `8 pm` (not `8 00 pm`),
    other marks as spaces."""
    on_the_hour = re.sub(r"\b(\d{1,2}):00\b", r"\1", text)
    return " ".join(re.sub(r"[^A-Za-z0-9 ]+", " ", on_the_hour).split())[:limit] or "Scene payment"


def payment_status(code: str) -> ProviderStatus:
    if code in PAID:
        return ProviderStatus.SUCCEEDED
    if code in AWAITING_PAYER:
        return ProviderStatus.PENDING
    return ProviderStatus.FAILED


def checkout_fields(settings: Settings, request: CheckoutRequest) -> dict[str, str]:
    fields = {
        "pp_Version": "1.1",
        "pp_TxnType": "",
        "pp_Language": "EN",
        "pp_MerchantID": settings.jazzcash_merchant_id,
        "pp_SubMerchantID": "",
        "pp_Password": settings.jazzcash_password,
        "pp_BankID": "",
        "pp_ProductID": "",
        "pp_TxnRefNo": request.reference,
        "pp_Amount": paisa(request.amount_pkr),
        "pp_TxnCurrency": "PKR",
        "pp_TxnDateTime": request.created_at.astimezone(KARACHI).strftime(TIME_FORMAT),
        "pp_BillReference": request.reference,
        "pp_Description": plain_text(request.description),
        "pp_TxnExpiryDateTime": request.expires_at.astimezone(KARACHI).strftime(TIME_FORMAT),
        "pp_ReturnURL": request.return_url,
    } | {f"ppmpf_{n}": "" for n in range(1, 6)}
    return signed(fields, settings.jazzcash_integrity_salt)


def read_callback(payload: Mapping[str, Any], integrity_salt: str) -> CallbackCheck:
    """A browser return (form, with pp_Amount) or a REST IPN (JSON, without it)."""
    reference = field_text(payload.get("pp_TxnRefNo"))
    if not reference:
        return CallbackCheck(signature_valid=False, report=None)
    names_amount = field_text(payload.get("pp_Amount")) != ""
    report = ProviderReport(
        reference=reference,
        status=payment_status(field_text(payload.get("pp_ResponseCode"))),
        amount_pkr=rupees_from_paisa(payload.get("pp_Amount")) if names_amount else None,
        txn_id=retrieval_reference(payload),
        message=field_text(payload.get("pp_ResponseMessage"))[:200],
        method=field_text(payload.get("pp_TxnType")) or None,
    )
    valid = signature_matches(payload, integrity_salt)
    return CallbackCheck(signature_valid=valid, report=report, needs_inquiry=valid and not names_amount)


def read_inquiry(raw: Mapping[str, Any], reference: str, integrity_salt: str) -> ProviderReport | None:
    """None unless the inquiry itself worked (pp_ResponseCode 000), is signed and names the payment's
    state (pp_PaymentResponseCode)."""
    code = field_text(raw.get("pp_PaymentResponseCode"))
    inquiry_worked = field_text(raw.get("pp_ResponseCode")) == SUCCESS
    if not inquiry_worked or not code or not signature_matches(raw, integrity_salt):
        return None
    return ProviderReport(
        reference=reference,
        status=payment_status(code),
        amount_pkr=rupees_from_paisa(raw["pp_Amount"]) if field_text(raw.get("pp_Amount")) else None,
        txn_id=retrieval_reference(raw),
        message=field_text(raw.get("pp_PaymentResponseMessage"))[:200],
        method=field_text(raw.get("pp_TxnType")) or None,
    )


def read_wallet_refund(raw: Mapping[str, Any], integrity_salt: str) -> RefundOutcome:
    """domwalletrefundtransaction answers pp_ResponseCode / pp_ResponseMessage under pp_SecureHash."""
    code = field_text(raw.get("pp_ResponseCode"))
    if not code or not signature_matches(raw, integrity_salt):
        return RefundOutcome.UNKNOWN
    return RefundOutcome.DONE if code == SUCCESS else RefundOutcome.REFUSED


def read_card_refund(raw: Mapping[str, Any]) -> RefundOutcome:
    """authorize/Refund answers in the card API's words: responseCode / responseMessage / secureHash
    (a newer API version is documented with pp_ResponseCode, read too)."""
    code = field_text(raw.get("responseCode") or raw.get("pp_ResponseCode"))
    if not code:
        return RefundOutcome.UNKNOWN
    return RefundOutcome.DONE if code == SUCCESS else RefundOutcome.REFUSED


class JazzCash(PaymentProvider):
    name = m.PaymentProviderName.JAZZCASH
    inquiry_after = timedelta(minutes=10)

    @property
    def base_url(self) -> str:
        return self.settings.jazzcash_base_url

    @property
    def salt(self) -> str:
        return self.settings.jazzcash_integrity_salt

    async def start_checkout(self, request: CheckoutRequest) -> BrowserStep:
        return BrowserStep(
            action=f"{self.browser_base}{CHECKOUT_PATH}", fields=checkout_fields(self.settings, request)
        )

    def verify_callback(self, payload: Mapping[str, str]) -> CallbackCheck:
        return read_callback(payload, self.salt)

    def reply(self, accepted: bool) -> CallbackReply:
        """JazzCash's IPN listener expects response code 000 for a notification taken; anything else
        (and a non-200) makes it try again later."""
        fields = {
            "pp_ResponseCode": SUCCESS if accepted else "001",
            "pp_ResponseMessage": "Received" if accepted else "Rejected",
        }
        return CallbackReply(status_code=200 if accepted else 400, body=signed(fields, self.salt))

    def _credentials(self, payment: m.Payment) -> dict[str, str]:
        return {
            "pp_TxnRefNo": payment.merchant_reference,
            "pp_MerchantID": self.settings.jazzcash_merchant_id,
            "pp_Password": self.settings.jazzcash_password,
        }

    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        response = await self.call("POST", INQUIRY_PATH, json=signed(self._credentials(payment), self.salt))
        raw = self.json_of(response)
        return ProviderAnswer(raw=raw, report=read_inquiry(raw, payment.merchant_reference, self.salt))

    async def refund(self, payment: m.Payment, reason: str) -> RefundAnswer:
        """In full, through the instrument the payer used: wallets with the merchant MPIN, cards (and
        payments whose instrument we never heard) through the card API; vouchers and the like by hand."""
        method = getattr(payment, "provider_method", None)
        fields = self._credentials(payment) | {
            "pp_Amount": paisa(payment.amount_pkr),
            "pp_TxnCurrency": "PKR",
        }
        if method == WALLET:
            fields["pp_MerchantMPIN"] = self.settings.jazzcash_mpin
            raw = self.json_of(
                await self.call("POST", WALLET_REFUND_PATH, moves_money=True, json=signed(fields, self.salt))
            )
            outcome = read_wallet_refund(raw, self.salt)
        elif method in (None, CARD):
            raw = self.json_of(
                await self.call("POST", CARD_REFUND_PATH, moves_money=True, json=signed(fields, self.salt))
            )
            outcome = read_card_refund(raw)
        else:
            return RefundAnswer(raw={"pp_TxnType": method}, outcome=RefundOutcome.MANUAL)
        message = field_text(raw.get("pp_ResponseMessage") or raw.get("responseMessage"))[:200]
        return RefundAnswer(raw=raw, outcome=outcome, message=message)

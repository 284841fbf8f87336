"""JazzCash hosted checkout ("page redirection", API version 1.1), status inquiry and refund.

What was followed (JazzCash's merchant integration guide for page redirection, and the sample
code JazzCash hands merchants, e.g. the PHP form builder that posts to
`.../CustomerPortal/transactionmanagement/merchantform/`):

- The browser POSTs pp_Version=1.1, pp_TxnType, pp_Language=EN, pp_MerchantID, pp_SubMerchantID,
  pp_Password, pp_BankID, pp_ProductID, pp_TxnRefNo, pp_Amount (paisa: rupees x 100),
  pp_TxnCurrency=PKR, pp_TxnDateTime and pp_TxnExpiryDateTime (yyyyMMddHHmmss, Pakistan time),
  pp_BillReference, pp_Description (letters and digits), pp_ReturnURL, ppmpf_1..5 and
  pp_SecureHash to `{base}/CustomerPortal/transactionmanagement/merchantform/`.
- pp_SecureHash: take every field whose name starts with "pp" except pp_SecureHash, sort by name,
  drop empty values, join the values with "&" after the integrity salt
  ("salt&v1&v2..."), HMAC-SHA256 with the integrity salt as key, uppercase hex. The same hash
  signs the response JazzCash posts back (pp_ResponseCode "000" = paid).
- Status inquiry: POST JSON {pp_TxnRefNo, pp_MerchantID, pp_Password, pp_SecureHash} to
  `{base}/ApplicationAPI/API/PaymentInquiry/Inquire`; refund: POST JSON {pp_TxnRefNo, pp_Amount,
  pp_TxnCurrency, pp_MerchantID, pp_Password, pp_SecureHash} to `{base}/ApplicationAPI/API/authorize/Refund`.

Uncertain, common form chosen: the guide's examples disagree on whether ppmpf_* count as "pp"
fields (they do here; we send them empty, which drops them either way). pp_TxnType is left
empty so the hosted page offers the merchant's methods. The inquiry's pp_PaymentResponseCode
"121" (completed) or "000" means paid and "124"/"157" (awaiting the payer) pending; wallet
payments are refunded through `.../Purchase/domwalletrefundtransaction` with the merchant MPIN,
which is not wired here.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.payments.providers.base import (
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
    whole_rupees,
)
from scene_api.lib.timezone import KARACHI

CHECKOUT_PATH = "/CustomerPortal/transactionmanagement/merchantform/"
INQUIRY_PATH = "/ApplicationAPI/API/PaymentInquiry/Inquire"
REFUND_PATH = "/ApplicationAPI/API/authorize/Refund"
PAID = {"000", "121"}
AWAITING_PAYER = {"124", "157"}
TIME_FORMAT = "%Y%m%d%H%M%S"


def secure_hash(fields: Mapping[str, str], integrity_salt: str) -> str:
    values = [
        str(fields[name])
        for name in sorted(fields)
        if name.startswith("pp") and name != "pp_SecureHash" and str(fields[name]) != ""
    ]
    message = "&".join([integrity_salt, *values])
    return hmac.new(integrity_salt.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def signed(fields: dict[str, str], integrity_salt: str) -> dict[str, str]:
    return fields | {"pp_SecureHash": secure_hash(fields, integrity_salt)}


def signature_matches(fields: Mapping[str, str], integrity_salt: str) -> bool:
    given = str(fields.get("pp_SecureHash", "")).upper()
    return bool(given) and hmac.compare_digest(given, secure_hash(fields, integrity_salt))


def paisa(amount_pkr: int) -> str:
    return str(amount_pkr * 100)


def rupees_from_paisa(value: object) -> int | None:
    try:
        return whole_rupees(Decimal(str(value)) / 100)
    except InvalidOperation:
        return None


def plain_text(text: str, limit: int = 100) -> str:
    """JazzCash takes letters, digits and spaces in descriptions."""
    return re.sub(r"[^A-Za-z0-9 ]+", " ", text).strip()[:limit] or "Scene payment"


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


class JazzCash(PaymentProvider):
    name = m.PaymentProviderName.JAZZCASH

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
        reference = str(payload.get("pp_TxnRefNo", ""))
        if not reference:
            return CallbackCheck(signature_valid=False, report=None)
        report = ProviderReport(
            reference=reference,
            status=payment_status(str(payload.get("pp_ResponseCode", ""))),
            amount_pkr=rupees_from_paisa(payload.get("pp_Amount", "")),
            txn_id=str(payload.get("pp_RetreivalReferenceNo") or "") or None,
            message=str(payload.get("pp_ResponseMessage", ""))[:200],
        )
        return CallbackCheck(signature_valid=signature_matches(payload, self.salt), report=report)

    def reply(self, accepted: bool) -> CallbackReply:
        """JazzCash's IPN listener expects a signed JSON acknowledgement."""
        fields = {
            "pp_ResponseCode": "000" if accepted else "001",
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
        if raw.get("pp_ResponseCode") != "000" or not signature_matches(raw, self.salt):
            return ProviderAnswer(raw=raw)
        code = str(raw.get("pp_PaymentResponseCode", ""))
        report = ProviderReport(
            reference=payment.merchant_reference,
            status=payment_status(code),
            amount_pkr=rupees_from_paisa(raw["pp_Amount"]) if raw.get("pp_Amount") else None,
            txn_id=str(raw.get("pp_RetreivalReferenceNo") or "") or None,
            message=str(raw.get("pp_PaymentResponseMessage", ""))[:200],
        )
        return ProviderAnswer(raw=raw, report=report)

    async def refund(self, payment: m.Payment, reason: str) -> RefundAnswer:
        fields = self._credentials(payment) | {
            "pp_Amount": paisa(payment.amount_pkr),
            "pp_TxnCurrency": "PKR",
        }
        response = await self.call("POST", REFUND_PATH, json=signed(fields, self.salt))
        raw = self.json_of(response)
        done = raw.get("pp_ResponseCode") == "000" and signature_matches(raw, self.salt)
        return RefundAnswer(raw=raw, outcome=RefundOutcome.DONE if done else RefundOutcome.REFUSED)

"""Easypaisa (Telenor Microfinance Bank's Easypay): redirect checkout, confirm step, IPN and status
inquiry. No refund API: a refund is an ops task, made by hand in the Easypay merchant portal.

Followed (docs/payments.md lists the sources aspect by aspect): Easypay's reference plugin
(payWithEasypay.php, confirmEasypay.php, statusEasypay.php, easypayIPN.php), the WHMCS and
WooCommerce gateways merchants published, and the recorded inquiry answers of omnipay-easypaisa.

- The browser POSTs storeId, amount (rupees with one decimal, "1500.0"), postBackURL, orderRefNum,
  expiryDate ("yyyyMMdd HHmmss", Pakistan time), autoRedirect=1, the payer's mobileNum
  ("03001234567") and emailAddr when known, and merchantHashedReq to `{base}/easypay/Index.jsf`
  (sandbox host easypaystg.easypaisa.com.pk). Empty fields are not sent.
- merchantHashedReq: the request's non-empty fields as "key=value", sorted by key, joined with "&",
  no URL encoding, encrypted with AES/ECB/PKCS5Padding under the store's hash key (16, 24 or 32
  characters: AES-128/192/256), base64. It only proves our request; nothing Easypay sends is signed.
- Easypay sends the browser back to postBackURL with an auth_token; we POST auth_token and
  postBackURL to `{base}/easypay/Confirm.jsf`, and Easypay then sends the browser to postBackURL
  with status ("0000" = paid), desc and orderRefNumber.
- The IPN is a GET on the URL set in the merchant portal with one parameter, `url`, naming a JSON
  document about the order; the order is the last segment of that URL. The document is not fetched
  (it is unsigned, and fetching a URL a caller names is a request forgery risk): every postback and
  IPN is only a hint, confirmed by the status inquiry, POST JSON {orderId, storeId, accountNum} with
  `Credentials: base64(username:password)` to `{base}/easypay-service/rest/v4/inquire-transaction`:
  responseCode "0000", transactionStatus PAID / PENDING / FAILED / EXPIRED / REVERSED / BLOCKED,
  transactionAmount, paymentMode (MA, OTC, CC), transactionId when the answer carries one. The v4
  answer is unsigned (only Easypay's separate RSA product, v5, signs its answers).

Uncertain: the answer codes besides "0000" (0003 not found, 0006 store, 0010 credentials) come from
recorded answers, not a published table; any of them is "no answer", never a failure.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

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
    local_mobile,
    whole_rupees,
)
from scene_api.lib.timezone import KARACHI

CHECKOUT_PATH = "/easypay/Index.jsf"
CONFIRM_PATH = "/easypay/Confirm.jsf"
INQUIRY_PATH = "/easypay-service/rest/v4/inquire-transaction"
PAID = "0000"
INQUIRY_STATUSES = {
    "PAID": ProviderStatus.SUCCEEDED,
    "PENDING": ProviderStatus.PENDING,
    "FAILED": ProviderStatus.FAILED,
    "EXPIRED": ProviderStatus.FAILED,
    "REVERSED": ProviderStatus.FAILED,
    "BLOCKED": ProviderStatus.FAILED,
}
"""A transactionStatus outside these is not read as anything (the ledger asks again later)."""


def request_string(fields: Mapping[str, str]) -> str:
    return "&".join(f"{key}={fields[key]}" for key in sorted(fields) if fields[key] != "")


def hashed_request(fields: Mapping[str, str], hash_key: str) -> str:
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    plain = padder.update(request_string(fields).encode()) + padder.finalize()
    # ECB because Easypay's merchantHashedReq is defined with it; it only proves the request's origin.
    encryptor = Cipher(algorithms.AES(hash_key.encode()), modes.ECB()).encryptor()  # noqa: S305
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def rupees_text(amount_pkr: int) -> str:
    return f"{amount_pkr}.0"


def expiry_text(moment: datetime) -> str:
    return moment.astimezone(KARACHI).strftime("%Y%m%d %H%M%S")


def credentials_header(settings: Settings) -> str:
    login = f"{settings.easypaisa_username}:{settings.easypaisa_password}"
    return base64.b64encode(login.encode()).decode()


def reference_in(payload: Mapping[str, str]) -> str:
    """The order a postback (orderRefNumber) or an IPN (the last segment of its `url`) names."""
    if payload.get("orderRefNumber"):
        return str(payload["orderRefNumber"])
    return str(payload.get("url", "")).split("?", 1)[0].rstrip("/").rpartition("/")[2]


def report_of(raw: Mapping[str, object], reference: str) -> ProviderReport | None:
    """What an inquiry answer says, or None when it says nothing we can use."""
    status = INQUIRY_STATUSES.get(str(raw.get("transactionStatus", "")))
    if raw.get("responseCode") != PAID or status is None or raw.get("orderId") != reference:
        return None
    return ProviderReport(
        reference=reference,
        status=status,
        amount_pkr=whole_rupees(raw.get("transactionAmount", "")),
        txn_id=str(raw.get("transactionId") or "") or None,
        message=str(raw.get("errorReason") or raw.get("responseDesc") or "")[:200],
        method=str(raw.get("paymentMode") or "") or None,
    )


class Easypaisa(PaymentProvider):
    name = m.PaymentProviderName.EASYPAISA
    refunds_online = False
    """No Easypay document or client describes a refund API: refunds are made in the merchant portal."""

    @property
    def base_url(self) -> str:
        return self.settings.easypaisa_base_url

    def checkout_fields(self, request: CheckoutRequest) -> dict[str, str]:
        fields = {
            "storeId": self.settings.easypaisa_store_id,
            "amount": rupees_text(request.amount_pkr),
            "postBackURL": request.return_url,
            "orderRefNum": request.reference,
            "expiryDate": expiry_text(request.expires_at),
            "autoRedirect": "1",
            "mobileNum": local_mobile(request.payer_phone),
            "emailAddr": request.payer_email,
        }
        sent = {name: value for name, value in fields.items() if value}
        return sent | {"merchantHashedReq": hashed_request(sent, self.settings.easypaisa_hash_key)}

    async def start_checkout(self, request: CheckoutRequest) -> BrowserStep:
        return BrowserStep(action=f"{self.browser_base}{CHECKOUT_PATH}", fields=self.checkout_fields(request))

    def verify_callback(self, payload: Mapping[str, str]) -> CallbackCheck:
        reference = reference_in(payload)
        if not reference:
            return CallbackCheck(signature_valid=False, report=None)
        claimed = ProviderStatus.SUCCEEDED if payload.get("status") == PAID else ProviderStatus.FAILED
        report = ProviderReport(reference=reference, status=claimed, amount_pkr=None)
        return CallbackCheck(signature_valid=False, report=report, needs_inquiry=True)

    def reply(self, accepted: bool) -> CallbackReply:
        return CallbackReply(
            status_code=200 if accepted else 400,
            body="OK" if accepted else "REJECTED",
            media_type="text/plain",
        )

    def browser_step(self, params: Mapping[str, str]) -> BrowserStep | None:
        """The confirm step: Easypay hands back an auth_token that must be posted to Confirm.jsf."""
        if not params.get("auth_token"):
            return None
        return BrowserStep(
            action=f"{self.browser_base}{CONFIRM_PATH}",
            fields={"auth_token": str(params["auth_token"]), "postBackURL": self.return_url},
        )

    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        body = {
            "orderId": payment.merchant_reference,
            "storeId": self.settings.easypaisa_store_id,
            "accountNum": self.settings.easypaisa_account_num,
        }
        response = await self.call(
            "POST", INQUIRY_PATH, json=body, headers={"Credentials": credentials_header(self.settings)}
        )
        raw = self.json_of(response)
        return ProviderAnswer(raw=raw, report=report_of(raw, payment.merchant_reference))

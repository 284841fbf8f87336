"""Easypaisa (Easypay) hosted checkout, postback, status inquiry and refund.

What was followed (Telenor's Easypay redirection integration guide and its reference PHP plugin,
payWithEasypay.php / confirmEasypay.php / statusEasypay.php):

- The browser POSTs storeId, amount (rupees with one decimal, "1500.0"), postBackURL, orderRefNum,
  expiryDate ("yyyyMMdd HHmmss"), autoRedirect and merchantHashedReq to `{base}/easypay/Index.jsf`.
- merchantHashedReq: the request's non-empty fields as "key=value" sorted by key and joined with
  "&" (amount, autoRedirect, expiryDate, orderRefNum, postBackURL, storeId), encrypted with
  AES/ECB/PKCS5Padding under the store's hash key (16, 24 or 32 characters), base64.
- Easypay sends the browser back to postBackURL with an auth_token; the merchant POSTs
  auth_token and postBackURL to `{base}/easypay/Confirm.jsf`, and Easypay then sends the browser
  to postBackURL with status ("0000" = paid), desc and orderRefNumber. The IPN names the order
  in the last path segment of its `url` parameter.
- Neither the postback nor the IPN is signed, so a callback is only a hint: the ledger confirms
  every one through the status inquiry, POST JSON {orderId, storeId, accountNum} with a
  `Credentials: base64(username:password)` header to
  `{base}/easypay-service/rest/v4/inquire-transaction` (responseCode "0000"; transactionStatus
  PAID, PENDING, FAILED, EXPIRED, REVERSED; transactionAmount).

Uncertain, common form chosen: no public document describes an Easypay refund API; refunds are
POSTed like the inquiry (plus amount and reason) to `.../rest/v4/refund-transaction`.
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
    whole_rupees,
)
from scene_api.lib.timezone import KARACHI

CHECKOUT_PATH = "/easypay/Index.jsf"
CONFIRM_PATH = "/easypay/Confirm.jsf"
INQUIRY_PATH = "/easypay-service/rest/v4/inquire-transaction"
PAID = "0000"
INQUIRY_STATUSES = {"PAID": ProviderStatus.SUCCEEDED, "PENDING": ProviderStatus.PENDING}
"""Every other transactionStatus (FAILED, EXPIRED, REVERSED, ...) is a failure."""


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
    """The order a postback (orderRefNumber) or an IPN (…/orderRefNum at the end of `url`) names."""
    named = payload.get("orderRefNumber") or payload.get("orderRefNum")
    if named:
        return str(named)
    return str(payload.get("url", "")).rstrip("/").rpartition("/")[2]


class Easypaisa(PaymentProvider):
    name = m.PaymentProviderName.EASYPAISA
    refunds_online = False
    """No published Easypay document describes a refund API: refunds are made in the merchant portal."""

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
        }
        return fields | {"merchantHashedReq": hashed_request(fields, self.settings.easypaisa_hash_key)}

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

    def _inquiry_body(self, payment: m.Payment) -> dict[str, str]:
        return {
            "orderId": payment.merchant_reference,
            "storeId": self.settings.easypaisa_store_id,
            "accountNum": self.settings.easypaisa_account_num,
        }

    def _headers(self) -> dict[str, str]:
        return {"Credentials": credentials_header(self.settings)}

    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        response = await self.call(
            "POST", INQUIRY_PATH, json=self._inquiry_body(payment), headers=self._headers()
        )
        raw = self.json_of(response)
        if raw.get("responseCode") != PAID:
            return ProviderAnswer(raw=raw)
        report = ProviderReport(
            reference=payment.merchant_reference,
            status=INQUIRY_STATUSES.get(str(raw.get("transactionStatus")), ProviderStatus.FAILED),
            amount_pkr=whole_rupees(raw.get("transactionAmount", "")),
            txn_id=str(raw.get("transactionId") or "") or None,
            message=str(raw.get("responseDesc", ""))[:200],
        )
        return ProviderAnswer(raw=raw, report=report)

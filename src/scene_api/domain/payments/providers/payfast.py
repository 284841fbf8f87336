"""PayFast (Pakistan, by APPS): hosted checkout and notification on the checkout host, status inquiry
and refund on the separate merchant API host.

What was followed (sources per aspect in docs/payments.md, "Where each sandbox comes from": APPS's
"PayFast Example Code For Redirection Payment Request", the PayFast API client libraries
zfhassaan/payfast and qbitechs/paygate_pk, and merchants' integrations quoting gopayfast.com/docs):

- Checkout host (`SCENE_PAYFAST_BASE_URL`: https://ipg1.apps.net.pk, UAT https://ipguat.apps.net.pk).
  Token: POST form MERCHANT_ID, SECURED_KEY, BASKET_ID, TXNAMT, CURRENCY_CODE to
  `/Ecommerce/api/Transaction/GetAccessToken`; the JSON answer's ACCESS_TOKEN binds basket and amount.
  The browser POSTs CURRENCY_CODE, MERCHANT_ID, MERCHANT_NAME, TOKEN, SUCCESS_URL, FAILURE_URL,
  CHECKOUT_URL (where PayFast notifies us server to server), CUSTOMER_EMAIL_ADDRESS,
  CUSTOMER_MOBILE_NO (local 03XXXXXXXXX form), TXNAMT, BASKET_ID, ORDER_DATE, SIGNATURE, VERSION,
  TXNDESC, PROCCODE=00 and TRAN_TYPE=ECOMM_PURCHASE to `/Ecommerce/api/Transaction/PostTransaction`.
  SIGNATURE is the merchant's own value (APPS's example leaves it empty; the token signs the basket).
- Notification (to CHECKOUT_URL, and the same fields on the browser's return): err_code ("000" or
  "00" = paid), err_msg, transaction_id, basket_id, order_date, transaction_amount, PaymentName and
  validation_hash = SHA-256 hex of "basket_id|secured_key|merchant_id|err_code". It does not cover the
  amount, so the ledger compares transaction_amount with the payment. (The example's older MD5
  `Response_Key` is not used.)
- Merchant API (`SCENE_PAYFAST_API_BASE_URL`: https://apipxy.apps.net.pk:8443/api, UAT apipxyuat).
  Token: POST form grant_type=client_credentials, merchant_id, secured_key to `/token`; JSON `token`
  (lifetime `expiry`, 3600 s; asked afresh per call, nothing cached). Then with the bearer token:
  status inquiry GET `/transaction/basket_id/{basket}?order_date=YYYY-MM-DD`, answering code,
  status_code ("00" processed OK, "001" pending, others failed), status_msg, basket_id,
  transaction_id and no amount; refund POST `/transaction/refund/{transaction_id}` with
  transaction_id, txnamt, refund_reason and customer_ip, answering code ("00": refunded) and message.

Uncertain, chosen deliberately: which codes the inquiry reports for a declined or abandoned basket
(any code but "00"/"001" is read as failed), the answer for a basket PayFast never saw (read as no
answer: the payment stays pending), and refusal codes for refunds (any readable non-"00" code is a
refusal; an answer without a code is UNKNOWN). PayFast publishes no settlement report format: the
daily money check asks the status inquiry about each payment instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

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
    ProviderUnavailable,
    RefundAnswer,
    RefundOutcome,
    field_text,
    local_mobile,
    whole_rupees,
)
from scene_api.i18n import Message
from scene_api.lib.timezone import KARACHI

CHECKOUT_API = "/Ecommerce/api/Transaction"
TOKEN_PATH = f"{CHECKOUT_API}/GetAccessToken"
CHECKOUT_PATH = f"{CHECKOUT_API}/PostTransaction"
API_SANDBOX_PATH = "/api"
"""The merchant API's root inside the local sandbox (`/sandbox/payfast/api`)."""
PAID = {"000", "00"}
PROCESSED_OK = "00"
PENDING = "001"
REFUND_CUSTOMER_IP = "127.0.0.1"
"""The refund API asks for the customer's IP; refunds are asked by our servers, never by the payer."""


def validation_hash(basket_id: str, secured_key: str, merchant_id: str, err_code: str) -> str:
    return hashlib.sha256(f"{basket_id}|{secured_key}|{merchant_id}|{err_code}".encode()).hexdigest()


def notification_report(fields: Mapping[str, Any]) -> ProviderReport:
    paid = field_text(fields.get("err_code")) in PAID
    return ProviderReport(
        reference=field_text(fields.get("basket_id")),
        status=ProviderStatus.SUCCEEDED if paid else ProviderStatus.FAILED,
        amount_pkr=whole_rupees(fields.get("transaction_amount", "")),
        txn_id=field_text(fields.get("transaction_id")) or None,
        message=field_text(fields.get("err_msg"))[:200],
        method=field_text(fields.get("PaymentName")) or None,
    )


def inquiry_report(raw: Mapping[str, Any], reference: str) -> ProviderReport | None:
    """The merchant API's word on our basket; None when the answer names no transaction status for it,
    or its `code` says the call itself was not processed (then its status_code proves nothing, and
    reading it as a failure would fail a payment PayFast may have taken)."""
    status_code, code = field_text(raw.get("status_code")), field_text(raw.get("code"))
    named = field_text(raw.get("basket_id"))
    if not status_code or named != reference or code not in (PROCESSED_OK, PENDING):
        return None
    if PENDING in (status_code, code):
        status = ProviderStatus.PENDING
    elif status_code == PROCESSED_OK:
        status = ProviderStatus.SUCCEEDED
    else:
        status = ProviderStatus.FAILED
    return ProviderReport(
        reference=reference,
        status=status,
        amount_pkr=None,
        txn_id=field_text(raw.get("transaction_id")) or None,
        message=field_text(raw.get("status_msg"))[:200],
    )


def refund_outcome(http_status: int, raw: Mapping[str, Any]) -> RefundOutcome:
    """Code "00" is done; any other code PayFast gave is a refusal; no code at all cannot be read."""
    code = field_text(raw.get("code"))
    if not code:
        return RefundOutcome.UNKNOWN
    if code == PROCESSED_OK:
        return RefundOutcome.DONE if 200 <= http_status < 300 else RefundOutcome.UNKNOWN
    return RefundOutcome.REFUSED


class PayFast(PaymentProvider):
    name = m.PaymentProviderName.PAYFAST

    @property
    def base_url(self) -> str:
        return self.settings.payfast_base_url

    @property
    def merchant_api_root(self) -> str:
        return self.root_of(self.settings.payfast_api_base_url, API_SANDBOX_PATH)

    async def checkout_token(self, request: CheckoutRequest) -> str:
        form = {
            "MERCHANT_ID": self.settings.payfast_merchant_id,
            "SECURED_KEY": self.settings.payfast_secured_key,
            "BASKET_ID": request.reference,
            "TXNAMT": str(request.amount_pkr),
            "CURRENCY_CODE": "PKR",
        }
        token = self.json_of(await self.call("POST", TOKEN_PATH, data=form)).get("ACCESS_TOKEN")
        if not token:
            raise ProviderUnavailable(Message("errors_payments.payfast_refused"))
        return str(token)

    async def merchant_api_token(self) -> str:
        form = {
            "grant_type": "client_credentials",
            "merchant_id": self.settings.payfast_merchant_id,
            "secured_key": self.settings.payfast_secured_key,
        }
        answer = await self.call("POST", "/token", root=self.merchant_api_root, data=form)
        token = self.json_of(answer).get("token")
        if not token:
            raise ProviderUnavailable(Message("errors_payments.payfast_refused"))
        return str(token)

    async def merchant_api(
        self, method: str, path: str, *, moves_money: bool = False, **kwargs: Any
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {await self.merchant_api_token()}"}
        response = await self.call(
            method, path, root=self.merchant_api_root, headers=headers, moves_money=moves_money, **kwargs
        )
        return response.status_code, self.json_of(response)

    async def start_checkout(self, request: CheckoutRequest) -> BrowserStep:
        fields = {
            "CURRENCY_CODE": "PKR",
            "MERCHANT_ID": self.settings.payfast_merchant_id,
            "MERCHANT_NAME": self.settings.payfast_merchant_name,
            "TOKEN": await self.checkout_token(request),
            "SUCCESS_URL": request.return_url,
            "FAILURE_URL": request.return_url,
            "CHECKOUT_URL": request.callback_url,
            "CUSTOMER_EMAIL_ADDRESS": request.payer_email,
            "CUSTOMER_MOBILE_NO": local_mobile(request.payer_phone),
            "TXNAMT": str(request.amount_pkr),
            "BASKET_ID": request.reference,
            "ORDER_DATE": request.created_at.astimezone(KARACHI).strftime("%Y-%m-%d %H:%M:%S"),
            "SIGNATURE": secrets.token_hex(8),
            "VERSION": "SCENE-1.0",
            "TXNDESC": request.description[:100],
            "PROCCODE": "00",
            "TRAN_TYPE": "ECOMM_PURCHASE",
        }
        return BrowserStep(action=f"{self.browser_base}{CHECKOUT_PATH}", fields=fields)

    def verify_callback(self, payload: Mapping[str, str]) -> CallbackCheck:
        if not payload.get("basket_id"):
            return CallbackCheck(signature_valid=False, report=None)
        expected = validation_hash(
            str(payload["basket_id"]),
            self.settings.payfast_secured_key,
            self.settings.payfast_merchant_id,
            str(payload.get("err_code", "")),
        )
        given = str(payload.get("validation_hash", "")).lower()
        return CallbackCheck(
            signature_valid=bool(given) and hmac.compare_digest(given, expected),
            report=notification_report(payload),
        )

    def reply(self, accepted: bool) -> CallbackReply:
        return CallbackReply(
            status_code=200 if accepted else 400, body={"status": "received" if accepted else "rejected"}
        )

    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        _, raw = await self.merchant_api(
            "GET",
            f"/transaction/basket_id/{payment.merchant_reference}",
            params={"order_date": payment.created_at.astimezone(KARACHI).strftime("%Y-%m-%d")},
        )
        return ProviderAnswer(raw=raw, report=inquiry_report(raw, payment.merchant_reference))

    async def refund(self, payment: m.Payment, reason: str) -> RefundAnswer:
        """The transaction to refund is the one PayFast's own inquiry names for the basket: the
        notification's `transaction_id` is not covered by its validation_hash (the payer's browser
        carries it back), so it is never trusted with money."""
        inquiry = await self.query_status(payment)
        if (
            inquiry.report is None
            or inquiry.report.status != ProviderStatus.SUCCEEDED
            or not inquiry.report.txn_id
        ):
            message = "PayFast does not show this basket as paid, so there is nothing to refund online."
            return RefundAnswer(raw=inquiry.raw, outcome=RefundOutcome.REFUSED, message=message)
        transaction_id = inquiry.report.txn_id
        http_status, raw = await self.merchant_api(
            "POST",
            f"/transaction/refund/{transaction_id}",
            moves_money=True,
            data={
                "transaction_id": transaction_id,
                "txnamt": str(payment.amount_pkr),
                "refund_reason": reason[:100],
                "customer_ip": REFUND_CUSTOMER_IP,
            },
        )
        return RefundAnswer(
            raw=raw, outcome=refund_outcome(http_status, raw), message=field_text(raw.get("message"))
        )

"""PayFast (Pakistan, by APPS) hosted checkout, notification, status inquiry and refund.

What was followed (PayFast's merchant integration guide at gopayfast.com/docs, "Merchant
Integration Guide" v1.1, and its PHP redirection example):

- Token: POST form MERCHANT_ID, SECURED_KEY, BASKET_ID, TXNAMT, CURRENCY_CODE to
  `{base}/Ecommerce/api/Transaction/GetAccessToken`; the JSON answer's ACCESS_TOKEN binds the
  basket and the amount.
- Checkout: the browser POSTs CURRENCY_CODE, MERCHANT_ID, MERCHANT_NAME, TOKEN, SUCCESS_URL,
  FAILURE_URL, CHECKOUT_URL (where PayFast notifies us server to server), TXNAMT, BASKET_ID,
  ORDER_DATE, SIGNATURE, VERSION, TXNDESC, PROCCODE=00 and TRAN_TYPE=ECOMM_PURCHASE to
  `{base}/Ecommerce/api/Transaction/PostTransaction`.
- Notification (to CHECKOUT_URL, and the same fields on the browser's return): err_code
  ("000" or "00" = paid), err_msg, transaction_id, basket_id, order_date, transaction_amount and
  validation_hash = SHA-256 hex of "basket_id|secured_key|merchant_id|err_code".

Uncertain, common form chosen: SIGNATURE is a random string of the merchant's choosing (the guide
does not sign the form; the token does that). validation_hash does not cover the amount, so the
ledger also compares transaction_amount with the payment. The status inquiry is
GET `{base}/Ecommerce/api/Transaction/transaction/basket_id/{basket}?order_date=YYYY-MM-DD` with
the token as a bearer, answering the notification's fields (404: no transaction yet); the refund is
POST `{base}/Ecommerce/api/Transaction/refund/transaction/{transaction_id}` (txnamt,
refund_reason). The older MD5 `Response_Key` is not used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

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
    whole_rupees,
)
from scene_api.i18n import Message
from scene_api.lib.timezone import KARACHI

API = "/Ecommerce/api/Transaction"
TOKEN_PATH = f"{API}/GetAccessToken"
CHECKOUT_PATH = f"{API}/PostTransaction"
PAID = {"000", "00"}


def validation_hash(basket_id: str, secured_key: str, merchant_id: str, err_code: str) -> str:
    return hashlib.sha256(f"{basket_id}|{secured_key}|{merchant_id}|{err_code}".encode()).hexdigest()


def report_of(fields: Mapping[str, str]) -> ProviderReport:
    return ProviderReport(
        reference=str(fields.get("basket_id", "")),
        status=ProviderStatus.SUCCEEDED if str(fields.get("err_code")) in PAID else ProviderStatus.FAILED,
        amount_pkr=whole_rupees(fields.get("transaction_amount", "")),
        txn_id=str(fields.get("transaction_id") or "") or None,
        message=str(fields.get("err_msg", ""))[:200],
    )


class PayFast(PaymentProvider):
    name = m.PaymentProviderName.PAYFAST

    @property
    def base_url(self) -> str:
        return self.settings.payfast_base_url

    async def access_token(self, *, basket_id: str = "", amount_pkr: int | None = None) -> str:
        form = {
            "MERCHANT_ID": self.settings.payfast_merchant_id,
            "SECURED_KEY": self.settings.payfast_secured_key,
            "CURRENCY_CODE": "PKR",
        }
        if basket_id:
            form |= {"BASKET_ID": basket_id, "TXNAMT": str(amount_pkr)}
        token = self.json_of(await self.call("POST", TOKEN_PATH, data=form)).get("ACCESS_TOKEN")
        if not token:
            raise ProviderUnavailable(Message("errors_payments.payfast_refused"))
        return str(token)

    async def start_checkout(self, request: CheckoutRequest) -> BrowserStep:
        token = await self.access_token(basket_id=request.reference, amount_pkr=request.amount_pkr)
        fields = {
            "CURRENCY_CODE": "PKR",
            "MERCHANT_ID": self.settings.payfast_merchant_id,
            "MERCHANT_NAME": self.settings.payfast_merchant_name,
            "TOKEN": token,
            "SUCCESS_URL": request.return_url,
            "FAILURE_URL": request.return_url,
            "CHECKOUT_URL": request.callback_url,
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
            signature_valid=bool(given) and hmac.compare_digest(given, expected), report=report_of(payload)
        )

    def reply(self, accepted: bool) -> CallbackReply:
        return CallbackReply(
            status_code=200 if accepted else 400, body={"status": "received" if accepted else "rejected"}
        )

    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        token = await self.access_token()
        order_date = payment.created_at.astimezone(KARACHI).strftime("%Y-%m-%d")
        response = await self.call(
            "GET",
            f"{API}/transaction/basket_id/{payment.merchant_reference}",
            params={"order_date": order_date},
            headers={"Authorization": f"Bearer {token}"},
        )
        raw = self.json_of(response)
        if response.status_code == 404 or not raw.get("err_code"):
            return ProviderAnswer(raw=raw)
        return ProviderAnswer(raw=raw, report=report_of(raw))

    async def refund(self, payment: m.Payment, reason: str) -> RefundAnswer:
        token = await self.access_token()
        response = await self.call(
            "POST",
            f"{API}/refund/transaction/{payment.provider_txn_id}",
            data={
                "basket_id": payment.merchant_reference,
                "txnamt": str(payment.amount_pkr),
                "refund_reason": reason[:100],
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        raw = self.json_of(response)
        done = response.status_code == 200 and raw.get("err_code") in PAID
        return RefundAnswer(raw=raw, outcome=RefundOutcome.DONE if done else RefundOutcome.REFUSED)

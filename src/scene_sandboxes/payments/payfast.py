"""PayFast (APPS, Pakistan), written from APPS's published example code and the public PayFast API
client libraries (sources per aspect in docs/payments.md, "Where each sandbox comes from"). Two hosts,
as at PayFast:

- the checkout host (`ipg1.apps.net.pk`, UAT `ipguat.apps.net.pk`), served at `/sandbox/payfast`:
  `POST /Ecommerce/api/Transaction/GetAccessToken` (form MERCHANT_ID, SECURED_KEY, BASKET_ID, TXNAMT,
  CURRENCY_CODE; JSON MERCHANT_ID, ACCESS_TOKEN, NAME, GENERATED_DATE_TIME), then the payer's browser
  posts the checkout form to `POST /Ecommerce/api/Transaction/PostTransaction`. The outcome goes to
  CHECKOUT_URL (server to server) and, with the same fields, to SUCCESS_URL or FAILURE_URL (browser),
  signed by `validation_hash` = SHA-256 hex of "basket_id|secured_key|merchant_id|err_code".
- the merchant API (`apipxy.apps.net.pk:8443/api`, UAT `apipxyuat`), served at `/sandbox/payfast/api`:
  `POST /token` (form grant_type=client_credentials, merchant_id, secured_key; JSON token, expiry,
  code, message), then with `Authorization: Bearer <token>`: `GET /transaction/basket_id/{basket}`
  (?order_date=YYYY-MM-DD; JSON code, status_code, status_msg, basket_id, transaction_id) and
  `POST /transaction/refund/{transaction_id}` (form transaction_id, txnamt, refund_reason,
  customer_ip; JSON code, message). Errors answer {code, message} ("401": not authorized).

Codes: "00" processed OK, "000" (or "00") paid on the checkout's notification, "001" pending,
"002" timed out (an abandoned or expired checkout), "97" declined (insufficient balance), "13" invalid
amount; the sandbox's choice among PayFast's published codes where the sources name none.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect

from scene_sandboxes.payments import pages
from scene_sandboxes.payments.checkout import SETTLED, SandboxController, form_of, with_query
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, SandboxStore, now

PROVIDER = "payfast"
CHECKOUT_LIFETIME = timedelta(hours=1)
API_TOKEN_SECONDS = 3600
"""The merchant API token's lifetime, as the sources' token answers give it (`expiry`)."""
API_GRANT = "merchant-api"
"""What a merchant API token stands for; a checkout token stands for "basket|amount" instead, so
neither is taken for the other."""

PROCESSED_OK = "00"
PAID_ON_CHECKOUT = "000"
PENDING = "001"
TIMED_OUT = "002"
DECLINED = "97"
INVALID_AMOUNT = "13"
NOT_AUTHORIZED = "401"


def validation_hash(basket_id: str, secured_key: str, merchant_id: str, err_code: str) -> str:
    """The notification's signature: SHA-256 hex of the four values joined by '|'."""
    signed = "|".join((basket_id, secured_key, merchant_id, err_code))
    return hashlib.sha256(signed.encode()).hexdigest()


def amount_of(value: str) -> int | None:
    """TXNAMT / txnamt in whole rupees ('4500' or '4500.00'); None for anything else."""
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return int(amount) if amount == amount.to_integral_value() and amount > 0 else None


def error(code: str, message: str, status_code: int) -> Response[dict[str, str]]:
    return Response({"code": code, "message": message}, status_code=status_code)


def credentials_match(sandbox: PaymentSandbox, merchant_id: str, secured_key: str) -> bool:
    accounts = sandbox.accounts
    return merchant_id == accounts.payfast_merchant_id and hmac.compare_digest(
        secured_key, accounts.payfast_secured_key
    )


def checkout_outcome(payment: SandboxPayment) -> tuple[str, str]:
    """The notification's err_code and err_msg for a payment the payer has acted on."""
    if payment.status in SETTLED:
        return PAID_ON_CHECKOUT, "Transaction has been completed."
    if payment.status == SandboxStatus.DECLINED:
        return DECLINED, "Dear Customer, you have an insufficient Balance to proceed"
    return TIMED_OUT, "Payfast Time out"


def notification(sandbox: PaymentSandbox, payment: SandboxPayment) -> dict[str, str]:
    """What PayFast posts to CHECKOUT_URL and appends to SUCCESS_URL / FAILURE_URL."""
    code, message = checkout_outcome(payment)
    accounts = sandbox.accounts
    return {
        "err_code": code,
        "err_msg": message,
        "transaction_id": payment.txn_id,
        "basket_id": payment.reference,
        "order_date": payment.echo.get("ORDER_DATE", ""),
        "transaction_amount": f"{payment.amount_pkr}.00",
        "merchant_amount": f"{payment.amount_pkr}.00",
        "transaction_currency": "PKR",
        "PaymentName": payment.method,
        "validation_hash": validation_hash(
            payment.reference, accounts.payfast_secured_key, accounts.payfast_merchant_id, code
        ),
    }


def inquiry_answer(payment: SandboxPayment) -> dict[str, str]:
    """The merchant API's answer about a basket: `code` says the call was processed, `status_code`
    what became of the transaction (a payer still on the page: pending in both)."""
    if payment.status == SandboxStatus.OPEN and not payment.expired:
        status_code, status_msg = PENDING, "Pending"
    elif payment.status in SETTLED:
        status_code, status_msg = PROCESSED_OK, "Processed OK"
    else:
        status_code, status_msg = checkout_outcome(payment)
    return {
        "code": PENDING if status_code == PENDING else PROCESSED_OK,
        "status_code": status_code,
        "status_msg": status_msg,
        "basket_id": payment.reference,
        "transaction_id": payment.txn_id,
    }


class PayFastSandbox(SandboxController):
    """The checkout host: access token, hosted checkout, notification and the browser's way back."""

    path = "/sandbox/payfast"
    provider = PROVIDER
    methods = ("Card", "Easypaisa", "JazzCash", "UPaisa", "Bank Account")
    """PaymentName, how the payer paid."""

    @post("/Ecommerce/api/Transaction/GetAccessToken", status_code=200)
    async def access_token(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox
    ) -> Response[dict[str, str]]:
        form = await form_of(request)
        if not credentials_match(sandbox, form.get("MERCHANT_ID", ""), form.get("SECURED_KEY", "")):
            return error(NOT_AUTHORIZED, "You're not Authorized", 401)
        grant = f"{form.get('BASKET_ID', '')}|{form.get('TXNAMT', '')}"
        token = await self.store(sandbox).issue_token(
            grant, ttl_seconds=int(CHECKOUT_LIFETIME.total_seconds())
        )
        return Response(
            {
                "MERCHANT_ID": sandbox.accounts.payfast_merchant_id,
                "ACCESS_TOKEN": token,
                "NAME": sandbox.accounts.payfast_merchant_name,
                "GENERATED_DATE_TIME": now().isoformat(),
            }
        )

    @post("/Ecommerce/api/Transaction/PostTransaction", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        """The token binds the basket and the amount it was asked for; SIGNATURE is the merchant's own
        value (the published example leaves it empty) and is not checked."""
        form = await form_of(request)
        basket_id, txnamt = form.get("BASKET_ID", ""), form.get("TXNAMT", "")
        grant = await self.store(sandbox).redeem_token(form.get("TOKEN", ""))
        amount = amount_of(txnamt)
        if grant is None or amount is None or grant != f"{basket_id}|{txnamt}":
            return pages.notice("Invalid request", "The token does not match this basket.", 400)
        if form.get("MERCHANT_ID") != sandbox.accounts.payfast_merchant_id:
            return pages.notice("Invalid request", "Unknown merchant.", 400)
        payment = SandboxPayment(
            provider=self.provider,
            reference=basket_id,
            amount_pkr=amount,
            description=form.get("TXNDESC", ""),
            expires_at=now() + CHECKOUT_LIFETIME,
            return_url=form.get("SUCCESS_URL", ""),
            failure_url=form.get("FAILURE_URL", ""),
            callback_url=form.get("CHECKOUT_URL", ""),
            echo={
                name: form.get(name, "")
                for name in ("ORDER_DATE", "CUSTOMER_MOBILE_NO", "CUSTOMER_EMAIL_ADDRESS")
            },
        )
        return await self.open_checkout(sandbox, payment)

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        if not payment.callback_url:
            return None
        return await sandbox.deliver(
            request, "POST", payment.callback_url, data=notification(sandbox, payment)
        )

    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        url = payment.return_url if payment.status == SandboxStatus.PAID else payment.failure_url
        return Redirect(with_query(url, notification(sandbox, payment)), status_code=303)


class PayFastApiSandbox(Controller):
    """The merchant API host: bearer token, status inquiry by basket, refund."""

    path = "/sandbox/payfast/api"
    include_in_schema = False

    @staticmethod
    def store(sandbox: PaymentSandbox) -> SandboxStore:
        return sandbox.store(PROVIDER)

    async def authorized(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        return await self.store(sandbox).redeem_token(token.strip()) == API_GRANT

    @post("/token", status_code=200)
    async def token(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[Any]:
        form = await form_of(request)
        if form.get("grant_type") != "client_credentials":
            return error("400", "grant_type must be client_credentials", 400)
        if not credentials_match(sandbox, form.get("merchant_id", ""), form.get("secured_key", "")):
            return error(NOT_AUTHORIZED, "You're not Authorized", 401)
        token = await self.store(sandbox).issue_token(API_GRANT, ttl_seconds=API_TOKEN_SECONDS)
        return Response(
            {"token": token, "expiry": API_TOKEN_SECONDS, "code": PROCESSED_OK, "message": "Success"}
        )

    @get("/transaction/basket_id/{basket_id:str}")
    async def status(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, basket_id: str
    ) -> Response[dict[str, str]]:
        if not await self.authorized(request, sandbox):
            return error(NOT_AUTHORIZED, "You're not Authorized", 401)
        payment = await self.store(sandbox).get(basket_id)
        if payment is None:
            return error("404", "Transaction not found", 404)
        return Response(inquiry_answer(payment))

    @post("/transaction/refund/{transaction_id:str}", status_code=200)
    async def refund(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, transaction_id: str
    ) -> Response[dict[str, str]]:
        """A full refund of a paid transaction, once."""
        if not await self.authorized(request, sandbox):
            return error(NOT_AUTHORIZED, "You're not Authorized", 401)
        form = await form_of(request)
        store = self.store(sandbox)
        payment = await store.by_txn_id(transaction_id)
        if payment is None or form.get("transaction_id", transaction_id) != transaction_id:
            return error("14", "Entered details are Incorrect", 400)
        if payment.status == SandboxStatus.REFUNDED:
            return error("41", "This transaction has already been refunded", 400)
        if payment.status != SandboxStatus.PAID:
            return error("41", "Only a completed transaction can be refunded", 400)
        if amount_of(form.get("txnamt", "")) != payment.amount_pkr:
            return error(INVALID_AMOUNT, "You have entered an Invalid Amount", 400)
        payment.echo = payment.echo | {
            "refund_reason": form.get("refund_reason", ""),
            "customer_ip": form.get("customer_ip", ""),
        }
        if not await store.refund_once(payment):
            return error("41", "This transaction has already been refunded", 400)
        return Response(
            {"code": PROCESSED_OK, "message": "Refund processed", "transaction_id": transaction_id}
        )

"""PayFast (APPS): hosted checkout, notification, merchant API. (Mechanical port; being rewritten from
PayFast's documents.)"""

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
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, now

CHECKOUT_LIFETIME = timedelta(hours=1)


def rupees(value: str) -> int | None:
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return int(amount) if amount == amount.to_integral_value() and amount > 0 else None


def validation_hash(basket_id: str, secured_key: str, merchant_id: str, err_code: str) -> str:
    return hashlib.sha256(f"{basket_id}|{secured_key}|{merchant_id}|{err_code}".encode()).hexdigest()


def outcome(sandbox: PaymentSandbox, payment: SandboxPayment) -> dict[str, str]:
    if payment.status in SETTLED:
        code, message = "000", "Transaction has been completed."
    elif payment.status == SandboxStatus.DECLINED:
        code, message = "002", "Transaction declined by the payer."
    else:
        code, message = "003", "Transaction dropped by the payer."
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
        "PaymentName": "Sandbox wallet",
        "validation_hash": validation_hash(
            payment.reference, accounts.payfast_secured_key, accounts.payfast_merchant_id, code
        ),
    }


async def bearer_valid(request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> bool:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and await sandbox.store("payfast").redeem_token(token) is not None


class PayFastSandbox(SandboxController):
    path = "/sandbox/payfast"
    provider = "payfast"

    @post("/Ecommerce/api/Transaction/GetAccessToken", status_code=200)
    async def access_token(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox
    ) -> Response[dict[str, str]]:
        form = await form_of(request)
        accounts = sandbox.accounts
        if form.get("MERCHANT_ID") != accounts.payfast_merchant_id or not hmac.compare_digest(
            form.get("SECURED_KEY", ""), accounts.payfast_secured_key
        ):
            return Response({"code": "401", "message": "Invalid merchant credentials"}, status_code=401)
        grant = f"{form.get('BASKET_ID', '')}|{form.get('TXNAMT', '')}"
        return Response(
            {
                "MERCHANT_ID": accounts.payfast_merchant_id,
                "ACCESS_TOKEN": await self.store(sandbox).issue_token(grant),
                "NAME": accounts.payfast_merchant_name,
                "GENERATED_DATE_TIME": now().isoformat(),
            }
        )

    @post("/Ecommerce/api/Transaction/PostTransaction", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        form = await form_of(request)
        grant = await self.store(sandbox).redeem_token(form.get("TOKEN", ""))
        amount = rupees(form.get("TXNAMT", ""))
        if grant is None or amount is None or grant != f"{form.get('BASKET_ID')}|{form.get('TXNAMT')}":
            return pages.notice("Invalid request", "The token does not match this basket.", 400)
        payment = SandboxPayment(
            provider=self.provider,
            reference=form["BASKET_ID"],
            amount_pkr=amount,
            description=form.get("TXNDESC", ""),
            expires_at=now() + CHECKOUT_LIFETIME,
            return_url=form.get("SUCCESS_URL", ""),
            failure_url=form.get("FAILURE_URL", ""),
            callback_url=form.get("CHECKOUT_URL", ""),
            echo={"ORDER_DATE": form.get("ORDER_DATE", "")},
        )
        return await self.open_checkout(sandbox, payment)

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        return await sandbox.deliver(request, "POST", payment.callback_url, data=outcome(sandbox, payment))

    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        url = payment.return_url if payment.status == SandboxStatus.PAID else payment.failure_url
        return Redirect(with_query(url, outcome(sandbox, payment)), status_code=303)


class PayFastApiSandbox(Controller):
    """PayFast's merchant API: status inquiry and refund."""

    path = "/sandbox/payfast/Ecommerce/api/Transaction"
    include_in_schema = False

    @get("/transaction/basket_id/{basket_id:str}")
    async def status(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, basket_id: str
    ) -> Response[dict[str, str]]:
        if not await bearer_valid(request, sandbox):
            return Response({"code": "401", "message": "Invalid token"}, status_code=401)
        payment = await sandbox.store("payfast").get(basket_id)
        if payment is None or (payment.status == SandboxStatus.OPEN and not payment.expired):
            return Response({"code": "404", "message": "No transaction for this basket"}, status_code=404)
        return Response(outcome(sandbox, payment))

    @post("/refund/transaction/{transaction_id:str}", status_code=200)
    async def refund(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, transaction_id: str
    ) -> Response[dict[str, str]]:
        if not await bearer_valid(request, sandbox):
            return Response({"code": "401", "message": "Invalid token"}, status_code=401)
        form = await form_of(request)
        store = sandbox.store("payfast")
        payment = await store.get(form.get("basket_id", ""))
        if (
            payment is None
            or payment.status != SandboxStatus.PAID
            or payment.txn_id != transaction_id
            or rupees(form.get("txnamt", "")) != payment.amount_pkr
        ):
            return Response({"err_code": "001", "err_msg": "Not refundable"}, status_code=400)
        payment.status = SandboxStatus.REFUNDED
        payment.refunded_at = now()
        await store.save(payment)
        return Response({"err_code": "000", "err_msg": "Refunded", "transaction_id": transaction_id})

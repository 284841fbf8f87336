"""Easypaisa (Telenor Easypay): hosted checkout, confirm step, IPN and status inquiry. (Mechanical
port; being rewritten from Easypay's documents.)"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from litestar import Request, Response, post
from litestar.response import Redirect

from scene_sandboxes.payments import pages
from scene_sandboxes.payments.checkout import SETTLED, SandboxController, form_of, json_of, with_query
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus

PAKISTAN = ZoneInfo("Asia/Karachi")
PAID = "0000"


def rupees(value: str) -> int | None:
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return int(amount) if amount == amount.to_integral_value() and amount > 0 else None


def merchant_hashed_request(fields: Mapping[str, str], hash_key: str) -> str:
    plain = "&".join(f"{key}={fields[key]}" for key in sorted(fields) if fields[key] != "")
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(plain.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(hash_key.encode()), modes.ECB()).encryptor()  # noqa: S305
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


class EasypaisaSandbox(SandboxController):
    path = "/sandbox/easypaisa"
    provider = "easypaisa"

    def credentials_valid(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, body: Mapping[str, Any]
    ) -> bool:
        accounts = sandbox.accounts
        login = f"{accounts.easypaisa_username}:{accounts.easypaisa_password}"
        expected = base64.b64encode(login.encode()).decode()
        return (
            hmac.compare_digest(request.headers.get("credentials", ""), expected)
            and body.get("storeId") == accounts.easypaisa_store_id
            and body.get("accountNum") == accounts.easypaisa_account_num
        )

    @post("/easypay/Index.jsf", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        form = await form_of(request)
        accounts = sandbox.accounts
        hashed = form.pop("merchantHashedReq", "")
        amount = rupees(form.get("amount", ""))
        expected = merchant_hashed_request(form, accounts.easypaisa_hash_key)
        if form.get("storeId") != accounts.easypaisa_store_id or amount is None or hashed != expected:
            return pages.notice("Invalid request", "merchantHashedReq does not match.", 400)
        expires = datetime.strptime(form["expiryDate"], "%Y%m%d %H%M%S").replace(tzinfo=PAKISTAN)
        payment = SandboxPayment(
            provider=self.provider,
            reference=form["orderRefNum"],
            amount_pkr=amount,
            description=f"Order {form['orderRefNum']}",
            expires_at=expires,
            return_url=form.get("postBackURL", ""),
            failure_url=form.get("postBackURL", ""),
            callback_url=accounts.ipn_urls.get(self.provider, ""),
        )
        return await self.open_checkout(sandbox, payment)

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        accounts = sandbox.accounts
        ipn = f"{self.path}/easypay-service/ipn/{accounts.easypaisa_store_id}/{payment.reference}"
        detail = f"{accounts.browser_base}{ipn}"
        return await sandbox.deliver(request, "GET", payment.callback_url, params={"url": detail})

    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        token = await self.store(sandbox).issue_token(payment.reference)
        return Redirect(with_query(payment.return_url, {"auth_token": token}), status_code=303)

    @post("/easypay/Confirm.jsf", status_code=200)
    async def confirm(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[Any]:
        form = await form_of(request)
        store = self.store(sandbox)
        reference = await store.redeem_token(form.get("auth_token", ""))
        payment = None if reference is None else await store.get(reference)
        if payment is None:
            return pages.notice("Invalid request", "Unknown auth_token.", 400)
        paid = payment.status in SETTLED
        outcome = {
            "status": PAID if paid else "0001",
            "desc": "Transaction successful" if paid else "Transaction failed",
            "orderRefNumber": payment.reference,
        }
        return Redirect(with_query(form.get("postBackURL", payment.return_url), outcome), status_code=303)

    @post("/easypay-service/rest/v4/inquire-transaction", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, Any]:
        body = await json_of(request)
        if not self.credentials_valid(request, sandbox, body):
            return {"responseCode": "0002", "responseDesc": "Invalid credentials"}
        payment = await self.store(sandbox).get(str(body.get("orderId", "")))
        if payment is None:
            return {"responseCode": "0001", "responseDesc": "Order not found"}
        statuses = {
            SandboxStatus.PAID: "PAID",
            SandboxStatus.REFUNDED: "REVERSED",
            SandboxStatus.DECLINED: "FAILED",
            SandboxStatus.ABANDONED: "FAILED",
        }
        status = "EXPIRED" if payment.expired else statuses.get(payment.status, "PENDING")
        return {
            "orderId": payment.reference,
            "storeId": body["storeId"],
            "accountNum": body["accountNum"],
            "transactionId": payment.txn_id,
            "transactionStatus": status,
            "transactionAmount": payment.amount_pkr,
            "responseCode": PAID,
            "responseDesc": "SUCCESS",
        }

"""JazzCash: hosted checkout (page redirection), IPN, status inquiry and refund. (Mechanical port;
being rewritten from JazzCash's documents.)"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request, Response, post

from scene_sandboxes.payments import pages
from scene_sandboxes.payments.checkout import SETTLED, SandboxController, form_of, json_of
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus, now

PAKISTAN = ZoneInfo("Asia/Karachi")
TIME_FORMAT = "%Y%m%d%H%M%S"


def secure_hash(fields: Mapping[str, Any], salt: str) -> str:
    values = [
        str(fields[name])
        for name in sorted(fields)
        if name.startswith("pp") and name != "pp_SecureHash" and str(fields[name]) != ""
    ]
    message = "&".join([salt, *values])
    return hmac.new(salt.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def signed(fields: dict[str, str], salt: str) -> dict[str, str]:
    return fields | {"pp_SecureHash": secure_hash(fields, salt)}


def rupees_of_paisa(value: str) -> int | None:
    return int(value) // 100 if value.isdigit() and int(value) % 100 == 0 and int(value) > 0 else None


class JazzCashSandbox(SandboxController):
    path = "/sandbox/jazzcash"
    provider = "jazzcash"
    methods = ("MWALLET", "MPAY")

    def merchant_valid(self, sandbox: PaymentSandbox, fields: Mapping[str, Any]) -> bool:
        accounts = sandbox.accounts
        given = str(fields.get("pp_SecureHash", "")).upper()
        return (
            bool(given)
            and hmac.compare_digest(given, secure_hash(fields, accounts.jazzcash_integrity_salt))
            and fields.get("pp_MerchantID") == accounts.jazzcash_merchant_id
            and hmac.compare_digest(str(fields.get("pp_Password", "")), accounts.jazzcash_password)
        )

    @staticmethod
    def payment_code(payment: SandboxPayment) -> tuple[str, str]:
        if payment.status in SETTLED:
            return "121", "Transaction has been completed."
        if payment.status == SandboxStatus.OPEN and not payment.expired:
            return "157", "Transaction is pending."
        return "199", f"Transaction {'expired' if payment.expired else payment.status.value}."

    @post("/CustomerPortal/transactionmanagement/merchantform", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        form = await form_of(request)
        amount = rupees_of_paisa(form.get("pp_Amount", ""))
        if not self.merchant_valid(sandbox, form) or amount is None:
            return pages.notice("Invalid request", "pp_SecureHash does not match.", 400)
        expires = datetime.strptime(form["pp_TxnExpiryDateTime"], TIME_FORMAT).replace(tzinfo=PAKISTAN)
        echo_names = ("pp_Version", "pp_TxnType", "pp_Language", "pp_BillReference", "pp_TxnDateTime")
        payment = SandboxPayment(
            provider=self.provider,
            reference=form["pp_TxnRefNo"],
            amount_pkr=amount,
            description=form.get("pp_Description", ""),
            expires_at=expires,
            return_url=form.get("pp_ReturnURL", ""),
            failure_url=form.get("pp_ReturnURL", ""),
            callback_url=sandbox.accounts.ipn_urls.get(self.provider, ""),
            echo={name: form.get(name, "") for name in echo_names},
        )
        return await self.open_checkout(sandbox, payment)

    def response_fields(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> dict[str, str]:
        paid = payment.status == SandboxStatus.PAID
        fields = payment.echo | {
            "pp_Amount": str(payment.amount_pkr * 100),
            "pp_AuthCode": payment.txn_id[-6:] if paid else "",
            "pp_BankID": "",
            "pp_MerchantID": sandbox.accounts.jazzcash_merchant_id,
            "pp_ResponseCode": "000" if paid else "199",
            "pp_ResponseMessage": "Thank you for using JazzCash." if paid else "Declined by the payer.",
            "pp_RetreivalReferenceNo": payment.txn_id,
            "pp_SubMerchantId": "",
            "pp_TxnCurrency": "PKR",
            "pp_TxnRefNo": payment.reference,
        }
        return signed(fields, sandbox.accounts.jazzcash_integrity_salt)

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        return await sandbox.deliver(
            request, "POST", payment.callback_url, json=self.response_fields(sandbox, payment)
        )

    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        return pages.post_back(payment.return_url, self.response_fields(sandbox, payment))

    @post("/ApplicationAPI/API/PaymentInquiry/Inquire", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, str]:
        fields = await json_of(request)
        salt = sandbox.accounts.jazzcash_integrity_salt
        if not self.merchant_valid(sandbox, fields):
            return signed({"pp_ResponseCode": "110", "pp_ResponseMessage": "Invalid hash"}, salt)
        payment = await self.store(sandbox).get(str(fields.get("pp_TxnRefNo", "")))
        if payment is None:
            return signed({"pp_ResponseCode": "404", "pp_ResponseMessage": "Transaction not found"}, salt)
        code, message = self.payment_code(payment)
        answer = {
            "pp_ResponseCode": "000",
            "pp_ResponseMessage": "Inquiry successful",
            "pp_PaymentResponseCode": code,
            "pp_PaymentResponseMessage": message,
            "pp_TxnRefNo": payment.reference,
            "pp_Amount": str(payment.amount_pkr * 100),
            "pp_RetreivalReferenceNo": payment.txn_id,
        }
        return signed(answer, salt)

    @post("/ApplicationAPI/API/authorize/Refund", status_code=200)
    async def refund(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, str]:
        fields = await json_of(request)
        salt = sandbox.accounts.jazzcash_integrity_salt
        store = self.store(sandbox)
        payment = await store.get(str(fields.get("pp_TxnRefNo", "")))
        if (
            not self.merchant_valid(sandbox, fields)
            or payment is None
            or payment.status != SandboxStatus.PAID
            or fields.get("pp_Amount") != str(payment.amount_pkr * 100)
        ):
            return signed({"pp_ResponseCode": "001", "pp_ResponseMessage": "Not refundable"}, salt)
        payment.status = SandboxStatus.REFUNDED
        payment.refunded_at = now()
        await store.save(payment)
        answer = {
            "pp_ResponseCode": "000",
            "pp_ResponseMessage": "Refund successful",
            "pp_TxnRefNo": payment.reference,
        }
        return signed(answer, salt)

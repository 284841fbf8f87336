"""JazzCash (Mobilink/Jazz) payment gateway, as its merchant documents and published integrations
describe it: the hosted checkout ("page redirection", API 1.1), the browser's way back, the REST IPN,
the status inquiry, card and mobile-wallet refunds. Sources, aspect by aspect: docs/payments.md,
"Where each sandbox comes from / JazzCash". Written from those sources, never from Scene's adapter.

Choices the sources leave open (each named in the docs): the codes of refusals other than "000",
the card refund's `secureHash` (unpublished; here the same HMAC over its own fields), and that
inquiries younger than JazzCash's ten minutes are answered (the guide asks merchants to wait but does
not say how JazzCash answers an early one). JazzCash publishes no settlement report format, so none
is offered here.
"""

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
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus

PAKISTAN = ZoneInfo("Asia/Karachi")
TIME_FORMAT = "%Y%m%d%H%M%S"
WALLET = "MWALLET"
CARD = "MPAY"
SUCCESS = "000"
COMPLETED = "121"
"""The IPN's and the status inquiry's word for a completed payment (the browser return says 000)."""
AWAITING_PAYER = "157"
DECLINED = "199"
REFUSED = "110"
NOT_FOUND = "404"
THANKS = "Thank you for Using JazzCash, your transaction was successful."
ALREADY_REFUNDED = "Transaction has already been refunded."


def secure_hash(fields: Mapping[str, Any], salt: str) -> str:
    """JazzCash's pp_SecureHash: the values of every field whose name starts with "pp" (ppmpf_*
    included) but pp_SecureHash, in the ASCII order of the names, empty and null values left out,
    joined by "&" behind the integrity salt; HMAC-SHA256 keyed by the salt, hex (uppercase here)."""
    values = [
        str(fields[name])
        for name in sorted(fields)
        if name.lower().startswith("pp")
        and name != "pp_SecureHash"
        and fields[name] is not None
        and str(fields[name]) != ""
    ]
    return hmac.new(salt.encode(), "&".join([salt, *values]).encode(), hashlib.sha256).hexdigest().upper()


def with_hash(fields: dict[str, Any], salt: str) -> dict[str, Any]:
    return fields | {"pp_SecureHash": secure_hash(fields, salt)}


def card_answer(code: str, message: str, salt: str) -> dict[str, str]:
    """The card API's own answer shape (camelCase, no pp_ prefix). JazzCash does not publish how its
    `secureHash` is made: the sandbox signs every value but the hash, in name order, like pp fields."""
    fields = {"responseCode": code, "responseMessage": message}
    values = "&".join([salt, *(fields[name] for name in sorted(fields))])
    return fields | {
        "secureHash": hmac.new(salt.encode(), values.encode(), hashlib.sha256).hexdigest().upper()
    }


def paisa_to_rupees(value: str) -> int | None:
    """pp_Amount carries paisa (the last two digits are the decimals); the sandbox takes whole rupees."""
    return int(value) // 100 if value.isdigit() and int(value) % 100 == 0 and int(value) > 0 else None


class JazzCashSandbox(SandboxController):
    path = "/sandbox/jazzcash"
    provider = "jazzcash"
    methods = (WALLET, CARD)

    @staticmethod
    def signature_valid(sandbox: PaymentSandbox, fields: Mapping[str, Any]) -> bool:
        given = str(fields.get("pp_SecureHash") or "").upper()
        expected = secure_hash(fields, sandbox.accounts.jazzcash_integrity_salt)
        return bool(given) and hmac.compare_digest(given, expected)

    def merchant_valid(self, sandbox: PaymentSandbox, fields: Mapping[str, Any]) -> bool:
        accounts = sandbox.accounts
        return (
            self.signature_valid(sandbox, fields)
            and fields.get("pp_MerchantID") == accounts.jazzcash_merchant_id
            and hmac.compare_digest(str(fields.get("pp_Password", "")), accounts.jazzcash_password)
        )

    # Hosted checkout and the way back ----------------------------------------------------------

    @post("/CustomerPortal/transactionmanagement/merchantform", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        form = await form_of(request)
        amount = paisa_to_rupees(form.get("pp_Amount", ""))
        if not self.merchant_valid(sandbox, form) or amount is None or form.get("pp_TxnCurrency") != "PKR":
            return pages.notice("Invalid request", "Sorry! Your transaction could not be processed.", 400)
        try:
            expires = datetime.strptime(form["pp_TxnExpiryDateTime"], TIME_FORMAT).replace(tzinfo=PAKISTAN)
        except (KeyError, ValueError):
            return pages.notice("Invalid request", "pp_TxnExpiryDateTime is not yyyyMMddHHmmss.", 400)
        echo_names = ("pp_Version", "pp_Language", "pp_BillReference", "pp_TxnDateTime")
        echo = {name: form.get(name, "") for name in echo_names}
        echo |= {f"ppmpf_{n}": form.get(f"ppmpf_{n}", "") for n in range(1, 6)}
        payment = SandboxPayment(
            provider=self.provider,
            reference=form.get("pp_TxnRefNo", ""),
            amount_pkr=amount,
            description=form.get("pp_Description", ""),
            expires_at=expires,
            return_url=form.get("pp_ReturnURL", ""),
            failure_url=form.get("pp_ReturnURL", ""),
            callback_url=sandbox.accounts.ipn_urls.get(self.provider, ""),
            echo=echo,
        )
        return await self.open_checkout(sandbox, payment)

    def return_fields(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> dict[str, Any]:
        """What page redirection posts to pp_ReturnURL: every field a form value (empty, never null),
        the amount included, success "000", and the gateway's own spelling pp_RetreivalReferenceNo."""
        paid = payment.status in SETTLED
        fields = (
            payment.echo
            | {
                "pp_Amount": str(payment.amount_pkr * 100),
                "pp_AuthCode": payment.txn_id[-6:] if paid else "",
                "pp_BankID": "",
                "pp_MerchantID": sandbox.accounts.jazzcash_merchant_id,
                "pp_ResponseCode": SUCCESS if paid else DECLINED,
                "pp_ResponseMessage": THANKS if paid else "Transaction declined by the customer.",
                "pp_RetreivalReferenceNo": payment.txn_id,
                "pp_SettlementExpiry": "",
                "pp_SubMerchantId": "",
                "pp_TxnCurrency": "PKR",
                "pp_TxnRefNo": payment.reference,
                "pp_TxnType": payment.method,
            }
            | {f"ppmbf_{n}": "" for n in range(1, 6)}
        )
        return with_hash(fields, sandbox.accounts.jazzcash_integrity_salt)

    def ipn_fields(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> dict[str, Any]:
        """The REST IPN: JSON, success "121", no pp_Amount, absent values as JSON null (left out of
        the hash like empty ones), pp_RetrievalReferenceNo spelled correctly."""
        fields = {
            "pp_AuthCode": payment.txn_id[-6:],
            "pp_BillReference": payment.echo.get("pp_BillReference") or None,
            "pp_MerchantID": sandbox.accounts.jazzcash_merchant_id,
            "pp_ResponseCode": COMPLETED,
            "pp_ResponseMessage": "Transaction has been completed.",
            "pp_RetrievalReferenceNo": payment.txn_id,
            "pp_SettlementExpiry": None,
            "pp_SubMerchantID": None,
            "pp_TxnDateTime": payment.echo.get("pp_TxnDateTime") or None,
            "pp_TxnRefNo": payment.reference,
            "pp_TxnType": payment.method,
            "pp_Version": "1.1",
        } | {f"ppmpf_{n}": payment.echo.get(f"ppmpf_{n}") or None for n in range(1, 6)}
        return with_hash(fields, sandbox.accounts.jazzcash_integrity_salt)

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        """JazzCash notifies payments marked successful, nothing else; the merchant acknowledges with
        response code 000 (anything else is retried, which `renotify` plays)."""
        if payment.status not in SETTLED or not payment.callback_url:
            return None
        return await sandbox.deliver(
            request, "POST", payment.callback_url, json=self.ipn_fields(sandbox, payment)
        )

    async def send_browser_back(self, sandbox: PaymentSandbox, payment: SandboxPayment) -> Response[Any]:
        return pages.post_back(payment.return_url, self.return_fields(sandbox, payment))

    # Status inquiry ----------------------------------------------------------------------------

    @staticmethod
    def payment_status(payment: SandboxPayment) -> tuple[str, str, str]:
        """pp_PaymentResponseCode, its message and pp_Status."""
        if payment.status in SETTLED:
            return COMPLETED, "Transaction has been completed.", "Completed"
        if payment.status == SandboxStatus.OPEN and not payment.expired:
            return AWAITING_PAYER, "Transaction is pending.", "Pending"
        reason = "expired" if payment.expired else payment.status.value
        return DECLINED, f"Transaction {reason}.", "Failed"

    @post("/ApplicationAPI/API/PaymentInquiry/Inquire", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, Any]:
        fields = await json_of(request)
        salt = sandbox.accounts.jazzcash_integrity_salt
        if not self.merchant_valid(sandbox, fields):
            return with_hash(
                {"pp_ResponseCode": REFUSED, "pp_ResponseMessage": "Invalid merchant or hash."}, salt
            )
        payment = await self.store(sandbox).get(str(fields.get("pp_TxnRefNo", "")))
        if payment is None:
            return with_hash(
                {"pp_ResponseCode": NOT_FOUND, "pp_ResponseMessage": "No transaction found."}, salt
            )
        code, message, status = self.payment_status(payment)
        answer = {
            "pp_ResponseCode": SUCCESS,
            "pp_ResponseMessage": "Operation completed successfully.",
            "pp_PaymentResponseCode": code,
            "pp_PaymentResponseMessage": message,
            "pp_Status": status,
            "pp_TxnRefNo": payment.reference,
            "pp_Amount": str(payment.amount_pkr * 100),
            "pp_RetrievalReferenceNo": payment.txn_id or None,
            "pp_AuthCode": payment.txn_id[-6:] or None,
            "pp_TxnType": payment.method or None,
        }
        return with_hash(answer, salt)

    # Refunds -------------------------------------------------------------------------------------

    async def refundable(
        self, sandbox: PaymentSandbox, fields: Mapping[str, Any], *, wallet: bool
    ) -> tuple[SandboxPayment | None, str]:
        """The payment a refund request names, or None and why not. Wallet payments are refunded by
        the wallet endpoint only, card payments by the card endpoint; a payment is refunded once."""
        payment = await self.store(sandbox).get(str(fields.get("pp_TxnRefNo", "")))
        if payment is None:
            return None, "No transaction found."
        if (payment.method == WALLET) != wallet:
            return None, "This transaction was not paid with this instrument."
        if payment.status == SandboxStatus.REFUNDED:
            return None, ALREADY_REFUNDED
        if payment.status != SandboxStatus.PAID:
            return None, "Only completed transactions can be refunded."
        asked = paisa_to_rupees(str(fields.get("pp_Amount", "")))
        if fields.get("pp_TxnCurrency") != "PKR" or asked is None or asked > payment.amount_pkr:
            return None, "Invalid refund amount."
        return payment, ""

    @post("/ApplicationAPI/API/authorize/Refund", status_code=200)
    async def refund_card(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, str]:
        fields = await json_of(request)
        salt = sandbox.accounts.jazzcash_integrity_salt
        if not self.merchant_valid(sandbox, fields):
            return card_answer(REFUSED, "Invalid merchant or hash.", salt)
        payment, why_not = await self.refundable(sandbox, fields, wallet=False)
        if payment is None:
            return card_answer(DECLINED, why_not, salt)
        if not await self.store(sandbox).refund_once(payment):
            return card_answer(DECLINED, ALREADY_REFUNDED, salt)
        return card_answer(SUCCESS, THANKS, salt)

    @post("/ApplicationAPI/API/Purchase/domwalletrefundtransaction", status_code=200)
    async def refund_wallet(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, Any]:
        fields = await json_of(request)
        salt = sandbox.accounts.jazzcash_integrity_salt
        mpin = str(fields.get("pp_MerchantMPIN") or "")
        if not self.merchant_valid(sandbox, fields):
            return with_hash(
                {"pp_ResponseCode": REFUSED, "pp_ResponseMessage": "Invalid merchant or hash."}, salt
            )
        if not hmac.compare_digest(mpin, sandbox.accounts.jazzcash_mpin):
            return with_hash(
                {"pp_ResponseCode": REFUSED, "pp_ResponseMessage": "Invalid merchant MPIN."}, salt
            )
        payment, why_not = await self.refundable(sandbox, fields, wallet=True)
        if payment is None:
            return with_hash({"pp_ResponseCode": DECLINED, "pp_ResponseMessage": why_not}, salt)
        if not await self.store(sandbox).refund_once(payment):
            return with_hash({"pp_ResponseCode": DECLINED, "pp_ResponseMessage": ALREADY_REFUNDED}, salt)
        return with_hash({"pp_ResponseCode": SUCCESS, "pp_ResponseMessage": THANKS}, salt)

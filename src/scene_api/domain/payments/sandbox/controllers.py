"""The three sandboxes as HTTP: each provider's own paths, fields and signatures (see the adapters).

The payer's decision (Approve / Decline / Abandon) is common to all three; what follows it is not:
the server-to-server callback and the browser's way back are each provider's own.
"""

from __future__ import annotations

import asyncio
import enum
import hmac
from abc import abstractmethod
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx
from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.response import Redirect
from litestar.types import ASGIApp, Receive, Scope, Send

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.payments import pages
from scene_api.domain.payments.pages import html_response as html
from scene_api.domain.payments.providers import easypaisa, jazzcash, payfast
from scene_api.domain.payments.providers.base import api_url, in_process_client, whole_rupees
from scene_api.domain.payments.sandbox.store import SandboxPayment, SandboxStatus, SandboxStore, new_txn_id
from scene_api.lib.timezone import KARACHI, utcnow

SETTLED = {SandboxStatus.PAID, SandboxStatus.REFUNDED}
PAYFAST_CHECKOUT_LIFETIME = timedelta(hours=1)
"""PayFast's form names no expiry; its token lapses."""


class Decision(enum.StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    ABANDON = "abandon"


def with_query(url: str, params: Mapping[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


async def form_of(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in (await request.form()).items()}


async def json_of(request: Request[Any, Any, Any]) -> dict[str, Any]:
    body = await request.json()
    return body if isinstance(body, dict) else {}


def hang_when_told(app: ASGIApp) -> ASGIApp:
    """Middleware for the `hang_for` fault: the sandbox answers nothing until the time is up."""

    async def hang_then_answer(scope: Scope, receive: Receive, send: Send) -> None:
        provider = scope["path"].split("/sandbox/", 1)[-1].split("/", 1)[0]
        seconds = await SandboxStore(scope["app"].state.runtime.redis, provider).hang_seconds()
        if seconds:
            await asyncio.sleep(seconds)
        await app(scope, receive, send)

    return hang_then_answer


class SandboxController(Controller):
    """The hosted checkout page and the payer's decision, shared by every provider's sandbox."""

    include_in_schema = False
    provider: ClassVar[m.PaymentProviderName]

    def store(self, state: State) -> SandboxStore:
        return SandboxStore(state.runtime.redis, self.provider.value)

    def settings(self, state: State) -> Settings:
        settings: Settings = state.runtime.settings
        return settings

    def ipn_url(self, state: State) -> str:
        """Where the provider's portal would be told to send notifications: our callback endpoint."""
        return f"{api_url(self.settings(state))}/api/v1/payments/callbacks/{self.provider.value}"

    async def open_checkout(self, state: State, payment: SandboxPayment) -> Response[str]:
        """Show the checkout page; a reference seen before keeps its first amount and outcome."""
        store = self.store(state)
        known = await store.get(payment.reference)
        if known is None:
            await store.save(payment)
            known = payment
        if known.status != SandboxStatus.OPEN or known.expired:
            return html(pages.notice("Checkout closed", f"This payment is {known.status.value}."), 409)
        return html(
            pages.sandbox_checkout(
                self.provider.value,
                known.reference,
                known.amount_pkr,
                known.description,
                f"/sandbox/{self.provider.value}/checkout/{known.reference}",
            )
        )

    @post("/checkout/{reference:str}/{decision:str}", status_code=200)
    async def decide(
        self, request: Request[Any, Any, Any], state: State, reference: str, decision: Decision
    ) -> Response[Any]:
        store = self.store(state)
        payment = await store.get(reference)
        if payment is None:
            return html(pages.notice("Unknown payment", "The sandbox never saw this payment."), 404)
        if payment.status != SandboxStatus.OPEN or payment.expired:
            return html(pages.notice("Checkout closed", f"This payment is {payment.status.value}."), 409)
        if decision == Decision.ABANDON:
            payment.status = SandboxStatus.ABANDONED
            await store.save(payment)
            return Redirect(payment.failure_url, status_code=303)
        payment.status = SandboxStatus.PAID if decision == Decision.APPROVE else SandboxStatus.DECLINED
        payment.txn_id = new_txn_id()
        await store.save(payment)
        async with in_process_client(request.app, api_url(self.settings(state))) as client:
            await self.notify(client, state, payment)
        return await self.send_browser_back(state, payment)

    @abstractmethod
    async def notify(self, client: httpx.AsyncClient, state: State, payment: SandboxPayment) -> None:
        """The provider's server-to-server callback. The sandbox only ever plays for the app that
        serves it, so it delivers in process (to the callback URL's path)."""

    @abstractmethod
    async def send_browser_back(self, state: State, payment: SandboxPayment) -> Response[Any]:
        """How the provider hands the payer's browser back to the merchant."""


class PayFastSandbox(SandboxController):
    path = "/sandbox/payfast"
    provider = m.PaymentProviderName.PAYFAST

    def outcome(self, state: State, payment: SandboxPayment) -> dict[str, str]:
        if payment.status in SETTLED:
            code, message = "000", "Transaction has been completed."
        elif payment.status == SandboxStatus.DECLINED:
            code, message = "002", "Transaction declined by the payer."
        else:
            code, message = "003", "Transaction dropped by the payer."
        settings = self.settings(state)
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
            "validation_hash": payfast.validation_hash(
                payment.reference, settings.payfast_secured_key, settings.payfast_merchant_id, code
            ),
        }

    async def bearer_valid(self, request: Request[Any, Any, Any], state: State) -> bool:
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return bool(token) and await self.store(state).redeem_token(token) is not None

    @post("/Ecommerce/api/Transaction/GetAccessToken", status_code=200)
    async def access_token(self, request: Request[Any, Any, Any], state: State) -> Response[dict[str, str]]:
        form = await form_of(request)
        settings = self.settings(state)
        if form.get("MERCHANT_ID") != settings.payfast_merchant_id or not hmac.compare_digest(
            form.get("SECURED_KEY", ""), settings.payfast_secured_key
        ):
            return Response({"code": "401", "message": "Invalid merchant credentials"}, status_code=401)
        grant = f"{form.get('BASKET_ID', '')}|{form.get('TXNAMT', '')}"
        return Response(
            {
                "MERCHANT_ID": settings.payfast_merchant_id,
                "ACCESS_TOKEN": await self.store(state).issue_token(grant),
                "NAME": settings.payfast_merchant_name,
                "GENERATED_DATE_TIME": utcnow().isoformat(),
            }
        )

    @post("/Ecommerce/api/Transaction/PostTransaction", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], state: State) -> Response[str]:
        form = await form_of(request)
        grant = await self.store(state).redeem_token(form.get("TOKEN", ""))
        amount = whole_rupees(form.get("TXNAMT", ""))
        if grant is None or amount is None or grant != f"{form.get('BASKET_ID')}|{form.get('TXNAMT')}":
            return html(pages.notice("Invalid request", "The token does not match this basket."), 400)
        payment = SandboxPayment(
            provider=self.provider.value,
            reference=form["BASKET_ID"],
            amount_pkr=amount,
            description=form.get("TXNDESC", ""),
            expires_at=utcnow() + PAYFAST_CHECKOUT_LIFETIME,
            return_url=form.get("SUCCESS_URL", ""),
            failure_url=form.get("FAILURE_URL", ""),
            callback_url=form.get("CHECKOUT_URL", ""),
            echo={"ORDER_DATE": form.get("ORDER_DATE", "")},
        )
        return await self.open_checkout(state, payment)

    async def notify(self, client: httpx.AsyncClient, state: State, payment: SandboxPayment) -> None:
        await client.post(payment.callback_url, data=self.outcome(state, payment))

    async def send_browser_back(self, state: State, payment: SandboxPayment) -> Response[Any]:
        url = payment.return_url if payment.status == SandboxStatus.PAID else payment.failure_url
        return Redirect(with_query(url, self.outcome(state, payment)), status_code=303)

    @get("/Ecommerce/api/Transaction/transaction/basket_id/{basket_id:str}")
    async def status(
        self, request: Request[Any, Any, Any], state: State, basket_id: str
    ) -> Response[dict[str, str]]:
        if not await self.bearer_valid(request, state):
            return Response({"code": "401", "message": "Invalid token"}, status_code=401)
        payment = await self.store(state).get(basket_id)
        if payment is None or (payment.status == SandboxStatus.OPEN and not payment.expired):
            return Response({"code": "404", "message": "No transaction for this basket"}, status_code=404)
        return Response(self.outcome(state, payment))

    @post("/Ecommerce/api/Transaction/refund/transaction/{transaction_id:str}", status_code=200)
    async def refund(
        self, request: Request[Any, Any, Any], state: State, transaction_id: str
    ) -> Response[dict[str, str]]:
        if not await self.bearer_valid(request, state):
            return Response({"code": "401", "message": "Invalid token"}, status_code=401)
        form = await form_of(request)
        store = self.store(state)
        payment = await store.get(form.get("basket_id", ""))
        if (
            payment is None
            or payment.status != SandboxStatus.PAID
            or payment.txn_id != transaction_id
            or whole_rupees(form.get("txnamt", "")) != payment.amount_pkr
        ):
            return Response({"err_code": "001", "err_msg": "Not refundable"}, status_code=400)
        payment.status = SandboxStatus.REFUNDED
        await store.save(payment)
        return Response({"err_code": "000", "err_msg": "Refunded", "transaction_id": transaction_id})


class JazzCashSandbox(SandboxController):
    path = "/sandbox/jazzcash"
    provider = m.PaymentProviderName.JAZZCASH

    def salt(self, state: State) -> str:
        return self.settings(state).jazzcash_integrity_salt

    def merchant_valid(self, state: State, fields: Mapping[str, Any]) -> bool:
        settings = self.settings(state)
        return (
            jazzcash.signature_matches(fields, settings.jazzcash_integrity_salt)
            and fields.get("pp_MerchantID") == settings.jazzcash_merchant_id
            and hmac.compare_digest(str(fields.get("pp_Password", "")), settings.jazzcash_password)
        )

    def payment_code(self, payment: SandboxPayment) -> tuple[str, str]:
        if payment.status in SETTLED:
            return "121", "Transaction has been completed."
        if payment.status == SandboxStatus.OPEN and not payment.expired:
            return "157", "Transaction is pending."
        return "199", f"Transaction {'expired' if payment.expired else payment.status.value}."

    @post("/CustomerPortal/transactionmanagement/merchantform", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], state: State) -> Response[str]:
        form = await form_of(request)
        amount = jazzcash.rupees_from_paisa(form.get("pp_Amount", ""))
        if not self.merchant_valid(state, form) or amount is None:
            return html(pages.notice("Invalid request", "pp_SecureHash does not match."), 400)
        expires = datetime.strptime(form["pp_TxnExpiryDateTime"], jazzcash.TIME_FORMAT).replace(
            tzinfo=KARACHI
        )
        echo_names = ("pp_Version", "pp_TxnType", "pp_Language", "pp_BillReference", "pp_TxnDateTime")
        payment = SandboxPayment(
            provider=self.provider.value,
            reference=form["pp_TxnRefNo"],
            amount_pkr=amount,
            description=form.get("pp_Description", ""),
            expires_at=expires,
            return_url=form.get("pp_ReturnURL", ""),
            failure_url=form.get("pp_ReturnURL", ""),
            callback_url=self.ipn_url(state),
            echo={name: form.get(name, "") for name in echo_names},
        )
        return await self.open_checkout(state, payment)

    def response_fields(self, state: State, payment: SandboxPayment) -> dict[str, str]:
        paid = payment.status == SandboxStatus.PAID
        fields = payment.echo | {
            "pp_Amount": jazzcash.paisa(payment.amount_pkr),
            "pp_AuthCode": payment.txn_id[-6:] if paid else "",
            "pp_BankID": "",
            "pp_MerchantID": self.settings(state).jazzcash_merchant_id,
            "pp_ResponseCode": "000" if paid else "199",
            "pp_ResponseMessage": "Thank you for using JazzCash." if paid else "Declined by the payer.",
            "pp_RetreivalReferenceNo": payment.txn_id,
            "pp_SubMerchantId": "",
            "pp_TxnCurrency": "PKR",
            "pp_TxnRefNo": payment.reference,
        }
        return jazzcash.signed(fields, self.salt(state))

    async def notify(self, client: httpx.AsyncClient, state: State, payment: SandboxPayment) -> None:
        await client.post(payment.callback_url, json=self.response_fields(state, payment))

    async def send_browser_back(self, state: State, payment: SandboxPayment) -> Response[Any]:
        return html(pages.auto_submit(payment.return_url, self.response_fields(state, payment)))

    @post("/ApplicationAPI/API/PaymentInquiry/Inquire", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], state: State) -> dict[str, str]:
        fields = await json_of(request)
        if not self.merchant_valid(state, fields):
            return jazzcash.signed(
                {"pp_ResponseCode": "110", "pp_ResponseMessage": "Invalid hash"}, self.salt(state)
            )
        payment = await self.store(state).get(str(fields.get("pp_TxnRefNo", "")))
        if payment is None:
            answer = {"pp_ResponseCode": "404", "pp_ResponseMessage": "Transaction not found"}
            return jazzcash.signed(answer, self.salt(state))
        code, message = self.payment_code(payment)
        answer = {
            "pp_ResponseCode": "000",
            "pp_ResponseMessage": "Inquiry successful",
            "pp_PaymentResponseCode": code,
            "pp_PaymentResponseMessage": message,
            "pp_TxnRefNo": payment.reference,
            "pp_Amount": jazzcash.paisa(payment.amount_pkr),
            "pp_RetreivalReferenceNo": payment.txn_id,
        }
        return jazzcash.signed(answer, self.salt(state))

    @post("/ApplicationAPI/API/authorize/Refund", status_code=200)
    async def refund(self, request: Request[Any, Any, Any], state: State) -> dict[str, str]:
        fields = await json_of(request)
        store = self.store(state)
        payment = await store.get(str(fields.get("pp_TxnRefNo", "")))
        if (
            not self.merchant_valid(state, fields)
            or payment is None
            or payment.status != SandboxStatus.PAID
            or fields.get("pp_Amount") != jazzcash.paisa(payment.amount_pkr)
        ):
            return jazzcash.signed(
                {"pp_ResponseCode": "001", "pp_ResponseMessage": "Not refundable"}, self.salt(state)
            )
        payment.status = SandboxStatus.REFUNDED
        await store.save(payment)
        answer = {
            "pp_ResponseCode": "000",
            "pp_ResponseMessage": "Refund successful",
            "pp_TxnRefNo": payment.reference,
        }
        return jazzcash.signed(answer, self.salt(state))


class EasypaisaSandbox(SandboxController):
    path = "/sandbox/easypaisa"
    provider = m.PaymentProviderName.EASYPAISA

    def credentials_valid(
        self, request: Request[Any, Any, Any], state: State, body: Mapping[str, Any]
    ) -> bool:
        settings = self.settings(state)
        expected = easypaisa.credentials_header(settings)
        return (
            hmac.compare_digest(request.headers.get("credentials", ""), expected)
            and body.get("storeId") == settings.easypaisa_store_id
            and body.get("accountNum") == settings.easypaisa_account_num
        )

    @post("/easypay/Index.jsf", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], state: State) -> Response[str]:
        form = await form_of(request)
        settings = self.settings(state)
        hashed = form.pop("merchantHashedReq", "")
        amount = whole_rupees(form.get("amount", ""))
        expected = easypaisa.hashed_request(form, settings.easypaisa_hash_key)
        if form.get("storeId") != settings.easypaisa_store_id or amount is None or hashed != expected:
            return html(pages.notice("Invalid request", "merchantHashedReq does not match."), 400)
        expires = datetime.strptime(form["expiryDate"], "%Y%m%d %H%M%S").replace(tzinfo=KARACHI)
        payment = SandboxPayment(
            provider=self.provider.value,
            reference=form["orderRefNum"],
            amount_pkr=amount,
            description=f"Order {form['orderRefNum']}",
            expires_at=expires,
            return_url=form.get("postBackURL", ""),
            failure_url=form.get("postBackURL", ""),
            callback_url=self.ipn_url(state),
        )
        return await self.open_checkout(state, payment)

    async def notify(self, client: httpx.AsyncClient, state: State, payment: SandboxPayment) -> None:
        store_id = self.settings(state).easypaisa_store_id
        detail = (
            f"{api_url(self.settings(state))}{self.path}/easypay-service/ipn/{store_id}/{payment.reference}"
        )
        await client.get(payment.callback_url, params={"url": detail})

    async def send_browser_back(self, state: State, payment: SandboxPayment) -> Response[Any]:
        token = await self.store(state).issue_token(payment.reference)
        return Redirect(with_query(payment.return_url, {"auth_token": token}), status_code=303)

    @post("/easypay/Confirm.jsf", status_code=200)
    async def confirm(self, request: Request[Any, Any, Any], state: State) -> Response[Any]:
        form = await form_of(request)
        store = self.store(state)
        reference = await store.redeem_token(form.get("auth_token", ""))
        payment = None if reference is None else await store.get(reference)
        if payment is None:
            return html(pages.notice("Invalid request", "Unknown auth_token."), 400)
        paid = payment.status in SETTLED
        outcome = {
            "status": easypaisa.PAID if paid else "0001",
            "desc": "Transaction successful" if paid else "Transaction failed",
            "orderRefNumber": payment.reference,
        }
        return Redirect(with_query(form.get("postBackURL", payment.return_url), outcome), status_code=303)

    @post("/easypay-service/rest/v4/inquire-transaction", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = await json_of(request)
        if not self.credentials_valid(request, state, body):
            return {"responseCode": "0002", "responseDesc": "Invalid credentials"}
        payment = await self.store(state).get(str(body.get("orderId", "")))
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
            "responseCode": easypaisa.PAID,
            "responseDesc": "SUCCESS",
        }

    @post("/easypay-service/rest/v4/refund-transaction", status_code=200)
    async def refund(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = await json_of(request)
        store = self.store(state)
        payment = await store.get(str(body.get("orderId", "")))
        if (
            not self.credentials_valid(request, state, body)
            or payment is None
            or payment.status != SandboxStatus.PAID
            or whole_rupees(body.get("transactionAmount", "")) != payment.amount_pkr
        ):
            return {"responseCode": "0001", "responseDesc": "Not refundable"}
        payment.status = SandboxStatus.REFUNDED
        await store.save(payment)
        return {"orderId": payment.reference, "responseCode": easypaisa.PAID, "responseDesc": "SUCCESS"}


SANDBOXES: list[Router] = [
    Router(
        "/", route_handlers=[PayFastSandbox, JazzCashSandbox, EasypaisaSandbox], middleware=[hang_when_told]
    )
]

"""Easypaisa's Easypay (Telenor Microfinance Bank), as its merchant material describes it: the
redirect checkout with its auth_token handshake, the IPN, and the status inquiry (REST v4 and SOAP).

Written from Easypay's own reference plugin (github.com/shaan360/telenor-easypay), the WHMCS and
WooCommerce gateways merchants published, the recorded answers of the omnipay-easypaisa client, the
PartnerBusinessService WSDL types and a merchant's captured production SOAP answers; docs/payments.md
names them aspect by aspect, with what a merchant account still has to confirm. Nothing here comes
from Scene's adapter.

- POST /easypay/Index.jsf: storeId, amount ("1500.0"), postBackURL, orderRefNum, expiryDate
  ("yyyyMMdd HHmmss", Pakistan time), autoRedirect, optional paymentMethod, emailAddr, mobileNum, and
  merchantHashedReq: AES/ECB/PKCS5 under the store's hash key (16, 24 or 32 characters) of the
  non-empty request fields as key=value, sorted by key, joined with "&", base64.
- After the payer's decision the browser goes to postBackURL?auth_token=...; the merchant posts
  auth_token and postBackURL to /easypay/Confirm.jsf, and (with autoRedirect=1) the browser comes to
  that postBackURL with status ("0000" paid), desc and orderRefNumber (OTC: paymentToken too).
- IPN: GET on the IPN URL set in the merchant portal with one parameter, `url`, naming a JSON
  document about the order (whose last path segment is the order); nothing in it is signed.
- Status inquiry: REST v4 (JSON, `Credentials: base64(username:password)`) and SOAP
  inquireTransaction (username and password in the body), both answering the same fields.

No refund endpoint and no settlement report: no Easypay source describes either (refunds are made in
the merchant portal by hand).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from litestar import Request, Response, get, post
from litestar.response import Redirect

from scene_sandboxes.payments import pages
from scene_sandboxes.payments.checkout import SandboxController, form_of, json_of, with_query
from scene_sandboxes.payments.state import PaymentSandbox
from scene_sandboxes.payments.store import SandboxPayment, SandboxStatus

PAKISTAN = ZoneInfo("Asia/Karachi")
SUCCESS = "0000"
FAILED = "0001"
"""The postback's status for anything but a payment; the sources only name "0000"."""
NOT_FOUND = "0003"
INVALID_STORE = "0006"
INVALID_CREDENTIALS = "0010"
HASH_KEY_LENGTHS = (16, 24, 32)
UNSET_EXPIRY = timedelta(days=1)
"""How long a checkout without expiryDate stays open here (Easypay's own default is not published)."""
SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_COMMON = "http://dto.common.pg.systems.com/"
SOAP_TRANSACTION = "http://dto.transaction.partner.pg.systems.com/"
ANSWER_STATUS = {
    SandboxStatus.PAID: "PAID",
    SandboxStatus.REFUNDED: "REVERSED",
    SandboxStatus.DECLINED: "FAILED",
    SandboxStatus.ABANDONED: "FAILED",
}


def request_string(fields: Mapping[str, str]) -> str:
    """What merchantHashedReq encrypts: the request's non-empty fields, sorted, as key=value&..."""
    return "&".join(f"{key}={fields[key]}" for key in sorted(fields) if fields[key] != "")


def merchant_hashed_request(fields: Mapping[str, str], hash_key: str) -> str:
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(request_string(fields).encode()) + padder.finalize()
    # ECB because Easypay defines merchantHashedReq with it (MCRYPT_RIJNDAEL_128, MCRYPT_MODE_ECB).
    encryptor = Cipher(algorithms.AES(hash_key.encode()), modes.ECB()).encryptor()  # noqa: S305
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()


def rupees(value: str) -> int | None:
    """Easypay's amounts carry one decimal ("1500.0"); the sandbox takes whole rupees only."""
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return int(amount) if amount == amount.to_integral_value() and amount > 0 else None


def expiry_of(form: Mapping[str, str]) -> datetime | None:
    text = form.get("expiryDate", "")
    if not text:
        return datetime.now(UTC) + UNSET_EXPIRY
    try:
        return datetime.strptime(text, "%Y%m%d %H%M%S").replace(tzinfo=PAKISTAN)
    except ValueError:
        return None


def answer_time(moment: datetime | None) -> str:
    """REST and IPN dates, as in the recorded REST answers ("03/10/2023 11:32 AM")."""
    return "" if moment is None else moment.astimezone(PAKISTAN).strftime("%d/%m/%Y %I:%M %p")


def soap_time(moment: datetime) -> str:
    """SOAP dates, as captured ("2026-04-15T22:15:03.000+05:00")."""
    return moment.astimezone(PAKISTAN).isoformat(timespec="milliseconds")


def rendered(answer: Mapping[str, Any], date: Callable[[datetime], str]) -> dict[str, Any]:
    return {name: date(value) if isinstance(value, datetime) else value for name, value in answer.items()}


def amount_text(amount_pkr: int) -> str:
    return f"{amount_pkr}.0"


def transaction_status(payment: SandboxPayment) -> str:
    if payment.expired:
        return "EXPIRED"
    return ANSWER_STATUS.get(payment.status, "PENDING")


def ipn_detail_url(browser_base: str, store_id: str, reference: str) -> str:
    """Where the IPN's `url` points (the path is the sandbox's: merchants rely only on its last
    segment being the order)."""
    return f"{browser_base}{EasypaisaSandbox.path}/easypay-service/ipn/{store_id}/{reference}"


def credentials(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode()


class EasypaisaSandbox(SandboxController):
    path = "/sandbox/easypaisa"
    provider = "easypaisa"
    methods = ("MA", "OTC", "CC")
    """Mobile account, over the counter (a token paid at a shop), card: Easypay's paymentMode."""

    # The checkout ------------------------------------------------------------------------------

    @post("/easypay/Index.jsf", status_code=200)
    async def checkout(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        form = await form_of(request)
        accounts = sandbox.accounts
        hashed = form.pop("merchantHashedReq", "")
        amount = rupees(form.get("amount", ""))
        expires = expiry_of(form)
        if form.get("storeId") != accounts.easypaisa_store_id:
            return pages.notice("Invalid request", "Unknown storeId.", 400)
        if amount is None or expires is None or not form.get("orderRefNum") or not form.get("postBackURL"):
            return pages.notice("Invalid request", "amount, orderRefNum, postBackURL or expiryDate.", 400)
        key = accounts.easypaisa_hash_key
        if len(key) not in HASH_KEY_LENGTHS or not hmac.compare_digest(
            hashed, merchant_hashed_request(form, key)
        ):
            return pages.notice("Invalid request", "merchantHashedReq does not match.", 400)
        payment = SandboxPayment(
            provider=self.provider,
            reference=form["orderRefNum"],
            amount_pkr=amount,
            description=f"Order {form['orderRefNum']}",
            expires_at=expires,
            return_url=form["postBackURL"],
            failure_url=form["postBackURL"],
            callback_url=accounts.ipn_urls.get(self.provider, ""),
            echo={name: form.get(name, "") for name in ("autoRedirect", "mobileNum", "emailAddr")},
        )
        return await self.open_checkout(sandbox, payment)

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
        paid = payment.status in (SandboxStatus.PAID, SandboxStatus.REFUNDED)
        if payment.echo.get("autoRedirect") != "1":
            verdict = "Your payment was received." if paid else "Your payment did not go through."
            return pages.notice("Easypay", f"{verdict} You may close this page.")
        outcome = {
            "status": SUCCESS if paid else FAILED,
            "desc": "Transaction successful" if paid else "Transaction failed",
            "orderRefNumber": payment.reference,
        }
        if paid and payment.method == "OTC":
            outcome["paymentToken"] = payment.txn_id
        return Redirect(with_query(form.get("postBackURL") or payment.return_url, outcome), status_code=303)

    # The IPN -----------------------------------------------------------------------------------

    async def notify(
        self, request: Request[Any, Any, Any], sandbox: PaymentSandbox, payment: SandboxPayment
    ) -> Any:
        accounts = sandbox.accounts
        detail = ipn_detail_url(accounts.browser_base, accounts.easypaisa_store_id, payment.reference)
        return await sandbox.deliver(request, "GET", payment.callback_url, params={"url": detail})

    @get("/easypay-service/ipn/{store_id:str}/{reference:str}")
    async def ipn_detail(self, sandbox: PaymentSandbox, store_id: str, reference: str) -> Response[Any]:
        """The document the IPN points at (snake_case, as the WooCommerce and WHMCS gateways read it)."""
        payment = await self.store(sandbox).get(reference)
        if payment is None or store_id != sandbox.accounts.easypaisa_store_id:
            return Response({"response_code": NOT_FOUND, "description": "Order not found"}, status_code=404)
        return Response(
            {
                "order_id": payment.reference,
                "store_id": store_id,
                "store_name": "Sandbox store",
                "account_number": sandbox.accounts.easypaisa_account_num,
                "transaction_id": payment.txn_id,
                "transaction_status": transaction_status(payment),
                "transaction_amount": amount_text(payment.amount_pkr),
                "payment_method": payment.method,
                "msisdn": payment.echo.get("mobileNum", ""),
                "order_datetime": answer_time(payment.created_at),
                "paid_datetime": answer_time(payment.paid_at),
                "payment_token": payment.txn_id if payment.method == "OTC" else "",
                "token_expiry_datetime": answer_time(payment.expires_at) if payment.method == "OTC" else "",
                "response_code": SUCCESS,
                "description": "SUCCESS",
            }
        )

    # The status inquiry ------------------------------------------------------------------------

    async def inquiry_answer(self, sandbox: PaymentSandbox, order_id: str) -> dict[str, Any]:
        """The fields both inquiries answer (the SOAP type InquireTransactionResponseType), dates
        left for each to write its own way."""
        payment = await self.store(sandbox).get(order_id)
        if payment is None:
            return {"responseCode": NOT_FOUND, "responseDesc": "TRANSACTION NOT FOUND"}
        status = transaction_status(payment)
        answer: dict[str, Any] = {
            "orderId": payment.reference,
            "storeId": sandbox.accounts.easypaisa_store_id,
            "storeName": "Sandbox store",
            "accountNum": sandbox.accounts.easypaisa_account_num,
            "transactionStatus": status,
            "transactionAmount": payment.amount_pkr,
            "transactionDateTime": payment.created_at,
            "responseCode": SUCCESS,
            "responseDesc": "SUCCESS",
        }
        if payment.txn_id:
            answer |= {"transactionId": payment.txn_id, "paymentMode": payment.method}
        if payment.echo.get("mobileNum"):
            answer["msisdn"] = payment.echo["mobileNum"]
        if payment.paid_at is not None:
            answer["transactionPaidDateTime"] = payment.paid_at
        if status == "FAILED":
            answer |= {"errorCode": "TRANSACTION_FAILED", "errorReason": "The payer did not complete it"}
        return answer

    @post("/easypay-service/rest/v4/inquire-transaction", status_code=200)
    async def inquire(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> dict[str, Any]:
        body = await json_of(request)
        accounts = sandbox.accounts
        expected = credentials(accounts.easypaisa_username, accounts.easypaisa_password)
        if not hmac.compare_digest(request.headers.get("credentials", ""), expected):
            return {"responseCode": INVALID_CREDENTIALS, "responseDesc": "INVALID CREDENTIALS"}
        if str(body.get("storeId", "")) != accounts.easypaisa_store_id:
            return {"responseCode": INVALID_STORE, "responseDesc": "INVALID STORE ID"}
        if str(body.get("accountNum", "")) != accounts.easypaisa_account_num:
            return {"responseCode": INVALID_CREDENTIALS, "responseDesc": "INVALID CREDENTIALS"}
        return rendered(await self.inquiry_answer(sandbox, str(body.get("orderId", ""))), answer_time)

    @post("/easypay-service/PartnerBusinessService", status_code=200)
    async def inquire_soap(self, request: Request[Any, Any, Any], sandbox: PaymentSandbox) -> Response[str]:
        """SOAP inquireTransaction, still used by merchants: the same answer as REST, in XML."""
        asked = soap_fields(await request.body())
        accounts = sandbox.accounts
        if asked is None:
            return Response("Malformed SOAP request", status_code=400, media_type="text/plain")
        known = hmac.compare_digest(asked.get("username", ""), accounts.easypaisa_username) and (
            hmac.compare_digest(asked.get("password", ""), accounts.easypaisa_password)
        )
        if not known or asked.get("accountNum") != accounts.easypaisa_account_num:
            answer: dict[str, Any] = {"responseCode": INVALID_CREDENTIALS}
        else:
            answer = rendered(await self.inquiry_answer(sandbox, asked.get("orderId", "")), soap_time)
        return Response(soap_answer(answer), media_type="text/xml")


def soap_fields(body: bytes) -> dict[str, str] | None:
    """The inquireTransactionRequestType's fields by local name (username, password, orderId,
    accountNum), whatever prefixes the client chose."""
    try:
        root = ElementTree.fromstring(body)  # noqa: S314 (a local sandbox reading a test client's XML)
    except ElementTree.ParseError:
        return None
    return {
        element.tag.rpartition("}")[2]: (element.text or "").strip()
        for element in root.iter()
        if len(element) == 0
    }


def soap_answer(answer: Mapping[str, Any]) -> str:
    """As a merchant captured it: responseCode in the common namespace, the rest unqualified. A
    missing order answers responseCode 0003 with storeId 0 and transactionAmount 0.0."""
    fields = {"storeId": "0", "transactionAmount": "0.0"} | {
        name: str(value) for name, value in answer.items() if name not in ("responseCode", "responseDesc")
    }
    if "transactionAmount" in answer:
        fields["transactionAmount"] = f"{answer['transactionAmount']}.0"
    inner = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items())
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENVELOPE}"><soapenv:Body>'
        f'<ns3:inquireTransactionResponseType xmlns:ns2="{SOAP_COMMON}" xmlns:ns3="{SOAP_TRANSACTION}">'
        f"<ns2:responseCode>{escape(str(answer['responseCode']))}</ns2:responseCode>{inner}"
        "</ns3:inquireTransactionResponseType></soapenv:Body></soapenv:Envelope>"
    )

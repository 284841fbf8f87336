"""The provider interface: what the ledger asks of PayFast, JazzCash and Easypaisa.

An adapter speaks one provider's real request fields and signature scheme. It never touches the
database: the ledger hands it a payment and gets back what the provider said (`ProviderReport`),
with the raw answer so the ledger can keep it as a `PaymentEvent`.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar, cast

import httpx

from scene_api.db import models as m
from scene_api.domain.messaging.channels.base import ProviderUnavailable as ProviderHttpUnavailable
from scene_api.domain.messaging.channels.http import ProviderHttp
from scene_api.i18n import Message, words
from scene_api.lib.errors import DomainError

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.runtime import Runtime

LOCAL_SANDBOX = "dev-only-sandbox"
"""A provider base URL meaning: the sandbox this app serves (production refuses `dev-only-` values)."""
SANDBOX_HOST = "http://sandbox.local"
"""Where server-to-server calls to the local sandbox go; they never leave the process."""
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
"""Server-to-server calls to a provider: a hung provider is given up on after ten seconds."""


class ProviderUnavailable(DomainError):
    """The provider did not answer, or answered something we cannot use."""

    status_code = 502
    code = "provider_unavailable"


class AnswerLost(ProviderUnavailable):
    """A request that moves money (a refund) may have reached the provider, but its answer was lost
    (a read timeout, a 5xx): whether the money moved is unknown until someone checks."""


class ProviderStatus(enum.StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PENDING = "pending"


@dataclass(frozen=True)
class ProviderReport:
    """What a provider says about one payment, in a callback or an answer to a status inquiry."""

    reference: str
    status: ProviderStatus
    amount_pkr: int | None
    """None when the provider named no amount; NOT_AN_AMOUNT (0) for one that is not whole rupees,
    which never matches a payment."""
    txn_id: str | None = None
    message: str = ""
    method: str | None = None
    """How the payer paid, in the provider's words (JazzCash's pp_TxnType: MWALLET, MPAY, ...)."""


@dataclass(frozen=True)
class CallbackCheck:
    signature_valid: bool
    report: ProviderReport | None
    """None when the payload names no payment at all."""
    needs_inquiry: bool = False
    """The callback is only a hint (it carries no signature): ask the provider's status inquiry."""


@dataclass(frozen=True)
class ProviderAnswer:
    """A provider's raw answer to a status inquiry, and what it means (None: nothing we can use)."""

    raw: dict[str, Any]
    report: ProviderReport | None = None


class RefundOutcome(enum.StrEnum):
    DONE = "done"
    """The provider says the money went back."""
    REFUSED = "refused"
    """The provider read the request and said no, in an answer we understood."""
    UNKNOWN = "unknown"
    """An answer we cannot read: the money may have gone back. Never asked again blindly; ops check."""
    MANUAL = "manual"
    """The provider offers no online refund: ops give the money back in its portal."""


@dataclass(frozen=True)
class RefundAnswer:
    raw: dict[str, Any]
    outcome: RefundOutcome
    message: str = ""


@dataclass(frozen=True)
class BrowserStep:
    """Where the payer's browser goes next: a URL, or a form that submits itself (POST)."""

    url: str | None = None
    action: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallbackReply:
    """The HTTP answer a provider expects to a callback."""

    status_code: int
    body: Any
    media_type: str = "application/json"


@dataclass(frozen=True)
class CheckoutRequest:
    reference: str
    amount_pkr: int
    description: str
    created_at: datetime
    expires_at: datetime
    callback_url: str
    """Server to server: the provider tells us the outcome here."""
    return_url: str
    """The payer's browser comes back here."""
    payer_phone: str = ""
    """The payer's mobile number, E.164 (+923001234567); providers that ask for it show it at checkout."""
    payer_email: str = ""


def api_url(settings: Settings) -> str:
    """Where providers and browsers reach this API (callbacks, returns, the local sandbox pages)."""
    return settings.api_public_url or f"http://{settings.host}:{settings.api_port}"


NOT_AN_AMOUNT = 0
"""What an amount a provider named but that is no whole, positive number of rupees reads as: no
payment's amount is 0 (the database refuses it), so it never matches and is never taken for "none"."""


def whole_rupees(value: object) -> int | None:
    """'1500', '1500.0' and 1500 are 1500 rupees; nothing named ('' or None) is None; anything else
    (paisa, zero, negative, junk) is NOT_AN_AMOUNT."""
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return NOT_AN_AMOUNT
    return int(amount) if amount == amount.to_integral_value() and amount > 0 else NOT_AN_AMOUNT


def field_text(value: object) -> str:
    """A provider's field as text; JSON null is no value at all (never the string "None")."""
    return "" if value is None else str(value)


def local_mobile(phone: str) -> str:
    """+923001234567 as the providers' checkout forms write a mobile number: 03001234567."""
    return f"0{phone.removeprefix('+92')}" if phone.startswith("+92") else phone


class PaymentProvider(ABC):
    name: ClassVar[m.PaymentProviderName]
    refunds_online: ClassVar[bool] = True
    """False: the provider has no refund API, so a refund is an ops task from the start."""
    inquiry_after: ClassVar[timedelta] = timedelta(0)
    """The least time after a checkout before the provider answers status inquiries about it."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.callback_url = f"{api_url(self.settings)}/api/v1/payments/callbacks/{self.name.value}"
        self.return_url = f"{api_url(self.settings)}/api/v1/payments/return/{self.name.value}"

    @property
    @abstractmethod
    def base_url(self) -> str:
        """The provider's API root from settings, or LOCAL_SANDBOX."""

    @property
    def browser_base(self) -> str:
        """The root the payer's browser is sent to (the hosted checkout pages)."""
        if self.base_url == LOCAL_SANDBOX:
            return f"{api_url(self.settings)}/sandbox/{self.name.value}"
        return self.base_url.rstrip("/")

    def http(self) -> ProviderHttp:
        """This provider's pooled client, made once per process (`runtime.providers`, closed with the
        runtime). One attempt per request: a payment request, a refund above all, is never repeated
        blindly; the ledger's job asks again later. The local sandbox is called in process (its real
        HTTP shape through an ASGI transport), so the flow runs offline, in the worker too."""
        transport: httpx.AsyncBaseTransport | None = None
        if self.base_url == LOCAL_SANDBOX:
            if not self.settings.payments_sandbox:
                raise ProviderUnavailable(
                    Message("errors_payments.not_configured", provider=words.provider(self.name))
                )
            from scene_api.domain.payments.sandbox import sandbox_app

            transport = httpx.ASGITransport(app=cast(Any, sandbox_app(self.runtime)))
        return self.runtime.providers.for_provider(
            f"payments.{self.name.value}", attempts=1, timeout=HTTP_TIMEOUT, transport=transport
        )

    @property
    def api_root(self) -> str:
        """Where server-to-server requests go."""
        return self.root_of(self.base_url)

    def root_of(self, base_url: str, sandbox_path: str = "") -> str:
        """The root of one of the provider's hosts from settings; for LOCAL_SANDBOX, the local sandbox's
        (`sandbox_path` under `/sandbox/{provider}` for a provider with a second host, e.g. an API)."""
        if base_url == LOCAL_SANDBOX:
            return f"{SANDBOX_HOST}/sandbox/{self.name.value}{sandbox_path}"
        return base_url.rstrip("/")

    async def call(
        self, method: str, path: str, *, root: str | None = None, moves_money: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """One server-to-server request to `root` (default `api_root`); a timeout, a network failure or
        a 5xx is `ProviderUnavailable`, or `AnswerLost` for a request that `moves_money` and may have
        reached the provider. Callers hold no transaction meanwhile (the ledger commits before and
        records after)."""
        try:
            return await self.http().request(method, f"{root or self.api_root}{path}", **kwargs)
        except ProviderHttpUnavailable as error:
            said = "trouble" if error.message.startswith("answered") else "no_answer"
            failure = AnswerLost if moves_money and error.maybe_received else ProviderUnavailable
            raise failure(Message(f"errors_payments.{said}", provider=words.provider(self.name))) from error

    @staticmethod
    def json_of(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            return {"http_status": response.status_code, "text": response.text[:2000]}
        return body if isinstance(body, dict) else {"http_status": response.status_code, "body": body}

    @abstractmethod
    async def start_checkout(self, request: CheckoutRequest) -> BrowserStep:
        """Prepare the hosted checkout (token requests and the like) and say where the payer goes."""

    @abstractmethod
    def verify_callback(self, payload: Mapping[str, str]) -> CallbackCheck:
        """Check a callback's signature and read what it reports."""

    @abstractmethod
    def reply(self, accepted: bool) -> CallbackReply:
        """What the provider expects back: `accepted` for applied or already-applied callbacks."""

    @abstractmethod
    async def query_status(self, payment: m.Payment) -> ProviderAnswer:
        """Ask the provider's status inquiry about a payment."""

    async def refund(self, payment: m.Payment, reason: str) -> RefundAnswer:
        """Give a succeeded payment's money back in full. A provider without a refund API answers
        MANUAL without being asked (the ledger does not call it then either)."""
        return RefundAnswer(raw={}, outcome=RefundOutcome.MANUAL)

    def browser_step(self, params: Mapping[str, str]) -> BrowserStep | None:
        """A step the payer's browser must take on its way back before the outcome is known."""
        return None

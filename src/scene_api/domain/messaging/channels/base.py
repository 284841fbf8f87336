"""What every channel adapter promises: how it answers a send, and how it reads a provider's report.

`Channel` and `DeliveryStatus` live with the model and are re-exported here for adapters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from scene_api.db.models.messaging import Channel, DeliveryStatus

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class OutgoingMessage:
    """One message as every channel may need it, already in the recipient's language."""

    kind: str
    """What it is about: `code`, `join_approved`, `waitlist_offer`, `booking_confirmed`, `order_paid`,
    `event_reminder`, `booking_reminder`, `activity_reminder`, `hold_lapsing`, ... (WhatsApp picks its
    template by it)."""
    language: str
    """`en` or `ur`."""
    title: str
    body: str = ""
    link: str = ""
    """An absolute URL that opens the right page (push taps, WhatsApp buttons); may be empty."""
    code: str = ""
    """For `code` only: the sign-in code (WhatsApp's copy-code button carries it)."""
    tag: str = ""
    """Folds repeats on a phone: a newer push with the same tag replaces the older one."""

    @property
    def text(self) -> str:
        """The plain text an SMS carries: title, body and link."""
        parts = [f"{self.title}." if self.body else self.title, self.body, self.link]
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class PushTarget:
    """A browser's push subscription (the JSON `PushSubscription.toJSON()` gives)."""

    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class ProviderWord:
    """What a provider says of one message: first when it accepts it, later in its reports. The
    delivery row takes the provider's id, the status and the cost from both."""

    provider: str
    provider_message_id: str | None
    status: DeliveryStatus
    cost: Decimal | None = None
    currency: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult(ProviderWord):
    """A provider accepted a message."""

    status: DeliveryStatus = DeliveryStatus.SENT


@dataclass(frozen=True)
class StatusReport(ProviderWord):
    """A provider says what became of one message (a delivery report, a status webhook)."""

    provider_message_id: str
    occurred_at: datetime | None = None
    error_code: str | None = None
    error_message: str = ""


@dataclass(frozen=True)
class CallbackRequest:
    """An incoming provider request as the adapter needs it to check the signature and read it."""

    method: str
    url: str
    """The full URL the provider called, as it signed it (scheme, host, path and query)."""
    headers: Mapping[str, str]
    query: Mapping[str, str]
    form: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str:
        """A header's value whatever case the provider wrote its name in (`name` in lower case); ''
        when it is absent."""
        return next((value for key, value in self.headers.items() if key.lower() == name), "")


def json_object(body: bytes) -> dict[str, Any]:
    """A provider's answer or callback body as a JSON object; {} when it is not one."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


class ProviderError(Exception):
    """A provider call did not end in a sent message."""

    def __init__(
        self, provider: str, message: str, *, code: str | None = None, http_status: int | None = None
    ):
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message
        self.code = code
        self.http_status = http_status

    @classmethod
    def answered(cls, provider: str, response: httpx.Response, message: str, *, code: object = None) -> Self:
        """The error a provider's HTTP answer means: its status kept, the provider's own error code
        (when it gave one) as text."""
        return cls(
            provider, message, code=None if code is None else str(code), http_status=response.status_code
        )


class ProviderRejected(ProviderError):
    """The provider refused the message (a 4xx): retrying the same request cannot help."""


class ProviderUnavailable(ProviderError):
    """A timeout, a network failure or a 5xx: worth retrying with backoff."""

    def __init__(self, provider: str, message: str, *, maybe_received: bool = False, **kwargs: Any):
        super().__init__(provider, message, **kwargs)
        self.maybe_received = maybe_received
        """The request may have reached the provider (a read timeout, a 5xx), so it may have acted."""


class SubscriptionGone(ProviderRejected):
    """A push service answered 404 or 410: the subscription is dead and must be removed."""


class BadSignature(Exception):
    """An incoming callback or webhook failed its provider's signature check."""


__all__ = [
    "BadSignature",
    "CallbackRequest",
    "Channel",
    "DeliveryStatus",
    "OutgoingMessage",
    "ProviderError",
    "ProviderRejected",
    "ProviderUnavailable",
    "ProviderWord",
    "PushTarget",
    "SendResult",
    "StatusReport",
    "SubscriptionGone",
    "json_object",
]

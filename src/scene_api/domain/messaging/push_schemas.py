"""What goes in and out of the web push API: the browser's subscription and a member's devices."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

MAX_ENDPOINT_LENGTH = 2048
"""Real endpoints are 150-400 characters; the database refuses more than this too."""


class BrowserKeys(msgspec.Struct, forbid_unknown_fields=True):
    p256dh: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    """The browser's P-256 public key: base64url of 65 octets (87 characters)."""
    auth: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    """The browser's auth secret: base64url of 16 octets (22 characters)."""


class BrowserSubscription(msgspec.Struct, forbid_unknown_fields=True):
    """`PushSubscription.toJSON()` as the browser gives it."""

    endpoint: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ENDPOINT_LENGTH)]
    keys: BrowserKeys
    expiration_time: float | None = msgspec.field(name="expirationTime", default=None)
    """When the push service will end the subscription (milliseconds since 1970), usually null. Not kept:
    the push service answers 404 or 410 after it, and that removes the subscription."""


class PushDevice(msgspec.Struct):
    """One of a member's subscribed browsers."""

    id: UUID
    endpoint: str
    user_agent: str
    created_at: datetime
    last_success_at: datetime | None


class PublicKey(msgspec.Struct):
    public_key: str
    """The VAPID application server key for `pushManager.subscribe({applicationServerKey})`: base64url of
    the uncompressed P-256 point."""

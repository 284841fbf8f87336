"""Web push: VAPID (RFC 8292) and aes128gcm payloads (RFC 8291) to a browser's push service (RFC 8030).

pywebpush's stack does the cryptography (http_ece encrypts the payload as pywebpush does, py_vapid signs
the token), but the request goes through the shared `ProviderHttp` pool: pywebpush's own sender blocks
on `requests`. The service worker shows `{"title", "body", "url", "tag"}` and opens `url` on a tap.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import time
import uuid
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from scene_api.config import SettingsError
from scene_api.domain.messaging.channels.base import (
    OutgoingMessage,
    ProviderRejected,
    PushTarget,
    SendResult,
    SubscriptionGone,
)

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.domain.messaging.channels.http import ProviderHttp

PROVIDER = "webpush"
VAPID_KEY_FILE = "vapid_private.pem"
"""Development's own VAPID key under state_dir, so restarts keep the browsers' subscriptions valid."""
TOKEN_LIFETIME_SECONDS = 12 * 3600
"""RFC 8292 allows 24 hours; half leaves room for clock skew between Scene and the push service."""
URGENT_KINDS = frozenset({"code", "hold_lapsing"})
"""Sent with `Urgency: high` (a phone saving battery delivers them at once) and a short TTL."""
URGENT_TTL_SECONDS = 600
"""A sign-in code lives at most 10 minutes; a lapsing hold is gone sooner: no use delivering later."""
TTL_SECONDS = 24 * 3600
"""How long the push service keeps other messages for a phone that is off (reminders are stale after)."""
MAX_PLAINTEXT_OCTETS = 3993
"""RFC 8291 section 4: 4096 octets of body less the 86-octet header, the 16-octet tag and the delimiter."""
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
"""RFC 8030 section 5.4: a newer message with the same Topic replaces one still waiting on the service."""


BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")


def b64url_decode(text: str) -> bytes:
    """Base64url with or without padding, as browsers write subscription keys; ValueError for anything
    else (Python's decoder would skip stray characters)."""
    if not BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def application_server_key(settings: Settings) -> str:
    """The public half of the VAPID key as the browser's `pushManager.subscribe()` takes it: base64url of
    the uncompressed P-256 point."""
    public = vapid_private_key(settings).public_key()
    return b64url_encode(
        public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def vapid_private_key(settings: Settings) -> ec.EllipticCurvePrivateKey:
    """`SCENE_VAPID_PRIVATE_KEY` (PEM, or base64url of the raw 32-octet scalar or of DER); when empty
    outside production, a key made once and kept under state_dir."""
    return _load_key(settings.vapid_private_key, settings.state_dir, settings.is_production)


@cache
def _load_key(configured: str, state_dir: Path, production: bool) -> ec.EllipticCurvePrivateKey:
    if configured.strip():
        return _parse_key(configured)
    if production:
        raise SettingsError("production mode needs SCENE_VAPID_PRIVATE_KEY (web push)")
    return _parse_key(_development_key_pem(state_dir))


def _parse_key(text: str) -> ec.EllipticCurvePrivateKey:
    text = text.strip().replace("\\n", "\n")
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = b64url_decode(text)
            key = (
                ec.derive_private_key(int.from_bytes(raw), ec.SECP256R1())
                if len(raw) == 32
                else serialization.load_der_private_key(raw, password=None)
            )
    except (ValueError, TypeError, binascii.Error) as error:
        raise SettingsError("SCENE_VAPID_PRIVATE_KEY is not a PEM or base64url private key") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise SettingsError("SCENE_VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key")
    return key


def _development_key_pem(state_dir: Path) -> str:
    """The key in state_dir, made on first use. Processes starting together (API, worker) race to make
    it: each writes its own file and links it into place; the first link wins and everyone reads that."""
    path = state_dir / VAPID_KEY_FILE
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        draft = state_dir / f".{VAPID_KEY_FILE}.{uuid.uuid4().hex}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: its key is the one to keep
        finally:
            draft.unlink()
    return path.read_text()


def encrypt_payload(
    target: PushTarget,
    plaintext: bytes,
    *,
    sender_key: ec.EllipticCurvePrivateKey | None = None,
    salt: bytes | None = None,
) -> bytes:
    """The aes128gcm body for `target` (RFC 8291): a fresh ephemeral key and salt per message, unless given
    (RFC 8291 Appendix A's worked example fixes both)."""
    body: bytes = http_ece.encrypt(
        plaintext,
        salt=salt,
        private_key=sender_key or ec.generate_private_key(ec.SECP256R1()),
        dh=b64url_decode(target.p256dh),
        auth_secret=b64url_decode(target.auth),
        version="aes128gcm",
    )
    return body


def push_payload(message: OutgoingMessage) -> bytes:
    """What the service worker reads. A body too long for one push record is shortened (with an ellipsis):
    the tap opens the page that says it all."""
    fields = {"title": message.title, "body": message.body, "url": message.link, "tag": message.tag}
    encoded = _json(fields)
    excess = len(encoded) - MAX_PLAINTEXT_OCTETS
    if excess > 0:
        body = message.body.encode()
        fields["body"] = body[: max(0, len(body) - excess - 3)].decode(errors="ignore") + "…"
        encoded = _json(fields)
    return encoded


def _json(fields: dict[str, str]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


class WebPush:
    """Sends to one browser subscription; 404 and 410 mean the subscription is gone for good."""

    name = PROVIDER

    def __init__(self, settings: Settings, http: ProviderHttp) -> None:
        self.http = http
        self.subject = settings.vapid_subject
        self.vapid = Vapid(vapid_private_key(settings))
        self.public_key = application_server_key(settings)

    def vapid_authorization(self, endpoint: str) -> str:
        """`Authorization: vapid t=<ES256 JWT>, k=<public key>` for the push service serving `endpoint`."""
        parts = urlsplit(endpoint)
        claims = {
            "aud": f"{parts.scheme}://{parts.netloc}",
            "sub": self.subject,
            "exp": int(time.time()) + TOKEN_LIFETIME_SECONDS,
        }
        authorization: str = self.vapid.sign(claims)["Authorization"]
        return authorization

    async def send(self, target: PushTarget, message: OutgoingMessage) -> SendResult:
        urgent = message.kind in URGENT_KINDS
        headers = {
            "Authorization": self.vapid_authorization(target.endpoint),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(URGENT_TTL_SECONDS if urgent else TTL_SECONDS),
            "Urgency": "high" if urgent else "normal",
        }
        if TOPIC.fullmatch(message.tag):
            headers["Topic"] = message.tag
        body = encrypt_payload(target, push_payload(message))
        response = await self.http.request("POST", target.endpoint, content=body, headers=headers)
        if response.is_success:
            return SendResult(
                provider=self.name,
                provider_message_id=response.headers.get("location"),
                raw={"status": response.status_code},
            )
        problem = response.text[:300] or response.reason_phrase
        if response.status_code in (404, 410):
            raise SubscriptionGone.answered(self.name, response, problem)
        raise ProviderRejected.answered(self.name, response, problem, code=response.status_code)

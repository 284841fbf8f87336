"""A web push service (RFC 8030) that also plays the browser behind each subscription.

Written from RFC 8030 (the push protocol), RFC 8292 (VAPID) and RFC 8291 (message encryption), with
`cryptography` only: it shares no code with Scene's adapter, so a wrong adapter fails here.

- `POST /push/_subscribe` is the browser's `pushManager.subscribe({applicationServerKey})`: it makes the
  user agent's P-256 key pair and 16-byte auth secret and answers `PushSubscription.toJSON()`, whose
  endpoint is `/push/send/{token}` here. The subscription is restricted to that application server key.
- `POST /push/send/{token}` is the push resource: it checks the VAPID token (401 when absent, 403 when
  invalid or signed by another key, RFC 8292 section 4), the TTL header (400 when missing), the
  Content-Encoding (aes128gcm), the size (413 over 4096 octets), then decrypts the message with the
  user agent's private key, as the browser would, and keeps the plaintext.
- `GET /push/_received/{token}` lists what reached the "browser"; `DELETE /push/_subscriptions/{token}`
  is the browser unsubscribing: the endpoint answers 410 from then on; an unknown token answers 404.

A real push service cannot read the payload and the browser would drop an undecryptable one silently;
this sandbox answers 400 instead, so a wrong encryption fails loudly in tests.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from litestar import Controller, Request, Response, delete, get, post
from litestar.exceptions import ValidationException

from scene_sandboxes.messaging.state import SandboxState

PROVIDER = "push"
MAX_BODY_OCTETS = 4096
"""RFC 8291 section 4: a push service has to accept at least 4096 octets of body; more is refused."""
MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600
"""RFC 8292 section 2: `exp` no more than 24 hours after the request."""
URGENCIES = frozenset({"very-low", "low", "normal", "high"})
"""RFC 8030 section 5.3."""
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
"""RFC 8030 section 5.4: at most 32 characters of the URL-safe base64 alphabet."""


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class PushRefused(Exception):
    """The push service refuses a message: `status` and the reason it gives."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- RFC 8292: the VAPID token ------------------------------------------------------------------------


def verify_vapid(
    authorization: str | None, audience: str, *, now: float, restricted_to: bytes | None = None
) -> dict[str, Any]:
    """The claims of a valid `Authorization: vapid t=<JWT>, k=<key>` header for a push to `audience` (the
    endpoint's origin); raises `PushRefused` 401 (no vapid credentials) or 403 (invalid ones, or a key
    other than the one the subscription is restricted to)."""
    scheme, _, credentials = (authorization or "").partition(" ")
    params = dict(part.strip().partition("=")[::2] for part in credentials.split(",") if "=" in part)
    if scheme.lower() != "vapid" or not params.get("t") or not params.get("k"):
        raise PushRefused(401, "vapid authentication with t= and k= is required")
    try:
        key_bytes = b64url_decode(params["k"])
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key_bytes)
    except (ValueError, binascii.Error) as error:
        raise PushRefused(403, "k is not a P-256 public key") from error
    if restricted_to is not None and key_bytes != restricted_to:
        raise PushRefused(403, "k is not the application server key this subscription was made for")
    claims = _signed_claims(params["t"], key)
    _check_claims(claims, audience, now)
    return claims


def _signed_claims(token: str, key: ec.EllipticCurvePublicKey) -> dict[str, Any]:
    """The claims of an ES256 JWT whose signature `key` verifies (RFC 7515, RFC 7518 section 3.4)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise PushRefused(403, "t is not a JWS compact serialization")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, binascii.Error) as error:
        raise PushRefused(403, "t does not decode") from error
    if not isinstance(header, dict) or header.get("alg") != "ES256":
        raise PushRefused(403, "the JWT must be signed with ES256")
    if len(signature) != 64:
        raise PushRefused(403, "an ES256 signature is 64 octets (r || s)")
    der = encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:]))
    try:
        key.verify(der, f"{parts[0]}.{parts[1]}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise PushRefused(403, "the JWT signature does not verify with k") from error
    if not isinstance(claims, dict):
        raise PushRefused(403, "the JWT claims are not an object")
    return claims


def _check_claims(claims: dict[str, Any], audience: str, now: float) -> None:
    """RFC 8292 section 2: `aud` is the push resource's origin, `exp` within 24 hours, `sub` a contact."""
    if claims.get("aud") != audience:
        raise PushRefused(403, f"aud must be this push service's origin {audience}")
    expires = claims.get("exp")
    if not isinstance(expires, int) or expires <= now:
        raise PushRefused(403, "exp is missing or in the past")
    if expires > now + MAX_TOKEN_LIFETIME_SECONDS:
        raise PushRefused(403, "exp is more than 24 hours ahead")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise PushRefused(403, "sub (a mailto: or https: contact) is required")


# --- RFC 8291 / RFC 8188: reading an aes128gcm message as the user agent ---------------------------------


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def decrypt_push(body: bytes, ua_private: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> bytes:
    """The plaintext of an aes128gcm push message (one record), as the receiving user agent derives it."""
    if len(body) < 21:
        raise ValueError("shorter than the aes128gcm header")
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20]), body[20]
    as_public = body[21 : 21 + id_length]
    ciphertext = body[21 + id_length :]
    if id_length != 65:
        raise ValueError("the keyid must be the sender's 65-octet public key (RFC 8291 section 4)")
    if len(ciphertext) > record_size or len(ciphertext) < 17:
        raise ValueError("a push message is exactly one record (RFC 8291 section 4)")
    sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), as_public)
    ua_public = _point(ua_private.public_key())
    ecdh_secret = ua_private.exchange(ec.ECDH(), sender)
    # RFC 8291 section 3.4; HKDF with one block of output is one HMAC over info || 0x01.
    prk_key = _hmac(auth_secret, ecdh_secret)
    ikm = _hmac(prk_key, b"WebPush: info\x00" + ua_public + as_public + b"\x01")
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, b"Content-Encoding: aes128gcm\x00\x01")[:16]
    nonce = _hmac(prk, b"Content-Encoding: nonce\x00\x01")[:12]
    padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
    unpadded = padded.rstrip(b"\x00")
    if not unpadded.endswith(b"\x02"):
        raise ValueError("the last record's padding delimiter must be 0x02 (RFC 8188 section 2)")
    return unpadded[:-1]


# --- The push service and the browser behind it ----------------------------------------------------------


@dataclass
class Subscription:
    token: str
    ua_private: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    application_server_key: bytes
    active: bool = True
    received: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ReceivedPush:
    """What the browser's service worker got in its `push` event."""

    id: str
    text: str
    ttl: int
    urgency: str
    topic: str
    received_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())


class SubscribeOptions(msgspec.Struct, forbid_unknown_fields=True):
    """`PushManager.subscribe()`'s options."""

    application_server_key: str = msgspec.field(name="applicationServerKey")
    user_visible_only: bool = msgspec.field(name="userVisibleOnly", default=True)


def _refusal(status: int, message: str) -> Response[dict[str, Any]]:
    return Response({"code": status, "message": message}, status_code=status)


def _subscriptions(sandbox: SandboxState) -> dict[str, Subscription]:
    return sandbox.store(PROVIDER)


class PushServiceController(Controller):
    path = "/push"
    include_in_schema = False

    @post("/_subscribe", status_code=201)
    async def subscribe(
        self, sandbox: SandboxState, request: Request[Any, Any, Any], data: SubscribeOptions
    ) -> dict[str, Any]:
        """A browser subscribing: its own key pair and auth secret, an endpoint on this service."""
        try:
            server_key = b64url_decode(data.application_server_key)
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_key)
        except (ValueError, binascii.Error) as error:
            raise ValidationException("applicationServerKey is not a P-256 public key") from error
        ua_private = ec.generate_private_key(ec.SECP256R1())
        subscription = Subscription(
            token=secrets.token_urlsafe(24),
            ua_private=ua_private,
            auth_secret=secrets.token_bytes(16),
            application_server_key=server_key,
        )
        _subscriptions(sandbox)[subscription.token] = subscription
        base = str(request.url.with_replacements(query="")).removesuffix("/_subscribe")
        return {
            "endpoint": f"{base}/send/{subscription.token}",
            "expirationTime": None,
            "keys": {
                "p256dh": b64url_encode(_point(ua_private.public_key())),
                "auth": b64url_encode(subscription.auth_secret),
            },
        }

    @delete("/_subscriptions/{token:str}", status_code=204)
    async def unsubscribe(self, sandbox: SandboxState, token: str) -> None:
        """The browser unsubscribing (or the subscription expiring): its endpoint answers 410 after."""
        subscription = _subscriptions(sandbox).get(token)
        if subscription is not None:
            subscription.active = False

    @get("/_received/{token:str}")
    async def received(self, sandbox: SandboxState, token: str) -> list[dict[str, Any]]:
        subscription = _subscriptions(sandbox).get(token)
        return subscription.received if subscription is not None else []

    @post("/send/{token:str}")
    async def push(self, sandbox: SandboxState, request: Request[Any, Any, Any], token: str) -> Response[Any]:
        """RFC 8030 section 5: a push message request."""
        fault = await sandbox.planned_fault(PROVIDER)
        if fault and fault.status:
            return _refusal(fault.status, fault.error_code or "planned fault")
        subscription = _subscriptions(sandbox).get(token)
        if subscription is None:
            return _refusal(404, "no such subscription")
        if not subscription.active:
            return _refusal(410, "the subscription has expired or was unsubscribed")
        url = request.url
        try:
            verify_vapid(
                request.headers.get("authorization"),
                f"{url.scheme}://{url.netloc}",
                now=time.time(),
                restricted_to=subscription.application_server_key,
            )
            message = await self._accept(request, subscription)
        except PushRefused as refused:
            return _refusal(refused.status, refused.message)
        subscription.received.append(asdict(message))
        location = str(url.with_replacements(path=f"{url.path.rsplit('/send/', 1)[0]}/m/{message.id}"))
        return Response(None, status_code=201, headers={"Location": location})

    async def _accept(self, request: Request[Any, Any, Any], subscription: Subscription) -> ReceivedPush:
        headers = request.headers
        ttl = headers.get("ttl", "")
        if not ttl.isdigit():
            raise PushRefused(400, "the TTL header (seconds, RFC 8030 section 5.2) is required")
        urgency = headers.get("urgency", "normal")
        if urgency not in URGENCIES:
            raise PushRefused(400, f"Urgency must be one of {', '.join(sorted(URGENCIES))}")
        topic = headers.get("topic", "")
        if topic and not TOPIC.fullmatch(topic):
            raise PushRefused(400, "Topic is at most 32 URL-safe base64 characters")
        if headers.get("content-encoding") != "aes128gcm":
            raise PushRefused(400, "Content-Encoding must be aes128gcm (RFC 8291)")
        body = await request.body()
        if len(body) > MAX_BODY_OCTETS:
            raise PushRefused(413, f"the body is {len(body)} octets; at most {MAX_BODY_OCTETS}")
        try:
            plaintext = decrypt_push(body, subscription.ua_private, subscription.auth_secret)
            text = plaintext.decode()
        except (ValueError, InvalidTag) as error:
            reason = str(error) or "the authentication tag does not match"
            raise PushRefused(400, f"the browser could not decrypt the message: {reason}") from error
        return ReceivedPush(
            id=secrets.token_urlsafe(12), text=text, ttl=int(ttl), urgency=urgency, topic=topic
        )

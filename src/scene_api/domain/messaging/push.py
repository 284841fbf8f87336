"""Members' push devices: the browsers that subscribed to web push, checked at the door.

A subscription is the browser's `PushSubscription.toJSON()`. It belongs to whoever last subscribed with
that endpoint: a shared or handed-on phone moves to its new member. Scene POSTs to every stored
endpoint, so an endpoint must be a push service's https address (in production never a private or
loopback one); outside production plain http is allowed to this machine and the messaging sandbox.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.dialects.postgresql import insert

from scene_api.db import models as m
from scene_api.domain.messaging import push_schemas as s
from scene_api.domain.messaging.channels.registry import provider_base_url
from scene_api.domain.messaging.channels.webpush import application_server_key, b64url_decode
from scene_api.domain.payments.providers.base import LOCAL_SANDBOX
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.config import Settings
    from scene_api.services import Services

DEVICES_PER_MEMBER = 10
"""Subscribed browsers kept per member; subscribing an eleventh forgets the one subscribed longest ago."""
MAX_USER_AGENT_LENGTH = 200
AUTH_SECRET_OCTETS = 16


class PushSubscriptionService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    def public_key(self) -> str:
        """The application server key browsers subscribe with."""
        return application_server_key(self.services.settings)

    async def subscribe(
        self, actor: m.User, *, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
    ) -> s.PushDevice:
        """Keep this browser's subscription for `actor` (again: a re-subscribing browser updates its keys)."""
        _check_endpoint(endpoint, self.services.settings)
        _check_keys(p256dh, auth)
        now = utcnow()
        values = {
            "user_id": actor.id,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:MAX_USER_AGENT_LENGTH],
            "updated_at": now,
        }
        stored = await self.session.scalar(
            insert(m.PushSubscription)
            .values(endpoint=endpoint, **values)
            .on_conflict_do_update(index_elements=[m.PushSubscription.endpoint], set_=values)
            .returning(m.PushSubscription)
            .execution_options(populate_existing=True)
        )
        assert stored is not None  # an upsert always returns its row
        await self._forget_oldest(actor)
        return _device(stored)

    async def _forget_oldest(self, actor: m.User) -> None:
        kept = (
            sa.select(m.PushSubscription.id)
            .where(m.PushSubscription.user_id == actor.id)
            .order_by(m.PushSubscription.updated_at.desc(), m.PushSubscription.id.desc())
            .limit(DEVICES_PER_MEMBER)
        )
        await self.session.execute(
            sa.delete(m.PushSubscription)
            .where(m.PushSubscription.user_id == actor.id)
            .where(m.PushSubscription.id.notin_(kept.scalar_subquery()))
        )

    async def unsubscribe(self, actor: m.User, endpoint: str) -> None:
        """Forget one of the actor's browsers (404 when it is not theirs: others' devices are not told apart
        from devices that don't exist)."""
        removed = await self.session.execute(
            sa.delete(m.PushSubscription)
            .where(m.PushSubscription.endpoint == endpoint)
            .where(m.PushSubscription.user_id == actor.id)
            .returning(m.PushSubscription.id)
        )
        if removed.first() is None:
            raise NotFound(Message("errors_push.no_such_subscription"))

    async def list_mine(self, actor: m.User) -> list[s.PushDevice]:
        rows = await self.session.scalars(
            sa.select(m.PushSubscription)
            .where(m.PushSubscription.user_id == actor.id)
            .order_by(m.PushSubscription.updated_at.desc(), m.PushSubscription.id.desc())
        )
        return [_device(row) for row in rows]

    async def remove_gone(self, endpoint: str) -> bool:
        """Forget a subscription its push service answered 404 or 410 for; False when already gone."""
        removed = await self.session.execute(
            sa.delete(m.PushSubscription)
            .where(m.PushSubscription.endpoint == endpoint)
            .returning(m.PushSubscription.id)
        )
        return removed.first() is not None


def _device(row: m.PushSubscription) -> s.PushDevice:
    return from_row(s.PushDevice, row)


def _check_endpoint(endpoint: str, settings: Settings) -> None:
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if settings.is_production:
        if parts.scheme != "https" or not host:
            raise InvalidInput(Message("errors_push.endpoint_not_https"), field="endpoint")
        if _is_private(host):
            raise InvalidInput(Message("errors_push.endpoint_not_public"), field="endpoint")
        return
    if not host or parts.scheme not in ("https", "http"):
        raise InvalidInput(Message("errors_push.endpoint_not_https"), field="endpoint")
    if parts.scheme == "http" and not (_is_loopback(host) or host == _sandbox_host(settings)):
        raise InvalidInput(Message("errors_push.endpoint_not_https"), field="endpoint")


def _is_private(host: str) -> bool:
    """A name or address that leads into Scene's own network rather than to a push service."""
    if host == "localhost" or host.endswith((".localhost", ".internal", ".local")):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _sandbox_host(settings: Settings) -> str | None:
    if not settings.messaging_sandbox:
        return None
    return urlsplit(provider_base_url(settings, LOCAL_SANDBOX, "/push")).hostname


def _check_keys(p256dh: str, auth: str) -> None:
    """The keys must be what a browser makes: a P-256 point and a 16-octet secret (RFC 8291 section 2)."""
    try:
        point = b64url_decode(p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        point = b""
    if len(point) != 65:
        raise InvalidInput(Message("errors_push.bad_p256dh"), field="keys.p256dh")
    try:
        secret = b64url_decode(auth)
    except ValueError:
        secret = b""
    if len(secret) != AUTH_SECRET_OCTETS:
        raise InvalidInput(Message("errors_push.bad_auth"), field="keys.auth")

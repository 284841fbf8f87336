"""What the payment sandboxes remember about each checkout, kept in Redis for a week (the API and the
worker each serve the sandbox in process, so the state has to be shared)."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

import msgspec
from redis.asyncio import Redis

KEEP_SECONDS = 7 * 24 * 3600


def now() -> datetime:
    return datetime.now(UTC)


class SandboxStatus(enum.StrEnum):
    OPEN = "open"
    PAID = "paid"
    DECLINED = "declined"
    ABANDONED = "abandoned"
    REFUNDED = "refunded"


class SandboxPayment(msgspec.Struct):
    provider: str
    reference: str
    amount_pkr: int
    description: str
    expires_at: datetime
    return_url: str
    failure_url: str
    callback_url: str
    status: SandboxStatus = SandboxStatus.OPEN
    txn_id: str = ""
    method: str = ""
    """How the payer paid, in the provider's words (JazzCash's pp_TxnType: MWALLET, MPAY, ...)."""
    created_at: datetime = msgspec.field(default_factory=now)
    paid_at: datetime | None = None
    refunded_at: datetime | None = None
    echo: dict[str, str] = {}
    """Request fields the provider repeats in its answers."""

    @property
    def expired(self) -> bool:
        return self.status == SandboxStatus.OPEN and now() > self.expires_at


def new_txn_id() -> str:
    return f"SBX{secrets.randbelow(10**12):012d}"


class SandboxStore:
    def __init__(self, redis: Redis, provider: str) -> None:
        self.redis = redis
        self.provider = provider

    def _key(self, *parts: str) -> str:
        return ":".join(["sandbox", self.provider, *parts])

    async def get(self, reference: str) -> SandboxPayment | None:
        raw = await self.redis.get(self._key("payment", reference))
        return None if raw is None else msgspec.json.decode(raw, type=SandboxPayment)

    async def save(self, payment: SandboxPayment) -> None:
        await self.redis.set(
            self._key("payment", payment.reference), msgspec.json.encode(payment), ex=KEEP_SECONDS
        )
        if payment.txn_id:
            await self.redis.set(self._key("txn", payment.txn_id), payment.reference, ex=KEEP_SECONDS)

    async def refund_once(self, payment: SandboxPayment) -> bool:
        """Mark a paid payment refunded, once: False when another request claimed it first (two refund
        requests at the same moment both read it paid; only the first gives the money back)."""
        claimed = await self.redis.set(self._key("refund", payment.reference), "1", nx=True, ex=KEEP_SECONDS)
        if not claimed:
            return False
        payment.status = SandboxStatus.REFUNDED
        payment.refunded_at = now()
        await self.save(payment)
        return True

    async def by_txn_id(self, txn_id: str) -> SandboxPayment | None:
        """The payment the provider gave this transaction id (refunds name the transaction)."""
        reference = await self.redis.get(self._key("txn", txn_id))
        return None if reference is None else await self.get(str(reference))

    async def hang_for(self, seconds: float) -> None:
        """A provider fault: every request to this sandbox waits `seconds` before it is answered (0
        ends it). For tests and fault injection: a provider that hangs must hold no lock of Scene's."""
        if seconds > 0:
            await self.redis.set(self._key("hang"), str(seconds), ex=KEEP_SECONDS)
        else:
            await self.redis.delete(self._key("hang"))

    async def hang_seconds(self) -> float:
        raw = await self.redis.get(self._key("hang"))
        return 0.0 if raw is None else float(raw)

    async def reject_next(self, count: int, *, path_part: str = "", status: int = 200) -> None:
        """A provider fault: the next `count` requests whose path contains `path_part` are answered by
        what stands in front of the provider instead: a web firewall's page with a 200 (as bank
        gateways' WAFs do) or a gateway error (502, 503, 504). The provider never sees them, but the
        caller cannot tell."""
        await self.redis.set(self._key("reject", "path"), path_part, ex=KEEP_SECONDS)
        await self.redis.set(self._key("reject", "status"), status, ex=KEEP_SECONDS)
        await self.redis.set(self._key("reject"), count, ex=KEEP_SECONDS)

    async def rejection_for(self, path: str) -> int | None:
        """The status to answer this request with, if it is one of the rejected ones (and count it)."""
        part = await self.redis.get(self._key("reject", "path"))
        if part is None or str(part) not in path:
            return None
        left = await self.redis.decr(self._key("reject"))
        if left < 0:
            await self.redis.delete(
                self._key("reject"), self._key("reject", "path"), self._key("reject", "status")
            )
            return None
        return int(await self.redis.get(self._key("reject", "status")) or 200)

    async def issue_token(self, value: str, *, ttl_seconds: int = KEEP_SECONDS) -> str:
        """A one-off token standing for `value` (PayFast's access token, Easypay's auth_token)."""
        token = secrets.token_urlsafe(24)
        await self.redis.set(self._key("token", token), value, ex=ttl_seconds)
        return token

    async def redeem_token(self, token: str) -> str | None:
        value = await self.redis.get(self._key("token", token))
        return None if value is None else str(value)

"""Sign-in rules: phone OTP, rotating refresh tokens, access-token checks."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import phonenumbers
import pyotp
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth import schemas as s
from scene_api.domain.messaging.channels.base import OutgoingMessage
from scene_api.domain.messaging.sandbox import sandbox_handset
from scene_api.i18n import DEFAULT, Message, render
from scene_api.lib.crypto import PiiCipher, blind_index, mask_phone, new_token, token_hash
from scene_api.lib.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from scene_api.lib.mapping import from_row
from scene_api.lib.phones import parse_phone
from scene_api.lib.ratelimit import Quota, RateLimiter
from scene_api.lib.timezone import utcnow
from scene_api.lib.tokens import issue_access_token, read_access_token

if TYPE_CHECKING:
    from scene_api.services import Services

WRONG_CODE = Message("errors_auth.wrong_code")
SUSPENDED = Message("errors_auth.suspended")
PAKISTAN = 92
"""The country calling code Scene is for; codes to other countries get a much lower burst ceiling."""
NUMBER_RANGE_HIDES = 4
"""A number range is the E.164 number without its last 4 digits: a block of 10,000 numbers."""
IPV6_NETWORK_PREFIX = 64
"""One IPv6 subscriber gets a whole /64 and can change address within it at will."""

SIGNED_IN_MEMBER = sa.select(m.User).where(
    m.User.id == sa.bindparam("user_id"),
    sa.select(m.RefreshToken.id)
    .where(
        m.RefreshToken.family_id == sa.bindparam("family_id"),
        m.RefreshToken.user_id == sa.bindparam("user_id"),
        m.RefreshToken.revoked_at.is_(None),
    )
    .exists(),
)
"""The member of an access token whose sign-in (refresh-token family) is still live. Built once, with
bound parameters: every authenticated request runs it, and building it anew cost more CPU than the
database spends on it (bench/RESULTS.md, section 11)."""


@dataclass(frozen=True)
class Device:
    """The browser asking for a code: its id, and the cookie to set when it came without a valid one."""

    id: str
    new_cookie: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who is calling: the member and the sign-in (refresh-token family) their access token came from."""

    user: m.User
    family_id: UUID


class AuthService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings
        self.limits = RateLimiter(services.runtime.redis)
        self.cipher = PiiCipher(self.settings.pii_keys)

    def _phone_index(self, phone_e164: str) -> str:
        return blind_index(self.settings.blind_index_key, phone_e164)

    def _code_hash(self, challenge_id: UUID, code: str) -> str:
        return blind_index(self.settings.blind_index_key, f"otp:{challenge_id}:{code}")

    def _device_signature(self, device_id: str) -> str:
        """HMAC of the device id under a key derived from the JWT secret (no extra secret to manage)."""
        return blind_index(blind_index(self.settings.jwt_secret, "scene_device cookie"), device_id)

    def device(self, cookie: str | None) -> Device:
        """The device a `scene_device` cookie names; an absent or forged cookie is a new device."""
        device_id, _, signature = (cookie or "").partition(".")
        if device_id and hmac.compare_digest(signature, self._device_signature(device_id)):
            return Device(id=f"cookie:{device_id}")
        device_id = secrets.token_urlsafe(16)
        return Device(id=f"cookie:{device_id}", new_cookie=f"{device_id}.{self._device_signature(device_id)}")

    def _otp_quotas(self, phone: str, phone_index: str, *, ip: str, device: str) -> list[Quota]:
        """Every limit on sending a code, in one place (docs/messaging.md says why these)."""
        settings, hour, burst = self.settings, 3600, self.settings.otp_burst_window_seconds
        country = phonenumbers.parse(phone).country_code
        number_range = blind_index(settings.blind_index_key, f"range:{phone[:-NUMBER_RANGE_HIDES]}")
        return [
            Quota(
                f"cooldown:otp:phone:{phone_index}",
                1,
                settings.otp_resend_cooldown_seconds,
                Message("errors_auth.code_just_sent"),
            ),
            Quota(
                f"ratelimit:otp:phone:{phone_index}",
                settings.otp_max_per_phone_per_hour,
                hour,
                Message("errors_auth.too_many_codes_number"),
            ),
            Quota(
                f"ratelimit:otp:device:{device}",
                settings.otp_max_per_device_per_hour,
                hour,
                Message("errors_auth.too_many_codes_device"),
            ),
            Quota(
                f"ratelimit:otp:ip:{_network(ip)}",
                settings.otp_max_per_ip_per_hour,
                hour,
                Message("errors_auth.too_many_codes_network"),
            ),
            Quota(
                f"ratelimit:otp:range:{number_range}",
                settings.otp_max_per_number_range_per_burst,
                burst,
                Message("errors_auth.codes_paused_range"),
            ),
            Quota(
                f"ratelimit:otp:country:{country}",
                settings.otp_max_to_pakistan_per_burst
                if country == PAKISTAN
                else settings.otp_max_per_other_country_per_burst,
                burst,
                Message("errors_auth.codes_paused_country"),
            ),
        ]

    async def request_otp(self, request: s.OtpRequest, *, ip: str, device: str) -> s.OtpChallenge:
        """Send a code (WhatsApp, else SMS). The answer is the same whether or not the number is a member.

        `device` names the browser (the signed `scene_device` cookie, or NiceGUI's browser id)."""
        phone = parse_phone(request.phone)
        phone_index = self._phone_index(phone)
        invite_code = request.invite_code.strip().upper() if request.invite_code else None
        if invite_code is not None:
            await self.services.invites.find_redeemable(invite_code)
        await self.limits.take(self._otp_quotas(phone, phone_index, ip=ip, device=device))
        member = await self.session.scalar(sa.select(m.User).where(m.User.phone_blind_index == phone_index))
        code = pyotp.HOTP(pyotp.random_base32()).at(0)
        language = member.locale if member is not None else DEFAULT
        if member is None and invite_code is None:
            notice, code = "messages.not_invited", secrets.token_hex(8)
        elif member is not None and member.status == m.UserStatus.SUSPENDED:
            notice, code = "messages.suspended", secrets.token_hex(8)
        else:
            notice = None
        minutes = self.settings.otp_ttl_seconds // 60
        message = OutgoingMessage(
            kind="sign_in_notice" if notice else "code",
            language=language,
            title=render(Message(notice or "messages.code", code=code, minutes=minutes), language),
            code="" if notice else code,
        )
        challenge_id = uuid.uuid4()
        phone_ciphertext = self.cipher.encrypt(phone)
        self.session.add(
            m.OtpChallenge(
                id=challenge_id,
                phone_blind_index=phone_index,
                code_hash=self._code_hash(challenge_id, code),
                expires_at=utcnow() + timedelta(seconds=self.settings.otp_ttl_seconds),
                invite_code=None if member is not None else invite_code,
                phone_ciphertext=None if member is not None else phone_ciphertext,
                requested_ip=ip[:45],
            )
        )
        await self.services.messaging.send_code(
            phone_ciphertext, message, key=f"otp:{challenge_id}", user_id=member.id if member else None
        )
        return s.OtpChallenge(
            challenge_id=challenge_id,
            expires_in=self.settings.otp_ttl_seconds,
            resend_in=self.settings.otp_resend_cooldown_seconds,
            phone_masked=mask_phone(phone[-4:]),
        )

    async def verify_otp(self, request: s.OtpVerify, *, user_agent: str = "") -> s.Session:
        """Check the code (each try counts, even a wrong one), then sign in or sign up."""
        challenge = await self.session.scalar(
            sa.select(m.OtpChallenge).where(m.OtpChallenge.id == request.challenge_id).with_for_update()
        )
        if (
            challenge is None
            or challenge.consumed_at is not None
            or challenge.expires_at <= utcnow()
            or challenge.attempts >= self.settings.otp_max_attempts
        ):
            raise InvalidInput(WRONG_CODE, code="otp_invalid")
        challenge.attempts += 1
        if not hmac.compare_digest(challenge.code_hash, self._code_hash(challenge.id, request.code)):
            left = self.settings.otp_max_attempts - challenge.attempts
            raise InvalidInput(
                WRONG_CODE, code="otp_invalid", details={"attempts_left": left}, keep_changes=True
            )
        challenge.consumed_at = utcnow()
        member = await self.session.scalar(
            sa.select(m.User).where(m.User.phone_blind_index == challenge.phone_blind_index)
        )
        new_member = member is None
        if member is None:
            member = await self._sign_up(challenge)
        elif member.status != m.UserStatus.ACTIVE:
            raise PermissionDenied(SUSPENDED, code="account_suspended")
        return await self.start_session(member, uuid.uuid4(), user_agent, new_member=new_member)

    async def _sign_up(self, challenge: m.OtpChallenge) -> m.User:
        if challenge.invite_code is None:
            raise InvalidInput(WRONG_CODE, code="otp_invalid")
        invite = await self.services.invites.find_redeemable(challenge.invite_code, lock=True)
        if challenge.phone_ciphertext is None:
            raise InvalidInput(WRONG_CODE, code="otp_invalid")
        phone = self.cipher.decrypt(challenge.phone_ciphertext)
        member = m.User(
            id=uuid.uuid4(),
            phone_ciphertext=challenge.phone_ciphertext,
            phone_blind_index=challenge.phone_blind_index,
            phone_last4=phone[-4:],
            handle=f"member{secrets.randbelow(10**8):08d}",
            name="",
            invite_quota=self.settings.invite_quota,
            invited_by_id=invite.inviter_id,
        )
        self.session.add(member)
        await self.services.flush()
        await self.services.invites.redeem(invite, member)
        return member

    async def start_session(
        self, member: m.User, family_id: UUID, user_agent: str, *, new_member: bool = False
    ) -> s.Session:
        refresh = new_token()
        self.session.add(
            m.RefreshToken(
                user_id=member.id,
                family_id=family_id,
                token_hash=token_hash(refresh),
                expires_at=utcnow() + timedelta(days=self.settings.refresh_token_days),
                user_agent=user_agent[:200],
            )
        )
        member.last_seen_at = utcnow()
        return s.Session(
            access_token=issue_access_token(self.settings, member.id, family_id),
            refresh_token=refresh,
            expires_in=self.settings.access_token_minutes * 60,
            account=self.account(member),
            new_member=new_member,
        )

    async def refresh(self, request: s.RefreshRequest, *, user_agent: str = "") -> s.Session:
        """Rotate: the old token stops working. Presenting a rotated token again revokes its family."""
        token = await self.session.scalar(
            sa.select(m.RefreshToken)
            .where(m.RefreshToken.token_hash == token_hash(request.refresh_token))
            .with_for_update()
        )
        now = utcnow()
        if token is None or token.expires_at <= now or token.revoked_at is not None:
            raise NotAuthenticated(Message("errors_auth.session_ended"))
        if token.rotated_at is not None:
            await self._revoke_family(token.family_id)
            raise NotAuthenticated(
                Message("errors_auth.refresh_reused"),
                code="refresh_token_reused",
                keep_changes=True,
            )
        member = await self.session.get_one(m.User, token.user_id)
        if member.status != m.UserStatus.ACTIVE:
            raise PermissionDenied(SUSPENDED, code="account_suspended")
        token.rotated_at = now
        return await self.start_session(member, token.family_id, user_agent)

    async def _revoke_family(self, family_id: UUID) -> None:
        await self.session.execute(
            sa.update(m.RefreshToken)
            .where(m.RefreshToken.family_id == family_id, m.RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    async def logout(self, principal: Principal) -> None:
        await self._revoke_family(principal.family_id)

    async def logout_all(self, principal: Principal) -> int:
        result = await self.session.execute(
            sa.update(m.RefreshToken)
            .where(m.RefreshToken.user_id == principal.user.id, m.RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def authenticate(self, access_token: str) -> Principal:
        """The member behind an access token, if their sign-in is still live and they are not suspended."""
        claims = read_access_token(self.settings, access_token)
        member = await self.session.scalar(
            SIGNED_IN_MEMBER, {"user_id": claims.user_id, "family_id": claims.family_id}
        )
        if member is None:
            raise NotAuthenticated(Message("errors_auth.session_ended"))
        if member.status != m.UserStatus.ACTIVE:
            raise PermissionDenied(SUSPENDED, code="account_suspended")
        return Principal(user=member, family_id=claims.family_id)

    def account(self, member: m.User) -> s.Account:
        return from_row(
            s.Account,
            member,
            phone=self.cipher.decrypt(member.phone_ciphertext),
            profile_complete=bool(member.name),
        )

    async def dev_outbox(self, phone_raw: str, *, limit: int = 5) -> list[s.SmsMessage]:
        """The latest messages 'sent' to a number: what reached its handset in the messaging sandbox, or
        the console SMS outbox. Never in production."""
        if self.settings.is_production:
            raise NotFound(Message("errors_auth.not_available"))
        phone = parse_phone(phone_raw)
        if self.settings.messaging_sandbox:
            received = await sandbox_handset(self.services.runtime, phone)
            return [
                s.SmsMessage(
                    phone_masked=mask_phone(phone[-4:]),
                    body=item["text"],
                    created_at=datetime.fromisoformat(item["received_at"]),
                )
                for item in reversed(received[-limit:])
            ]
        rows = await self.session.scalars(
            sa.select(m.SmsOutbox)
            .where(m.SmsOutbox.phone_blind_index == self._phone_index(phone))
            .order_by(m.SmsOutbox.created_at.desc())
            .limit(limit)
        )
        return [s.SmsMessage(phone_masked=r.phone_masked, body=r.body, created_at=r.created_at) for r in rows]


def _network(ip: str) -> str:
    """Whom the per-IP ceiling counts: the IPv4 address (NAT shares it), or the IPv6 /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(address)

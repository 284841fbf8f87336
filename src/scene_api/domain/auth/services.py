"""Sign-in rules: phone OTP, rotating refresh tokens, access-token checks."""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import pyotp
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth import schemas as s
from scene_api.i18n import Message
from scene_api.lib.crypto import PiiCipher, blind_index, mask_phone, new_token, token_hash
from scene_api.lib.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from scene_api.lib.phones import parse_phone
from scene_api.lib.ratelimit import RateLimiter
from scene_api.lib.timezone import utcnow
from scene_api.lib.tokens import issue_access_token, read_access_token

if TYPE_CHECKING:
    from scene_api.services import Services

NOT_INVITED_SMS = "Scene is invite-only. Ask a member for an invite code, then sign up with it."
SUSPENDED_SMS = "Your Scene account is suspended. Reply to support@scene.pk if you think this is a mistake."
CODE_SMS = "{code} is your Scene code. It expires in 5 minutes. Never share it."
WRONG_CODE = Message("errors_auth.wrong_code")
SUSPENDED = Message("errors_auth.suspended")


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

    async def request_otp(self, request: s.OtpRequest, *, ip: str) -> s.OtpChallenge:
        """Send a code by SMS. The answer is the same whether or not the number is a member."""
        phone = parse_phone(request.phone)
        phone_index = self._phone_index(phone)
        invite_code = request.invite_code.strip().upper() if request.invite_code else None
        if invite_code is not None:
            await self.services.invites.find_redeemable(invite_code)
        await self.limits.hit(
            f"otp:ip:{ip}",
            limit=self.settings.otp_max_per_ip_per_hour,
            window_seconds=3600,
            message=Message("errors_auth.too_many_codes_network"),
        )
        await self.limits.start_cooldown(
            f"otp:phone:{phone_index}",
            seconds=self.settings.otp_resend_cooldown_seconds,
            message=Message("errors_auth.code_just_sent"),
        )
        await self.limits.hit(
            f"otp:phone:{phone_index}",
            limit=self.settings.otp_max_per_phone_per_hour,
            window_seconds=3600,
            message=Message("errors_auth.too_many_codes_number"),
        )
        member = await self.session.scalar(sa.select(m.User).where(m.User.phone_blind_index == phone_index))
        code = pyotp.HOTP(pyotp.random_base32()).at(0)
        if member is None and invite_code is None:
            body, code = NOT_INVITED_SMS, secrets.token_hex(8)
        elif member is not None and member.status == m.UserStatus.SUSPENDED:
            body, code = SUSPENDED_SMS, secrets.token_hex(8)
        else:
            body = CODE_SMS.format(code=code)
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
        self.services.jobs.add(
            "send_sms", key=f"sms:otp:{challenge_id}", phone_ciphertext=phone_ciphertext, body=body
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
        await self.session.flush()
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
        live_family = (
            sa.select(m.RefreshToken.id)
            .where(
                m.RefreshToken.family_id == claims.family_id,
                m.RefreshToken.user_id == claims.user_id,
                m.RefreshToken.revoked_at.is_(None),
            )
            .exists()
        )
        member = await self.session.scalar(sa.select(m.User).where(m.User.id == claims.user_id, live_family))
        if member is None:
            raise NotAuthenticated(Message("errors_auth.session_ended"))
        if member.status != m.UserStatus.ACTIVE:
            raise PermissionDenied(SUSPENDED, code="account_suspended")
        return Principal(user=member, family_id=claims.family_id)

    def account(self, member: m.User) -> s.Account:
        return s.Account(
            id=member.id,
            handle=member.handle,
            name=member.name,
            phone=self.cipher.decrypt(member.phone_ciphertext),
            role=member.role,
            status=member.status,
            invite_quota=member.invite_quota,
            profile_complete=bool(member.name),
        )

    async def dev_outbox(self, phone_raw: str, *, limit: int = 5) -> list[s.SmsMessage]:
        """The latest messages 'sent' to a number by the development SMS sender. Never in production."""
        if self.settings.is_production:
            raise NotFound(Message("errors_auth.not_available"))
        rows = await self.session.scalars(
            sa.select(m.SmsOutbox)
            .where(m.SmsOutbox.phone_blind_index == self._phone_index(parse_phone(phone_raw)))
            .order_by(m.SmsOutbox.created_at.desc())
            .limit(limit)
        )
        return [s.SmsMessage(phone_masked=r.phone_masked, body=r.body, created_at=r.created_at) for r in rows]

"""Invite rules: a quota per member, codes with share links, redemption with the inviter's vouch."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth import schemas as s
from scene_api.domain.auth.roles import is_admin
from scene_api.domain.quotas import lock_member
from scene_api.i18n import Message, words
from scene_api.lib.crypto import new_code
from scene_api.lib.errors import Conflict, InvalidInput, PermissionDenied
from scene_api.lib.rows import lock_one
from scene_api.lib.timezone import utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

INVALID_INVITE = Message("errors_auth.invalid_invite")
ADMINS_GRANT = Message("errors_auth.admins_grant")


class InviteService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    def to_schema(self, invite: m.Invite) -> s.Invite:
        return s.Invite(
            id=invite.id,
            code=invite.code,
            share_url=f"{self.services.settings.public_url}/join/{invite.code}",
            status=invite.status,
            note=invite.note,
            created_at=invite.created_at,
            expires_at=invite.expires_at,
            redeemed_at=invite.redeemed_at,
            invitee_id=invite.invitee_id,
        )

    async def quota(self, actor: m.User) -> s.InviteQuota:
        used = await self._used(actor.id)
        return s.InviteQuota(quota=actor.invite_quota, used=used, remaining=max(actor.invite_quota - used, 0))

    async def _used(self, inviter_id: UUID) -> int:
        """Active and redeemed invites count against the quota; revoking one gives it back."""
        count = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(m.Invite)
            .where(m.Invite.inviter_id == inviter_id, m.Invite.status != m.InviteStatus.REVOKED)
        )
        return int(count or 0)

    async def create(self, actor: m.User, request: s.InviteCreate) -> s.Invite:
        """Counted under the inviter's row lock, so invites created at once cannot both take the last one."""
        inviter = await lock_member(self.session, actor.id)
        if not inviter.can_invite:
            raise PermissionDenied(Message("errors_auth.invites_paused"))
        if await self._used(inviter.id) >= inviter.invite_quota:
            raise Conflict(Message("errors_auth.no_invites_left"), code="invite_quota_reached")
        invite = m.Invite(code=new_code(8), inviter_id=actor.id, note=request.note.strip())
        self.session.add(invite)
        await self.services.flush()
        return self.to_schema(invite)

    async def list_mine(self, actor: m.User) -> list[s.Invite]:
        invites = await self.session.scalars(
            sa.select(m.Invite).where(m.Invite.inviter_id == actor.id).order_by(m.Invite.created_at.desc())
        )
        return [self.to_schema(invite) for invite in invites]

    async def revoke(self, actor: m.User, invite_id: UUID) -> s.Invite:
        invite = await lock_one(
            self.session,
            m.Invite,
            m.Invite.id == invite_id,
            m.Invite.inviter_id == actor.id,
            missing=Message("errors_auth.no_such_invite"),
        )
        if invite.status != m.InviteStatus.ACTIVE:
            raise Conflict(Message("errors_auth.invite_already", status=words.status(invite.status)))
        invite.status = m.InviteStatus.REVOKED
        return self.to_schema(invite)

    async def find_redeemable(self, code: str, *, lock: bool = False) -> m.Invite:
        query = (
            sa.select(m.Invite)
            .join(m.User, m.User.id == m.Invite.inviter_id)
            .where(
                m.Invite.code == code.strip().upper(),
                m.Invite.status == m.InviteStatus.ACTIVE,
                sa.or_(m.Invite.expires_at.is_(None), m.Invite.expires_at > utcnow()),
                m.User.status == m.UserStatus.ACTIVE,
            )
        )
        invite = await self.session.scalar(query.with_for_update(of=m.Invite) if lock else query)
        if invite is None:
            raise InvalidInput(INVALID_INVITE, code="invite_invalid", field="invite_code")
        return invite

    async def redeem(self, invite: m.Invite, member: m.User) -> None:
        """Record who invited whom; the inviter's vouch comes with the invite."""
        invite.status = m.InviteStatus.REDEEMED
        invite.invitee_id = member.id
        invite.redeemed_at = utcnow()
        self.session.add(
            m.Vouch(
                voucher_id=invite.inviter_id, vouchee_id=member.id, note="Invited to Scene", from_invite=True
            )
        )

    async def grant(self, admin: m.User, member_id: UUID, request: s.InviteGrant) -> s.InviteQuota:
        if not is_admin(admin):
            raise PermissionDenied(ADMINS_GRANT)
        member = await lock_one(
            self.session, m.User, m.User.id == member_id, missing=Message("errors_auth.no_such_member")
        )
        member.invite_quota += request.extra_invites
        self.services.audit.record(
            admin, "invites.grant", "user", member.id, {"extra_invites": request.extra_invites}
        )
        return await self.quota(member)

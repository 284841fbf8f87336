"""What goes in and out of sign-in, tokens and invites."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scene_api.db import models as m

Phone = Annotated[
    str, msgspec.Meta(min_length=1, max_length=32, description="Mobile number, e.g. 0300 1234567")
]
InviteCode = Annotated[str, msgspec.Meta(min_length=4, max_length=16)]
OtpCode = Annotated[str, msgspec.Meta(pattern=r"^\d{6}$", description="The 6-digit code from the SMS")]


class OtpRequest(msgspec.Struct, forbid_unknown_fields=True):
    phone: Phone
    invite_code: InviteCode | None = None


class OtpChallenge(msgspec.Struct):
    challenge_id: UUID
    expires_in: int
    resend_in: int
    phone_masked: str


class OtpVerify(msgspec.Struct, forbid_unknown_fields=True):
    challenge_id: UUID
    code: OtpCode


class AccountRecord(msgspec.Struct):
    """A member's account as the two who may see it whole see it (the member, an admin): who they
    are, their phone unmasked, their role and status. `Account` and the admin's `AdminMember` add
    what each of them is shown besides."""

    id: UUID
    handle: str
    name: str
    phone: str
    role: m.UserRole
    status: m.UserStatus


class Account(AccountRecord):
    """The signed-in member's own view of their account (phone unmasked: it is theirs)."""

    invite_quota: int
    profile_complete: bool


class Session(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    account: Account
    token_type: str = "Bearer"  # noqa: S105  (the OAuth token type, not a secret)
    new_member: bool = False


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, msgspec.Meta(min_length=20, max_length=200)]


class Invite(msgspec.Struct):
    id: UUID
    code: str
    share_url: str
    status: m.InviteStatus
    note: str
    created_at: datetime
    expires_at: datetime | None
    redeemed_at: datetime | None
    invitee_id: UUID | None


class InviteCreate(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=80)] = ""


class InviteGrant(msgspec.Struct, forbid_unknown_fields=True):
    extra_invites: Annotated[int, msgspec.Meta(ge=1, le=100)]


class InviteQuota(msgspec.Struct):
    quota: int
    used: int
    remaining: int


class SmsMessage(msgspec.Struct):
    phone_masked: str
    body: str
    created_at: datetime

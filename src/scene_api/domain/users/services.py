"""Member rules: who sees whom, searching members, profiles with private fields, editing one's own."""

from __future__ import annotations

import asyncio
import re
import uuid
from functools import cache
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

import msgspec
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin
from scene_api.domain.trust.levels import circles_in_common, trust_level, vouches_given, vouches_received
from scene_api.domain.users import schemas as s
from scene_api.domain.users.visibility import member_visible, members_visible_with
from scene_api.i18n import Message
from scene_api.lib.crypto import PiiCipher, mask_phone
from scene_api.lib.errors import InvalidInput, NotFound
from scene_api.lib.images import OUTPUT_CONTENT_TYPE, square_webps
from scene_api.lib.media import media_url
from scene_api.lib.pagination import Page, clamp_limit, decode_cursor, page_of
from scene_api.lib.updates import fields_set

if TYPE_CHECKING:
    from scene_api.services import Services

HANDLE = re.compile(r"[a-z0-9_]{3,30}")
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_SIZE = 512
THUMBNAIL_SIZE = 128
NO_SUCH_MEMBER = Message("errors_users.no_such_member")


def avatar_key(user_id: UUID, version: str, size: int) -> str:
    """Each upload gets a new version folder, so cached copies of the old picture never linger."""
    return f"avatars/{user_id}/{version}/{size}.webp"


def thumbnail_key(key: str | None) -> str | None:
    """The 128 px copy of an uploaded avatar; other pictures (seeded SVGs) serve as their own."""
    suffix = f"/{AVATAR_SIZE}.webp"
    return key.removesuffix(suffix) + f"/{THUMBNAIL_SIZE}.webp" if key and key.endswith(suffix) else key


ProfileKey = Literal["id", "handle"]
VIEWER_ID: sa.BindParameter[UUID] = sa.bindparam("viewer_id")


@cache
def profile_statement(by: ProfileKey, *, admin: bool) -> sa.Select[m.User, int, int, int]:
    """A member's profile row (found by id or handle, the `member` parameter) with their vouch counts and
    the circles they share with the viewer (`viewer_id`), if the viewer may see them. Built once per
    shape: building it per request cost a fifth of a profile request's CPU (bench/RESULTS.md, section 11)."""
    key = m.User.id if by == "id" else m.User.handle
    return sa.select(
        m.User,
        vouches_received(m.User.id),
        vouches_given(m.User.id),
        circles_in_common(VIEWER_ID, m.User.id),
    ).where(key == sa.bindparam("member"), members_visible_with(VIEWER_ID, admin=admin))


def member_card(user: m.User, received: int) -> s.Member:
    """`received` is the member's vouch count, selected with `vouches_received(...)`."""
    return s.Member(
        id=user.id,
        handle=user.handle,
        name=user.name,
        avatar_url=media_url(thumbnail_key(user.avatar_key)),
        city=user.city,
        trust_level=trust_level(received),
        open_to_join=user.open_to_join,
    )


class UserService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.cipher = PiiCipher(services.settings.pii_keys)

    async def search(
        self,
        actor: m.User,
        *,
        text: str | None = None,
        city: m.City | None = None,
        interest: m.ActivityType | None = None,
        open_to_join: bool = False,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[s.Member]:
        """Members by handle, matching `text` in their name or handle; hidden ones never show.
        `open_to_join` keeps those who say they are up for joining games."""
        size = clamp_limit(limit)
        query = sa.select(m.User, vouches_received(m.User.id)).where(member_visible(actor))
        handle: sa.ColumnElement[str] = m.User.handle.expression
        if text and (phrase := text.strip().removeprefix("@")):
            # Matched and sorted as text (handles are lower case, so the order is the same): the trigram
            # indexes find the matches, rather than a walk of the whole handle index in handle order.
            handle = sa.cast(m.User.handle, sa.Text)
            query = query.where(
                sa.or_(
                    m.User.name.icontains(phrase, autoescape=True),
                    handle.icontains(phrase, autoescape=True),
                )
            )
        if city is not None:
            query = query.where(m.User.city == city)
        if interest is not None:
            query = query.where(m.User.interests.contains([interest.value]))
        if open_to_join:
            query = query.where(m.User.open_to_join.is_(True))
        if cursor:
            (after,) = decode_cursor(cursor, 1)
            query = query.where(handle > after)
        rows = (await self.session.execute(query.order_by(handle).limit(size + 1))).tuples().all()
        return page_of(rows, size, lambda row: member_card(*row), lambda row: (row[0].handle,))

    async def find_visible(self, actor: m.User, user_id: UUID) -> m.User:
        """The member `actor` may see, else 404: blocked and suspended members do not exist for them."""
        member = await self.session.scalar(
            sa.select(m.User).where(m.User.id == user_id, member_visible(actor))
        )
        if member is None:
            raise NotFound(NO_SUCH_MEMBER)
        return member

    async def find_active(self, actor: m.User, user_id: UUID, *, field: str) -> m.User:
        """A visible member who can take part: admins see suspended members, but nobody vouches for or
        adds them to a circle."""
        member = await self.find_visible(actor, user_id)
        if member.status != m.UserStatus.ACTIVE:
            raise InvalidInput(Message("errors_users.member_suspended"), field=field)
        return member

    async def profile(self, actor: m.User, user_id: UUID) -> s.Profile:
        return await self._profile(actor, "id", user_id)

    async def profile_by_handle(self, actor: m.User, handle: str) -> s.Profile:
        return await self._profile(actor, "handle", handle.strip().removeprefix("@"))

    async def _profile(self, actor: m.User, by: ProfileKey, value: object) -> s.Profile:
        statement = profile_statement(by, admin=is_admin(actor))
        row = (await self.session.execute(statement, {"viewer_id": actor.id, "member": value})).first()
        if row is None:
            raise NotFound(NO_SUCH_MEMBER)
        member, received, given, in_common = row
        is_me = member.id == actor.id
        private = is_me or is_admin(actor)
        return s.Profile(
            id=member.id,
            handle=member.handle,
            name=member.name,
            bio=member.bio,
            city=member.city,
            gender=member.gender,
            interests=[m.ActivityType(kind) for kind in member.interests],
            skill_levels={m.ActivityType(kind): level for kind, level in member.skill_levels.items()},
            open_to_join=member.open_to_join,
            locale=member.locale,
            avatar_url=media_url(member.avatar_key),
            avatar_thumb_url=media_url(thumbnail_key(member.avatar_key)),
            phone=self.cipher.decrypt(member.phone_ciphertext) if private else mask_phone(member.phone_last4),
            lat=member.lat if private else None,
            lng=member.lng if private else None,
            trust_level=trust_level(received),
            vouches_received=received,
            vouches_given=given,
            circles_in_common=None if is_me else in_common,
            joined_at=member.created_at,
            is_me=is_me,
        )

    async def update_profile(self, actor: m.User, request: s.ProfileUpdate) -> s.Profile:
        """Change only what `ProfileUpdate` lists; a handle someone else has is a 409 from the database."""
        for name, value in _profile_changes(request).items():
            setattr(actor, name, value)
        await self.services.flush()
        return await self.profile(actor, actor.id)

    async def set_avatar(self, actor: m.User, picture: bytes) -> s.Profile:
        """Store a 512 px square and a 128 px thumbnail; the original upload is never kept."""
        if len(picture) > AVATAR_MAX_BYTES:
            raise InvalidInput(Message("errors_users.picture_too_big"), field="file")
        await self.services.commit()  # no transaction open while the picture is made and stored
        squares = await asyncio.to_thread(square_webps, picture, (AVATAR_SIZE, THUMBNAIL_SIZE))
        version = uuid.uuid4().hex[:12]
        for size, body in squares.items():
            await self.services.runtime.storage.put(
                avatar_key(actor.id, version, size), body, OUTPUT_CONTENT_TYPE
            )
        self._forget_avatar(actor)
        actor.avatar_key = avatar_key(actor.id, version, AVATAR_SIZE)
        return await self.profile(actor, actor.id)

    async def remove_avatar(self, actor: m.User) -> s.Profile:
        self._forget_avatar(actor)
        actor.avatar_key = None
        return await self.profile(actor, actor.id)

    def _forget_avatar(self, actor: m.User) -> None:
        """Delete an uploaded picture once the change is committed (seeded pictures are shared)."""
        thumbnail = thumbnail_key(actor.avatar_key)
        if actor.avatar_key and thumbnail != actor.avatar_key:
            self.services.jobs.add("delete_files", keys=[actor.avatar_key, thumbnail])


def _profile_changes(request: s.ProfileUpdate) -> dict[str, Any]:
    """The columns to set, normalised; refuses values the schema alone cannot judge."""
    changes = fields_set(request)
    for field in ("name", "bio"):
        if field in changes:
            changes[field] = changes[field].strip()
    if changes.get("name") == "":
        raise InvalidInput(Message("errors_users.name_empty"), field="name")
    if "handle" in changes:
        changes["handle"] = changes["handle"].strip().lower()
        if not HANDLE.fullmatch(changes["handle"]):
            raise InvalidInput(Message("errors_users.handle_format"), field="handle")
    if "interests" in changes:
        changes["interests"] = list(dict.fromkeys(kind.value for kind in changes["interests"]))
    if "skill_levels" in changes:
        changes["skill_levels"] = {kind.value: level for kind, level in changes["skill_levels"].items()}
    if "lat" in changes or "lng" in changes:
        lat, lng = changes.get("lat", msgspec.UNSET), changes.get("lng", msgspec.UNSET)
        if lat is msgspec.UNSET or lng is msgspec.UNSET or (lat is None) != (lng is None):
            missing = "lng" if lng is msgspec.UNSET or lng is None else "lat"
            raise InvalidInput(Message("errors_users.location_pair"), field=missing)
    return changes

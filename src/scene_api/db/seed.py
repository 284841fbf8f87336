"""The demo data: reads the YAML files in `seeds/` and upserts them, so loading twice changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, cast
from uuid import UUID

import msgspec
import sqlalchemy as sa
import yaml

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.db.base import Base
from scene_api.lib.avatars import (
    SVG_CONTENT_TYPE,
    avatar_key,
    avatar_svg,
    venue_cover_key,
    venue_cover_svg,
)
from scene_api.lib.crypto import CODE_ALPHABET, PiiCipher, blind_index
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_api.runtime import Runtime
from scene_api.services import Services, provide_services

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"
"""The repository's `seeds/` folder: the demo data is data files, kept apart from the code."""

Row = TypeVar("Row", bound=Base)
Seed = TypeVar("Seed", bound="_Seed")

Handle = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_]{3,30}$")]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9-]{3,24}$")]
DemoPhone = Annotated[str, msgspec.Meta(pattern=r"^\+923\d{9}$")]
InviteCode = Annotated[str, msgspec.Meta(pattern=f"^[{CODE_ALPHABET}]{{8}}$")]
LocalTime = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
SkillLevel = Annotated[int, msgspec.Meta(ge=1, le=5)]
DayMinute = Annotated[int, msgspec.Meta(ge=0, le=2880)]
"""Minutes after local midnight; closing times may pass midnight (1500 = 01:00 the next day)."""
Rupees = Annotated[int, msgspec.Meta(ge=0)]
Positive = Annotated[int, msgspec.Meta(gt=0)]


class _Seed(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A record of a seed file; unknown keys are refused so a typo cannot be silently ignored."""


class Invitation(_Seed):
    handle: Handle
    code: InviteCode
    note: str = ""


class MemberSeed(_Seed):
    handle: Handle
    name: str
    phone: DemoPhone
    city: m.City
    lat: float
    lng: float
    role: m.UserRole = m.UserRole.MEMBER
    gender: m.Gender = m.Gender.UNDISCLOSED
    open_to_join: bool = False
    bio: str = ""
    skill_levels: dict[m.ActivityType, SkillLevel] = {}
    invited_by: Invitation | None = None
    spare_invites: list[InviteCode] = []
    invite_quota: Annotated[int, msgspec.Meta(ge=0)] | None = None
    """Default: the `invite_quota` setting. Redeemed and spare invites both count against it."""
    locale: Literal["en", "ur"] = "en"
    """The language they read Scene in; set when the member is created (they may change it)."""


class VouchSeed(_Seed):
    voucher: Handle
    vouchee: Handle
    note: str = ""


class UsersFile(_Seed):
    users: list[MemberSeed]
    vouches: list[VouchSeed] = []


class CourtSeed(_Seed):
    name: str
    indoor: bool = False


class HoursSeed(_Seed):
    weekday: Annotated[int, msgspec.Meta(ge=0, le=6)]
    opens: DayMinute
    closes: DayMinute


class PriceSeed(_Seed):
    minutes: Literal[60, 90, 120]
    price_pkr: Rupees
    peak_price_pkr: Rupees


class PeakSeed(_Seed):
    start: DayMinute
    end: DayMinute


class SpecialHoursSeed(_Seed):
    """Hours for one date (`day` days after loading) instead of the weekly ones; none: closed."""

    day: Positive
    note: Annotated[str, msgspec.Meta(min_length=1)]
    """What a member reads on the venue page; also how a later load finds the row again."""
    opens: DayMinute | None = None
    closes: DayMinute | None = None


class VenueSeed(_Seed):
    slug: Slug
    name: str
    owner: Handle
    area: str
    address: str
    city: m.City
    lat: float
    lng: float
    courts: list[CourtSeed]
    opening_hours: list[HoursSeed]
    prices: list[PriceSeed]
    contact_phone: str = ""
    description: str = ""
    amenities: list[str] = []
    peak: PeakSeed | None = None
    special_hours: list[SpecialHoursSeed] = []


class VenuesFile(_Seed):
    venues: list[VenueSeed]


class _Happening(_Seed):
    """Where and when: at a seeded venue, or at a named place; `day` days after loading, local time."""

    slug: Slug
    host: Handle
    title: str
    day: Positive
    time: LocalTime
    duration_minutes: Positive
    description: str = ""
    venue: str | None = None
    place_name: str = ""
    city: m.City | None = None
    lat: float | None = None
    lng: float | None = None


class ActivitySeed(_Happening, kw_only=True):
    type: m.ActivityType
    capacity: Positive
    skill_min: SkillLevel = 1
    skill_max: SkillLevel = 5
    cost_pkr: Rupees = 0
    audience: m.Audience = m.Audience.MIXED
    auto_approve: bool = False
    auto_approve_trusted: m.TrustedApproval = m.TrustedApproval.NONE
    underfill_cancel_hours: Literal[1, 2] | None = None


class ActivitiesFile(_Seed):
    activities: list[ActivitySeed]


class TierSeed(_Seed):
    name: str
    price_pkr: Rupees
    quantity: Positive
    per_order_limit: Positive
    description: str = ""


class EventSeed(_Happening, kw_only=True):
    featured: bool = False
    allow_pay_at_venue: bool = False
    approval_required: bool = False
    tiers: list[TierSeed]


class EventsFile(_Seed):
    events: list[EventSeed]


class CircleMemberSeed(_Seed):
    handle: Handle
    role: m.CircleRole = m.CircleRole.MEMBER


class CircleSeed(_Seed):
    slug: Slug
    name: str
    owner: Handle
    city: m.City | None = None
    description: str = ""
    private: bool = False
    members: list[CircleMemberSeed] = []


class CirclesFile(_Seed):
    circles: list[CircleSeed]


def read_seed_file(name: str, kind: type[Seed]) -> Seed:
    path = SEEDS_DIR / f"{name}.yaml"
    try:
        return msgspec.convert(yaml.safe_load(path.read_text(encoding="utf-8")), kind)
    except msgspec.ValidationError as error:
        raise ValueError(f"{path}: {error}") from error


@dataclass
class SeedReport:
    """What one load changed, per table, plus the files written to storage."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    files_stored: int = 0

    def summary(self) -> str:
        parts = [
            f"{verb} " + ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in tables.items())
            for verb, tables in (("created", self.created), ("updated", self.updated))
            if tables
        ]
        if not parts:
            parts.append("already loaded")
        if self.files_stored:
            parts.append(f"stored {self.files_stored} files")
        return "; ".join(parts)


def local_moment(today: date, day: int, at: str) -> datetime:
    """`day` days after `today` at the local (Asia/Karachi) time `at`, as UTC for storage."""
    return datetime.combine(today + timedelta(days=day), time.fromisoformat(at), KARACHI).astimezone(UTC)


class _DemoLoader:
    def __init__(self, services: Services, today: date) -> None:
        self.session = services.session
        self.settings = services.settings
        self.storage = services.runtime.storage
        self.cipher = PiiCipher(services.settings.pii_keys)
        self.today = today
        self.report = SeedReport()
        self.users: dict[str, m.User] = {}
        self.venues: dict[str, m.Venue] = {}

    async def upsert(
        self,
        model: type[Row],
        key: dict[str, Any],
        values: dict[str, Any],
        *,
        on_create: dict[str, Any] | None = None,
    ) -> Row:
        """Find the row by its natural key; create it, or change only the values that differ.

        Unchanged rows are never touched, so their `updated_at` stays put. `on_create` holds what
        is only set once: secrets encrypted with a random nonce, counters and states the app
        moves on afterwards (seats taken, an invite being redeemed).
        """
        table = cast("sa.Table", model.__table__).name
        row = await self.session.scalar(sa.select(model).filter_by(**key))
        if row is None:
            row = model(**key, **values, **(on_create or {}))
            self.session.add(row)
            await self.session.flush()
            self.report.created[table] += 1
            return row
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        for name, value in changed.items():
            setattr(row, name, value)
        if changed:
            self.report.updated[table] += 1
        return row

    async def store_svg(self, key: str, body: bytes) -> None:
        stored = await self.storage.get(key)
        if stored is None or stored.body != body or stored.content_type != SVG_CONTENT_TYPE:
            await self.storage.put(key, body, SVG_CONTENT_TYPE)
            self.report.files_stored += 1

    def user(self, handle: str) -> m.User:
        try:
            return self.users[handle]
        except KeyError:
            raise ValueError(
                f"seed data names @{handle}, who is not in users.yaml (or comes later)"
            ) from None

    async def load_members(self, seeds: UsersFile) -> None:
        for member in seeds.users:
            invitation = member.invited_by
            await self.store_svg(avatar_key(member.handle), avatar_svg(member.handle, member.name))
            user = await self.upsert(
                m.User,
                {"phone_blind_index": blind_index(self.settings.blind_index_key, member.phone)},
                {
                    "phone_last4": member.phone[-4:],
                    "handle": member.handle,
                    "name": member.name,
                    "bio": member.bio,
                    "city": member.city,
                    "lat": member.lat,
                    "lng": member.lng,
                    "gender": member.gender,
                    "interests": [activity_type.value for activity_type in member.skill_levels],
                    "skill_levels": {kind.value: level for kind, level in member.skill_levels.items()},
                    "open_to_join": member.open_to_join,
                    "role": member.role,
                    "avatar_key": avatar_key(member.handle),
                    "invited_by_id": self.user(invitation.handle).id if invitation else None,
                },
                on_create={
                    "phone_ciphertext": self.cipher.encrypt(member.phone),
                    "invite_quota": self.invite_quota(member),
                    "locale": member.locale,
                },
            )
            self.users[member.handle] = user
            if invitation:
                await self.upsert(
                    m.Invite,
                    {"code": invitation.code},
                    {
                        "inviter_id": user.invited_by_id,
                        "invitee_id": user.id,
                        "status": m.InviteStatus.REDEEMED,
                        "note": invitation.note,
                    },
                    on_create={"redeemed_at": utcnow()},
                )
            for code in member.spare_invites:
                await self.upsert(
                    m.Invite,
                    {"code": code},
                    {"inviter_id": user.id},
                    on_create={"status": m.InviteStatus.ACTIVE},
                )

    def invite_quota(self, member: MemberSeed) -> int:
        return self.settings.invite_quota if member.invite_quota is None else member.invite_quota

    def check_invite_quotas(self, seeds: UsersFile) -> None:
        """The app counts redeemed and spare invites against a member's quota; the data must fit it."""
        issued = Counter(member.invited_by.handle for member in seeds.users if member.invited_by)
        for member in seeds.users:
            quota = self.invite_quota(member)
            if issued[member.handle] + len(member.spare_invites) > quota:
                raise ValueError(f"users.yaml: @{member.handle} has more invites than their quota of {quota}")

    async def load_vouches(self, seeds: UsersFile) -> None:
        """The vouch each invite came with, then the others; a pair listed twice is a data error."""
        vouches: dict[tuple[str, str], tuple[str, bool]] = {}
        for member in seeds.users:
            if member.invited_by:
                vouches[member.invited_by.handle, member.handle] = (member.invited_by.note, True)
        for vouch in seeds.vouches:
            pair = (vouch.voucher, vouch.vouchee)
            if pair in vouches or vouch.voucher == vouch.vouchee:
                raise ValueError(f"users.yaml: vouch {pair} is a repeat or a self-vouch")
            vouches[pair] = (vouch.note, False)
        for (voucher, vouchee), (note, from_invite) in vouches.items():
            await self.upsert(
                m.Vouch,
                {"voucher_id": self.user(voucher).id, "vouchee_id": self.user(vouchee).id},
                {"note": note, "from_invite": from_invite},
            )

    async def load_venues(self, seeds: VenuesFile) -> None:
        for seed in seeds.venues:
            venue = await self.upsert(
                m.Venue,
                {"slug": seed.slug},
                {
                    "owner_id": self.user(seed.owner).id,
                    "name": seed.name,
                    "description": seed.description,
                    "address": seed.address,
                    "city": seed.city.value,
                    "lat": seed.lat,
                    "lng": seed.lng,
                    "amenities": seed.amenities,
                    "contact_phone": seed.contact_phone,
                    "peak_start_minute": seed.peak.start if seed.peak else None,
                    "peak_end_minute": seed.peak.end if seed.peak else None,
                },
            )
            self.venues[seed.slug] = venue
            for court in seed.courts:
                await self.upsert(
                    m.Court,
                    {"venue_id": venue.id, "name": court.name},
                    {"sport": m.ActivityType.PADEL, "indoor": court.indoor},
                )
            for hours in seed.opening_hours:
                await self.upsert(
                    m.OpeningHours,
                    {"venue_id": venue.id, "weekday": hours.weekday},
                    {"opens_minute": hours.opens, "closes_minute": hours.closes},
                )
            for price in seed.prices:
                await self.upsert(
                    m.PriceRule,
                    {"venue_id": venue.id, "duration_minutes": price.minutes},
                    {"price_pkr": price.price_pkr, "peak_price_pkr": price.peak_price_pkr},
                )
            for special in seed.special_hours:
                await self.upsert(  # found by its note, so that a later load moves the date
                    m.SpecialHours,
                    {"venue_id": venue.id, "note": special.note},
                    {
                        "day": self.today + timedelta(days=special.day),
                        "closed": special.opens is None,
                        "opens_minute": special.opens,
                        "closes_minute": special.closes,
                    },
                )
            cover = venue_cover_key(seed.slug)
            await self.store_svg(cover, venue_cover_svg(seed.slug, seed.name, seed.area, seed.city.value))
            await self.upsert(
                m.VenuePhoto,
                {"venue_id": venue.id, "key": cover},
                {"caption": f"{seed.name}, {seed.area}", "position": 0},
            )

    def place_and_time(self, seed: _Happening) -> dict[str, Any]:
        """Place and time columns shared by activities and events."""
        starts_at = local_moment(self.today, seed.day, seed.time)
        when = {"starts_at": starts_at, "ends_at": starts_at + timedelta(minutes=seed.duration_minutes)}
        if seed.venue is None:
            return when | {
                "venue_id": None,
                "place_name": seed.place_name,
                "city": seed.city.value if seed.city else None,
                "lat": seed.lat,
                "lng": seed.lng,
            }
        try:
            venue = self.venues[seed.venue]
        except KeyError:
            raise ValueError(f"{seed.slug} is at {seed.venue}, which is not in venues.yaml") from None
        return when | {
            "venue_id": venue.id,
            "place_name": venue.name,
            "city": venue.city,
            "lat": venue.lat,
            "lng": venue.lng,
        }

    async def load_activities(self, seeds: ActivitiesFile) -> None:
        for seed in seeds.activities:
            await self.upsert(
                m.Activity,
                {"slug": seed.slug},
                {
                    "host_id": self.user(seed.host).id,
                    "type": seed.type,
                    "title": seed.title,
                    "description": seed.description,
                    **self.place_and_time(seed),
                    "capacity": seed.capacity,
                    "skill_min": seed.skill_min,
                    "skill_max": seed.skill_max,
                    "cost_pkr": seed.cost_pkr,
                    "visibility": m.Visibility.PUBLIC,
                    "audience": seed.audience,
                    "auto_approve": seed.auto_approve,
                    "auto_approve_trusted": seed.auto_approve_trusted,
                    "underfill_cancel_hours": seed.underfill_cancel_hours,
                },
                on_create={"seats_taken": 0, "status": m.ActivityStatus.OPEN},
            )

    async def load_events(self, seeds: EventsFile) -> None:
        for seed in seeds.events:
            event = await self.upsert(
                m.Event,
                {"slug": seed.slug},
                {
                    "host_id": self.user(seed.host).id,
                    "title": seed.title,
                    "description": seed.description,
                    **self.place_and_time(seed),
                    "visibility": m.Visibility.PUBLIC,
                    "approval_required": seed.approval_required,
                    "allow_pay_at_venue": seed.allow_pay_at_venue,
                    "capacity": sum(tier.quantity for tier in seed.tiers),
                    "featured": seed.featured,
                },
                on_create={"tickets_sold": 0, "status": m.EventStatus.PUBLISHED},
            )
            for position, tier in enumerate(seed.tiers):
                await self.upsert(
                    m.TicketTier,
                    {"event_id": event.id, "name": tier.name},
                    {
                        "description": tier.description,
                        "price_pkr": tier.price_pkr,
                        "quantity": tier.quantity,
                        "per_order_limit": tier.per_order_limit,
                        "position": position,
                    },
                    on_create={"sold": 0},
                )

    async def load_circles(self, seeds: CirclesFile) -> None:
        for seed in seeds.circles:
            owner = self.user(seed.owner)
            circle = await self.upsert(
                m.Circle,
                {"slug": seed.slug},
                {
                    "owner_id": owner.id,
                    "name": seed.name,
                    "description": seed.description,
                    "is_private": seed.private,
                    "city": seed.city.value if seed.city else None,
                },
            )
            roles: dict[UUID, m.CircleRole] = {owner.id: m.CircleRole.OWNER}
            for member in seed.members:
                roles[self.user(member.handle).id] = member.role
            for user_id, role in roles.items():
                await self.upsert(
                    m.CircleMember, {"circle_id": circle.id, "user_id": user_id}, {"role": role}
                )


async def load_demo_data(services: Services, today: date | None = None) -> SeedReport:
    """Upsert the demo data into the services' unit of work (the caller commits).

    Activity and event times count days from `today` (default: today in Pakistan), so a load
    on a later day moves them forward and they stay upcoming. Avatars and venue covers are
    written to storage before the commit; they are the same bytes on every run, so a rolled
    back load leaves nothing wrong behind.
    """
    users = read_seed_file("users", UsersFile)
    loader = _DemoLoader(services, today or to_local(utcnow()).date())
    loader.check_invite_quotas(users)
    await loader.load_members(users)
    await loader.load_vouches(users)
    await loader.load_venues(read_seed_file("venues", VenuesFile))
    await loader.load_activities(read_seed_file("activities", ActivitiesFile))
    await loader.load_events(read_seed_file("events", EventsFile))
    await loader.load_circles(read_seed_file("circles", CirclesFile))
    return loader.report


async def seed_demo_data(settings: Settings) -> str:
    """Load the demo data in one unit of work; the one-line summary is what `scene seed` prints."""
    runtime = await Runtime.open(settings)
    try:
        async with provide_services(runtime) as services:
            report = await load_demo_data(services)
    finally:
        await runtime.close()
    return report.summary()

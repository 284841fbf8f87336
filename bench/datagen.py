"""Large-data generator: members, venues, courts, activities, join requests and bookings, loaded with COPY.

    uv run python bench/datagen.py                 # the issue's sizes (scale 1)
    uv run python bench/datagen.py --scale 0.05    # a small copy for trying things out

At scale 1: 100k members, 50k activities, 2k venues with 8k courts, 1M bookings, 500k join
requests, plus what makes the hot queries realistic: 150k vouches (one per invite, then random
pairs), 1k circles with 20k members, 1k blocks, opening hours, prices, cover photos, special
hours and blackouts. Each count scales linearly (venues, courts and circles included).

The database (`scene_bench`, dropped and created again) is built by the real Alembic migrations;
the rows go in with asyncpg's binary COPY (`copy_records_to_table`), one table after another, and
every table prints its rows per second. Foreign-key triggers are off while loading
(`session_replication_role = replica`, the usual bulk-load switch); every foreign key is then
checked with one anti-join per constraint, so a dangling reference fails the run. CHECK, UNIQUE
and EXCLUDE constraints stay on throughout: the rows are generated to satisfy them.

- Reproducible: the same `--seed` and `--anchor` (local date the data is centred on; default
  today) give the same rows, ids included (UUIDv7 built from the row's creation time and the
  seeded generator). Only phone ciphertexts differ: Fernet adds its own random IV and timestamp.
- Phones: each member has a distinct +92 3XX number, stored as the app stores it: a real Fernet
  ciphertext (`lib/crypto.PiiCipher`, ~7 us each, so no process pool is needed) and an HMAC blind
  index (`blind_index`) with the development keys the API's settings use.
- Bookings: each court gets a run of sequential, non-overlapping slots on the half-hour grid inside
  its venue's opening hours from 20 days before the anchor to ~12 days after; statuses follow the
  time (past: checked in, no-show, cancelled, expired, confirmed; future: confirmed, cancelled,
  expired, a few held), so the exclusion constraint holds whatever the status.
- Join requests: distinct members per activity (never its host), decided in arrival order:
  approved while seats remain, then waitlisted; `seats_taken` is the number approved.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any
from uuid import UUID

import asyncpg
from _common import asyncpg_dsn, servers
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url
from sqlalchemy.schema import AddConstraint, CreateIndex

from scene_api.config import Settings
from scene_api.db import migrate
from scene_api.db.base import metadata
from scene_api.db.models import City
from scene_api.lib.cities import CITY_CENTRES
from scene_api.lib.crypto import CODE_ALPHABET, PiiCipher, blind_index
from scene_api.lib.timezone import KARACHI

SIZES = {
    "users": 100_000,
    "activities": 50_000,
    "venues": 2_000,
    "courts": 8_000,
    "bookings": 1_000_000,
    "join_requests": 500_000,
    "vouches": 150_000,
    "circles": 1_000,
    "circle_members": 20_000,
    "blocks": 1_000,
}
"""Rows at scale 1 (the issue's sizes, and the supporting tables)."""
DEFAULT_SEED = 20261126
VENUE_OWNERS_PER_VENUE = 0.25
BOOKING_DAYS_BEFORE, BOOKING_DAYS_AFTER = 20, 12
ACTIVITY_DAYS_BEFORE, ACTIVITY_DAYS_AFTER = 60, 30

CITY_WEIGHTS = {
    "Lahore": 30,
    "Karachi": 30,
    "Islamabad": 14,
    "Rawalpindi": 8,
    "Faisalabad": 7,
    "Peshawar": 6,
    "Multan": 5,
}
AREAS = ["Gulberg", "DHA", "Johar Town", "Clifton", "F-7", "Bahria Town", "Model Town", "Cantt", "Saddar"]
WOMEN = ["Ayesha", "Fatima", "Zainab", "Hira", "Mahnoor", "Sana", "Amna", "Iqra", "Maryam", "Noor", "Sidra"]
MEN = ["Hamza", "Bilal", "Usman", "Ali", "Ahmed", "Hassan", "Saad", "Fahad", "Omar", "Zain", "Danish", "Asad"]
SURNAMES = [
    "Khan", "Malik", "Qureshi", "Sheikh", "Chaudhry", "Butt", "Raza", "Siddiqui", "Abbasi", "Mirza",
    "Hashmi", "Javed", "Iqbal", "Baloch", "Awan", "Niazi", "Shah",
]  # fmt: skip
ACTIVITY_TYPES = {
    # type: (weight, usual capacity, title)
    "padel": (30, 3, "Padel doubles, need {n} more"),
    "football": (14, 10, "5-a-side football in {area}"),
    "cricket": (12, 12, "Tape-ball cricket, {area}"),
    "futsal": (6, 8, "Futsal night in {area}"),
    "badminton": (6, 3, "Badminton doubles"),
    "tennis": (4, 1, "Tennis singles, looking for a partner"),
    "squash": (3, 1, "Squash, intermediate"),
    "running": (8, 20, "Morning run around {area}"),
    "cycling": (4, 12, "Weekend ride from {area}"),
    "hiking": (4, 15, "Margalla trail {n}"),
    "basketball": (3, 8, "Pickup basketball, {area}"),
    "board_games": (4, 6, "Board games at a cafe in {area}"),
    "gym": (2, 2, "Gym buddy wanted"),
}
INTERESTS = list(ACTIVITY_TYPES)
COURT_SPORTS = ["padel"] * 8 + ["futsal", "tennis", "squash", "badminton"]
AMENITIES = ["parking", "cafe", "showers", "lockers", "floodlights", "pro_shop", "coaching", "prayer_area"]


# --- small helpers ---------------------------------------------------------------------------------


def uuid7(moment: datetime, rng: random.Random) -> UUID:
    """A UUIDv7 (what the models' base uses) for a row created at `moment`, random bits from `rng`."""
    millis = int(moment.timestamp() * 1000) & ((1 << 48) - 1)
    rand = rng.getrandbits(74)
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return UUID(int=value)


def serial_code(number: int, length: int, rng: random.Random) -> str:
    """A code in the app's alphabet: unique `number` in base 32, padded with random letters in front."""
    digits = ""
    while number or not digits:
        number, digit = divmod(number, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[digit] + digits
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(length - len(digits))) + digits


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole parts proportional to `weights`, summing exactly to `total`."""
    scale = total / sum(weights)
    parts = [math.floor(weight * scale) for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: parts[i] - weights[i] * scale)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def near(rng: random.Random, city: str, spread: float = 0.08) -> tuple[float, float]:
    """A point within ~9 km (spread in degrees) of the city centre."""
    lat, lng = CITY_CENTRES[City(city)]
    return round(lat + rng.uniform(-spread, spread), 6), round(lng + rng.uniform(-spread, spread), 6)


class LocalDays:
    """UTC moments of Asia/Karachi midnights, cached (Pakistan keeps UTC+5 all year)."""

    def __init__(self) -> None:
        self.cache: dict[date, datetime] = {}

    def at(self, day: date, minute: int) -> datetime:
        midnight = self.cache.get(day)
        if midnight is None:
            midnight = self.cache[day] = datetime.combine(day, clock(), KARACHI).astimezone(UTC)
        return midnight + timedelta(minutes=minute)


# --- what is generated -----------------------------------------------------------------------------


@dataclass
class Venue:
    id: UUID
    city: str
    lat: float
    lng: float
    name: str
    hours: dict[int, tuple[int, int]]
    """weekday -> (opens, closes) in minutes after local midnight."""
    prices: dict[int, tuple[int, int]]
    """duration -> (off-peak, peak) rupees."""
    peak: tuple[int, int]
    popularity: float


@dataclass
class Activity:
    index: int
    id: UUID
    kind: str
    host: int
    capacity: int
    created_at: datetime
    starts_at: datetime
    past: bool
    open: bool
    requests: int


@dataclass
class World:
    """Everything later tables refer to: ids, cities, venues, activities."""

    seed: int
    sizes: dict[str, int]
    now: datetime
    """The reference moment: local midnight of the anchor day. No row is created after it."""
    cipher: PiiCipher
    blind_key: str
    days: LocalDays = field(default_factory=LocalDays)
    users: list[UUID] = field(default_factory=list)
    user_cities: list[str] = field(default_factory=list)
    inviters: list[int] = field(default_factory=list)
    """Index of the member who invited each member (the first has none: -1)."""
    owners: list[int] = field(default_factory=list)
    circles: list[tuple[UUID, int]] = field(default_factory=list)
    """(circle id, owner index)."""
    venues: list[Venue] = field(default_factory=list)
    courts: list[tuple[UUID, int]] = field(default_factory=list)
    """(court id, venue index)."""
    activities: list[Activity] = field(default_factory=list)

    def rng(self, name: str) -> random.Random:
        """A generator of its own for each table, so one table's changes leave the others alone."""
        return random.Random(f"{self.seed}:{name}")

    def moment(self, rng: random.Random, days_before: float, days_after: float = 0) -> datetime:
        return self.now + timedelta(seconds=rng.uniform(-days_before * 86400, days_after * 86400))


def sizes_at(scale: float) -> dict[str, int]:
    return {table: max(1, round(count * scale)) for table, count in SIZES.items()}


# --- rows, table by table ---------------------------------------------------------------------------

USER_COLUMNS = (
    "id", "phone_ciphertext", "phone_blind_index", "phone_last4", "handle", "name", "bio", "city",
    "lat", "lng", "gender", "interests", "skill_levels", "open_to_join", "role", "status",
    "invite_quota", "can_invite", "invited_by_id", "locale", "last_seen_at", "created_at", "updated_at",
)  # fmt: skip


def users(world: World) -> Iterator[tuple[Any, ...]]:
    rng, count = world.rng("users"), world.sizes["users"]
    owner_count = max(1, round(world.sizes["venues"] * VENUE_OWNERS_PER_VENUE))
    world.owners = sorted(rng.sample(range(1, count), min(owner_count, count - 1))) if count > 1 else [0]
    owners = set(world.owners)
    cities, weights = list(CITY_WEIGHTS), list(CITY_WEIGHTS.values())
    first_seen = world.now - timedelta(days=730)
    for i in range(count):
        created = first_seen + timedelta(seconds=730 * 86400 * (i + rng.random()) / count)
        user_id = uuid7(created, rng)
        woman = rng.random() < 0.4
        first, last = rng.choice(WOMEN if woman else MEN), rng.choice(SURNAMES)
        city = rng.choices(cities, weights)[0]
        lat, lng = near(rng, city) if rng.random() < 0.6 else (None, None)
        phone = f"+92{rng.randint(301, 349)}{(i * 7919 + 1_234_567) % 10_000_000:07d}"
        interests = rng.sample(INTERESTS, rng.randint(1, 3))
        inviter = int(i * rng.random() ** 2) if i else -1
        world.users.append(user_id)
        world.user_cities.append(city)
        world.inviters.append(inviter)
        yield (
            user_id,
            world.cipher.encrypt(phone),
            blind_index(world.blind_key, phone),
            phone[-4:],
            f"{first}_{last}{i}".lower(),
            f"{first} {last}",
            rng.choice(
                ["", "", "Weekend player.", "Always up for a game.", "New in town, looking for a group."]
            ),
            city,
            lat,
            lng,
            "woman" if woman else rng.choice(["man", "man", "undisclosed"]),
            interests,
            json.dumps({kind: rng.randint(1, 5) for kind in interests}),
            rng.random() < 0.5,
            "admin" if i == 0 else "venue_owner" if i in owners else "member",
            "suspended" if rng.random() < 0.01 and i else "active",
            5,
            True,
            world.users[inviter] if i else None,
            "en",
            world.moment(rng, 30),
            created,
            created,
        )


def vouches(world: World) -> Iterator[tuple[Any, ...]]:
    """The inviter's vouch for (up to two thirds of) the invited members, then random pairs up to the
    count; one per pair, never for oneself."""
    rng, count, n = world.rng("vouches"), world.sizes["vouches"], len(world.users)
    invited = {(world.inviters[i], i) for i in range(1, min(n, count * 2 // 3 + 1))}
    pairs = set(invited)
    while len(pairs) < min(count, n * (n - 1)):
        voucher, vouchee = rng.randrange(n), rng.randrange(n)
        if voucher != vouchee:
            pairs.add((voucher, vouchee))
    for voucher, vouchee in sorted(pairs):
        created = world.moment(rng, 365)
        from_invite = (voucher, vouchee) in invited
        yield (
            uuid7(created, rng),
            world.users[voucher],
            world.users[vouchee],
            "",
            from_invite,
            created,
            created,
        )


VOUCH_COLUMNS = ("id", "voucher_id", "vouchee_id", "note", "from_invite", "created_at", "updated_at")


def circles(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("circles")
    for i in range(world.sizes["circles"]):
        created = world.moment(rng, 365)
        circle_id = uuid7(created, rng)
        owner = rng.randrange(len(world.users))
        world.circles.append((circle_id, owner))
        area = rng.choice(AREAS)
        kind = rng.choice(INTERESTS).replace("_", " ")
        yield (
            circle_id,
            world.users[owner],
            f"{area.lower().replace(' ', '-')}-{kind.replace(' ', '-')}-{i}",
            f"{area} {kind}"[:60],
            "",
            rng.random() < 0.3,
            world.user_cities[owner],
            created,
            created,
        )


CIRCLE_COLUMNS = (
    "id",
    "owner_id",
    "slug",
    "name",
    "description",
    "is_private",
    "city",
    "created_at",
    "updated_at",
)


def circle_members(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("circle_members")
    sizes = apportion(world.sizes["circle_members"], [rng.paretovariate(1.5) for _ in world.circles])
    for (circle_id, owner), size in zip(world.circles, sizes, strict=True):
        others = [u for u in rng.sample(range(len(world.users)), min(size, len(world.users))) if u != owner]
        for number, member in enumerate([owner, *others][:size]):
            created = world.moment(rng, 300)
            role = "owner" if number == 0 else "admin" if number < 3 else "member"
            yield (uuid7(created, rng), circle_id, world.users[member], role, created, created)


CIRCLE_MEMBER_COLUMNS = ("id", "circle_id", "user_id", "role", "created_at", "updated_at")


def blocks(world: World) -> Iterator[tuple[Any, ...]]:
    rng, n = world.rng("blocks"), len(world.users)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(world.sizes["blocks"], n * (n - 1)):
        blocker, blocked = rng.randrange(n), rng.randrange(n)
        if blocker != blocked:
            pairs.add((blocker, blocked))
    for blocker, blocked in sorted(pairs):
        created = world.moment(rng, 200)
        yield (uuid7(created, rng), world.users[blocker], world.users[blocked], created, created)


BLOCK_COLUMNS = ("id", "blocker_id", "blocked_id", "created_at", "updated_at")


def venues(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("venues")
    cities, weights = list(CITY_WEIGHTS), list(CITY_WEIGHTS.values())
    for i in range(world.sizes["venues"]):
        created = world.moment(rng, 700, -30)
        venue_id = uuid7(created, rng)
        city = rng.choices(cities, weights)[0]
        lat, lng = near(rng, city, 0.12)
        area = rng.choice(AREAS)
        name = f"{rng.choice(['Court', 'Padel', 'Smash', 'Baseline', 'Glass Box', 'Rally'])} {area} {i}"
        opens, closes = rng.choice([(360, 1440), (420, 1500), (480, 1560), (420, 1440)])
        hours = dict.fromkeys(range(7), (opens, closes))
        if rng.random() < 0.2:
            hours[4] = (840, closes)  # opens after Friday prayers
        base = rng.randrange(4000, 8001, 500)
        prices = {
            60: (base, base * 13 // 10),
            90: (base * 14 // 10, base * 18 // 10),
            120: (base * 18 // 10, base * 23 // 10),
        }
        peak = (rng.choice([1020, 1080, 1140]), 1380)
        world.venues.append(
            Venue(venue_id, city, lat, lng, name, hours, prices, peak, rng.lognormvariate(0, 0.35))
        )
        yield (
            venue_id,
            world.users[rng.choice(world.owners)],
            f"{name.lower().replace(' ', '-')}",
            name,
            f"Padel and more in {area}, {city}.",
            f"Plot {rng.randint(1, 300)}, {area}, {city}",
            city,
            lat,
            lng,
            rng.sample(AMENITIES, rng.randint(1, 4)),
            f"03{rng.randint(0, 49):02d} {rng.randint(0, 9_999_999):07d}",
            peak[0],
            peak[1],
            "hidden" if rng.random() < 0.02 else "active",
            created,
            created,
        )


VENUE_COLUMNS = (
    "id", "owner_id", "slug", "name", "description", "address", "city", "lat", "lng", "amenities",
    "contact_phone", "peak_start_minute", "peak_end_minute", "status", "created_at", "updated_at",
)  # fmt: skip


def courts(world: World) -> Iterator[tuple[Any, ...]]:
    """Two to six courts a venue, summing to the courts count."""
    rng = world.rng("courts")
    counts = apportion(world.sizes["courts"], [rng.uniform(2, 6) for _ in world.venues])
    for venue_index, (venue, count) in enumerate(zip(world.venues, counts, strict=True)):
        for number in range(1, count + 1):
            created = venue_created = world.now - timedelta(days=30 + rng.random() * 10)
            court_id = uuid7(venue_created, rng)
            world.courts.append((court_id, venue_index))
            sport = "padel" if number == 1 else rng.choice(COURT_SPORTS)
            yield (court_id, venue.id, f"Court {number}", sport, rng.random() < 0.4, True, created, created)


COURT_COLUMNS = ("id", "venue_id", "name", "sport", "indoor", "active", "created_at", "updated_at")


def opening_hours(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("opening_hours")
    for venue in world.venues:
        for weekday, (opens, closes) in venue.hours.items():
            created = world.now - timedelta(days=40)
            yield (uuid7(created, rng), venue.id, weekday, opens, closes, created, created)


HOURS_COLUMNS = ("id", "venue_id", "weekday", "opens_minute", "closes_minute", "created_at", "updated_at")


def price_rules(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("price_rules")
    for venue in world.venues:
        for duration, (price, peak) in venue.prices.items():
            created = world.now - timedelta(days=40)
            yield (uuid7(created, rng), venue.id, duration, price, peak, created, created)


PRICE_COLUMNS = (
    "id",
    "venue_id",
    "duration_minutes",
    "price_pkr",
    "peak_price_pkr",
    "created_at",
    "updated_at",
)


def venue_photos(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("venue_photos")
    for number, venue in enumerate(world.venues):
        created = world.now - timedelta(days=40)
        yield (uuid7(created, rng), venue.id, f"venues/bench-{number}/cover.svg", "", 0, created, created)


PHOTO_COLUMNS = ("id", "venue_id", "key", "caption", "position", "created_at", "updated_at")


def special_hours(world: World) -> Iterator[tuple[Any, ...]]:
    """A closed day (Eid, a tournament) ahead for one venue in ten."""
    rng = world.rng("special_hours")
    for venue in world.venues:
        if rng.random() < 0.1:
            created = world.now - timedelta(days=5)
            day = world.now.astimezone(KARACHI).date() + timedelta(days=rng.randint(14, 40))
            yield (
                uuid7(created, rng),
                venue.id,
                day,
                True,
                None,
                None,
                "Closed for a tournament",
                created,
                created,
            )


SPECIAL_COLUMNS = (
    "id", "venue_id", "day", "closed", "opens_minute", "closes_minute", "note", "created_at", "updated_at",
)  # fmt: skip


def blackouts(world: World) -> Iterator[tuple[Any, ...]]:
    """Maintenance on one court in eight, two hours some morning ahead (bookings may not overlap it)."""
    rng = world.rng("blackouts")
    today = world.now.astimezone(KARACHI).date()
    for court_id, venue_index in world.courts:
        if rng.random() < 0.125:
            created = world.now - timedelta(days=3)
            start = world.days.at(today + timedelta(days=rng.randint(15, 45)), 360)
            period = asyncpg.Range(start, start + timedelta(hours=2))
            venue_id = world.venues[venue_index].id
            yield (uuid7(created, rng), venue_id, court_id, period, "Resurfacing", None, created, created)


BLACKOUT_COLUMNS = (
    "id",
    "venue_id",
    "court_id",
    "period",
    "reason",
    "created_by_id",
    "created_at",
    "updated_at",
)


def plan_activities(world: World) -> None:
    """Hosts, times and how many requests each activity gets (skewed: some hosts host a lot)."""
    rng = world.rng("activities-plan")
    count, n = world.sizes["activities"], len(world.users)
    weights = [rng.paretovariate(2.0) for _ in range(count)]
    requests = apportion(world.sizes["join_requests"], weights)
    for i in range(count):
        starts = world.moment(rng, ACTIVITY_DAYS_BEFORE, ACTIVITY_DAYS_AFTER)
        starts = starts.replace(minute=rng.choice([0, 30]), second=0, microsecond=0)
        created = min(starts - timedelta(hours=rng.uniform(2, 14 * 24)), world.now - timedelta(minutes=5))
        past = starts < world.now
        kind = rng.choices(list(ACTIVITY_TYPES), [spec[0] for spec in ACTIVITY_TYPES.values()])[0]
        capacity = max(1, ACTIVITY_TYPES[kind][1] + rng.randint(-1, 2))
        host = int(n * rng.random() ** 3)
        world.activities.append(
            Activity(
                i,
                uuid7(created, rng),
                kind,
                host,
                capacity,
                created,
                starts,
                past,
                rng.random() > 0.05,
                min(requests[i], n - 1),
            )
        )


def join_plan(world: World, activity: Activity) -> list[tuple[int, str, datetime, datetime | None]]:
    """(member, status, queued_at, decided_at) of an activity's requests, in arrival order.
    Deterministic per activity, so the activities table (seats_taken) and this agree."""
    rng = random.Random(f"{world.seed}:join:{activity.index}")
    members = [u for u in rng.sample(range(len(world.users)), activity.requests + 1) if u != activity.host]
    latest = min(activity.starts_at, world.now)
    span = max((latest - activity.created_at).total_seconds(), 60)
    queued = sorted(activity.created_at + timedelta(seconds=rng.uniform(0, span)) for _ in members)
    seats, plan = 0, []
    for member, queued_at in zip(members[: activity.requests], queued, strict=False):
        roll = rng.random()
        if roll < (0.02 if activity.past else 0.35):
            status = "pending"
        elif roll < 0.5:
            status = "rejected" if roll < 0.42 else "withdrawn"
        elif seats < activity.capacity:
            status, seats = "approved", seats + 1
        else:
            status = "rejected" if activity.past else "waitlisted"
        decided = (
            queued_at + timedelta(minutes=rng.randint(1, 600)) if status in {"approved", "rejected"} else None
        )
        plan.append((member, status, queued_at, min(decided, world.now) if decided else None))
    return plan


def activities(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("activities")
    for activity in world.activities:
        kind = activity.kind
        seats = sum(1 for _, status, _, _ in join_plan(world, activity) if status == "approved")
        city = world.user_cities[activity.host]
        venue = rng.choice(world.venues) if kind == "padel" and rng.random() < 0.6 else None
        if venue is not None:
            city, (lat, lng), place = venue.city, (venue.lat, venue.lng), venue.name
        else:
            (lat, lng), place = near(rng, city), f"{rng.choice(AREAS)} ground"
        skill_min = rng.randint(1, 3)
        status = "open" if activity.open else "cancelled"
        if activity.past and activity.open:
            status = "completed"
        visibility = rng.choices(["public", "circles", "link_only"], [85, 10, 5])[0]
        title = ACTIVITY_TYPES[kind][2].format(n=max(1, activity.capacity - seats), area=rng.choice(AREAS))
        yield (
            activity.id,
            world.users[activity.host],
            f"{kind.replace('_', '-')[:10]}-{serial_code(activity.index, 6, rng).lower()}",
            kind,
            title,
            "Friendly game, all welcome." if rng.random() < 0.5 else "",
            activity.starts_at,
            activity.starts_at + timedelta(minutes=rng.choice([60, 90, 120, 180])),
            venue.id if venue else None,
            place,
            city,
            lat,
            lng,
            activity.capacity,
            seats,
            skill_min,
            rng.randint(skill_min, 5),
            rng.choice([0, 0, 500, 1000, 1500, 2000]),
            visibility,
            "women_only" if rng.random() < 0.08 else "mixed",
            rng.random() < 0.3,
            status,
            None if activity.open else activity.created_at + timedelta(hours=1),
            activity.created_at,
            activity.created_at,
        )


ACTIVITY_COLUMNS = (
    "id", "host_id", "slug", "type", "title", "description", "starts_at", "ends_at", "venue_id",
    "place_name", "city", "lat", "lng", "capacity", "seats_taken", "skill_min", "skill_max", "cost_pkr",
    "visibility", "audience", "auto_approve", "status", "cancelled_at", "created_at", "updated_at",
)  # fmt: skip


def activity_circles(world: World) -> Iterator[tuple[Any, ...]]:
    """A circle for each activity shared with circles (visibility is drawn in `activities`; sharing
    one circle with every activity is harmless for those that are not circle-only)."""
    rng = world.rng("activity_circles")
    for activity in world.activities:
        if rng.random() < 0.1:
            circle_id = rng.choice(world.circles)[0]
            yield (
                uuid7(activity.created_at, rng),
                activity.id,
                circle_id,
                activity.created_at,
                activity.created_at,
            )


ACTIVITY_CIRCLE_COLUMNS = ("id", "activity_id", "circle_id", "created_at", "updated_at")


def join_requests(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("join_requests")
    for activity in world.activities:
        host = world.users[activity.host]
        for member, status, queued_at, decided_at in join_plan(world, activity):
            yield (
                uuid7(queued_at, rng),
                activity.id,
                None,
                world.users[member],
                status,
                "Count me in!" if rng.random() < 0.3 else "",
                queued_at,
                decided_at,
                host if decided_at else None,
                queued_at,
                decided_at or queued_at,
            )


JOIN_COLUMNS = (
    "id", "activity_id", "event_id", "user_id", "status", "message", "queued_at", "decided_at",
    "decided_by_id", "created_at", "updated_at",
)  # fmt: skip


def court_slots(
    rng: random.Random, venue: Venue, count: int, first_day: date, days: int
) -> Iterator[tuple[date, int, int]]:
    """`count` sequential, non-overlapping (day, start minute, duration) inside the opening hours."""
    open_minutes = sum(closes - opens for opens, closes in venue.hours.values()) * days / 7
    mean_gap = max(open_minutes / max(count, 1) - 90, 1)
    day, made = first_day, 0
    minute = venue.hours[day.weekday()][0]
    while made < count:
        minute += 30 * int(rng.expovariate(1 / mean_gap) // 30)
        duration = rng.choice((60, 90, 90, 120))
        if minute + duration > venue.hours[day.weekday()][1]:
            day += timedelta(days=1)
            minute = venue.hours[day.weekday()][0]
            continue
        yield day, minute, duration
        minute += duration
        made += 1


PAST_STATUSES = (
    (["checked_in"] * 55)
    + (["no_show"] * 5)
    + (["cancelled"] * 15)
    + (["expired"] * 15)
    + (["confirmed"] * 10)
)
FUTURE_STATUSES = (["confirmed"] * 70) + (["cancelled"] * 12) + (["expired"] * 15) + (["held"] * 3)


def bookings(world: World) -> Iterator[tuple[Any, ...]]:
    rng = world.rng("bookings")
    weights = [world.venues[venue_index].popularity for _, venue_index in world.courts]
    counts = apportion(world.sizes["bookings"], weights)
    first_day = world.now.astimezone(KARACHI).date() - timedelta(days=BOOKING_DAYS_BEFORE)
    days = BOOKING_DAYS_BEFORE + BOOKING_DAYS_AFTER
    n_users, serial = len(world.users), 0
    for (court_id, venue_index), count in zip(world.courts, counts, strict=True):
        venue = world.venues[venue_index]
        for day, minute, duration in court_slots(rng, venue, count, first_day, days):
            starts = world.days.at(day, minute)
            ends = starts + timedelta(minutes=duration)
            status = rng.choice(PAST_STATUSES if ends <= world.now else FUTURE_STATUSES)
            created = min(
                starts - timedelta(minutes=rng.randint(30, 7 * 1440)),
                world.now - timedelta(minutes=rng.randint(1, 9)),
            )
            held_until = created + timedelta(minutes=10)
            confirmed = status in {"confirmed", "checked_in", "no_show"} or (
                status == "cancelled" and rng.random() < 0.5
            )
            method = rng.choice(["online", "pay_at_venue", "pay_at_venue"]) if confirmed else None
            paid = (
                created + timedelta(minutes=3)
                if method == "online"
                else starts
                if status == "checked_in"
                else None
            )
            off_peak, peak = venue.prices[duration]
            serial += 1
            yield (
                uuid7(created, rng),
                court_id,
                venue.id,
                world.users[rng.randrange(n_users)],
                asyncpg.Range(starts, ends),
                status,
                peak if venue.peak[0] <= minute < venue.peak[1] else off_peak,
                method,
                paid,
                held_until,
                created + timedelta(minutes=2) if confirmed else None,
                created + timedelta(hours=1) if status == "cancelled" else None,
                starts - timedelta(minutes=10) if status == "checked_in" else None,
                serial_code(serial, 8, rng),
                created,
                created,
            )


BOOKING_COLUMNS = (
    "id", "court_id", "venue_id", "user_id", "period", "status", "price_pkr", "payment_method",
    "paid_at", "hold_expires_at", "confirmed_at", "cancelled_at", "checked_in_at", "code",
    "created_at", "updated_at",
)  # fmt: skip

TABLES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("users", users, USER_COLUMNS),
    ("vouches", vouches, VOUCH_COLUMNS),
    ("circles", circles, CIRCLE_COLUMNS),
    ("circle_members", circle_members, CIRCLE_MEMBER_COLUMNS),
    ("blocks", blocks, BLOCK_COLUMNS),
    ("venues", venues, VENUE_COLUMNS),
    ("courts", courts, COURT_COLUMNS),
    ("opening_hours", opening_hours, HOURS_COLUMNS),
    ("price_rules", price_rules, PRICE_COLUMNS),
    ("venue_photos", venue_photos, PHOTO_COLUMNS),
    ("special_hours", special_hours, SPECIAL_COLUMNS),
    ("blackouts", blackouts, BLACKOUT_COLUMNS),
    ("activities", activities, ACTIVITY_COLUMNS),
    ("activity_circles", activity_circles, ACTIVITY_CIRCLE_COLUMNS),
    ("join_requests", join_requests, JOIN_COLUMNS),
    ("bookings", bookings, BOOKING_COLUMNS),
]


# --- loading ---------------------------------------------------------------------------------------


class Counted:
    """Wraps an iterator of rows, counting them as COPY consumes them."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.rows = iter(rows)
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for row in self.rows:
            self.count += 1
            yield row


BIG_TABLE = 100_000
"""Tables with at least this many rows at the chosen scale load without their secondary indexes,
which are built again afterwards (one sorted build beats a million index insertions)."""


async def load(conn: asyncpg.Connection, world: World) -> list[dict[str, Any]]:
    """COPY every table; returns rows, seconds and rows/second per table (index rebuilds included)."""
    figures = []
    # citext travels in binary COPY as plain UTF-8, like text; asyncpg needs telling.
    await conn.set_type_codec(
        "citext", schema="public", encoder=str.encode, decoder=bytes.decode, format="binary"
    )
    await conn.execute("SET session_replication_role = replica")  # no FK triggers while loading
    await conn.execute("SET synchronous_commit = off")
    for table, generate, columns in TABLES:
        if table == "activities":
            plan_activities(world)
        rows = Counted(generate(world))
        started = time.perf_counter()
        big = world.sizes.get(table, 0) >= BIG_TABLE
        indexes = await drop_indexes(conn, table) if big else []
        await conn.copy_records_to_table(table, records=rows, columns=list(columns))
        copied = time.perf_counter() - started
        await restore_indexes(conn, table, indexes)
        seconds = time.perf_counter() - started
        figures.append(
            {
                "table": table,
                "rows": rows.count,
                "seconds": round(seconds, 2),
                "rows_per_s": round(rows.count / seconds),
                "copy_seconds": round(copied, 2),
            }
        )
        rebuilt = (
            f" (COPY {copied:.1f} s, {len(indexes)} indexes rebuilt {seconds - copied:.1f} s)" if big else ""
        )
        rate = rows.count / seconds
        print(
            f"  {table:<17} {rows.count:>10,} rows {seconds:7.1f} s {rate:>10,.0f} rows/s{rebuilt}",
            flush=True,
        )
    await conn.execute("SET session_replication_role = DEFAULT")
    return figures


async def index_definitions(conn: asyncpg.Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index of `table`, the primary key's included."""
    rows = await conn.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 "
        "ORDER BY indexname",
        table,
    )
    return [(row["indexname"], row["indexdef"]) for row in rows]


async def drop_indexes(conn: asyncpg.Connection, table: str) -> list[tuple[str, str, str]]:
    """Drop the secondary indexes of `table` (unique and exclusion constraints included; the primary
    key stays, foreign keys depend on it). Returns (name, definition, statement to build it again)."""
    constraints = {
        row["conname"]: row["definition"]
        for row in await conn.fetch(
            "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint "
            "WHERE conrelid = $1::regclass AND contype IN ('u', 'x')",
            table,
        )
    }
    primary = await conn.fetchval(
        "SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'", table
    )
    dropped = []
    for name, definition in await index_definitions(conn, table):
        if name == primary:
            continue
        if name in constraints:
            await conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            rebuild = f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {constraints[name]}'
        else:
            await conn.execute(f'DROP INDEX "{name}"')
            rebuild = definition
        if " WHERE " in definition:  # PostgreSQL prints predicates back with extra casts: use the model's
            rebuild = model_ddl(table, name)
        dropped.append((name, definition, rebuild))
    return dropped


def model_ddl(table: str, name: str) -> str:
    """The statement the models (and so the migrations) create the index or constraint `name` with."""
    for index in metadata.tables[table].indexes:
        if index.name == name:
            return str(CreateIndex(index).compile(dialect=postgresql.dialect()))
    for constraint in metadata.tables[table].constraints:
        if constraint.name == name:
            return str(AddConstraint(constraint).compile(dialect=postgresql.dialect()))
    raise LookupError(f"no index or constraint {name} on {table} in the models")


async def restore_indexes(conn: asyncpg.Connection, table: str, dropped: list[tuple[str, str, str]]) -> None:
    """Build the dropped indexes and constraints again, exactly as they were (checked)."""
    if not dropped:
        return
    await conn.execute("SET maintenance_work_mem = '512MB'")
    for _, _, rebuild in dropped:
        await conn.execute(rebuild)  # a unique or exclusion constraint validates every row as it comes back
    now = dict(await index_definitions(conn, table))
    changed = [name for name, definition, _ in dropped if now.get(name) != definition]
    if changed:
        raise RuntimeError(f"{table}: indexes {changed} did not come back as the migrations made them")


async def check_foreign_keys(conn: asyncpg.Connection) -> int:
    """Every foreign key of every table, checked with one anti-join each; returns how many were checked."""
    keys = await conn.fetch(
        """
        SELECT c.conrelid::regclass::text AS child, a.attname AS column,
               c.confrelid::regclass::text AS parent, pa.attname AS parent_column
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        """
    )
    for key in keys:
        dangling = await conn.fetchval(
            f'SELECT count(*) FROM "{key["child"]}" c WHERE c."{key["column"]}" IS NOT NULL AND NOT EXISTS '  # noqa: S608
            f'(SELECT 1 FROM "{key["parent"]}" p WHERE p."{key["parent_column"]}" = c."{key["column"]}")'
        )
        if dangling:
            raise RuntimeError(f"{dangling} rows of {key['child']}.{key['column']} point nowhere")
    return len(keys)


def recreate_database(settings: Settings) -> str:
    """Drop and create the bench database; returns its name."""
    name = make_url(settings.database_url).database
    assert name, "the database URL names no database"

    async def recreate() -> None:
        conn = await asyncpg.connect(asyncpg_dsn(settings.database_url, "postgres"))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(recreate())
    return name


def generate(
    settings: Settings, *, scale: float = 1.0, seed: int = DEFAULT_SEED, anchor: date | None = None
) -> dict[str, Any]:
    """Build the bench database from scratch at `scale`; returns what was loaded."""
    anchor = anchor or datetime.now(KARACHI).date()
    name = recreate_database(settings)
    print(f"datagen: database {name}, scale {scale}, seed {seed}, anchor {anchor}")
    started = time.perf_counter()
    migrate.upgrade(settings.database_url)
    print(f"  migrations        {time.perf_counter() - started:7.1f} s")
    world = World(
        seed=seed,
        sizes=sizes_at(scale),
        now=datetime.combine(anchor, clock(), KARACHI).astimezone(UTC),
        cipher=PiiCipher(settings.pii_keys),
        blind_key=settings.blind_index_key,
    )
    return asyncio.run(_fill(settings, name, world, scale, anchor))


async def _fill(settings: Settings, name: str, world: World, scale: float, anchor: date) -> dict[str, Any]:
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        started = time.perf_counter()
        figures = await load(conn, world)
        loaded = time.perf_counter() - started
        rows = sum(figure["rows"] for figure in figures)
        print(f"  {'all tables':<17} {rows:>10,} rows {loaded:7.1f} s {rows / loaded:>10,.0f} rows/s")
        checked = time.perf_counter()
        keys = await check_foreign_keys(conn)
        print(f"  foreign keys      {time.perf_counter() - checked:7.1f} s ({keys} checked, none dangling)")
        vacuumed = time.perf_counter()
        await conn.execute("VACUUM (ANALYZE)")
        print(f"  vacuum analyze    {time.perf_counter() - vacuumed:7.1f} s")
        head = await conn.fetchval("SELECT version_num FROM alembic_version")
        description = {
            "seed": world.seed,
            "scale": scale,
            "anchor": anchor.isoformat(),
            "reference_utc": world.now.isoformat(),
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "migration": head,
            "rows": {figure["table"]: figure["rows"] for figure in figures},
            "load_seconds": round(loaded, 1),
            "rows_per_s": round(rows / loaded),
        }
        await conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(description)}'")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"  database size     {size}; total {time.perf_counter() - started:.1f} s after migrations")
        return description | {"tables": figures}
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every count (default 1: the issue's sizes)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--anchor", type=date.fromisoformat, default=None, help="local date the data centres on"
    )
    args = parser.parse_args()
    with servers(s3=False) as settings:
        generate(settings, scale=args.scale, seed=args.seed, anchor=args.anchor)


if __name__ == "__main__":
    main()

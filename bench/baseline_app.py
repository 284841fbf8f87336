"""The baseline bench/api_load.py compares Scene with: the same SQL for the measured endpoints,
sent through raw asyncpg, answered with msgspec from a bare ASGI app (no framework, no ORM, no
dependency injection, no middleware), served by uvicorn in one process like `scene api`.

    SCENE_DATABASE_URL=... SCENE_REDIS_URL=... SCENE_API_PORT=... python bench/baseline_app.py

"The same SQL" means the statements Scene sends for each request, in the same order and in one
transaction: the access-token check, then the endpoint's own queries (recorded from Scene with
bench/explain.py's recorder and written out below; the column lists come from the models, as the
ORM's do, so they follow the schema). api_load.py checks that both servers give identical answers
before it measures. The answers are the same msgspec structs Scene
returns, built with the same pure helpers (free-slot arithmetic, cursors, trust levels), so the
JSON is identical and only the stack around the SQL differs. A hold is enqueued to SAQ after the
commit, as Scene does.

Only what api_load.py sends is handled: the activity feed with lat, lng, radius_km, type and
has_spots; a venue's slots for a date and duration; a profile; holding a slot; the first page of
the host inbox; one event that the member has neither asked to join nor queued for; the first page
of the member's bookings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import asyncpg
import msgspec
import uvicorn
from redis.asyncio import Redis
from saq import Queue
from uuid_utils.compat import uuid7

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.domain.activities import schemas as activity_s
from scene_api.domain.bookings import schemas as booking_s
from scene_api.domain.events import schemas as events_s
from scene_api.domain.events.services import _tickets_left as tickets_left
from scene_api.domain.events.tiers import Held, available, on_sale
from scene_api.domain.joins import schemas as joins_s
from scene_api.domain.trust.levels import trust_level
from scene_api.domain.users import schemas as user_s
from scene_api.domain.users.schemas import PersonSummary
from scene_api.domain.users.services import thumbnail_key
from scene_api.domain.venues import availability as av
from scene_api.domain.venues import schemas as venue_s
from scene_api.i18n import Message
from scene_api.lib import geo
from scene_api.lib.crypto import mask_phone, new_code
from scene_api.lib.errors import DomainError, NotAuthenticated
from scene_api.lib.media import media_url
from scene_api.lib.pagination import DEFAULT_LIMIT, page_of
from scene_api.lib.ratelimit import RateLimiter
from scene_api.lib.timezone import at_local_minute, to_local, utcnow
from scene_api.lib.tokens import read_access_token
from scene_api.lib.whatsapp import whatsapp_url
from scene_api.runtime import QUEUE_NAME


def columns(model: Any, prefix: str = "", *, skip: tuple[str, ...] = ()) -> str:
    """A model's columns in the order Scene's ORM selects them; `prefix` renames them (a joined row)."""
    table = model.__table__
    return ", ".join(
        f"{table.name}.{column.name}" + (f" AS {prefix}{column.name}" if prefix else "")
        for column in table.columns
        if column.name not in skip
    )


def build(kind: Any, row: Record, prefix: str = "", **computed: Any) -> Any:
    """A msgspec struct from a row: each field from `computed`, else the row's column of that name."""
    names = kind.__struct_fields__
    keys = set(row.keys())
    values = {name: row[prefix + name] for name in names if prefix + name in keys}
    return kind(**(values | {name: value for name, value in computed.items() if name in names}))


def in_list(first: int, count: int, cast: str = "::UUID") -> str:
    """`IN ($first, ...)` for `count` values, as SQLAlchemy expands a list when it sends a statement
    (an empty one included). Expanded lists are numbered after the statement's other parameters."""
    if not count:
        return "IN (NULL) AND (1 != 1)"
    return "IN (" + ", ".join(f"${n}{cast}" for n in range(first, first + count)) + ")"


def person(row: Record, prefix: str = "") -> PersonSummary:
    return build(PersonSummary, row, prefix, avatar_url=media_url(row[prefix + "avatar_key"]))


def attrs(row: Record) -> SimpleNamespace:
    """A row whose columns read as attributes, for Scene's helpers that take model rows."""
    return SimpleNamespace(**row)


USER = columns(m.User)
ACTIVITY = columns(m.Activity)
HOST = columns(m.User, "host_")
DISTANCE = (
    "$1::FLOAT * asin(least($2::FLOAT, sqrt(power(sin(radians(activities.lat - $3::FLOAT) / "
    "CAST($4::INTEGER AS NUMERIC)), $5::INTEGER) + cos(radians($3::FLOAT)) * cos(radians(activities.lat)) * "
    "power(sin(radians(activities.lng - $6::FLOAT) / CAST($7::INTEGER AS NUMERIC)), $8::INTEGER))))"
)
"""Scene builds the formula once (`geo.distance_from_origin`), so it is the same text, and the same
parameters, in the select list and in the radius condition."""

AUTH_SQL = f"""
SELECT {USER} FROM users
WHERE users.id = $1::UUID AND (EXISTS (SELECT refresh_tokens.id FROM refresh_tokens
  WHERE refresh_tokens.family_id = $2::UUID AND refresh_tokens.user_id = $3::UUID
  AND refresh_tokens.revoked_at IS NULL))
"""  # noqa: S608

FEED_SQL = f"""
SELECT {ACTIVITY}, {HOST}, {DISTANCE} AS distance
FROM activities JOIN users ON users.id = activities.host_id
WHERE (activities.host_id = $9::UUID OR activities.visibility = $10 OR activities.visibility = $11
       AND (EXISTS (SELECT * FROM activity_circles, circle_members
                    WHERE activity_circles.activity_id = activities.id
                      AND circle_members.circle_id = activity_circles.circle_id
                      AND circle_members.user_id = $12::UUID)))
  AND NOT (EXISTS (SELECT * FROM blocks
                   WHERE blocks.blocker_id = $13::UUID AND blocks.blocked_id = activities.host_id
                      OR blocks.blocked_id = $14::UUID AND blocks.blocker_id = activities.host_id))
  AND activities.status = $15 AND activities.ends_at > $16::TIMESTAMP WITH TIME ZONE AND users.status = $17
  AND activities.lat BETWEEN $18::FLOAT AND $19::FLOAT AND activities.lng BETWEEN $20::FLOAT AND $21::FLOAT
  AND {DISTANCE} <= $22::FLOAT
  AND activities.type = $23
  AND activities.seats_taken < activities.capacity
ORDER BY activities.starts_at, activities.id
LIMIT $24::INTEGER
"""  # noqa: S608

MY_REQUESTS_SQL = f"""
SELECT {columns(m.JoinRequest)}
FROM join_requests
WHERE join_requests.user_id = $1::UUID AND join_requests.activity_id {{ids}}
  AND join_requests.status {{statuses}}
"""  # noqa: S608

VENUE_SQL = f"""
SELECT {columns(m.Venue)}
FROM venues WHERE venues.id = $1::UUID AND venues.status = $2
"""  # noqa: S608
HOURS_SQL = f"""
SELECT {columns(m.OpeningHours)}
FROM opening_hours WHERE opening_hours.venue_id IN ($1::UUID)
"""  # noqa: S608
SPECIAL_SQL = f"""
SELECT {columns(m.SpecialHours)}
FROM special_hours WHERE special_hours.venue_id IN ($1::UUID) AND special_hours.day {{days}}
"""  # noqa: S608
COURTS_SQL = f"""
SELECT {columns(m.Court)}
FROM courts WHERE courts.venue_id IN ($1::UUID) AND courts.active ORDER BY courts.name
"""  # noqa: S608
PRICES_SQL = f"""
SELECT {columns(m.PriceRule)}
FROM price_rules WHERE price_rules.venue_id IN ($2::UUID) AND price_rules.duration_minutes = $1::INTEGER
"""  # noqa: S608
TAKEN_SQL = """
SELECT bookings.court_id, bookings.period FROM bookings
WHERE bookings.venue_id IN ($4::UUID) AND bookings.period && $1::TSTZRANGE
  AND (bookings.status IN ($5, $6)
       OR bookings.status = $2 AND bookings.hold_expires_at > $3::TIMESTAMP WITH TIME ZONE)
"""
BLACKOUTS_SQL = """
SELECT blackouts.venue_id, blackouts.court_id, blackouts.period FROM blackouts
WHERE blackouts.venue_id IN ($2::UUID) AND blackouts.period && $1::TSTZRANGE
"""

PROFILE_SQL = f"""
SELECT {USER},
  (SELECT count(*) FROM vouches AS vouches_1 WHERE vouches_1.vouchee_id = users.id) AS received,
  (SELECT count(*) FROM vouches AS vouches_2 WHERE vouches_2.voucher_id = users.id) AS given,
  (SELECT count(*) FROM circle_members AS circle_members_1
     JOIN circle_members AS circle_members_2
       ON circle_members_2.circle_id = circle_members_1.circle_id AND circle_members_2.user_id = $1::UUID
   WHERE circle_members_1.user_id = users.id) AS in_common
FROM users
WHERE users.id = $2::UUID AND NOT (EXISTS (SELECT * FROM blocks
  WHERE blocks.blocker_id = $1::UUID AND blocks.blocked_id = users.id
     OR blocks.blocked_id = $1::UUID AND blocks.blocker_id = users.id)) AND users.status = $3
"""  # noqa: S608

LIVE_HOLDS_SQL = """
SELECT count(*) AS count_1 FROM bookings
WHERE bookings.user_id = $1::UUID AND bookings.status = $2 AND bookings.activity_id IS NULL
  AND bookings.hold_expires_at > $3::TIMESTAMP WITH TIME ZONE
"""
LOCK_COURT_SQL = f"""
SELECT {columns(m.Court)}, {columns(m.Venue, "v_")}
FROM courts JOIN venues ON venues.id = courts.venue_id
WHERE courts.id = $1::UUID AND courts.active AND venues.status = $2 FOR UPDATE OF courts
"""  # noqa: S608
EXPIRE_SQL = """
UPDATE bookings SET status=$1, updated_at=$2::TIMESTAMP WITH TIME ZONE
WHERE bookings.status = $3 AND bookings.hold_expires_at <= $4::TIMESTAMP WITH TIME ZONE
  AND bookings.court_id = $5::UUID AND bookings.period && $6::TSTZRANGE RETURNING bookings.id
"""
BLOCKED_SQL = """
SELECT EXISTS (SELECT * FROM blackouts WHERE blackouts.venue_id = $1::UUID
  AND (blackouts.court_id IS NULL OR blackouts.court_id = $2::UUID) AND blackouts.period && $3::TSTZRANGE)
"""
SLOT_TAKEN_SQL = """
SELECT EXISTS (SELECT * FROM bookings WHERE bookings.court_id = $1::UUID AND bookings.period && $2::TSTZRANGE
  AND (bookings.status IN ($5, $6)
       OR bookings.status = $3 AND bookings.hold_expires_at > $4::TIMESTAMP WITH TIME ZONE))
"""
BOOKING_COLUMNS = [column.name for column in m.Booking.__table__.columns if column.name != "sa_orm_sentinel"]
INSERT_SQL = (
    f"INSERT INTO bookings ({', '.join(BOOKING_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(f'${n}' for n in range(1, len(BOOKING_COLUMNS) + 1))})"
)

HOSTED_ACTIVITIES_SQL = """
SELECT activities.id FROM activities
WHERE activities.host_id = $1::UUID AND activities.status = $2
  AND activities.ends_at > $3::TIMESTAMP WITH TIME ZONE
"""
HOSTED_EVENTS_SQL = """
SELECT events.id FROM events
WHERE events.host_id = $1::UUID AND events.status = $2 AND events.ends_at > $3::TIMESTAMP WITH TIME ZONE
"""
HOSTED_REQUESTS = """FROM join_requests
  LEFT OUTER JOIN activities ON activities.id = join_requests.activity_id
  LEFT OUTER JOIN events ON events.id = join_requests.event_id"""
INBOX_SQL = f"""
SELECT {columns(m.JoinRequest)}, {columns(m.User, "u_")}, {columns(m.Activity, "a_")},
  {columns(m.Event, "e_")}
{HOSTED_REQUESTS} JOIN users ON users.id = join_requests.user_id
WHERE (join_requests.activity_id {{activities}} OR join_requests.event_id {{events}})
  AND join_requests.status = $1
ORDER BY join_requests.queued_at DESC, join_requests.id DESC
LIMIT $2::INTEGER
"""
INBOX_COUNTS_SQL = f"""
SELECT join_requests.status, count(*) AS count_1
{HOSTED_REQUESTS}
WHERE (join_requests.activity_id {{activities}} OR join_requests.event_id {{events}})
  AND join_requests.status {{statuses}}
GROUP BY join_requests.status
"""
VOUCHERS_SQL = f"""
SELECT vouches.vouchee_id, {USER}
FROM vouches JOIN users ON users.id = vouches.voucher_id
WHERE (vouches.voucher_id = $1::UUID
       OR (EXISTS (SELECT * FROM vouches AS vouches_1
                   WHERE vouches_1.voucher_id = $2::UUID AND vouches_1.vouchee_id = vouches.voucher_id))
       OR (EXISTS (SELECT * FROM circle_members AS circle_members_1, circle_members AS circle_members_2
                   WHERE circle_members_1.user_id = $3::UUID
                     AND circle_members_2.circle_id = circle_members_1.circle_id
                     AND circle_members_2.user_id = vouches.voucher_id)))
  AND users.status = $4 AND users.can_invite
  AND NOT (EXISTS (SELECT * FROM blocks
                   WHERE blocks.blocker_id = $5::UUID AND blocks.blocked_id = vouches.voucher_id
                      OR blocks.blocked_id = $6::UUID AND blocks.blocker_id = vouches.voucher_id))
  AND vouches.vouchee_id {{vouchees}}
ORDER BY vouches.vouchee_id, vouches.created_at, vouches.id
"""  # noqa: S608

NOT_BLOCKING_HOST = """NOT (EXISTS (SELECT * FROM blocks
  WHERE blocks.blocker_id = ${a}::UUID AND blocks.blocked_id = events.host_id
     OR blocks.blocked_id = ${b}::UUID AND blocks.blocker_id = events.host_id))"""
EVENT_SQL = f"""
SELECT {columns(m.Event)}
FROM events
WHERE ((events.host_id = $1::UUID OR events.visibility = $2 OR events.visibility = $3
        AND (EXISTS (SELECT * FROM event_circles, circle_members
                     WHERE event_circles.event_id = events.id
                       AND circle_members.circle_id = event_circles.circle_id
                       AND circle_members.user_id = $4::UUID)))
       AND {NOT_BLOCKING_HOST.format(a=5, b=6)}
       OR events.visibility = $7 AND {NOT_BLOCKING_HOST.format(a=8, b=9)})
  AND events.id = $10::UUID
"""  # noqa: S608
USER_SQL = f"""
SELECT {USER} FROM users WHERE users.id = $1::UUID
"""  # noqa: S608
TIERS_SQL = f"""
SELECT {columns(m.TicketTier)}
FROM ticket_tiers WHERE ticket_tiers.event_id IN ($1::UUID)
ORDER BY ticket_tiers.position, ticket_tiers.created_at
"""  # noqa: S608
HELD_SQL = """
SELECT event_waitlist.event_id, event_waitlist.tier_id, sum(event_waitlist.quantity) AS sum_1
FROM event_waitlist
WHERE event_waitlist.event_id IN ($3::UUID) AND event_waitlist.offer_expires_at > $1::TIMESTAMP WITH TIME ZONE
  AND event_waitlist.tier_id IS NOT NULL AND event_waitlist.user_id != $2::UUID
GROUP BY event_waitlist.event_id, event_waitlist.tier_id
"""
MY_EVENT_REQUEST_SQL = f"""
SELECT {columns(m.JoinRequest)}
FROM join_requests
WHERE join_requests.event_id = $1::UUID AND join_requests.user_id = $2::UUID
  AND join_requests.status IN ($3, $4, $5)
"""  # noqa: S608
MY_WAITLIST_SQL = f"""
SELECT {columns(m.EventWaitlistEntry)}
FROM event_waitlist WHERE event_waitlist.event_id = $1::UUID AND event_waitlist.user_id = $2::UUID
"""  # noqa: S608
EVENT_CIRCLES_SQL = """
SELECT event_circles.circle_id FROM event_circles WHERE event_circles.event_id = $1::UUID
"""

MY_BOOKINGS_SQL = f"""
SELECT {columns(m.Booking)}, {columns(m.Court, "c_")}, {columns(m.Venue, "v_")}
FROM bookings JOIN courts ON courts.id = bookings.court_id JOIN venues ON venues.id = bookings.venue_id
WHERE bookings.user_id = $1::UUID
ORDER BY bookings.created_at DESC, bookings.id DESC
LIMIT $2::INTEGER
"""  # noqa: S608

LIVE = ("confirmed", "checked_in")
JOIN_LIVE = ("pending", "approved", "waitlisted")
WAITING = ("pending", "waitlisted")
"""What the host inbox counts."""


class Refused(Exception):
    """An answer other than 200/201, with Scene's error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


Record = asyncpg.Record
Handler = Callable[["Baseline", asyncpg.Connection, Record, dict[str, str], Any], Awaitable[Any]]


class Baseline:
    """A bare ASGI app: route, authenticate, run the SQL in one transaction, encode with msgspec."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: asyncpg.Pool | None = None
        self.queue = Queue.from_url(settings.redis_url, name=QUEUE_NAME)
        self.limits = RateLimiter(Redis.from_url(settings.redis_url, decode_responses=True))
        self.encoder = msgspec.json.Encoder()
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/api/v1/activities/?"), feed),
            ("GET", re.compile(r"/api/v1/venues/(?P<venue>[0-9a-f-]{36})/slots"), slots),
            ("GET", re.compile(r"/api/v1/users/(?P<user>[0-9a-f-]{36})"), profile),
            ("POST", re.compile(r"/api/v1/bookings/?"), hold),
            ("GET", re.compile(r"/api/v1/inbox/?"), inbox),
            ("GET", re.compile(r"/api/v1/events/(?P<event>[0-9a-f-]{36})"), event),
            ("GET", re.compile(r"/api/v1/bookings/?"), my_bookings),
        ]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
        elif scope["type"] == "http":
            status, body = await self.answer(scope, receive)
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

    async def lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                dsn = self.settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
                size = self.settings.database_pool_size
                self.pool = await asyncpg.create_pool(dsn, min_size=size, max_size=2 * size, init=_codecs)
                await self.queue.connect()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                assert self.pool is not None
                await self.pool.close()
                await self.queue.disconnect()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def route(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | None:
        for allowed, pattern, handler in self.routes:
            found = pattern.fullmatch(path)
            if found and method == allowed:
                return handler, found.groupdict()
        return None

    async def answer(self, scope: dict[str, Any], receive: Any) -> tuple[int, bytes]:
        method, routed = scope["method"], self.route(scope["method"], scope["path"])
        if routed is None:
            return 404, b'{"error":{"code":"not_found","message":"Not found.","details":{}}}'
        handler, path_params = routed
        query = {key: values[0] for key, values in parse_qs(scope["query_string"].decode()).items()}
        body = await _body(receive) if method == "POST" else b""
        headers = dict(scope["headers"])
        try:
            assert self.pool is not None
            async with self.pool.acquire() as conn:
                async with conn.transaction():
                    actor = await self.authenticate(conn, headers.get(b"authorization", b"").decode())
                    result = await handler(self, conn, actor, {**path_params, **query}, body)
                if isinstance(result, booking_s.Booking):  # jobs go after the commit, as in Scene
                    assert result.hold_expires_at is not None
                    await self.queue.enqueue(
                        "expire_hold",
                        key=f"booking:{result.id}:expire-hold",
                        scheduled=result.hold_expires_at.timestamp(),
                        booking_id=str(result.id),
                    )
            return (201 if method == "POST" else 200), self.encoder.encode(result)
        except Refused as refusal:
            error = {"error": {"code": refusal.code, "message": refusal.message, "details": {}}}
            return refusal.status, self.encoder.encode(error)
        except DomainError as error:
            body = {"error": {"code": error.code, "message": error.message, "details": error.details}}
            return error.status_code, self.encoder.encode(body)
        except asyncpg.ExclusionViolationError:
            return 409, self.encoder.encode(
                {"error": {"code": "slot_taken", "message": "Taken.", "details": {}}}
            )

    async def authenticate(self, conn: asyncpg.Connection, header: str) -> Record:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthenticated("Sign in first.")
        claims = read_access_token(self.settings, token.strip())
        actor = await conn.fetchrow(AUTH_SQL, claims.user_id, claims.family_id, claims.user_id)
        if actor is None:
            raise Refused(401, "not_authenticated", "This session has ended; sign in again.")
        if actor["status"] != "active":
            raise Refused(403, "account_suspended", "Your account is suspended.")
        return actor


async def _codecs(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "jsonb", encoder=msgspec.json.encode, decoder=msgspec.json.decode, schema="pg_catalog"
    )
    await conn.set_type_codec(
        "citext", schema="public", encoder=str.encode, decoder=bytes.decode, format="binary"
    )


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


# --- the endpoints -------------------------------------------------------------------------------


async def feed(app: Baseline, conn: asyncpg.Connection, actor: Record, query: dict[str, str], _: Any) -> Any:
    area = geo.search_area(float(query["lat"]), float(query["lng"]), float(query["radius_km"]))
    assert area is not None
    assert query.get("has_spots") == "true", "the baseline answers what api_load sends"
    size = 20
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(area)
    me = actor["id"]
    rows = await conn.fetch(
        FEED_SQL,
        geo.EARTH_RADIUS_KM * 2, 1.0, area.lat, 2, 2, area.lng, 2, 2,
        me, "public", "circles", me, me, me,
        "open", utcnow(), "active",
        min_lat, max_lat, min_lng, max_lng,
        area.radius_km, query["type"], size + 1,
    )  # fmt: skip
    ids = [row["id"] for row in rows[:size]]
    mine: dict[UUID, joins_s.MyRequest] = {}
    if ids:
        statement = MY_REQUESTS_SQL.format(
            ids=in_list(2, len(ids)), statuses=in_list(len(ids) + 2, len(JOIN_LIVE), "")
        )
        for request in await conn.fetch(statement, me, *ids, *JOIN_LIVE):
            mine[request["activity_id"]] = joins_s.MyRequest(id=request["id"], status=request["status"])
    public_url = app.settings.public_url

    def item(row: Record) -> activity_s.Activity:
        return build(
            activity_s.Activity,
            row,
            spots_left=row["capacity"] - row["seats_taken"],
            host=person(row, "host_"),
            share_url=f"{public_url}/a/{row['slug']}",
            circle_ids=[],
            distance_km=round(row["distance"], 2),
            my_request=mine.get(row["id"]),
        )

    return page_of(rows, size, item, lambda row: (row["starts_at"].isoformat(), row["id"]))


async def windows(conn: asyncpg.Connection, venue_id: UUID, days: list[date]) -> dict[date, av.Window | None]:
    weekly = {
        row["weekday"]: av.Window(row["opens_minute"], row["closes_minute"])
        for row in await conn.fetch(HOURS_SQL, venue_id)
    }
    special: dict[date, av.Window | None] = {}
    for row in await conn.fetch(SPECIAL_SQL.format(days=in_list(2, len(days), "::DATE")), venue_id, *days):
        opens, closes = row["opens_minute"], row["closes_minute"]
        special[row["day"]] = None if row["closed"] or opens is None else av.Window(opens, closes)
    return {day: av.window_on(day, weekly, special) for day in days}


def _court(row: Record) -> venue_s.Court:
    return build(venue_s.Court, row)


async def slots(
    app: Baseline, conn: asyncpg.Connection, _actor: Record, query: dict[str, str], _: Any
) -> Any:
    venue_id, day, duration = UUID(query["venue"]), date.fromisoformat(query["date"]), int(query["duration"])
    venue = await conn.fetchrow(VENUE_SQL, venue_id, "active")
    if venue is None:
        raise Refused(404, "not_found", "No such venue.")
    window = (await windows(conn, venue_id, [day]))[day]  # Scene asks for the day's hours twice
    courts = await conn.fetch(COURTS_SQL, venue_id)
    window = (await windows(conn, venue_id, [day]))[day]
    price = await conn.fetchrow(PRICES_SQL, duration, venue_id)
    now = utcnow()
    span = asyncpg.Range(at_local_minute(day, 0), at_local_minute(day, 2 * 24 * 60))
    taken: dict[UUID, list[av.Interval]] = {}
    for row in await conn.fetch(TAKEN_SQL, span, "held", now, venue_id, *LIVE):
        taken.setdefault(row["court_id"], []).append((row["period"].lower, row["period"].upper))
    whole_venue: list[av.Interval] = []
    for row in await conn.fetch(BLACKOUTS_SQL, span, venue_id):
        interval = (row["period"].lower, row["period"].upper)
        (taken.setdefault(row["court_id"], []) if row["court_id"] else whole_venue).append(interval)
    peak = (
        (venue["peak_start_minute"], venue["peak_end_minute"])
        if venue["peak_start_minute"] is not None
        else None
    )
    prices = av.Prices(price["price_pkr"], price["peak_price_pkr"]) if price else None
    courts_slots = []
    for court in courts:
        free = (
            av.free_slots(
                day, window, duration, prices=prices, peak=peak,
                taken=[*taken.get(court["id"], []), *whole_venue], now=now,
            )
            if prices is not None and window is not None
            else []
        )  # fmt: skip
        courts_slots.append(
            venue_s.CourtSlots(
                court=_court(court),
                slots=[
                    venue_s.Slot(
                        starts_at=to_local(s.starts_at),
                        ends_at=to_local(s.ends_at),
                        price_pkr=s.price_pkr,
                        peak=s.peak,
                    )
                    for s in free
                ],
            )
        )
    return venue_s.VenueSlots(
        venue_id=venue_id,
        date=day,
        duration_minutes=duration,
        opens_at=to_local(at_local_minute(day, window.opens)) if window else None,
        closes_at=to_local(at_local_minute(day, window.closes)) if window else None,
        courts=courts_slots,
    )


async def profile(
    app: Baseline, conn: asyncpg.Connection, actor: Record, query: dict[str, str], _: Any
) -> Any:
    me = actor["id"]
    row = await conn.fetchrow(PROFILE_SQL, me, UUID(query["user"]), "active")
    if row is None:
        raise Refused(404, "not_found", "No such member.")
    is_me = row["id"] == me
    private = is_me or actor["role"] == "admin"
    assert not private, "the baseline answers what api_load sends: other members' profiles"
    return build(
        user_s.Profile,
        row,
        interests=list(row["interests"]),
        avatar_url=media_url(row["avatar_key"]),
        avatar_thumb_url=media_url(thumbnail_key(row["avatar_key"])),
        phone=mask_phone(row["phone_last4"]),
        lat=None,
        lng=None,
        trust_level=trust_level(row["received"]),
        vouches_received=row["received"],
        vouches_given=row["given"],
        circles_in_common=row["in_common"],
        joined_at=row["created_at"],
        is_me=False,
    )


async def inbox(app: Baseline, conn: asyncpg.Connection, actor: Record, query: dict[str, str], _: Any) -> Any:
    assert not query, "the baseline answers what api_load sends: the first page"
    me, now, size = actor["id"], utcnow(), DEFAULT_LIMIT
    activities = [row["id"] for row in await conn.fetch(HOSTED_ACTIVITIES_SQL, me, "open", now)]
    events = [row["id"] for row in await conn.fetch(HOSTED_EVENTS_SQL, me, "published", now)]
    hosted = (*activities, *events)

    def hosted_in(first: int) -> dict[str, str]:
        return {
            "activities": in_list(first, len(activities)),
            "events": in_list(first + len(activities), len(events)),
        }

    rows = await conn.fetch(INBOX_SQL.format(**hosted_in(3)), "pending", size + 1, *hosted)
    statement = INBOX_COUNTS_SQL.format(**hosted_in(1), statuses=in_list(len(hosted) + 1, 2, ""))
    counts = {row["status"]: row["count_1"] for row in await conn.fetch(statement, *hosted, *WAITING)}
    requesters = list(dict.fromkeys(row["user_id"] for row in rows[:size]))
    vouched: dict[UUID, list[PersonSummary]] = {}
    if requesters:
        statement = VOUCHERS_SQL.format(vouchees=in_list(7, len(requesters)))
        for row in await conn.fetch(statement, me, me, me, "active", me, me, *requesters):
            vouched.setdefault(row["vouchee_id"], []).append(person(row))

    def item(row: Record) -> joins_s.InboxItem:
        return joins_s.InboxItem(
            request=build(
                joins_s.JoinRequest,
                row,
                requester=person(row, "u_"),
                vouched_by=vouched.get(row["user_id"], []),
            ),
            activity=build(
                joins_s.InboxActivity, row, "a_", spots_left=row["a_capacity"] - row["a_seats_taken"]
            )
            if row["a_id"]
            else None,
            event=build(joins_s.InboxEvent, row, "e_", tickets_left=row["e_capacity"] - row["e_tickets_sold"])
            if row["e_id"]
            else None,
        )

    page = page_of(rows, size, item, lambda row: (row["queued_at"].isoformat(), row["id"]))
    return joins_s.Inbox(
        items=page.items,
        counts=joins_s.InboxCounts(pending=counts.get("pending", 0), waitlisted=counts.get("waitlisted", 0)),
        next_cursor=page.next_cursor,
    )


async def event(app: Baseline, conn: asyncpg.Connection, actor: Record, query: dict[str, str], _: Any) -> Any:
    me = actor["id"]
    visible = (me, "public", "circles", me, me, me, "link_only", me, me)
    row = await conn.fetchrow(EVENT_SQL, *visible, UUID(query["event"]))
    if row is None:
        raise Refused(404, "not_found", "No such event.")
    event_id = row["id"]
    host = await conn.fetchrow(USER_SQL, row["host_id"])  # api_load's members host none of its events
    tier_rows = await conn.fetch(TIERS_SQL, event_id)
    held = Held()
    for entry in await conn.fetch(HELD_SQL, utcnow(), me, event_id):
        held.by_tier[entry["tier_id"]] = int(entry["sum_1"])
    now, shown = utcnow(), attrs(row)
    tiers = [
        build(
            events_s.Tier,
            tier,
            available=available(shown, attrs(tier), held),
            on_sale=on_sale(attrs(tier), now),
        )
        for tier in tier_rows
    ]
    mine = await conn.fetchrow(MY_EVENT_REQUEST_SQL, event_id, me, *JOIN_LIVE)
    assert mine is None, "the baseline answers what api_load sends: events one has not asked to join"
    waiting = await conn.fetchrow(MY_WAITLIST_SQL, event_id, me)
    assert waiting is None, "the baseline answers what api_load sends: events one is not queued for"
    return build(
        events_s.Event,
        row,
        cover_url=media_url(row["cover_key"]),
        tickets_left=tickets_left(shown, tiers),
        price_from_pkr=min((tier.price_pkr for tier in tiers), default=None),
        host=person(host),
        share_url=f"{app.settings.public_url}/e/{row['slug']}",
        tiers=tiers,
        circle_ids=[circle["circle_id"] for circle in await conn.fetch(EVENT_CIRCLES_SQL, event_id)],
    )


async def my_bookings(
    app: Baseline, conn: asyncpg.Connection, actor: Record, query: dict[str, str], _: Any
) -> Any:
    assert not query, "the baseline answers what api_load sends: the first page, every status"
    size, member = DEFAULT_LIMIT, person(actor)
    rows = await conn.fetch(MY_BOOKINGS_SQL, actor["id"], size + 1)

    def item(row: Record) -> booking_s.Booking:
        starts_at, ends_at = row["period"].lower, row["period"].upper
        ticket = row["status"] == "confirmed"  # the member's own booking, confirmed
        return build(
            booking_s.Booking,
            row,
            venue=build(booking_s.VenueRef, row, "v_"),
            court=build(venue_s.Court, row, "c_"),
            starts_at=to_local(starts_at),
            ends_at=to_local(ends_at),
            duration_minutes=int((ends_at - starts_at).total_seconds() // 60),
            paid=row["paid_at"] is not None,
            hold_expires_at=row["hold_expires_at"] if row["status"] == "held" else None,
            free_cancellation_until=to_local(
                starts_at - timedelta(hours=app.settings.cancellation_free_hours)
            ),
            member=member,
            code=row["code"] if ticket else None,
            whatsapp_url=booked_share(app, row, actor["locale"]) if ticket else None,
        )

    return page_of(rows, size, item, lambda row: (row["created_at"].isoformat(), row["id"]))


def booked_share(app: Baseline, row: Record, language: str) -> str:
    """The WhatsApp share of a confirmed booking (with its court's columns as `c_`, its venue's as
    `v_`), as `BookingService._whatsapp_url` writes it."""
    return whatsapp_url(
        Message(
            "whatsapp.court_booked",
            sport=Message(f"activity_type.{row['c_sport']}"),
            court=row["c_name"],
            venue=row["v_name"],
        ),
        language=language,
        starts_at=row["period"].lower,
        ends_at=row["period"].upper,
        place=f"{row['v_address']}, {row['v_city']}",
        link=f"{app.settings.public_url}/bookings/{row['id']}",
    )


HOLD = msgspec.json.Decoder(booking_s.BookingCreate)


async def hold(
    app: Baseline, conn: asyncpg.Connection, actor: Record, _query: dict[str, str], body: Any
) -> Any:
    request = HOLD.decode(body)
    starts_at, duration = request.starts_at, request.duration_minutes
    now = utcnow()
    if starts_at <= now or not av.on_grid(starts_at):
        raise Refused(422, "invalid_input", "Pick a future slot on the half-hour grid.")
    settings = app.settings
    await app.limits.hit(
        f"holds:user:{actor['id']}",
        limit=settings.holds_per_hour,
        window_seconds=3600,
        message="Too many holds.",
    )
    if await conn.fetchval(LIVE_HOLDS_SQL, actor["id"], "held", utcnow()) >= settings.max_live_holds:
        raise Refused(409, "too_many_holds", "Pay for or release a hold first.")
    row = await conn.fetchrow(LOCK_COURT_SQL, request.court_id, "active")
    if row is None:
        raise Refused(422, "invalid_input", "No such court.")
    venue_id = row["venue_id"]
    label = av.slot_label(row["name"], starts_at)
    day = to_local(starts_at).date()
    hours = await windows(conn, venue_id, [day - timedelta(days=1), day])
    placed = av.place_in_hours(starts_at, duration, hours.get)
    if placed is None:
        raise Refused(422, "invalid_input", f"Not open for all of {label}.")
    price = await conn.fetchrow(PRICES_SQL, duration, venue_id)
    if price is None:
        raise Refused(422, "invalid_input", f"No {duration}-minute bookings.")
    period = asyncpg.Range(starts_at, starts_at + timedelta(minutes=duration))
    expired_at = utcnow()
    await conn.fetch(EXPIRE_SQL, "expired", expired_at, "held", expired_at, request.court_id, period)
    if await conn.fetchval(BLOCKED_SQL, venue_id, request.court_id, period):
        raise Refused(409, "slot_blocked", f"{label} is blocked by the venue.")
    if await conn.fetchval(SLOT_TAKEN_SQL, request.court_id, period, "held", now, *LIVE):
        raise Refused(409, "slot_taken", f"{label} is taken.")
    peak = (row["v_peak_start_minute"], row["v_peak_end_minute"])
    price_pkr = av.price_at(
        placed[1], av.Prices(price["price_pkr"], price["peak_price_pkr"]), None if peak[0] is None else peak
    )
    booking = {
        "id": uuid7(),
        "court_id": request.court_id,
        "venue_id": venue_id,
        "user_id": actor["id"],
        "period": period,
        "status": "held",
        "price_pkr": price_pkr,
        "hold_expires_at": utcnow() + timedelta(minutes=app.settings.hold_minutes),
        "code": new_code(),
        "created_at": utcnow(),
    }
    booking["updated_at"] = booking["created_at"]
    await conn.execute(INSERT_SQL, *(booking.get(column) for column in BOOKING_COLUMNS))
    return booking_s.Booking(
        id=booking["id"],
        status="held",
        venue=build(booking_s.VenueRef, row, "v_"),
        court=_court(row),
        starts_at=to_local(starts_at),
        ends_at=to_local(period.upper),
        duration_minutes=duration,
        price_pkr=price_pkr,
        payment_method=None,
        paid=False,
        hold_expires_at=booking["hold_expires_at"],
        free_cancellation_until=to_local(starts_at - timedelta(hours=app.settings.cancellation_free_hours)),
        created_at=booking["created_at"],
        confirmed_at=None,
        cancelled_at=None,
        checked_in_at=None,
        member=person(actor),
    )


def main() -> None:
    settings = Settings.from_env()
    uvicorn.run(
        Baseline(settings),
        host=settings.host,
        port=int(os.environ["SCENE_API_PORT"]),
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()

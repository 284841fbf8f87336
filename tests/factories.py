"""Factories for every model: realistic Pakistani rows that satisfy every database constraint.

`SomeFactory.build(...)` makes an object together with the parents it needs (not yet saved);
`await persist(session, *rows)` saves rows and their new parents in one commit. Inside
`tests/db`, the `db` fixture also makes polyfactory's `await SomeFactory.create_async(...)` work.

Give a parent as an object (`court=court`) or by id (`court_id=court.id`): a parent given by id
is referenced, never built anew. Relationships are `lazy="raise"`, so pass by id a parent whose
own parents were not loaded (a row read back from the database).
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar
from uuid import uuid4

from polyfactory import PostGenerated, Use
from polyfactory.factories.base import BaseFactory
from polyfactory.factories.sqlalchemy_factory import SQLAlchemyFactory
from polyfactory.persistence import AsyncPersistenceProtocol
from sqlalchemy import Column, inspect
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import NO_VALUE

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.db.base import Base
from scene_api.lib.crypto import CODE_ALPHABET, PiiCipher, blind_index, mask_phone, new_code, token_hash
from scene_api.lib.timezone import KARACHI, utcnow

ModelT = TypeVar("ModelT", bound=Base)

TEST_SETTINGS = Settings()
"""The keys tests/conftest.py's settings use (it builds them from the defaults), so services
under test can decrypt the phone numbers and find members by their blind index."""
PII = PiiCipher(TEST_SETTINGS.pii_keys)

_serial = itertools.count(1)


def serial() -> int:
    """A number never handed out before in this test run: keeps slugs, codes and phones unique."""
    return next(_serial)


def unique_code(length: int = 8) -> str:
    """A code in the alphabet the app prints under QR codes: random letters, then a unique serial."""
    number, digits = serial(), ""
    while number:
        number, digit = divmod(number, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[digit] + digits
    return new_code(length - len(digits)) + digits


def unique_slug(title: str) -> str:
    """The title's first words and a unique suffix, short enough for every slug column (24)."""
    slug = ""
    for word in "".join(char if char.isalnum() else " " for char in title.lower()).split():
        if len(slug) + len(word) >= 17:
            break
        slug += f"{word}-"
    return slug + unique_code(6).lower()


# --- people -------------------------------------------------------------------------------------

WOMEN = ["Ayesha", "Fatima", "Zainab", "Hira", "Mahnoor", "Sana", "Amna", "Iqra", "Maryam", "Noor", "Sidra"]
MEN = ["Hamza", "Bilal", "Usman", "Ali", "Ahmed", "Hassan", "Saad", "Fahad", "Omar", "Zain", "Danish", "Asad"]
SURNAMES = [
    "Khan", "Malik", "Qureshi", "Sheikh", "Chaudhry", "Butt", "Raza", "Siddiqui", "Abbasi", "Mirza",
    "Hashmi", "Javed", "Iqbal", "Baloch", "Awan", "Niazi", "Shah",
]  # fmt: skip
MOBILE_PREFIXES = [*range(301, 310), *range(310, 320), *range(320, 330), *range(330, 338), *range(340, 350)]
"""Jazz, Zong, Ufone and Telenor codes; 300 is left to the demo numbers in seeds/users.yaml."""


def mobile_number() -> str:
    """A +92 3XX number in E.164, unique in this test run."""
    return f"+92{random.choice(MOBILE_PREFIXES)}{1_000_000 + serial():07d}"


def phone_columns(phone: str) -> dict[str, str]:
    """The User columns that store `phone` (E.164), as the auth service stores them."""
    return {
        "phone_ciphertext": PII.encrypt(phone),
        "phone_blind_index": blind_index(TEST_SETTINGS.blind_index_key, phone),
        "phone_last4": phone[-4:],
    }


def handle_for(name: str) -> str:
    first, _, last = name.lower().partition(" ")
    return f"{first}_{last[:1]}{serial()}"


# --- places and times ---------------------------------------------------------------------------

CITY_CENTRES: dict[m.City, tuple[float, float, list[str]]] = {
    m.City.LAHORE: (31.5204, 74.3587, ["Gulberg", "DHA Phase 5", "Johar Town", "Model Town"]),
    m.City.KARACHI: (24.8607, 67.0011, ["Clifton", "DHA Phase 6", "Gulshan-e-Iqbal", "PECHS"]),
    m.City.ISLAMABAD: (33.6844, 73.0479, ["F-7", "F-6", "E-11", "G-11"]),
    m.City.RAWALPINDI: (33.5651, 73.0169, ["Bahria Town", "Saddar", "Chaklala Scheme III"]),
    m.City.FAISALABAD: (31.4504, 73.1350, ["Peoples Colony", "Madina Town", "Susan Road"]),
    m.City.PESHAWAR: (34.0151, 71.5249, ["Hayatabad", "University Town", "Saddar"]),
    m.City.MULTAN: (30.1575, 71.5249, ["Gulgasht", "Cantt", "Bosan Road"]),
}


def random_city() -> m.City:
    return random.choice(list(m.City))


def near(city: str, axis: int) -> float:
    """A latitude (axis 0) or longitude (axis 1) within a few kilometres of the city centre."""
    lat, lng, _ = CITY_CENTRES[m.City(city)]
    return round((lat, lng)[axis] + random.uniform(-0.05, 0.05), 6)


def area_in(city: str) -> str:
    return random.choice(CITY_CENTRES[m.City(city)][2])


def upcoming_start(earliest_hour: int = 7, latest_hour: int = 21) -> datetime:
    """A whole hour of Karachi time 2 to 30 days ahead, in UTC: always more than a day away, so free
    cancellation (until 24 hours before) has not ended for it."""
    day = datetime.now(KARACHI).date() + timedelta(days=random.randint(2, 30))
    local = datetime(day.year, day.month, day.day, random.randint(earliest_hour, latest_hour), tzinfo=KARACHI)
    return local.astimezone(UTC)


def after(field: str, minutes: int) -> PostGenerated:
    """A time `minutes` after the value of `field` (given or generated)."""
    return PostGenerated(lambda _name, values: values[field] + timedelta(minutes=minutes))


def slot(minutes: int = 90) -> Range[datetime]:
    start = upcoming_start(latest_hour=22)
    return Range(start, start + timedelta(minutes=minutes))


def rupees(low: int, high: int, step: int = 500) -> int:
    return random.randrange(low, high + 1, step)


# --- the factories ------------------------------------------------------------------------------


class SceneFactory(SQLAlchemyFactory[ModelT], Generic[ModelT]):
    """Fills the columns a row cannot do without and those a factory declares; every other column
    keeps its model default (nullable ones stay NULL). Parents come from their relationships,
    built by the factory registered for their model."""

    __is_base_factory__ = True
    __set_relationships__ = True
    __set_foreign_keys__ = False
    __set_as_default_factory_for_type__ = True

    @classmethod
    def should_column_be_set(cls, column: Any) -> bool:
        if not super().should_column_be_set(column):
            return False
        declared = hasattr(cls, column.key) and not hasattr(BaseFactory, column.key)  # polyfactory's test
        return declared or not _can_be_left_out(column)

    @classmethod
    def should_set_field_value(cls, field_meta: Any, **kwargs: Any) -> bool:
        """A parent given by id (`court_id=...`) is referenced: no new parent is built for it."""
        relationship = inspect(cls.__model__).relationships.get(field_meta.name)
        if relationship is not None and all(column.key in kwargs for column in relationship.local_columns):
            return False
        return super().should_set_field_value(field_meta, **kwargs)


def _can_be_left_out(column: Column[Any]) -> bool:
    return bool(column.nullable) or column.default is not None or column.server_default is not None


def same_parent(row: Base, relationship: str, field: str | None = None) -> dict[str, Any]:
    """Build kwargs giving a new row `row`'s parent (as `field`, by default the same name): the
    parent object when `row` holds it, else its id (`row` was read back without its parents)."""
    field = field or relationship
    state = inspect(row)
    parent = state.attrs[relationship].loaded_value
    if parent is not NO_VALUE:
        return {field: parent}
    (column,) = state.mapper.relationships[relationship].local_columns
    assert column.key is not None
    return {f"{field}_id": getattr(row, column.key)}


def take(kwargs: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Remove `keys` from `kwargs`, returning those present."""
    return {key: kwargs.pop(key) for key in keys if key in kwargs}


class SessionPersistence(AsyncPersistenceProtocol[Any]):
    """`create_async()` through `persist`. polyfactory's own SQLAlchemy persistence refreshes each
    row after the commit, which expires the parents it was built with (and `lazy="raise"`
    relationships refuse to load them back)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, data: Any) -> Any:
        await persist(self.session, data)
        return data

    async def save_many(self, data: list[Any]) -> list[Any]:
        await persist(self.session, *data)
        return data


async def persist(session: AsyncSession, *rows: Base) -> None:
    """Insert `rows` and the new parents they were built with, and commit."""
    session.add_all(rows)
    await session.commit()


class UserFactory(SceneFactory[m.User]):
    city = Use(random_city)
    lat = PostGenerated(lambda _name, values: near(values["city"], 0))
    lng = PostGenerated(lambda _name, values: near(values["city"], 1))
    bio = Use(
        random.choice,
        [
            "Padel after office, always up for doubles.",
            "Weekend runner, slow pace, chai after.",
            "Futsal on Thursdays, looking for a regular five.",
            "Board games and karak chai, Sunday evenings.",
        ],
    )
    interests = Use(lambda: random.sample(["padel", "futsal", "running", "cricket", "board_games"], 2))
    skill_levels = PostGenerated(
        lambda _name, values: {sport: random.randint(1, 5) for sport in values["interests"]}
    )
    open_to_join = True
    time_zone = "Asia/Karachi"
    quiet_hours = False
    """No quiet hours, so tests do not depend on the hour they run at (tests/messaging covers them)."""

    @classmethod
    def build(cls, *args: Any, phone: str | None = None, **kwargs: Any) -> m.User:
        """`phone` (E.164) sets the encrypted number, its blind index and last four digits. The
        name suits the gender, the handle the name."""
        if "name" not in kwargs:
            gender = kwargs.setdefault("gender", random.choice([m.Gender.WOMAN, m.Gender.MAN]))
            first_names = WOMEN if gender == m.Gender.WOMAN else MEN
            kwargs["name"] = f"{random.choice(first_names)} {random.choice(SURNAMES)}"
        kwargs.setdefault("handle", handle_for(kwargs["name"]))
        return super().build(*args, **{**phone_columns(phone or mobile_number()), **kwargs})


class VenueFactory(SceneFactory[m.Venue]):
    owner = Use(UserFactory.build, role=m.UserRole.VENUE_OWNER)
    city = Use(random_city)
    name = Use(random.choice, ["Smash Point Padel", "Court Nine", "Baseline Padel Club", "Glass Box Arena"])
    slug = PostGenerated(lambda _name, values: unique_slug(values["name"]))
    address = PostGenerated(lambda _name, values: f"Plot {random.randint(2, 180)}, {area_in(values['city'])}")
    lat = PostGenerated(lambda _name, values: near(values["city"], 0))
    lng = PostGenerated(lambda _name, values: near(values["city"], 1))
    description = "Glass-walled padel courts with floodlights. Rackets on rent."
    amenities = Use(
        lambda: random.sample(["parking", "floodlights", "changing_rooms", "cafe", "racket_rental"], 3)
    )
    contact_phone = Use(mobile_number)
    peak_start_minute = 18 * 60
    peak_end_minute = 24 * 60


class CourtFactory(SceneFactory[m.Court]):
    name = Use(lambda: f"Court {serial()}")
    sport = m.ActivityType.PADEL
    indoor = Use(random.choice, [True, False])


class OpeningHoursFactory(SceneFactory[m.OpeningHours]):
    weekday = Use(lambda: serial() % 7)
    opens_minute = 7 * 60
    closes_minute = 25 * 60
    """01:00 the next morning: evenings are when Pakistan plays."""


class SpecialHoursFactory(SceneFactory[m.SpecialHours]):
    day = Use(lambda: date.today() + timedelta(days=serial()))
    opens_minute = 21 * 60
    closes_minute = 27 * 60
    note = "Ramadan: open after taraweeh"


class PriceRuleFactory(SceneFactory[m.PriceRule]):
    duration_minutes = Use(lambda: (60, 90, 120)[serial() % 3])
    price_pkr = PostGenerated(lambda _name, values: values["duration_minutes"] // 30 * 2000)
    peak_price_pkr = PostGenerated(lambda _name, values: values["price_pkr"] + 1500)


class VenuePhotoFactory(SceneFactory[m.VenuePhoto]):
    key = Use(lambda: f"venues/{uuid4()}/court.jpg")
    caption = "Court under the floodlights"
    position = Use(serial)


class BlackoutFactory(SceneFactory[m.Blackout]):
    period = Use(slot, 180)
    reason = "Glass panel replacement"


ACTIVITY_TITLES = {
    m.ActivityType.PADEL: "Padel doubles, need 2 more",
    m.ActivityType.FUTSAL: "5-a-side futsal after Isha",
    m.ActivityType.RUNNING: "Sunday 10K, easy pace",
}


class ActivityFactory(SceneFactory[m.Activity]):
    type = Use(random.choice, [m.ActivityType.PADEL, m.ActivityType.FUTSAL, m.ActivityType.RUNNING])
    city = Use(random_city)
    place_name = PostGenerated(lambda _name, values: area_in(values["city"]))
    title = PostGenerated(lambda _name, values: ACTIVITY_TITLES.get(values["type"], "Who's in this weekend?"))
    slug = PostGenerated(lambda _name, values: unique_slug(values["type"]))
    description = "Bring water. Split the court fee on the spot."
    starts_at = Use(upcoming_start)
    ends_at = after("starts_at", 90)
    lat = PostGenerated(lambda _name, values: near(values["city"], 0))
    lng = PostGenerated(lambda _name, values: near(values["city"], 1))
    capacity = Use(random.randint, 2, 9)
    cost_pkr = Use(rupees, 0, 3000)


class ActivityCircleFactory(SceneFactory[m.ActivityCircle]):
    pass


class EventFactory(SceneFactory[m.Event]):
    title = Use(random.choice, ["Padel Night Open", "Qawwali under the stars", "Sunrise run and breakfast"])
    slug = PostGenerated(lambda _name, values: unique_slug(values["title"]))
    description = "Doors open 30 minutes before. Bring your ticket's QR code."
    starts_at = Use(upcoming_start, 17, 21)
    ends_at = after("starts_at", 180)
    city = Use(random_city)
    place_name = PostGenerated(lambda _name, values: area_in(values["city"]))
    lat = PostGenerated(lambda _name, values: near(values["city"], 0))
    lng = PostGenerated(lambda _name, values: near(values["city"], 1))
    capacity = Use(random.randint, 80, 300)


class EventCircleFactory(SceneFactory[m.EventCircle]):
    pass


class TicketTierFactory(SceneFactory[m.TicketTier]):
    name = Use(lambda: f"{random.choice(['General', 'Early bird', 'VIP'])} {serial()}")
    description = "Entry and one drink"
    price_pkr = Use(rupees, 1000, 5000)
    quantity = Use(random.randint, 20, 80)


class OrderFactory(SceneFactory[m.Order]):
    code = Use(unique_code)
    quantity = Use(random.randint, 1, 2)
    amount_pkr = PostGenerated(
        lambda _name, values: values["quantity"] * values["tier"].price_pkr if "tier" in values else 3000
    )
    expires_at = Use(lambda: utcnow() + timedelta(minutes=10))

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> m.Order:
        """The order's event is its tier's event (a given event gets a new tier)."""
        if "tier_id" not in kwargs:
            event = take(kwargs, "event", "event_id")
            tier = kwargs.setdefault("tier", TicketTierFactory.build(**event))
            kwargs.update(same_parent(tier, "event"))
        return super().build(*args, **kwargs)


class TicketFactory(SceneFactory[m.Ticket]):
    code = Use(unique_code)

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> m.Ticket:
        """The ticket's event and tier are its order's; its holder defaults to the buyer."""
        if "order_id" not in kwargs:
            take(kwargs, "event", "event_id", "tier", "tier_id")
            order = kwargs.setdefault("order", OrderFactory.build())
            kwargs |= same_parent(order, "event") | same_parent(order, "tier")
            if not kwargs.keys() & {"holder", "holder_id"}:
                kwargs.update(same_parent(order, "buyer", "holder"))
        return super().build(*args, **kwargs)


class EventWaitlistEntryFactory(SceneFactory[m.EventWaitlistEntry]):
    quantity = 1


class EventStaffFactory(SceneFactory[m.EventStaff]):
    pass


class JoinRequestFactory(SceneFactory[m.JoinRequest]):
    """For an activity unless an `event` (or `event_id`) is given."""

    activity = Use(ActivityFactory.build)
    event = None
    message = "Salam! Played twice a week at the club, happy to fill in."

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> m.JoinRequest:
        if kwargs.keys() & {"event", "event_id"}:
            kwargs.setdefault("activity", None)
        return super().build(*args, **kwargs)


class InviteFactory(SceneFactory[m.Invite]):
    code = Use(unique_code)
    note = "Plays padel with me every Friday"
    expires_at = Use(lambda: utcnow() + timedelta(days=14))


class OtpChallengeFactory(SceneFactory[m.OtpChallenge]):
    phone_blind_index = Use(lambda: phone_columns(mobile_number())["phone_blind_index"])
    code_hash = Use(lambda: token_hash(f"{random.randint(0, 999_999):06d}"))
    expires_at = Use(lambda: utcnow() + timedelta(seconds=TEST_SETTINGS.otp_ttl_seconds))
    requested_ip = "39.32.10.4"


class RefreshTokenFactory(SceneFactory[m.RefreshToken]):
    family_id = Use(uuid4)
    token_hash = Use(lambda: token_hash(uuid4().hex))
    expires_at = Use(lambda: utcnow() + timedelta(days=TEST_SETTINGS.refresh_token_days))
    user_agent = "Mozilla/5.0 (Linux; Android 14; SM-A546E) Mobile Safari/537.36"


class SmsOutboxFactory(SceneFactory[m.SmsOutbox]):
    phone_blind_index = Use(lambda: phone_columns(mobile_number())["phone_blind_index"])
    phone_masked = Use(lambda: mask_phone(f"{random.randint(0, 9999):04d}"))
    body = Use(lambda: f"Your Scene code is {random.randint(0, 999_999):06d}. It expires in 5 minutes.")


class BookingFactory(SceneFactory[m.Booking]):
    """A 90-minute hold on a court; the booking's venue is its court's venue."""

    period = Use(slot)
    price_pkr = Use(rupees, 4000, 9000)
    payment_method = m.PaymentMethod.ONLINE
    hold_expires_at = Use(lambda: utcnow() + timedelta(minutes=TEST_SETTINGS.hold_minutes))
    code = Use(unique_code)

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> m.Booking:
        if "court_id" not in kwargs:
            venue = take(kwargs, "venue", "venue_id")
            court = kwargs.setdefault("court", CourtFactory.build(**venue))
            kwargs.update(same_parent(court, "venue"))
        return super().build(*args, **kwargs)


PAYMENT_PURPOSES = {
    "booking": m.PaymentPurpose.BOOKING,
    "order": m.PaymentPurpose.ORDER,
    "join_request": m.PaymentPurpose.SHARE,
}


class PaymentFactory(SceneFactory[m.Payment]):
    """Pays for a booking unless an `order` or `join_request` (object or id) is given."""

    provider = Use(random.choice, list(m.PaymentProviderName))
    amount_pkr = Use(rupees, 1000, 9000)
    merchant_reference = Use(lambda: f"SCN-{unique_code(10)}")
    booking = None
    order = None
    join_request = None

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> m.Payment:
        given = [target for target in PAYMENT_PURPOSES if kwargs.keys() & {target, f"{target}_id"}]
        if not given:
            kwargs["booking"] = BookingFactory.build()
            given = ["booking"]
        kwargs.setdefault("purpose", PAYMENT_PURPOSES[given[0]])
        return super().build(*args, **kwargs)


class PaymentTransitionFactory(SceneFactory[m.PaymentTransition]):
    from_status = m.PaymentStatus.INITIATED
    to_status = m.PaymentStatus.PENDING


class ProviderCheckFactory(SceneFactory[m.ProviderCheck]):
    """A day checked with a provider: one payment both sides call paid."""

    provider = m.PaymentProviderName.PAYFAST
    lines = Use(
        lambda: [
            {
                "reference": f"SCN{serial():012d}",
                "scene_status": "succeeded",
                "amount_pkr": 4500,
                "provider_status": "succeeded",
                "provider_amount_pkr": 4500,
            }
        ]
    )


class PaymentEventFactory(SceneFactory[m.PaymentEvent]):
    provider = m.PaymentProviderName.JAZZCASH
    kind = "callback"
    payload = Use(
        lambda: {"pp_ResponseCode": "000", "pp_TxnRefNo": f"T{serial():012d}", "pp_Amount": "600000"}
    )
    signature_valid = True
    outcome = "applied"


class NotificationFactory(SceneFactory[m.Notification]):
    kind = "join_request_approved"
    title = "You're in!"
    body = "Hamza approved your request for Padel doubles on Friday."
    link = Use(lambda: f"/a/{unique_code(6).lower()}")
    data = Use(dict[str, Any])


class MessageDeliveryFactory(SceneFactory[m.MessageDelivery]):
    """An approval sent by SMS through Twilio (the content is encrypted, as the pipeline stores it)."""

    kind = "join_approved"
    category = "approvals"
    channel = m.Channel.SMS
    provider = "twilio"
    status = m.DeliveryStatus.SENT
    idempotency_key = Use(lambda: f"notification:{uuid4()}|sms")
    content_ciphertext = Use(lambda: PII.encrypt('{"kind": "join_approved", "title": "You are in"}'))
    provider_message_id = Use(lambda: f"SM{uuid4().hex}")


class MessageStatusEventFactory(SceneFactory[m.MessageStatusEvent]):
    provider = "twilio"
    provider_message_id = Use(lambda: f"SM{uuid4().hex}")
    status = m.DeliveryStatus.DELIVERED


class RejectedWebhookFactory(SceneFactory[m.RejectedWebhook]):
    provider = "whatsapp"
    reason = "X-Hub-Signature-256 does not match"
    remote_addr = "203.0.113.9"
    body = '{"object": "whatsapp_business_account", "entry": []}'


class PushSubscriptionFactory(SceneFactory[m.PushSubscription]):
    endpoint = Use(lambda: f"https://fcm.googleapis.com/fcm/send/{uuid4().hex}")
    p256dh = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    auth = "BTBZMqHH6r4Tts7J_aSIgg"
    user_agent = "Mozilla/5.0 (Linux; Android 14; SM-A546E) Mobile Safari/537.36"


class MessagePreferenceFactory(SceneFactory[m.MessagePreference]):
    category = "reminders"
    channels = Use(lambda: ["push", "whatsapp"])


class MessageDailyCountFactory(SceneFactory[m.MessageDailyCount]):
    day = Use(lambda: utcnow().date())
    sent = 3


class AuditLogFactory(SceneFactory[m.AuditLog]):
    action = "booking.refund"
    subject_type = "booking"
    subject_id = Use(uuid4)
    details = Use(lambda: {"amount_pkr": rupees(4000, 9000), "reason": "Rain, courts closed"})
    ip = "39.32.10.4"


class VouchFactory(SceneFactory[m.Vouch]):
    note = "Known him since school, reliable teammate"


class CircleFactory(SceneFactory[m.Circle]):
    city = Use(random_city)
    name = Use(random.choice, ["Padel After Office", "Sunday Long Run", "Futsal Five", "Board Game Nights"])
    slug = PostGenerated(lambda _name, values: unique_slug(values["name"]))
    description = "Weekly games, everyone welcome."


class CircleMemberFactory(SceneFactory[m.CircleMember]):
    pass


class BlockFactory(SceneFactory[m.Block]):
    pass


class ReportFactory(SceneFactory[m.Report]):
    subject_type = m.ReportSubject.USER
    subject_id = Use(uuid4)
    reason = "no_show"
    details = "Booked the slot and never came, twice."


FACTORIES: list[type[SceneFactory[Any]]] = [
    UserFactory,
    VouchFactory,
    BlockFactory,
    ReportFactory,
    InviteFactory,
    OtpChallengeFactory,
    RefreshTokenFactory,
    SmsOutboxFactory,
    CircleFactory,
    CircleMemberFactory,
    VenueFactory,
    CourtFactory,
    OpeningHoursFactory,
    SpecialHoursFactory,
    PriceRuleFactory,
    VenuePhotoFactory,
    BlackoutFactory,
    BookingFactory,
    ActivityFactory,
    ActivityCircleFactory,
    JoinRequestFactory,
    EventFactory,
    EventCircleFactory,
    TicketTierFactory,
    OrderFactory,
    TicketFactory,
    EventWaitlistEntryFactory,
    EventStaffFactory,
    PaymentFactory,
    PaymentTransitionFactory,
    PaymentEventFactory,
    ProviderCheckFactory,
    NotificationFactory,
    MessageDeliveryFactory,
    MessageStatusEventFactory,
    RejectedWebhookFactory,
    PushSubscriptionFactory,
    MessagePreferenceFactory,
    MessageDailyCountFactory,
    AuditLogFactory,
]
"""One factory per model (tests/db/test_factories.py checks none is missing)."""

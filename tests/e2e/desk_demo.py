"""A lived-in venue desk and ops page for screenshots: a padel venue with a day of bookings in every
state, members who joined over the last month through invites, open reports, payments that got stuck
or were refunded, and audit rows from real actions."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

import msgspec
from PIL import Image, ImageDraw
from sqlalchemy.dialects.postgresql import Range
from tests.helpers import PHONES, create_member

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.domain.ops import schemas as ops_s
from scene_api.domain.venues import schemas as venues_s
from scene_api.lib.crypto import new_code
from scene_api.lib.timezone import KARACHI, to_local, utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services

ADMIN_PHONE = PHONES[0]
OWNER_PHONE = PHONES[1]
MEMBERS = [
    ("ayesha_runs", "Ayesha Khan"),
    ("danish_m", "Danish Malik"),
    ("sana_iqbal", "Sana Iqbal"),
    ("omar_farooq", "Omar Farooq"),
    ("fatima_b", "Fatima Butt"),
    ("ali_raza", "Ali Raza"),
    ("zara_sheikh", "Zara Sheikh"),
    ("usman_t", "Usman Tariq"),
    ("hira_naveed", "Hira Naveed"),
    ("bilal_j", "Bilal Javed"),
    ("mehwish_a", "Mehwish Akram"),
    ("saad_q", "Saad Qazi"),
    ("nida_r", "Nida Rehman"),
    ("hamid_s", "Hamid Shah"),
]
DESCRIPTION = "Three glass-walled padel courts with floodlights. Rackets on rent, chai at the cafe."
JOINED_DAYS_AGO = (1, 1, 2, 3, 3, 3, 5, 6, 6, 9, 12, 13, 15, 19, 22, 26)
"""Sign-ups picking up lately, as they do once a few members start inviting."""
OPENS, CLOSES = 7 * 60, 25 * 60
"""7 am until 1 am."""


COURT_BLUE, COURT_GREEN = (28, 76, 160), (32, 122, 92)


def court_picture(surface: tuple[int, int, int]) -> bytes:
    """A padel court from above under floodlights, drawn (no stock photos in the repository)."""
    picture = Image.new("RGB", (1200, 800), (12, 14, 20))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((150, 100, 1050, 700), fill=surface)
    white = (236, 240, 245)
    draw.rectangle((150, 100, 1050, 700), outline=white, width=8)
    draw.line((600, 100, 600, 700), fill=(40, 40, 48), width=14)
    for x in (330, 870):
        draw.line((x, 100, x, 700), fill=white, width=6)
    draw.line((330, 400, 870, 400), fill=white, width=6)
    for x, y in ((150, 100), (1050, 100), (150, 700), (1050, 700)):
        draw.ellipse((x - 60, y - 60, x + 60, y + 60), fill=(255, 250, 215))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@dataclass
class DeskDemo:
    admin: m.User
    owner: m.User
    members: dict[str, m.User]
    venue_id: UUID
    courts: list[UUID]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), KARACHI)


async def arrange_desk(runtime: Runtime) -> DeskDemo:
    rng = random.Random(9)
    now = utcnow()
    admin = await create_member(
        runtime,
        ADMIN_PHONE,
        handle="hamza_q",
        name="Hamza Qureshi",
        role=m.UserRole.ADMIN,
        city=m.City.LAHORE,
    )
    owner = await create_member(
        runtime,
        OWNER_PHONE,
        handle="bilal_courts",
        name="Bilal Ahmed",
        role=m.UserRole.VENUE_OWNER,
        city=m.City.LAHORE,
        invited_by_id=admin.id,
    )
    members: dict[str, m.User] = {}
    inviters = [admin, owner]
    for number, (handle, name) in enumerate(MEMBERS, start=2):
        inviter = inviters[min(len(inviters) - 1, rng.randrange(0, len(inviters)))]
        member = await create_member(
            runtime,
            PHONES[number],
            handle=handle,
            name=name,
            city=m.City.LAHORE,
            invited_by_id=inviter.id,
            created_at=now - timedelta(days=rng.choice(JOINED_DAYS_AGO), hours=rng.randrange(0, 20)),
        )
        members[handle] = member
        if number % 3 == 0:
            inviters.append(member)
    async with provide_services(runtime) as services:
        session = services.session
        for member in members.values():
            session.add(
                m.Invite(
                    code=new_code(),
                    inviter_id=member.invited_by_id,
                    invitee_id=member.id,
                    status=m.InviteStatus.REDEEMED,
                    redeemed_at=member.created_at,
                )
            )
            session.add(m.Vouch(voucher_id=member.invited_by_id, vouchee_id=member.id, from_invite=True))
        for _ in range(6):
            session.add(m.Invite(code=new_code(), inviter_id=admin.id))
    venue_id, courts = await _venue(runtime, owner)
    await _bookings(runtime, venue_id, courts, list(members.values()), now)
    await _reports(runtime, members)
    await _payments(runtime, members, now, venue_id, courts[0])
    await _ops_actions(runtime, admin, owner, members)
    return DeskDemo(admin, owner, members, venue_id, courts)


async def _venue(runtime: Runtime, owner: m.User) -> tuple[UUID, list[UUID]]:
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, owner.id)
        venue = await services.venue_management.create(
            actor,
            venues_s.VenueCreate(
                name="Court Nine Padel",
                address="Plot 9, Block E-1, Main Boulevard, Gulberg III",
                city=m.City.LAHORE,
                lat=31.512,
                lng=74.344,
                description=DESCRIPTION,
                amenities=["parking", "floodlights", "cafe", "racket rental"],
                contact_phone="0300 1234567",
                peak_start_minute=18 * 60,
                peak_end_minute=24 * 60,
            ),
        )
        court_ids = []
        for name, indoor in (("Court 1", True), ("Court 2", True), ("Court 3", False)):
            court = await services.venue_management.add_court(
                actor, venue.id, venues_s.CourtCreate(name=name, indoor=indoor)
            )
            court_ids.append(court.id)
        await services.venue_management.set_hours(
            actor,
            venue.id,
            venues_s.WeeklyHours(
                hours=[
                    venues_s.Hours(weekday=weekday, opens_minute=OPENS, closes_minute=CLOSES)
                    for weekday in range(7)
                ]
            ),
        )
        for colour in (COURT_BLUE, COURT_GREEN):
            await services.venue_management.add_photo(actor, venue.id, court_picture(colour), "Night games")
        await services.venue_management.set_prices(
            actor,
            venue.id,
            msgspec.convert(
                {
                    "prices": [
                        {"duration_minutes": 60, "price_pkr": 6000, "peak_price_pkr": 8000},
                        {"duration_minutes": 90, "price_pkr": 8500, "peak_price_pkr": 11500},
                    ]
                },
                venues_s.PriceList,
            ),
        )
    return venue.id, court_ids


async def _bookings(
    runtime: Runtime, venue_id: UUID, courts: list[UUID], people: list[m.User], now: datetime
) -> None:
    """Today 7 am to 11 pm across three courts: the past ones played (or not), the rest ahead in every
    state; a coaching block; a few for the coming days and the last weeks (for the money summary)."""
    today = to_local(now).date()
    plan = [
        (0, 7, 60), (1, 8, 90), (2, 9, 60), (0, 10, 60), (1, 11, 60), (0, 13, 90), (1, 15, 60),
        (2, 16, 60), (0, 17, 60), (1, 17, 90), (2, 18, 60), (0, 19, 60), (1, 19, 60), (2, 20, 90),
        (0, 21, 60), (1, 21, 60), (0, 22, 60),
    ]  # fmt: skip
    async with provide_services(runtime) as services:
        session = services.session
        for index, (court, hour, minutes) in enumerate(plan):
            start = local(today, hour)
            session.add(
                _booking(venue_id, courts[court], people[index % len(people)], start, minutes, now, index)
            )
        for days_ahead, court, hour in (
            (1, 0, 18),
            (1, 1, 19),
            (1, 2, 20),
            (2, 0, 19),
            (3, 1, 20),
            (5, 0, 18),
        ):
            start = local(today + timedelta(days=days_ahead), hour)
            session.add(
                _booking(venue_id, courts[court], people[hour % len(people)], start, 60, now, hour + 1)
            )
        for weeks_ago in (1, 2, 3):
            for slot in range(8 - weeks_ago * 2):
                start = local(today - timedelta(weeks=weeks_ago, days=slot % 5), 17 + slot % 5)
                booking = _booking(venue_id, courts[slot % 3], people[slot], start, 60, now, 2)
                session.add(booking)
        session.add(
            m.Blackout(
                venue_id=venue_id,
                court_id=courts[2],
                period=Range(local(today, 12), local(today, 14)),
                reason="Coaching clinic",
            )
        )


def _booking(
    venue_id: UUID, court_id: UUID, member: m.User, start: datetime, minutes: int, now: datetime, index: int
) -> m.Booking:
    end = start + timedelta(minutes=minutes)
    price = 8000 if to_local(start).hour >= 18 else 6000
    booking = m.Booking(
        court_id=court_id,
        venue_id=venue_id,
        user_id=member.id,
        period=Range(start, end),
        price_pkr=price if minutes == 60 else price * 3 // 2,
        code=new_code(),
        created_at=min(now, start) - timedelta(hours=6),
    )
    at_venue = index % 3 != 0
    booking.payment_method = m.PaymentMethod.PAY_AT_VENUE if at_venue else m.PaymentMethod.ONLINE
    booking.confirmed_at = booking.created_at
    if end <= now:
        booking.status = m.BookingStatus.NO_SHOW if index % 7 == 3 else m.BookingStatus.CHECKED_IN
        booking.checked_in_at = (
            start - timedelta(minutes=10) if booking.status is m.BookingStatus.CHECKED_IN else None
        )
        booking.paid_at = start if booking.status is m.BookingStatus.CHECKED_IN or not at_venue else None
    elif start <= now:
        booking.status = m.BookingStatus.CHECKED_IN
        booking.checked_in_at = start - timedelta(minutes=5)
        booking.paid_at = start
    elif index % 5 == 4:
        booking.status = m.BookingStatus.HELD
        booking.payment_method = None
        booking.confirmed_at = None
        booking.hold_expires_at = now + timedelta(minutes=7)
    else:
        booking.status = m.BookingStatus.CONFIRMED
        booking.paid_at = None if at_venue else booking.created_at
    return booking


async def _reports(runtime: Runtime, members: dict[str, m.User]) -> None:
    async with provide_services(runtime) as services:
        session = services.session
        now = utcnow()
        for reporter, subject, reason, details, age in (
            (
                "fatima_b",
                "hamid_s",
                "scam",
                "Asked everyone in the group for a Rs 2,000 'court deposit' on JazzCash before the game.",
                timedelta(minutes=40),
            ),
            (
                "sana_iqbal",
                "saad_q",
                "harassment",
                "Kept messaging after I said no to a second game.",
                timedelta(hours=5),
            ),
            ("ali_raza", "nida_r", "fake_profile", "", timedelta(days=1, hours=2)),
        ):
            session.add(
                m.Report(
                    reporter_id=members[reporter].id,
                    subject_type=m.ReportSubject.USER,
                    subject_id=members[subject].id,
                    reason=reason,
                    details=details,
                    created_at=now - age,
                )
            )


async def _payments(
    runtime: Runtime, members: dict[str, m.User], now: datetime, venue_id: UUID, court_id: UUID
) -> None:
    async with provide_services(runtime) as services:
        session = services.session
        rows = [
            (
                "omar_farooq",
                m.PaymentProviderName.JAZZCASH,
                m.PaymentStatus.PENDING,
                8000,
                timedelta(hours=2),
                "",
            ),
            (
                "zara_sheikh",
                m.PaymentProviderName.EASYPAISA,
                m.PaymentStatus.INITIATED,
                6000,
                timedelta(hours=1),
                "",
            ),
            (
                "usman_t",
                m.PaymentProviderName.PAYFAST,
                m.PaymentStatus.PENDING,
                12000,
                timedelta(minutes=52),
                "",
            ),
            (
                "danish_m",
                m.PaymentProviderName.PAYFAST,
                m.PaymentStatus.REFUNDED,
                8000,
                timedelta(days=1),
                "",
            ),
            (
                "hira_naveed",
                m.PaymentProviderName.JAZZCASH,
                m.PaymentStatus.FAILED,
                6000,
                timedelta(hours=3),
                "Insufficient balance in the wallet",
            ),
            (
                "ayesha_runs",
                m.PaymentProviderName.EASYPAISA,
                m.PaymentStatus.SUCCEEDED,
                8000,
                timedelta(hours=4),
                "",
            ),
        ]
        bookings: list[m.Booking] = []
        for handle, provider, status, amount, age, failure in rows:
            member = members[handle]
            booking = m.Booking(
                court_id=court_id,
                venue_id=venue_id,
                user_id=member.id,
                period=Range(
                    now + timedelta(days=20, hours=len(bookings)),
                    now + timedelta(days=20, hours=len(bookings) + 1),
                ),
                status=m.BookingStatus.CANCELLED
                if status is m.PaymentStatus.REFUNDED
                else m.BookingStatus.EXPIRED,
                price_pkr=amount,
                payment_method=m.PaymentMethod.ONLINE,
                code=new_code(),
            )
            bookings.append(booking)
            session.add(booking)
            await session.flush()
            session.add(
                m.Payment(
                    payer_id=member.id,
                    provider=provider,
                    purpose=m.PaymentPurpose.BOOKING,
                    booking_id=booking.id,
                    amount_pkr=amount,
                    status=status,
                    merchant_reference=f"SCN-{new_code(10)}",
                    failure_reason=failure,
                    created_at=now - age,
                    succeeded_at=now - age
                    if status in (m.PaymentStatus.SUCCEEDED, m.PaymentStatus.REFUNDED)
                    else None,
                    refunded_at=now - age + timedelta(hours=2)
                    if status is m.PaymentStatus.REFUNDED
                    else None,
                    **_refund(status, handle, now - age + timedelta(hours=1)),
                )
            )
        await session.flush()
        session.add(_yesterdays_jazzcash_check(now))


def _refund(status: m.PaymentStatus, handle: str, asked_at: datetime) -> dict[str, object]:
    """Danish's refund went through; Ayesha paid Easypaisa and cancelled: a refund for ops to make."""
    if status is m.PaymentStatus.REFUNDED:
        return {
            "refund_state": m.RefundState.DONE,
            "refund_requested_at": asked_at,
            "refund_reason": "Cancelled",
        }
    if handle == "ayesha_runs":
        return {
            "refund_state": m.RefundState.MANUAL,
            "refund_requested_at": asked_at,
            "refund_reason": "Booking cancelled by the member",
        }
    return {}


def _yesterdays_jazzcash_check(now: datetime) -> m.ProviderCheck:
    """Last night's check with JazzCash: one payment it took that Scene heard failed."""
    line = {"scene_status": "succeeded", "provider_status": "succeeded"}
    return m.ProviderCheck(
        provider=m.PaymentProviderName.JAZZCASH,
        day=(to_local(now) - timedelta(days=1)).date(),
        lines=[
            {"reference": "SCN-Q7K2M9X4PA", "amount_pkr": 8000, "provider_amount_pkr": 8000} | line,
            {"reference": "SCN-R3T8V1W6ZB", "amount_pkr": 6000, "provider_amount_pkr": 6000} | line,
            {
                "reference": "SCN-H5N2C8D1LF",
                "amount_pkr": 4500,
                "provider_amount_pkr": 4500,
                "scene_status": "failed",
                "provider_status": "succeeded",
            },
        ],
    )


async def _ops_actions(runtime: Runtime, admin: m.User, owner: m.User, members: dict[str, m.User]) -> None:
    """Real actions, so the audit log reads like a working day."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, admin.id)
        await services.invites.grant(actor, members["fatima_b"].id, auth_s.InviteGrant(extra_invites=5))
        await services.admin.suspend(
            actor,
            members["bilal_j"].id,
            ops_s.Suspension(reason="Three no-shows and a fake payment screenshot"),
        )
        await services.admin.set_invite_privilege(
            actor, members["saad_q"].id, ops_s.InvitePrivilege(can_invite=False)
        )

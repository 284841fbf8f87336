"""The invariants the database itself enforces (docs/architecture.md, "What the database refuses"):
each bad row is refused, by name.

Rows go in through the ORM or raw SQL with no service in between, so only the database can say no.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.db.base import Base
from scene_api.lib.errors import constraint_name
from scene_api.lib.timezone import KARACHI
from scene_api.runtime import Runtime
from tests.factories import (
    FACTORIES,
    ActivityFactory,
    BlackoutFactory,
    BlockFactory,
    BookingFactory,
    CircleFactory,
    CourtFactory,
    EventFactory,
    InviteFactory,
    JoinRequestFactory,
    OrderFactory,
    PaymentFactory,
    PaymentTransitionFactory,
    PriceRuleFactory,
    SceneFactory,
    TicketTierFactory,
    UserFactory,
    VenueFactory,
    VouchFactory,
)

BOOKING_DAY = date.today() + timedelta(days=7)


def evening(hour: int, minute: int = 0) -> datetime:
    """`hour:minute` Karachi time on BOOKING_DAY."""
    return datetime.combine(BOOKING_DAY, time(hour, minute), KARACHI).astimezone(UTC)


async def assert_refused(db: AsyncSession, constraint: str, *rows: Base) -> None:
    """Committing `rows` fails with an IntegrityError naming `constraint`."""
    db.add_all(rows)
    with pytest.raises(IntegrityError) as refused:
        await db.commit()
    await db.rollback()
    assert constraint_name(refused.value) == constraint


async def assert_accepted(db: AsyncSession, *rows: Base) -> None:
    db.add_all(rows)
    await db.commit()


# --- trust --------------------------------------------------------------------------------------


async def test_one_vouch_per_pair(db: AsyncSession) -> None:
    vouch = await VouchFactory.create_async()

    await assert_accepted(db, VouchFactory.build(voucher_id=vouch.vouchee_id, vouchee_id=vouch.voucher_id))
    await assert_refused(
        db, "uq_vouches_pair", VouchFactory.build(voucher_id=vouch.voucher_id, vouchee_id=vouch.vouchee_id)
    )


async def test_no_one_vouches_for_themselves(db: AsyncSession) -> None:
    member = await UserFactory.create_async()

    await assert_refused(
        db, "ck_vouches_no_self_vouch", VouchFactory.build(voucher_id=member.id, vouchee_id=member.id)
    )


async def test_no_one_blocks_themselves(db: AsyncSession) -> None:
    member = await UserFactory.create_async()

    await assert_refused(
        db, "ck_blocks_no_self_block", BlockFactory.build(blocker_id=member.id, blocked_id=member.id)
    )


# --- court bookings -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", m.OCCUPYING_STATUSES)
async def test_live_bookings_of_one_court_never_overlap(db: AsyncSession, status: str) -> None:
    court = await CourtFactory.create_async()
    await assert_accepted(
        db, BookingFactory.build(court=court, status=status, period=Range(evening(20), evening(21, 30)))
    )

    await assert_refused(
        db,
        "no_overlapping_live_bookings",
        BookingFactory.build(court=court, period=Range(evening(21), evening(22))),
    )


async def test_the_same_slot_on_another_court_is_free(db: AsyncSession) -> None:
    court = await CourtFactory.create_async()
    next_court = CourtFactory.build(venue=court.venue)
    slot = Range(evening(20), evening(21, 30))

    await assert_accepted(db, BookingFactory.build(court=court, period=slot))
    await assert_accepted(db, BookingFactory.build(court=next_court, period=slot))


@pytest.mark.parametrize("status", sorted(set(m.BookingStatus) - set(m.OCCUPYING_STATUSES)))
async def test_a_booking_that_gave_up_its_slot_does_not_block_it(db: AsyncSession, status: str) -> None:
    court = await CourtFactory.create_async()
    slot = Range(evening(20), evening(21, 30))

    await assert_accepted(db, BookingFactory.build(court=court, status=status, period=slot))
    await assert_accepted(db, BookingFactory.build(court=court, period=slot))


async def test_back_to_back_bookings_share_only_their_boundary(db: AsyncSession) -> None:
    court = await CourtFactory.create_async()

    await assert_accepted(db, BookingFactory.build(court=court, period=Range(evening(20), evening(21))))
    await assert_accepted(db, BookingFactory.build(court=court, period=Range(evening(21), evening(22))))


async def test_twenty_people_holding_one_slot_at_once_leave_one_winner(
    db: AsyncSession, runtime: Runtime
) -> None:
    court = await CourtFactory.create_async()
    player = await UserFactory.create_async()
    everyone_connected = asyncio.Barrier(20)

    async def hold() -> str:
        async with runtime.session_factory() as session:
            await session.connection()  # 20 connections: the pool's size plus its overflow
            await everyone_connected.wait()
            session.add(
                BookingFactory.build(
                    court_id=court.id,
                    venue_id=court.venue_id,
                    user_id=player.id,
                    period=Range(evening(20), evening(21, 30)),
                )
            )
            try:
                await session.commit()
            except IntegrityError as error:
                return constraint_name(error)
            return "held"

    outcomes = await asyncio.gather(*(hold() for _ in range(20)))

    assert sorted(outcomes) == ["held"] + ["no_overlapping_live_bookings"] * 19
    assert await db.scalar(sa.select(sa.func.count()).select_from(m.Booking)) == 1


# --- capacity -----------------------------------------------------------------------------------


async def test_an_activity_never_seats_more_than_its_capacity(db: AsyncSession) -> None:
    activity = await ActivityFactory.create_async(capacity=4)
    activity.seats_taken = 4
    await db.commit()

    activity.seats_taken = 5
    await assert_refused(db, "ck_activities_seats_within_capacity")


async def test_a_ticket_tier_never_sells_more_than_its_quantity(db: AsyncSession) -> None:
    tier = await TicketTierFactory.create_async(quantity=50)
    tier.sold = 50
    await db.commit()

    tier.sold = 51
    await assert_refused(db, "ck_ticket_tiers_sold_within_quantity")


async def test_an_event_never_sells_more_than_its_capacity(db: AsyncSession) -> None:
    event = await EventFactory.create_async(capacity=120)
    event.tickets_sold = 120
    await db.commit()

    event.tickets_sold = 121
    await assert_refused(db, "ck_events_sold_within_capacity")


@pytest.mark.parametrize(
    ("factory", "field", "constraint"),
    [
        (ActivityFactory, "capacity", "ck_activities_capacity_positive"),
        (EventFactory, "capacity", "ck_events_capacity_positive"),
        (TicketTierFactory, "quantity", "ck_ticket_tiers_quantity_positive"),
        (OrderFactory, "quantity", "ck_orders_quantity_positive"),
    ],
)
async def test_capacities_and_quantities_are_positive(
    db: AsyncSession, factory: type[SceneFactory[Any]], field: str, constraint: str
) -> None:
    await assert_refused(db, constraint, factory.build(**{field: 0}))


# --- money and time -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "field", "constraint"),
    [
        (BookingFactory, "price_pkr", "ck_bookings_price_not_negative"),
        (TicketTierFactory, "price_pkr", "ck_ticket_tiers_price_not_negative"),
        (PriceRuleFactory, "price_pkr", "ck_price_rules_price_not_negative"),
        (PriceRuleFactory, "peak_price_pkr", "ck_price_rules_price_not_negative"),
        (ActivityFactory, "cost_pkr", "ck_activities_cost_not_negative"),
        (OrderFactory, "amount_pkr", "ck_orders_amount_not_negative"),
    ],
)
async def test_money_is_never_negative(
    db: AsyncSession, factory: type[SceneFactory[Any]], field: str, constraint: str
) -> None:
    await assert_accepted(db, factory.build(**{field: 0}))
    await assert_refused(db, constraint, factory.build(**{field: -500}))


async def test_a_payment_is_for_a_positive_amount(db: AsyncSession) -> None:
    await assert_refused(db, "ck_payments_amount_positive", PaymentFactory.build(amount_pkr=0))


@pytest.mark.parametrize(
    ("row", "constraint"),
    [
        (
            lambda: ActivityFactory.build(starts_at=evening(20), ends_at=evening(20)),
            "ck_activities_ends_after_start",
        ),
        (
            lambda: EventFactory.build(starts_at=evening(20), ends_at=evening(18)),
            "ck_events_ends_after_start",
        ),
        (
            lambda: BookingFactory.build(period=Range(evening(20), evening(20))),
            "ck_bookings_period_not_empty",
        ),
        (
            lambda: BlackoutFactory.build(period=Range(evening(9), evening(9))),
            "ck_blackouts_period_not_empty",
        ),
    ],
    ids=["activity", "event", "booking", "blackout"],
)
async def test_things_end_after_they_start(db: AsyncSession, row: Any, constraint: str) -> None:
    await assert_refused(db, constraint, row())


# --- payments -----------------------------------------------------------------------------------


async def test_a_payment_enters_each_status_once(db: AsyncSession) -> None:
    pending = await PaymentTransitionFactory.create_async(to_status=m.PaymentStatus.PENDING)

    await assert_refused(
        db,
        "uq_payment_transitions_once",
        PaymentTransitionFactory.build(payment_id=pending.payment_id, to_status=m.PaymentStatus.PENDING),
    )


async def test_a_provider_transaction_pays_for_one_payment(db: AsyncSession) -> None:
    await PaymentFactory.create_async(provider_txn_id="JC261126190512000123")

    await assert_refused(
        db, "uq_payments_provider_txn_id", PaymentFactory.build(provider_txn_id="JC261126190512000123")
    )


@pytest.mark.parametrize(
    "targets",
    [{"booking": None}, {"booking": BookingFactory.build, "order": OrderFactory.build}],
    ids=["nothing", "booking-and-order"],
)
async def test_a_payment_pays_for_exactly_one_thing(db: AsyncSession, targets: dict[str, Any]) -> None:
    payment = PaymentFactory.build(**{name: build() if build else None for name, build in targets.items()})

    await assert_refused(db, "ck_payments_one_purpose_target", payment)


# --- unique names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "constraint"),
    [
        (ActivityFactory, "uq_activities_slug"),
        (EventFactory, "uq_events_slug"),
        (VenueFactory, "uq_venues_slug"),
        (CircleFactory, "uq_circles_slug"),
    ],
)
async def test_slugs_are_unique(db: AsyncSession, factory: type[SceneFactory[Any]], constraint: str) -> None:
    taken = await factory.create_async()

    await assert_refused(db, constraint, factory.build(slug=taken.slug))


async def test_handles_are_unique(db: AsyncSession) -> None:
    await UserFactory.create_async(handle="ayesha_k")

    await assert_refused(db, "uq_users_handle", UserFactory.build(handle="ayesha_k"))


@pytest.mark.parametrize("handle", ["Ayesha_K", "ay", "ayesha k", "a" * 31])
async def test_handles_are_lower_case_letters_digits_and_underscores(db: AsyncSession, handle: str) -> None:
    # On citext `~` matches case-insensitively: the check reads the text value so capitals are refused.
    await assert_refused(db, "ck_users_handle_format", UserFactory.build(handle=handle))


async def test_invite_codes_are_unique(db: AsyncSession) -> None:
    invite = await InviteFactory.create_async()

    await assert_refused(db, "uq_invites_code", InviteFactory.build(code=invite.code))


async def test_a_phone_number_belongs_to_one_member(db: AsyncSession) -> None:
    await UserFactory.create_async(phone="+923001234567")

    await assert_refused(db, "uq_users_phone_blind_index", UserFactory.build(phone="+923001234567"))


# --- join requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", m.LIVE_JOIN_STATUSES)
async def test_one_live_join_request_per_member_and_activity(db: AsyncSession, status: str) -> None:
    live = await JoinRequestFactory.create_async(status=status)

    await assert_refused(
        db,
        "uq_join_requests_live_activity",
        JoinRequestFactory.build(activity_id=live.activity_id, user_id=live.user_id),
    )


@pytest.mark.parametrize("status", m.LIVE_JOIN_STATUSES)
async def test_one_live_join_request_per_member_and_event(db: AsyncSession, status: str) -> None:
    live = await JoinRequestFactory.create_async(event=EventFactory.build(), status=status)

    await assert_refused(
        db,
        "uq_join_requests_live_event",
        JoinRequestFactory.build(event_id=live.event_id, user_id=live.user_id),
    )


@pytest.mark.parametrize("status", sorted(set(m.JoinRequestStatus) - set(m.LIVE_JOIN_STATUSES)))
async def test_a_closed_join_request_does_not_block_a_new_one(db: AsyncSession, status: str) -> None:
    closed = await JoinRequestFactory.create_async(status=status)

    await assert_accepted(
        db, JoinRequestFactory.build(activity_id=closed.activity_id, user_id=closed.user_id)
    )


@pytest.mark.parametrize(
    "targets",
    [{"activity": None}, {"event": EventFactory.build, "activity": ActivityFactory.build}],
    ids=["nothing", "activity-and-event"],
)
async def test_a_join_request_is_for_exactly_one_activity_or_event(
    db: AsyncSession, targets: dict[str, Any]
) -> None:
    request = JoinRequestFactory.build(
        **{name: build() if build else None for name, build in targets.items()}
    )

    await assert_refused(db, "ck_join_requests_one_target", request)


# --- enumerations -------------------------------------------------------------------------------

ENUM_COLUMNS = [
    (factory, column)
    for factory in FACTORIES
    for column in factory.__model__.__table__.columns
    if isinstance(column.type, sa.Enum)
]


@pytest.mark.parametrize(
    ("factory", "column"),
    ENUM_COLUMNS,
    ids=[f"{column.table.name}.{column.name}" for _, column in ENUM_COLUMNS],
)
async def test_enum_columns_refuse_unknown_values(
    db: AsyncSession, factory: type[SceneFactory[Any]], column: sa.Column[Any]
) -> None:
    """Raw SQL: the ORM would refuse the string itself, before the database sees it."""
    row = await factory.create_async()

    with pytest.raises(IntegrityError) as refused:
        await db.execute(
            sa.text(f"UPDATE {column.table.name} SET {column.name} = 'teleported' WHERE id = :id"),
            {"id": row.id},
        )
    assert isinstance(column.type, sa.Enum)
    assert constraint_name(refused.value) == f"ck_{column.table.name}_{column.type.name}"

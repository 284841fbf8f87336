"""Every factory builds rows the real database accepts, with parents that agree with each other."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.db.base import Base
from tests.factories import (
    FACTORIES,
    PII,
    BookingFactory,
    CourtFactory,
    JoinRequestFactory,
    OrderFactory,
    PaymentFactory,
    SceneFactory,
    TicketFactory,
    UserFactory,
    persist,
)


def test_every_model_has_a_factory() -> None:
    models = {mapper.class_ for mapper in Base.registry.mappers}
    assert {factory.__model__ for factory in FACTORIES} == models


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__model__.__name__)
async def test_factory_rows_insert_and_commit(db: AsyncSession, factory: type[SceneFactory[Any]]) -> None:
    """Two rows each, so generated slugs, codes, handles and phone numbers must be unique too."""
    rows = await factory.create_batch_async(2)

    model = factory.__model__
    stored = await db.scalar(sa.select(sa.func.count()).where(model.id.in_([row.id for row in rows])))
    assert stored == 2


async def test_a_user_phone_is_stored_encrypted_and_masked(db: AsyncSession) -> None:
    user = await UserFactory.create_async(phone="+923214567890")

    assert PII.decrypt(user.phone_ciphertext) == "+923214567890"
    assert user.phone_last4 == "7890"
    assert "+923214567890" not in user.phone_ciphertext


def test_parents_that_must_agree_do() -> None:
    booking = BookingFactory.build()
    assert booking.venue is booking.court.venue

    order = OrderFactory.build()
    assert order.event is order.tier.event

    ticket = TicketFactory.build()
    assert (ticket.event, ticket.tier, ticket.holder) == (
        ticket.order.event,
        ticket.order.tier,
        ticket.order.buyer,
    )

    court = CourtFactory.build()
    assert (
        BookingFactory.build(venue=court.venue).venue
        is BookingFactory.build(court=court).venue
        is court.venue
    )


def test_a_join_request_targets_an_activity_unless_given_an_event() -> None:
    for_activity = JoinRequestFactory.build()
    assert for_activity.activity is not None
    assert for_activity.event is None

    for_event = JoinRequestFactory.build(event=OrderFactory.build().event)
    assert for_event.activity is None
    assert for_event.event is not None


@pytest.mark.parametrize(
    ("target", "purpose"),
    [
        ("booking", m.PaymentPurpose.BOOKING),
        ("order", m.PaymentPurpose.ORDER),
        ("join_request", m.PaymentPurpose.SHARE),
    ],
)
async def test_a_payment_is_for_the_one_thing_it_is_given(
    db: AsyncSession, target: str, purpose: m.PaymentPurpose
) -> None:
    factories: dict[str, type[SceneFactory[Any]]] = {
        "booking": BookingFactory,
        "order": OrderFactory,
        "join_request": JoinRequestFactory,
    }
    payment = await PaymentFactory.create_async(**{target: factories[target].build()})

    assert payment.purpose == purpose
    assert [getattr(payment, f"{name}_id") is not None for name in factories] == [
        name == target for name in factories
    ]


async def test_parents_read_back_from_the_database_are_referenced_not_built(db: AsyncSession) -> None:
    held = await BookingFactory.create_async()
    db.expunge_all()
    court = await db.get_one(m.Court, held.court_id)
    parents_before = await count_rows(db, m.Court, m.Venue, m.User)

    await persist(db, BookingFactory.build(court=court, user_id=held.user_id))

    assert await count_rows(db, m.Court, m.Venue, m.User) == parents_before
    assert await count_rows(db, m.Booking) == [2]


async def count_rows(db: AsyncSession, *models: type[Base]) -> list[int | None]:
    return [await db.scalar(sa.select(sa.func.count()).select_from(model)) for model in models]

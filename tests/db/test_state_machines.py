"""Every state machine, walked: each allowed move succeeds, every other pair of statuses is refused.

The tables below are the machines as the product defines them (README, "Departures from the original
design", for expired -> paid and expired -> confirmed); a move added or lost in code fails here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import product
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.bookings.states import BOOKINGS
from scene_api.domain.events.orders import ORDERS
from scene_api.domain.joins.states import JOIN_REQUESTS
from scene_api.domain.payments.services import PAYMENTS
from scene_api.i18n import LOCALES
from scene_api.lib.errors import Conflict
from scene_api.lib.states import StateMachine, Transitions
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from tests.factories import PaymentFactory

B, J, O, P = m.BookingStatus, m.JoinRequestStatus, m.OrderStatus, m.PaymentStatus  # noqa: E741

MACHINES: list[tuple[StateMachine[Any], Callable[[Any], Any], str, dict[Any, set[Any]]]] = [
    (
        BOOKINGS,
        lambda status: m.Booking(status=status),
        "errors_bookings.invalid_transition",
        {
            B.HELD: {B.CONFIRMED, B.EXPIRED, B.CANCELLED},
            B.EXPIRED: {B.CONFIRMED},
            B.CONFIRMED: {B.CANCELLED, B.CHECKED_IN, B.NO_SHOW},
        },
    ),
    (
        JOIN_REQUESTS,
        lambda status: m.JoinRequest(status=status),
        "errors_joins.transition",
        {
            J.PENDING: {J.APPROVED, J.REJECTED, J.WAITLISTED, J.WITHDRAWN},
            J.WAITLISTED: {J.APPROVED, J.WITHDRAWN},
            J.APPROVED: {J.WITHDRAWN},
        },
    ),
    (
        ORDERS,
        lambda status: m.Order(status=status),
        "errors_events.order_transition",
        {O.RESERVED: {O.PAID, O.EXPIRED, O.CANCELLED}, O.EXPIRED: {O.PAID}, O.PAID: {O.REFUNDED}},
    ),
]

PAYMENT_MOVES = {
    P.INITIATED: {P.PENDING, P.FAILED},
    P.PENDING: {P.SUCCEEDED, P.FAILED},
    P.SUCCEEDED: {P.REFUNDED},
    P.FAILED: {P.REFUNDED},
}

SETTLED_WITH: dict[m.PaymentStatus, dict[str, Any]] = {
    P.REFUNDED: {"refund_state": m.RefundState.DONE, "refund_requested_at": datetime(2026, 1, 1, tzinfo=UTC)}
}
"""What the ledger writes along with a move, as its callers do (a refunded payment's refund is done)."""


def every_pair(statuses: type[enum.Enum]) -> list[tuple[Any, Any]]:
    return list(product(statuses, statuses))


def pairs_of(moves: dict[Any, set[Any]]) -> set[tuple[Any, Any]]:
    return {(before, to) for before, after in moves.items() for to in after}


@pytest.mark.parametrize(
    ("machine", "row_of", "refusal", "moves"), MACHINES, ids=["booking", "join", "order"]
)
def test_every_move_of_a_machine(
    machine: StateMachine[Any], row_of: Callable[[Any], Any], refusal: str, moves: dict[Any, set[Any]]
) -> None:
    allowed = pairs_of(moves)
    assert set(machine.pairs()) == allowed
    statuses = type(next(iter(moves)))
    for before, to in every_pair(statuses):
        row = row_of(before)
        if (before, to) in allowed:
            assert machine.move(row, to) == before
            assert row.status == to
            continue
        with pytest.raises(Conflict) as refused:
            machine.move(row, to)
        assert row.status == before, (before, to)
        assert refused.value.code == "invalid_transition"
        assert refused.value.status_code == 409
        assert refused.value.said.key == refusal  # type: ignore[union-attr]
        for language in LOCALES:
            assert refused.value.message_in(language)


def test_payment_table() -> None:
    assert isinstance(PAYMENTS, Transitions)
    assert set(PAYMENTS.pairs()) == pairs_of(PAYMENT_MOVES)


async def test_every_payment_move_through_the_ledger(db: AsyncSession, runtime: Runtime) -> None:
    """A payment moves only along its table, through the conditional update and one transition row;
    any other move is a no (False), never an error: a late or repeated callback."""
    for before, to in every_pair(P):
        payment = await PaymentFactory.create_async(status=before, **SETTLED_WITH.get(before, {}))
        async with provide_services(runtime) as services:
            row = await services.session.get_one(m.Payment, payment.id)
            moved = await services.payments._transition(row, to, **SETTLED_WITH.get(to, {}))
        assert moved == (to in PAYMENT_MOVES.get(before, set())), (before, to)
        status = await db.scalar(
            sa.select(m.Payment.status)
            .where(m.Payment.id == payment.id)
            .execution_options(populate_existing=True)
        )
        transitions = await db.scalar(
            sa.select(sa.func.count())
            .select_from(m.PaymentTransition)
            .where(m.PaymentTransition.payment_id == payment.id)
        )
        assert (status, transitions) == ((to, 1) if moved else (before, 0)), (before, to)

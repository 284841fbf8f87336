"""State machines: for a status column, the moves there are, and one way to make them.

Each context declares its table next to its rows (`bookings/states.py`, `joins/states.py`,
`events/orders.py`, `payments/services.py`); services change a status only through it, and
`tests/db/test_state_machines.py` walks every table. The database still has the last word where
two writers race (row locks, exclusion and CHECK constraints, conditional updates).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, Protocol, TypeVar

from scene_api.i18n import Message
from scene_api.lib.errors import Conflict

S = TypeVar("S", bound=enum.Enum)


class HasStatus(Protocol[S]):
    status: S


class Transitions(Generic[S]):
    """The allowed moves of one status enum: a status missing from the table moves nowhere."""

    def __init__(self, moves: Mapping[S, Iterable[S]]) -> None:
        self.moves: dict[S, frozenset[S]] = {before: frozenset(after) for before, after in moves.items()}

    def allows(self, before: S, to: S) -> bool:
        return to in self.moves.get(before, frozenset())

    def pairs(self) -> Iterator[tuple[S, S]]:
        """Every allowed (before, to)."""
        for before, after in self.moves.items():
            for to in after:
                yield before, to


class StateMachine(Transitions[S]):
    """Transitions that refuse a move outside the table with the context's own `Conflict`
    (code `invalid_transition`, the message `refusal` words for the two statuses)."""

    def __init__(self, moves: Mapping[S, Iterable[S]], *, refusal: Callable[[S, S], Message]) -> None:
        super().__init__(moves)
        self.refusal = refusal

    def move(self, row: HasStatus[S], to: S) -> S:
        """Change the row's status if the table allows it; returns the status it had."""
        before = row.status
        if not self.allows(before, to):
            raise Conflict(self.refusal(before, to), code="invalid_transition")
        row.status = to
        return before

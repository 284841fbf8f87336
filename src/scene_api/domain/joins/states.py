"""The join-request state machine, shared by activities and events (DESIGN.md, "State machines")."""

from __future__ import annotations

from scene_api.db import models as m
from scene_api.i18n import Message, words
from scene_api.lib.errors import Conflict

Status = m.JoinRequestStatus

ALLOWED_MOVES: dict[Status, frozenset[Status]] = {
    Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.WAITLISTED, Status.WITHDRAWN}),
    Status.WAITLISTED: frozenset({Status.APPROVED, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.WITHDRAWN}),
}


def move(request: m.JoinRequest, to: Status) -> Status:
    """Change the request's status if the machine allows it; returns the status it had."""
    before = request.status
    if to not in ALLOWED_MOVES.get(before, frozenset()):
        raise Conflict(
            Message("errors_joins.transition", before=words.status(before), to=words.status(to)),
            code="invalid_transition",
        )
    request.status = to
    return before

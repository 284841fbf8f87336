"""The join-request state machine, shared by activities and events."""

from __future__ import annotations

from scene_api.db import models as m
from scene_api.i18n import Message, words
from scene_api.lib.states import StateMachine

Status = m.JoinRequestStatus

JOIN_REQUESTS = StateMachine(
    {
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.WAITLISTED, Status.WITHDRAWN},
        Status.WAITLISTED: {Status.APPROVED, Status.WITHDRAWN},
        Status.APPROVED: {Status.WITHDRAWN},
    },
    refusal=lambda before, to: Message(
        "errors_joins.transition", before=words.status(before), to=words.status(to)
    ),
)

"""The audit trail of admin and money actions, written in the same transaction as the action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from scene_api.db import models as m

if TYPE_CHECKING:
    from scene_api.services import Services


class AuditService:
    def __init__(self, services: Services) -> None:
        self.session = services.session

    def record(
        self,
        actor: m.User | None,
        action: str,
        subject_type: str,
        subject_id: UUID | None,
        details: dict[str, Any] | None = None,
        *,
        ip: str = "",
    ) -> None:
        self.session.add(
            m.AuditLog(
                actor_id=actor.id if actor else None,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                details=details or {},
                ip=ip[:45],
            )
        )

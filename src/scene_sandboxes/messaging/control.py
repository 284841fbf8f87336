"""The sandboxes' own controls (no provider has these): what a handset received, faults to plan."""

from __future__ import annotations

from dataclasses import asdict

import msgspec
from litestar import Controller, delete, get, post
from litestar.exceptions import ValidationException

from scene_sandboxes.messaging.state import Fault, SandboxState


class FaultPlan(msgspec.Struct, forbid_unknown_fields=True):
    provider: str
    status: int = 0
    count: int = 1
    hang_seconds: float = 0
    error_code: str = ""
    delivery: str = ""


class ControlController(Controller):
    path = "/_control"
    include_in_schema = False

    @get("/handsets/{phone:str}")
    async def handset(self, sandbox: SandboxState, phone: str) -> list[dict[str, object]]:
        """Everything that reached `phone` (E.164), oldest first."""
        return [asdict(message) for message in sandbox.handsets.get(phone, [])]

    @post("/faults", status_code=204)
    async def plan_fault(self, sandbox: SandboxState, data: FaultPlan) -> None:
        if data.count < 1 or not (data.status or data.hang_seconds or data.delivery):
            raise ValidationException("a fault needs a count >= 1 and a status, hang_seconds or delivery")
        sandbox.faults.setdefault(data.provider, []).append(
            Fault(data.status, data.count, data.hang_seconds, data.error_code, data.delivery)
        )

    @delete("/faults", status_code=204)
    async def clear_faults(self, sandbox: SandboxState) -> None:
        sandbox.faults.clear()

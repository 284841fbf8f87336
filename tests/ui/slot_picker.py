"""Picking a court slot on the venue page as a member does: the time first, then the court."""

from __future__ import annotations

from datetime import datetime

from nicegui.testing import User

from scene_api.lib.timezone import to_local
from scene_ui.components.slot_times import period_of


async def pick_slot(user: User, court: str, starts_at: datetime) -> None:
    """`court` as its marker key (`court-2`); the page already shows `starts_at`'s day."""
    local = to_local(starts_at)
    user.find(marker=f"period-{period_of(starts_at, local.date()).value}").click()
    await user.should_see(marker=f"time-{local:%H%M}", retries=20)
    user.find(marker=f"time-{local:%H%M}").click()
    await user.should_see(marker=f"slot-{court}-{local:%H%M}", retries=20)
    user.find(marker=f"slot-{court}-{local:%H%M}").click()
    await user.should_see(marker="hold-bar")

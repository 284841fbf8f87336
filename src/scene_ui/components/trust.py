"""How a member's trust level reads: a small badge next to their name."""

from __future__ import annotations

from nicegui import ui

from scene_api.domain.trust.levels import TrustLevel
from scene_ui.i18n import Labels

LABELS: Labels[TrustLevel] = Labels("trust", {level: level.value for level in TrustLevel})
ICONS = {TrustLevel.NEW: "eco", TrustLevel.VOUCHED: "verified", TrustLevel.TRUSTED: "workspace_premium"}
EXPLAINED: Labels[TrustLevel] = Labels("trust", {level: f"{level.value}_explained" for level in TrustLevel})


def trust_badge(level: TrustLevel) -> ui.row:
    tone = "text-muted bg-raised" if level is TrustLevel.NEW else "text-accent bg-accent-soft"
    with (
        ui.row()
        .classes(f"items-center gap-1 h-6 pl-1.5 pr-2 rounded-full flex-nowrap shrink-0 {tone}")
        .props(f'title="{EXPLAINED[level]}"') as badge
    ):
        ui.icon(ICONS[level]).classes("text-sm")
        ui.label(LABELS[level]).classes("text-label font-semibold uppercase tracking-wide")
    return badge

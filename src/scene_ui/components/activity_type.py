"""How each kind of activity is named and drawn."""

from __future__ import annotations

from scene_api.db import models as m
from scene_ui.i18n import Labels

LABELS: Labels[m.ActivityType] = Labels("activity_type", {kind: kind.value for kind in m.ActivityType})
"""Each kind's name in the reader's language (catalogue `activity_type.<value>`)."""

ICONS: dict[m.ActivityType, str] = {
    m.ActivityType.PADEL: "sports_tennis",
    m.ActivityType.FOOTBALL: "sports_soccer",
    m.ActivityType.CRICKET: "sports_cricket",
    m.ActivityType.FUTSAL: "sports_soccer",
    m.ActivityType.BADMINTON: "sports_tennis",
    m.ActivityType.TENNIS: "sports_tennis",
    m.ActivityType.SQUASH: "sports_tennis",
    m.ActivityType.RUNNING: "directions_run",
    m.ActivityType.CYCLING: "directions_bike",
    m.ActivityType.HIKING: "hiking",
    m.ActivityType.BASKETBALL: "sports_basketball",
    m.ActivityType.BOARD_GAMES: "casino",
    m.ActivityType.GYM: "fitness_center",
    m.ActivityType.OTHER: "groups",
}

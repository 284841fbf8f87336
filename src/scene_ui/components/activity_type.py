"""How each kind of activity is named and drawn."""

from __future__ import annotations

from scene_api.db import models as m

LABELS: dict[m.ActivityType, str] = {
    m.ActivityType.PADEL: "Padel",
    m.ActivityType.FOOTBALL: "Football",
    m.ActivityType.CRICKET: "Cricket",
    m.ActivityType.FUTSAL: "Futsal",
    m.ActivityType.BADMINTON: "Badminton",
    m.ActivityType.TENNIS: "Tennis",
    m.ActivityType.SQUASH: "Squash",
    m.ActivityType.RUNNING: "Running",
    m.ActivityType.CYCLING: "Cycling",
    m.ActivityType.HIKING: "Hiking",
    m.ActivityType.BASKETBALL: "Basketball",
    m.ActivityType.BOARD_GAMES: "Board games",
    m.ActivityType.GYM: "Gym",
    m.ActivityType.OTHER: "Meetup",
}

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

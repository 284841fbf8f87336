"""Who runs a venue: its owner, and every admin. The one rule, read by the venue services, the
bookings (a venue's runner sees and cancels its bookings), venue management and the UI's desk.

`venues_run_by(member)` is the read statement (a `select()` of the venues `member` runs) that
services extend with their own conditions; `runs_venue(member)` is the same rule as a condition
on `m.Venue`, for queries that join a venue (or select it as a column: "is this member the
venue's runner?").
"""

from __future__ import annotations

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin

RUNNER_ROLES = frozenset({m.UserRole.VENUE_OWNER, m.UserRole.ADMIN})
"""The roles that may add and run venues (and so get the venue desk)."""


def may_run_venues(role: m.UserRole) -> bool:
    """Venue owners and admins; which venues each runs is `runs_venue`."""
    return role in RUNNER_ROLES


def runs_venue(member: m.User) -> sa.ColumnElement[bool]:
    """True for the venues `member` runs: their own, or every venue for an admin."""
    if is_admin(member):
        return sa.true()
    return m.Venue.owner_id == member.id


def venues_run_by(member: m.User) -> sa.Select[m.Venue]:
    """The venues `member` runs, hidden ones too."""
    return sa.select(m.Venue).where(runs_venue(member))

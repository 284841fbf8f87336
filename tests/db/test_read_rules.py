"""The read statements say exactly who sees what: hosted things (hosting/visibility.py) and the venues
one runs (venues/runners.py). Each test arranges one row of every kind and reads it as each actor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from scene_api.db import models as m
from scene_api.domain.hosting.visibility import (
    listed_activities,
    listed_events,
    readable_activities,
    readable_events,
)
from scene_api.domain.venues.runners import may_run_venues, runs_venue, venues_run_by
from tests.factories import (
    ActivityCircleFactory,
    ActivityFactory,
    BlockFactory,
    CircleFactory,
    CircleMemberFactory,
    EventCircleFactory,
    EventFactory,
    UserFactory,
    VenueFactory,
    persist,
)

Hosted = m.Activity | m.Event


@dataclass
class Scene:
    host: m.User
    insider: m.User
    """In the circle the circle-only row is shared with."""
    outsider: m.User
    blocked: m.User
    """Blocked by the host."""
    rows: dict[m.Visibility, Hosted]


async def arrange(db: AsyncSession, hosted: type[m.Activity] | type[m.Event]) -> Scene:
    host, insider, outsider, blocked = (UserFactory.build() for _ in range(4))
    circle = CircleFactory.build(owner=host)
    factory = ActivityFactory if hosted is m.Activity else EventFactory
    rows: dict[m.Visibility, Hosted] = {
        visibility: factory.build(host=host, visibility=visibility) for visibility in m.Visibility
    }
    shared = rows[m.Visibility.CIRCLES]
    link = (
        ActivityCircleFactory.build(activity=shared, circle=circle)
        if isinstance(shared, m.Activity)
        else EventCircleFactory.build(event=shared, circle=circle)
    )
    await persist(
        db,
        *rows.values(),
        CircleMemberFactory.build(circle=circle, user=host),
        CircleMemberFactory.build(circle=circle, user=insider),
        link,
        outsider,
        BlockFactory.build(blocker=host, blocked=blocked),
    )
    return Scene(host, insider, outsider, blocked, rows)


async def seen(
    db: AsyncSession, statement: sa.Select[m.Activity] | sa.Select[m.Event], scene: Scene
) -> set[m.Visibility]:
    hosted = statement.selected_columns[0].table
    ids = {row.id: visibility for visibility, row in scene.rows.items()}
    found = await db.scalars(statement.with_only_columns(hosted.c.id).where(hosted.c.id.in_(ids)))
    return {ids[row_id] for row_id in found}


PUBLIC, CIRCLES, LINK = m.Visibility.PUBLIC, m.Visibility.CIRCLES, m.Visibility.LINK_ONLY


@pytest.mark.parametrize(
    ("hosted", "readable", "listed"),
    [(m.Activity, readable_activities, listed_activities), (m.Event, readable_events, listed_events)],
    ids=["activities", "events"],
)
async def test_each_viewer_reads_and_lists_exactly_what_the_rule_says(
    db: AsyncSession,
    hosted: type[m.Activity] | type[m.Event],
    readable: Callable[[m.User | None], sa.Select[m.Activity] | sa.Select[m.Event]],
    listed: Callable[[m.User | None], sa.Select[m.Activity] | sa.Select[m.Event]],
) -> None:
    scene = await arrange(db, hosted)

    expected = {
        "visitor": (None, {PUBLIC, LINK}, {PUBLIC}),
        "host": (scene.host, {PUBLIC, CIRCLES, LINK}, {PUBLIC, CIRCLES, LINK}),
        "circle member": (scene.insider, {PUBLIC, CIRCLES, LINK}, {PUBLIC, CIRCLES}),
        "another member": (scene.outsider, {PUBLIC, LINK}, {PUBLIC}),
        "blocked member": (scene.blocked, set(), set()),
    }
    for who, (viewer, opens, lists) in expected.items():
        assert await seen(db, readable(viewer), scene) == opens, f"{who} opens"
        assert await seen(db, listed(viewer), scene) == lists, f"{who} lists"


async def test_owners_run_their_own_venues_and_admins_run_every_venue(db: AsyncSession) -> None:
    owner, other_owner = (UserFactory.build(role=m.UserRole.VENUE_OWNER) for _ in range(2))
    admin, member = UserFactory.build(role=m.UserRole.ADMIN), UserFactory.build()
    mine = VenueFactory.build(owner=owner, status=m.VenueStatus.HIDDEN)
    theirs = VenueFactory.build(owner=other_owner)
    await persist(db, mine, theirs, admin, member)
    both = {mine.id, theirs.id}

    async def run_by(who: m.User) -> set[UUID]:
        return set(
            await db.scalars(venues_run_by(who).with_only_columns(m.Venue.id).where(m.Venue.id.in_(both)))
        )

    assert await run_by(owner) == {mine.id}, "an owner runs their own venues, hidden ones too"
    assert await run_by(other_owner) == {theirs.id}
    assert await run_by(admin) == both
    assert await run_by(member) == set()
    as_column = await db.scalar(sa.select(runs_venue(owner)).where(m.Venue.id == theirs.id))
    assert as_column is False, "the rule as a column: the owner does not run another's venue"
    assert {role for role in m.UserRole if may_run_venues(role)} == {m.UserRole.VENUE_OWNER, m.UserRole.ADMIN}

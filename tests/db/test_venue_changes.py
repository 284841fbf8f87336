"""Venue calendar news: the trigger tells listeners of committed changes only, by venue, and a lost
connection comes back (telling everyone, since news may have been missed)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.lib import venue_changes
from scene_api.lib.timezone import utcnow
from scene_api.lib.venue_changes import VenueChanges
from tests.factories import BlackoutFactory, BookingFactory, CourtFactory, VenueFactory


@pytest.fixture
async def changes(settings) -> AsyncIterator[VenueChanges]:
    listener = VenueChanges(settings.database_url)
    yield listener
    await listener.close()


class Heard:
    """What each subscribed venue heard."""

    def __init__(self) -> None:
        self.counts: Counter[UUID] = Counter()
        self.news = asyncio.Event()

    def listener(self, venue_id: UUID):
        def heard() -> None:
            self.counts[venue_id] += 1
            self.news.set()

        return heard

    async def settle(self) -> None:
        """Let notifications in flight arrive."""
        await asyncio.sleep(0.3)


async def listening(changes: VenueChanges, heard: Heard, *venue_ids: UUID) -> None:
    for venue_id in venue_ids:
        changes.subscribe(venue_id, heard.listener(venue_id))
    await asyncio.wait_for(changes.listening.wait(), 5)
    await heard.settle()
    assert heard.counts == {}, "the first connection tells nobody"


async def test_committed_changes_reach_the_venues_listeners_only(db, changes):
    court = CourtFactory.build()
    other = VenueFactory.build()
    db.add_all([court, other])
    await db.commit()
    heard = Heard()
    await listening(changes, heard, court.venue_id, other.id)

    db.add(BookingFactory.build(court=court, venue_id=court.venue_id))
    db.add(BlackoutFactory.build(venue_id=court.venue_id, court_id=court.id))
    await db.flush()
    await heard.settle()
    assert heard.counts == {}, "nothing is told before the commit"
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    await heard.settle()

    assert heard.counts == {court.venue_id: 1}, "notifications of one transaction are folded into one"


async def test_rolled_back_changes_and_deletes(db, changes):
    court = CourtFactory.build()
    db.add(court)
    await db.commit()
    blackout = BlackoutFactory.build(venue_id=court.venue_id, court_id=court.id)
    db.add(blackout)
    await db.commit()
    venue_id, court_id, blackout_id = court.venue_id, court.id, blackout.id
    heard = Heard()
    await listening(changes, heard, venue_id)

    db.add(BlackoutFactory.build(venue_id=venue_id, court_id=court_id))
    await db.flush()
    await db.rollback()
    await heard.settle()
    assert heard.counts == {}

    await db.execute(sa.delete(m.Blackout).where(m.Blackout.id == blackout_id))
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    assert heard.counts == {venue_id: 1}


async def test_a_bulk_expiry_is_heard_and_unsubscribing_stops_the_news(db, changes):
    court = CourtFactory.build()
    db.add(court)
    await db.commit()
    start = utcnow() + timedelta(days=1)
    db.add_all(
        BookingFactory.build(
            court_id=court.id,
            venue_id=court.venue_id,
            period=Range(start + timedelta(hours=hour), start + timedelta(hours=hour, minutes=30)),
        )
        for hour in range(3)
    )
    await db.commit()
    heard = Heard()
    unsubscribe = changes.subscribe(court.venue_id, heard.listener(court.venue_id))
    await asyncio.wait_for(changes.listening.wait(), 5)

    await db.execute(
        sa.update(m.Booking).where(m.Booking.court_id == court.id).values(status=m.BookingStatus.EXPIRED)
    )
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    await heard.settle()
    assert heard.counts == {court.venue_id: 1}

    unsubscribe()
    heard.counts.clear()
    await db.execute(sa.delete(m.Booking).where(m.Booking.court_id == court.id))
    await db.commit()
    await heard.settle()
    assert heard.counts == {}


async def test_a_lost_connection_comes_back_and_tells_everyone(db, changes, monkeypatch):
    monkeypatch.setattr(venue_changes, "RETRY_SECONDS", (0.05,))
    venue = VenueFactory.build()
    db.add(venue)
    await db.commit()
    heard = Heard()
    await listening(changes, heard, venue.id)
    heard.news.clear()

    await db.execute(
        sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
    )
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 10)

    assert heard.counts == {venue.id: 1}
    assert changes.listening.is_set()

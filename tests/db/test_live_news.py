"""Live news: the triggers tell listeners of committed changes only, by channel and id (venue calendars,
members' notifications, activities, events), and a lost connection comes back (telling everyone, since
news may have been missed)."""

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
from scene_api.lib import live_news
from scene_api.lib.live_news import ACTIVITY_NEWS, EVENT_NEWS, MEMBER_NEWS, VENUE_CALENDAR, LiveNews, Topic
from scene_api.lib.timezone import utcnow
from tests.factories import (
    ActivityFactory,
    BlackoutFactory,
    BookingFactory,
    CourtFactory,
    EventFactory,
    JoinRequestFactory,
    NotificationFactory,
    OrderFactory,
    UserFactory,
    VenueFactory,
)


@pytest.fixture
async def changes(settings) -> AsyncIterator[LiveNews]:
    listener = LiveNews(settings.database_url)
    yield listener
    await listener.close()


class Heard:
    """What each subscribed topic heard, by its id."""

    def __init__(self) -> None:
        self.counts: Counter[UUID] = Counter()
        self.news = asyncio.Event()

    def listener(self, topic: Topic):
        def heard() -> None:
            self.counts[topic.key] += 1
            self.news.set()

        return heard

    async def settle(self) -> None:
        """Let notifications in flight arrive."""
        await asyncio.sleep(0.3)


def calendar(venue_id: UUID) -> Topic:
    return Topic(VENUE_CALENDAR, venue_id)


async def listening(changes: LiveNews, heard: Heard, *topics: Topic) -> None:
    for topic in topics:
        changes.subscribe(topic, heard.listener(topic))
    await asyncio.wait_for(changes.listening.wait(), 5)
    await heard.settle()
    assert heard.counts == {}, "the first connection tells nobody"


async def test_committed_changes_reach_the_venues_listeners_only(db, changes):
    court = CourtFactory.build()
    other = VenueFactory.build()
    db.add_all([court, other])
    await db.commit()
    heard = Heard()
    await listening(changes, heard, calendar(court.venue_id), calendar(other.id))

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
    await listening(changes, heard, calendar(venue_id))

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
    unsubscribe = changes.subscribe(calendar(court.venue_id), heard.listener(calendar(court.venue_id)))
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
    monkeypatch.setattr(live_news, "RETRY_SECONDS", (0.05,))
    venue = VenueFactory.build()
    db.add(venue)
    await db.commit()
    heard = Heard()
    await listening(changes, heard, calendar(venue.id))
    heard.news.clear()

    await db.execute(
        sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
    )
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 10)

    assert heard.counts == {venue.id: 1}
    assert changes.listening.is_set()


async def test_a_notification_reaches_its_members_bell_only(db, changes):
    member, other = UserFactory.build(), UserFactory.build()
    db.add_all([member, other])
    await db.commit()
    heard = Heard()
    await listening(changes, heard, Topic(MEMBER_NEWS, member.id), Topic(MEMBER_NEWS, other.id))

    notification = NotificationFactory.build(user=member)
    db.add(notification)
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    await heard.settle()
    assert heard.counts == {member.id: 1}

    heard.counts.clear()
    await db.execute(
        sa.update(m.Notification).where(m.Notification.user_id == member.id).values(read_at=utcnow())
    )
    await db.commit()
    await heard.settle()
    assert heard.counts == {member.id: 1}, "reading it moves the count too"


async def test_a_join_decision_reaches_its_activity_and_an_order_its_event(db, changes):
    request = JoinRequestFactory.build()
    other_activity = ActivityFactory.build()
    order = OrderFactory.build()
    db.add_all([request, other_activity, order])
    await db.commit()
    activity_id, event_id, request_id, order_id = request.activity_id, order.event_id, request.id, order.id
    assert activity_id is not None
    heard = Heard()
    await listening(
        changes,
        heard,
        Topic(ACTIVITY_NEWS, activity_id),
        Topic(ACTIVITY_NEWS, other_activity.id),
        Topic(EVENT_NEWS, event_id),
        Topic(EVENT_NEWS, activity_id),
    )

    await db.execute(
        sa.update(m.JoinRequest)
        .where(m.JoinRequest.id == request_id)
        .values(status=m.JoinRequestStatus.APPROVED, decided_at=utcnow())
    )
    await db.execute(sa.update(m.Activity).where(m.Activity.id == activity_id).values(seats_taken=1))
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    await heard.settle()
    assert heard.counts == {activity_id: 1}, (
        "one call for the decision and the seat, on its activity's channel"
    )

    heard.counts.clear()
    await db.execute(sa.update(m.Order).where(m.Order.id == order_id).values(paid_at=utcnow()))
    await db.commit()
    await heard.settle()
    assert heard.counts == {event_id: 1}


async def test_an_event_join_request_is_news_for_the_event(db, changes):
    event = EventFactory.build()
    db.add(event)
    await db.commit()
    heard = Heard()
    await listening(changes, heard, Topic(EVENT_NEWS, event.id))

    db.add(JoinRequestFactory.build(event=event))
    await db.commit()
    await asyncio.wait_for(heard.news.wait(), 5)
    await heard.settle()
    assert heard.counts == {event.id: 1}

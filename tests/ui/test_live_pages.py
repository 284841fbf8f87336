"""Member pages follow live news: what another process commits shows without a reload."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.domain.joins import schemas as s
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_ui import live
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import buy, checkout, hold, host_event, provider_says
from tests.ui.people import ask_to_join, host_activity, member
from tests.venues import next_half_hour


async def listening() -> None:
    """The UI process's listener is connected (it opens with the first page that follows news)."""
    await asyncio.wait_for((await live.live_news()).listening.wait(), 5)


def unread_badge(user: User) -> str:
    """The bell's count as shown."""
    (badge,) = user.find(marker="unread").elements
    assert isinstance(badge, ui.label)
    return str(badge.text)


async def test_the_hosts_approval_and_its_notification_show_on_the_open_page(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    sana = await sign_in()
    request = await ask_to_join(runtime, sana, game.id)
    await user.open(f"/activities/{game.id}")
    await user.should_see(english("activity").state_pending)
    await user.should_not_see(marker="unread")
    await listening()

    await approve(runtime, host, request.id)

    await user.should_see(english("activity").state_approved, retries=40)
    await user.should_not_see(english("activity").state_pending)
    await user.should_see(marker="unread", retries=20)
    assert unread_badge(user) == "1"


async def approve(runtime: Runtime, host: m.User, request_id) -> None:
    """As the host's phone would, in its own unit of work (committed when it closes)."""
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        await services.joins.decide(actor, request_id, s.Decision.APPROVE)


async def test_seats_left_and_a_paid_order_follow_the_event(user, runtime, sign_in):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, tiers=[{"name": "Player", "price_pkr": 3500, "quantity": 32}])
    other = await member(runtime, 11, "bilal_a", "Bilal Ahmed")
    sana = await sign_in()
    await user.open(f"/events/{event.id}")
    with user.scope(marker="buy-panel"):
        await user.should_see("32 left")
    await listening()

    await buy(runtime, other, event, quantity=2)

    await user.should_see("30 left", retries=40)

    order = await buy(runtime, sana, event)
    await user.open(f"/orders/{order.id}")
    await user.should_see(english("order").held_title)
    await user.should_not_see(marker="order-tickets")
    started = await checkout(runtime, sana, m.PaymentPurpose.ORDER, order.id)

    await provider_says(runtime, started.payment, paid=True)

    await user.should_see(marker="order-tickets", retries=40)
    await user.should_not_see(english("order").held_title)


async def test_the_notifications_page_shows_what_arrives(user, runtime, sign_in):
    sana = await sign_in()
    await user.open("/notifications")
    await user.should_see(english("notifications").empty_title)
    await listening()

    async with runtime.session_factory() as session:
        session.add(m.Notification(user_id=sana.id, kind="join_approved", title="You're in for padel!"))
        await session.commit()

    await user.should_see("You're in for padel!", retries=40)
    assert unread_badge(user) == "1"


async def test_a_page_that_went_away_stops_following(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    sana = await sign_in()
    await user.open(f"/activities/{game.id}")
    await user.should_see(game.title)
    await listening()
    news = await live.live_news()
    assert news.listeners[live.activity(game.id)], "the open activity page follows its activity"
    assert news.listeners[live.member(sana.id)], "its bell follows the member"

    user.client.delete()

    assert live.activity(game.id) not in news.listeners
    assert live.member(sana.id) not in news.listeners


async def test_a_confirmed_payment_shows_on_the_open_booking(user, runtime, sign_in):
    me = await sign_in()
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    held = await hold(runtime, me, venue.courts[0].id, next_half_hour(timedelta(days=1)))
    await user.open(f"/bookings/{held.id}")
    await user.should_not_see(marker="confirmation")
    await listening()
    paying = await checkout(runtime, me, m.PaymentPurpose.BOOKING, held.id)

    await provider_says(runtime, paying.payment, paid=True)

    await user.should_see(marker="confirmation", retries=40)

"""Issue 12, a match and its court in one flow: the create wizard puts an activity at a Scene venue
(picked from the city's venues, or opened from the venue page's "Host a match here"), and a share
payment that fails says the share is still unpaid."""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.schemas import ActivityFilters, ShareStatus
from scene_api.lib.timezone import to_local
from scene_api.services import provide_services
from scene_ui import formats
from scene_ui.pages import create as page
from tests.helpers import english
from tests.ui.desk import open_venue, person
from tests.ui.happenings import provider_says
from tests.ui.people import ask_to_join, host_activity, member
from tests.ui.slot_picker import pick_slot
from tests.venues import next_half_hour


async def tap(user, marker):
    """Click, then let the click's handler run (NiceGUI handles events on the next loop turns)."""
    user.find(marker=marker).click()
    await asyncio.sleep(0.05)


@pytest.fixture
async def venue(runtime):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    return await open_venue(runtime, owner)


async def hosted_by(runtime, who):
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, who.id)
        return (await services.activities.discover(actor, ActivityFilters(hosted_by_me=True))).items


async def to_where_step(user, title="Padel doubles at Court Nine"):
    await tap(user, "type-padel")
    user.find(marker="title").type(title)
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_when)
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_where)


async def to_review(user):
    for _ in range(3):
        await tap(user, "wizard-next")
    await user.should_see(english("create").step_review)


async def test_a_match_at_a_picked_venue_stores_the_venue_and_the_host_sees_the_court_card(
    user, runtime, sign_in, venue
):
    me = await sign_in()
    await user.open("/create")
    await to_where_step(user)
    with user.scope(marker="venue-choices"):
        await user.should_see(english("create").at_venue)
        await user.should_see(english("create").venue_hint)
        await user.should_see("Court Nine Padel")
        await user.should_see("Gulberg III \u00b7 Lahore")

    await tap(user, f"venue-{venue.slug}")

    with user.scope(marker="picked-venue"):
        await user.should_see("Court Nine Padel")
        await user.should_see(english("create").venue_hint)
    await user.should_not_see(marker="place")
    await to_review(user)
    with user.scope(marker="review"):
        await user.should_see("Court Nine Padel \u00b7 Gulberg III \u00b7 Lahore")
    await tap(user, "wizard-post")

    await user.should_see(english("activity").you_host, retries=30)
    (posted,) = await hosted_by(runtime, me)
    assert posted.venue_id == venue.id
    assert (posted.place_name, posted.city) == ("Court Nine Padel", "Lahore")
    with user.scope(marker="court-card"):
        await user.should_see(english("activity_court").intro.format(venue="Court Nine Padel"))
        await user.should_see("Court 1")


async def test_clearing_the_venue_brings_back_a_typed_place(user, runtime, sign_in, venue):
    me = await sign_in()
    await user.open("/create")
    await to_where_step(user, "Evening padel")
    await tap(user, f"venue-{venue.slug}")
    await user.should_see(marker="picked-venue")

    await tap(user, "clear-venue")

    await user.should_not_see(marker="picked-venue")
    await user.should_see(marker=f"venue-{venue.slug}")
    user.find(marker="place").type("Model Town Park")
    await to_review(user)
    with user.scope(marker="review"):
        await user.should_see("Model Town Park \u00b7 Lahore")
    await tap(user, "wizard-post")

    await user.should_see(english("activity").you_host, retries=30)
    (posted,) = await hosted_by(runtime, me)
    assert posted.venue_id is None
    assert (posted.place_name, posted.city) == ("Model Town Park", "Lahore")


async def test_a_city_without_venues_says_so(user, sign_in, venue):
    await sign_in()
    await user.open("/create")
    await to_where_step(user)

    user.find("Karachi").click()
    await asyncio.sleep(0.05)

    await user.should_see(english("create").no_venues.format(city="Karachi"))
    await user.should_not_see(marker=f"venue-{venue.slug}")


async def test_a_link_with_a_venue_and_a_slot_fills_them_in(user, runtime, sign_in, venue):
    me = await sign_in()
    day = (formats.today() + timedelta(days=2)).isoformat()
    await user.open(f"/create?venue={venue.slug}&day={day}&start=20:30&length=60")
    await tap(user, "type-padel")
    user.find(marker="title").type("Padel after work")
    await tap(user, "wizard-next")

    await user.should_see(english("create").step_when)
    (start,) = user.find(marker="start").elements
    (other_day,) = user.find(marker="day").elements
    assert (start.value, other_day.value) == ("20:30", day)
    await user.should_see(english("create").ends_at.format(time="9:30 pm"))
    await tap(user, "wizard-next")
    with user.scope(marker="picked-venue"):
        await user.should_see("Court Nine Padel")
    await to_review(user)
    await tap(user, "wizard-post")

    await user.should_see(english("activity").you_host, retries=30)
    (posted,) = await hosted_by(runtime, me)
    assert posted.venue_id == venue.id
    assert to_local(posted.starts_at).date().isoformat() == day
    assert (formats.clock(posted.starts_at), formats.clock(posted.ends_at)) == ("8:30 pm", "9:30 pm")


async def test_an_unknown_venue_in_the_link_is_left_out(user, sign_in, venue):
    await sign_in()
    await user.open("/create?venue=no-such-place&day=not-a-day&start=25:99")
    await to_where_step(user)

    await user.should_not_see(marker="picked-venue")
    await user.should_see(marker=f"venue-{venue.slug}")


async def test_host_a_match_here_opens_the_wizard_at_the_venue_and_the_picked_slot(user, sign_in, venue):
    await sign_in()
    await user.open(f"/venues/{venue.slug}")
    await user.should_see(english("venue").host_match)

    await tap(user, "host-match")

    await user.should_see(english("create").step_what, retries=20)
    assert user.back_history[-1] == f"/create?venue={venue.slug}"
    await to_where_step(user)
    with user.scope(marker="picked-venue"):
        await user.should_see("Court Nine Padel")

    slot = to_local(next_half_hour(timedelta(days=1)))
    day = slot.date()
    await user.open(f"/venues/{venue.slug}")
    user.find(marker=f"day-{day.isoformat()}").click()
    await user.should_see(marker=f"slots-{day.isoformat()}-90", retries=20)
    await pick_slot(user, "court-2", slot)
    with user.scope(marker="hold-bar"):
        await user.should_see(english("venue").host_match)

    await tap(user, "host-match-at-slot")

    await user.should_see(english("create").step_what, retries=20)
    assert user.back_history[-1] == (
        f"/create?venue={venue.slug}&day={day.isoformat()}&start={slot:%H}%3A{slot:%M}&length=90"
    )
    await tap(user, "type-padel")
    user.find(marker="title").type("Padel at Court Nine")
    await tap(user, "wizard-next")
    (start,) = user.find(marker="start").elements
    assert start.value == f"{slot:%H:%M}"


async def test_a_declined_share_payment_says_the_share_is_still_unpaid(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, auto_approve=True)
    me = await sign_in()
    request = await ask_to_join(runtime, me, game.id)
    await user.open(f"/activities/{game.id}")
    with user.scope(marker="my-share"):
        user.find(marker="provider-payfast").click()
        await asyncio.sleep(0.05)
        user.find(marker="pay-online").click()
    payment = None
    for _ in range(40):
        async with runtime.session_factory() as session:
            payment = await session.scalar(
                sa.select(m.Payment).where(m.Payment.join_request_id == request.id)
            )
        if payment is not None:
            break
        await asyncio.sleep(0.05)
    assert payment is not None, "the page started a checkout for the share"
    await provider_says(runtime, payment, paid=False)

    await user.open(f"/payments/{payment.id}")

    await user.should_see(english("payment").failed)
    await user.should_see(english("payment").failed_share_hint)
    await user.should_not_see(english("payment").failed_booking_hint)
    await user.should_see(english("payment").view_activity)
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        assert (await services.shares.mine(actor, game.id)).status is ShareStatus.UNPAID


async def test_a_city_with_many_venues_offers_a_search(user, runtime, sign_in, venue):
    owner = await person(runtime, 21, "arena_owner", "Asad Rauf", role=m.UserRole.VENUE_OWNER)
    for number in range(1, page.VENUES_SHOWN + 1):
        await open_venue(runtime, owner, name=f"Arena {number}", courts=())
    await sign_in()
    await user.open("/create")
    await to_where_step(user)
    await user.should_see(marker="venue-search")
    await user.should_see("Arena 1")
    await user.should_not_see("Court Nine Padel")

    user.find(marker="venue-search").type("nine")

    await user.should_see("Court Nine Padel", retries=20)
    await user.should_not_see("Arena 1")
    await tap(user, f"venue-{venue.slug}")
    with user.scope(marker="picked-venue"):
        await user.should_see("Court Nine Padel")

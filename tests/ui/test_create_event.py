import asyncio

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.services import provide_services
from scene_ui import formats
from tests.helpers import english
from tests.ui.desk import open_venue, person


async def tap(user, marker):
    """Click, then let the click's handler run (NiceGUI handles events on the next loop turns)."""
    user.find(marker=marker).click()
    await asyncio.sleep(0.05)


async def test_the_activity_wizard_links_to_hosting_an_event(user, sign_in):
    await sign_in()
    await user.open("/create")

    await user.should_see(english("create").host_event)
    await user.open("/create/event")
    await user.should_see(english("create_event").step_basics)


async def test_each_step_checks_its_answers_before_moving_on(user, sign_in):
    await sign_in()
    await user.open("/create/event")
    await user.should_see(english("create_event").step_basics)

    await tap(user, "wizard-next")
    await user.should_see(english("create_event").title_missing)
    user.find(marker="title").type("Qawwali night")
    await tap(user, "wizard-next")

    await user.should_see(english("create_event").step_when)
    user.find(marker="start").clear().type("21:00")
    user.find(marker="end").clear().type("20:00")
    await tap(user, "wizard-next")
    await user.should_see(english("create_event").end_before_start)
    user.find(marker="end").clear().type("23:30")
    await tap(user, "wizard-next")

    await user.should_see(english("create_event").step_where)
    await tap(user, "wizard-next")
    await user.should_see(english("create_event").place_missing)
    user.find(marker="place").type("Alhamra Arts Council")
    await tap(user, "wizard-next")

    await user.should_see(english("create_event").step_tickets)
    await tap(user, "wizard-next")
    await user.should_see(english("create_event").tier_name_missing)
    user.find(marker="tier-0-name").type("General")
    await tap(user, "wizard-next")
    await user.should_see(english("create_event").step_visibility)


async def test_publishing_an_event_creates_it_with_its_tiers_and_opens_it(user, runtime, sign_in):
    me = await sign_in()
    await user.open("/create/event")
    user.find(marker="title").type("Sufi night at Alhamra")
    await tap(user, "wizard-next")
    user.find(marker="start").clear().type("20:00")
    user.find(marker="end").clear().type("23:00")
    await tap(user, "wizard-next")
    user.find(marker="place").type("Alhamra Arts Council")
    await tap(user, "wizard-next")
    user.find(marker="tier-0-name").type("General")
    user.find(marker="tier-0-price").clear().type("1500")
    user.find(marker="tier-0-quantity").clear().type("80")
    await tap(user, "add-tier")
    user.find(marker="tier-1-name").type("Students")
    user.find(marker="tier-1-quantity").clear().type("20")
    user.find(marker="capacity").clear().type("100")
    await tap(user, "pay-at-door")
    await tap(user, "wizard-next")
    await tap(user, "visibility-link_only")
    await tap(user, "approval-required")
    await tap(user, "wizard-next")
    await user.should_see(english("create_event").step_review)
    await user.should_see("Sufi night at Alhamra")
    await tap(user, "wizard-post")

    await user.should_see(english("event").you_host, retries=30)
    async with provide_services(runtime) as services:
        (event,) = (await services.session.scalars(sa.select(m.Event).where(m.Event.host_id == me.id))).all()
        tiers = (
            await services.session.scalars(
                sa.select(m.TicketTier)
                .where(m.TicketTier.event_id == event.id)
                .order_by(m.TicketTier.position)
            )
        ).all()
    assert event.title == "Sufi night at Alhamra"
    assert event.capacity == 100
    assert event.allow_pay_at_venue
    assert event.approval_required
    assert event.visibility is m.Visibility.LINK_ONLY
    assert event.place_name == "Alhamra Arts Council"
    assert event.city == "Lahore"
    assert formats.clock(event.starts_at) == "8:00 pm"
    assert [(tier.name, tier.price_pkr, tier.quantity) for tier in tiers] == [
        ("General", 1500, 80),
        ("Students", 0, 20),
    ]


async def test_an_event_can_be_at_a_listed_venue(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    me = await sign_in()
    await user.open("/create/event")
    user.find(marker="title").type("Padel social")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    await tap(user, f"venue-{venue.slug}")
    await tap(user, "wizard-next")
    user.find(marker="tier-0-name").type("Entry")
    for _ in range(2):
        await tap(user, "wizard-next")
    await user.should_see(english("create_event").step_review)
    await tap(user, "wizard-post")

    await user.should_see(english("event").you_host, retries=30)
    async with provide_services(runtime) as services:
        event = await services.session.scalar(sa.select(m.Event).where(m.Event.host_id == me.id))
    assert event is not None
    assert event.venue_id == venue.id

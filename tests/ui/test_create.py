import asyncio
from datetime import timedelta

from scene_api.db import models as m
from scene_api.domain.activities.schemas import ActivityFilters
from scene_api.services import provide_services
from scene_ui import formats
from tests.helpers import english


async def tap(user, marker):
    """Click, then let the click's handler run (NiceGUI handles events on the next loop turns)."""
    user.find(marker=marker).click()
    await asyncio.sleep(0.05)


async def test_each_step_checks_its_answers_before_moving_on(user, sign_in):
    await sign_in()
    await user.open("/create")
    await user.should_see(english("create").step_what)

    await tap(user, "wizard-next")
    await user.should_see(english("create").pick_type)

    await tap(user, "type-padel")
    user.find(marker="title").type("Pa")
    await tap(user, "wizard-next")
    await user.should_see("Use at least 3 characters.")

    user.find(marker="title").type("del tonight")
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_when)
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_where)
    await tap(user, "wizard-next")
    await user.should_see(english("create").place_missing)


async def test_posting_an_activity_opens_it(user, runtime, sign_in):
    me = await sign_in()
    await user.open("/create")
    await tap(user, "type-football")
    user.find(marker="title").type("Five-a-side at Model Town")
    await tap(user, "wizard-next")
    user.find(marker="start").clear().type("21:30")
    await tap(user, "wizard-next")
    user.find(marker="place").type("Model Town Park")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    await tap(user, "visibility-link_only")
    await tap(user, "wizard-next")
    await user.should_see(english("create").step_review)
    await user.should_see("Football: Five-a-side at Model Town")
    await tap(user, "wizard-post")

    await user.should_see(english("activity").you_host, retries=30)
    await user.should_see("Five-a-side at Model Town")
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, me.id)
        mine = await services.activities.discover(actor, ActivityFilters(hosted_by_me=True))
    (posted,) = mine.items
    assert posted.visibility is m.Visibility.LINK_ONLY
    assert posted.type is m.ActivityType.FOOTBALL
    assert formats.clock(posted.starts_at) == "9:30 pm"
    assert posted.place_name == "Model Town Park"
    assert posted.city == "Lahore"


async def test_a_refusal_from_the_service_opens_the_step_it_is_about(user, sign_in):
    await sign_in()
    await user.open("/create")
    await tap(user, "type-padel")
    user.find(marker="title").type("Sunrise padel")
    await tap(user, "wizard-next")
    yesterday = (formats.today() - timedelta(days=1)).isoformat()
    user.find(marker="day").clear().type(yesterday)
    for _ in range(4):
        if user.find(marker="wizard-step").elements.pop().text.startswith("Step 3"):
            user.find(marker="place").type("Padel Hub")
        await tap(user, "wizard-next")
    await user.should_see(english("create").step_review)
    await tap(user, "wizard-post")

    await user.should_see(english("create").step_when, retries=20)
    await user.should_see("The start must be in the future.")


async def test_sharing_with_circles_needs_a_circle(user, sign_in):
    await sign_in()
    await user.open("/create")
    await tap(user, "type-padel")
    user.find(marker="title").type("Circle padel")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    user.find(marker="place").type("Padel Hub")
    await tap(user, "wizard-next")
    await tap(user, "wizard-next")
    await tap(user, "visibility-circles")
    await user.should_see(english("create").no_circles)
    await tap(user, "wizard-next")

    await user.should_see(english("create").pick_circle)

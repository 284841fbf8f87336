import asyncio

from scene_api.db import models as m
from scene_api.domain.trust.levels import TrustLevel
from scene_api.services import provide_services
from scene_ui.components.trust import LABELS as TRUST
from tests.helpers import english
from tests.ui.people import host_activity, member


async def test_my_profile_shows_what_i_host_my_circles_and_invites(user, runtime, sign_in):
    me = await sign_in()
    await host_activity(runtime, me, title="Sunday padel at Gulberg")

    await user.open("/me")

    await user.should_see("Sana Khan")
    await user.should_see("@sana_k")
    await user.should_see("Padel \u00b7 Level 3")
    await user.should_see("Sunday padel at Gulberg")
    await user.should_see(english("profile").no_circles)
    await user.should_see(english("profile").invites_left.format(remaining=5, quota=5))
    user.find(marker="create-invite").click()
    await user.should_see(english("profile").invite_created, retries=20)
    await user.should_see(english("profile").invites_left.format(remaining=4, quota=5))


async def test_vouching_for_someone_and_taking_it_back(user, runtime, sign_in):
    await member(runtime, 10, "danish_m", "Danish Mirza", bio="Padel most evenings")
    await sign_in()

    await user.open("/u/danish_m")
    await user.should_see("Padel most evenings")
    await user.should_see(TRUST[TrustLevel.NEW])
    user.find(marker="vouch").click()
    user.find(marker="vouch-note").type("Great doubles partner")
    user.find(marker="send-vouch").click()

    await user.should_see(english("profile").vouch_done.format(name="Danish Mirza"), retries=20)
    await user.should_see(marker="vouched")
    await user.should_see("Great doubles partner")
    await user.should_see(TRUST[TrustLevel.VOUCHED])

    user.find(marker="unvouch").click()
    await user.should_see(english("profile").unvouch_done, retries=20)
    await user.should_see(marker="vouch")


async def test_blocking_asks_first_then_hides_them(user, runtime, sign_in):
    danish = await member(runtime, 10, "danish_m", "Danish Mirza")
    await sign_in()

    await user.open("/u/danish_m")
    user.find(marker="block").click()
    await user.should_see(english("profile").block_title.format(name="Danish Mirza"))
    user.find(marker="confirm-block").click()

    await user.should_see(english("profile").blocked.format(name="Danish Mirza"), retries=20)
    await asyncio.sleep(0.3)
    await user.open("/u/danish_m")
    await user.should_see(english("profile").not_found_title)
    async with provide_services(runtime) as services:
        assert await services.session.get(m.User, danish.id) is not None


async def test_reporting_a_member(user, runtime, sign_in):
    await member(runtime, 10, "danish_m", "Danish Mirza")
    await sign_in()

    await user.open("/u/danish_m")
    user.find(marker="report").click()
    user.find(marker="send-report").click()

    await user.should_see("The Scene team will look at it", retries=20)
    async with provide_services(runtime) as services:
        reports = (await services.session.scalars(m.Report.__table__.select())).all()
    assert len(reports) == 1


async def test_editing_my_profile(user, sign_in):
    await sign_in()
    await user.open("/me/edit")

    user.find(marker="name").clear().type("Sana K.")
    user.find(marker="bio").type("Weekend padel")
    user.find(marker="save-profile").click()

    await user.should_see(english("profile_edit").saved, retries=20)
    await user.should_see("Weekend padel", retries=20)


async def test_a_taken_handle_is_shown_on_the_handle_field(user, runtime, sign_in):
    await member(runtime, 10, "danish_m", "Danish Mirza")
    await sign_in()
    await user.open("/me/edit")

    user.find(marker="handle").clear().type("danish_m")
    user.find(marker="save-profile").click()

    await user.should_see("That handle is taken.", retries=20)


async def test_an_unknown_handle(user, sign_in):
    await sign_in()

    await user.open("/u/nobody_here")

    await user.should_see(english("profile").not_found_title)


async def test_my_profile_leads_to_my_bookings_and_tickets(user, sign_in):
    await sign_in()

    await user.open("/me")

    with user.scope(marker="mine"):
        await user.should_see("My bookings")
        await user.should_see("My tickets")
    links = {el.props.get("href") for el in user.current_layout.descendants()}
    assert {"/me/bookings", "/me/tickets"} <= links


async def test_another_members_profile_lists_what_they_host(user, runtime, sign_in):
    danish = await member(runtime, 10, "danish_m", "Danish Mirza")
    await host_activity(runtime, danish, title="Padel doubles at DHA")
    await sign_in()

    await user.open("/u/danish_m")

    with user.scope(marker="hosting"):
        await user.should_see("Padel doubles at DHA")

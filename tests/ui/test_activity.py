from urllib.parse import unquote

from scene_api.db import models as m
from tests.helpers import english
from tests.ui.people import ask_to_join, host_activity, member


async def test_requesting_then_withdrawing(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()

    await user.open(f"/activities/{game.id}")
    await user.should_see(game.title)
    await user.should_see("Rs 1,500")
    await user.should_see("Padel Arena DHA Phase 6 \u00b7 Lahore")
    user.find(marker="join").click()

    await user.should_see(english("activity").state_pending, retries=20)
    await user.should_see(english("activity").requested)
    user.find(english("activity").withdraw).click()

    await user.should_see(english("activity").request, retries=20)


async def test_an_auto_approve_activity_lets_you_in_and_shows_who_is_coming(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, auto_approve=True)
    await sign_in()

    await user.open(f"/activities/{game.id}")
    user.find(marker="join").click()

    # the hint, not "You're in!": the toast says that too, before the page is drawn again
    await user.should_see(english("activity").state_approved_hint, retries=20)
    with user.scope(marker="participants"):
        await user.should_see("Sana Khan")
        await user.should_see("Danish Mirza")


async def test_a_full_activity_offers_the_waitlist_with_a_position(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, capacity=1, auto_approve=True)
    first = await member(runtime, 11, "usman_k", "Usman Khan")
    await ask_to_join(runtime, first, game.id)
    await sign_in()

    await user.open(f"/activities/{game.id}")
    await user.should_see(english("activity").join_waitlist)
    user.find(marker="join").click()

    await user.should_see(english("activity").state_waitlisted.format(position=1), retries=20)


async def test_participants_of_a_link_only_activity_stay_private(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, visibility=m.Visibility.LINK_ONLY)
    await sign_in()

    await user.open(f"/activities/{game.id}")

    await user.should_see(english("activity").participants_hidden)


async def test_share_buttons_carry_the_link(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in()

    await user.open(f"/activities/{game.id}")

    whatsapp = user.find(marker="share-whatsapp").elements.pop().props["href"]
    assert whatsapp.startswith("https://wa.me/?text=")
    assert game.share_url in unquote(whatsapp)
    assert game.title in unquote(whatsapp)
    await user.should_see(marker="share-more")


async def test_the_host_edits_and_cancels(user, runtime, sign_in):
    me = await sign_in()
    game = await host_activity(runtime, me)

    await user.open(f"/activities/{game.id}")
    await user.should_see(english("activity").you_host)
    user.find(marker="edit").click()
    user.find(english("activity").field_title).clear().type("Padel doubles, need 1")
    user.find(marker="save-edit").click()
    await user.should_see("Padel doubles, need 1", retries=20)
    await user.should_see(english("activity").saved)

    user.find(marker="cancel-activity").click()
    user.find(marker="confirm-cancel").click()

    await user.should_see(english("activity").cancelled, retries=20)
    await user.should_not_see(marker="join")


async def test_an_unknown_activity_says_so(user, sign_in):
    await sign_in()

    await user.open("/activities/00000000-0000-0000-0000-000000000000")

    await user.should_see(english("activity").not_found_title)

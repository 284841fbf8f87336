from nicegui import ui

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.services import provide_services
from scene_ui.pages import signin
from tests.helpers import english, found
from tests.ui.people import member
from tests.ui.signin_form import post_form


async def an_invite(runtime) -> str:
    inviter = await member(runtime, 1, "hamza_q", "Hamza Qureshi")
    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, inviter.id)
        invite = await services.invites.create(actor, auth_s.InviteCreate())
    return invite.code


async def test_joining_with_an_invite_link_then_the_code_then_a_first_profile(user, runtime, worker):
    code = await an_invite(runtime)

    asked = await post_form(user, f"/join/{code}", phone="0321 5550123", invite_code=code)
    assert asked.status_code == 303
    await user.open(asked.headers["location"])

    await user.should_see(english("signin").heading_code, retries=20)
    await user.should_see("+92 3** ***0123")
    await user.should_see(english("signin").dev_hint_title)
    await user.should_see(marker="dev-use-code", retries=50)
    user.find(marker="dev-use-code").click()

    await user.should_see(english("profile_edit").heading_setup, retries=30)
    user.find(marker="name").type("Zara Ahmed")
    user.find(marker="handle").clear().type("zara_a")
    user.find(kind=ui.button, content="Padel").click()
    user.find(marker="save-profile").click()

    await user.should_see(english("home").greeting.format(name="Zara"), retries=30)


async def test_a_member_signs_in_with_the_code_from_the_outbox(user, runtime, worker):
    await member(runtime, 2, "danish_m", "Danish Mirza")

    asked = await post_form(user, "/signin", phone="+92 300 0000003")
    await user.open(asked.headers["location"])
    await user.should_see(marker="dev-sms", retries=50)
    sms = user.find(marker="dev-sms").elements.pop().text
    user.find(marker="code").type(found(r"(\d{6})", sms))

    await user.should_see(english("home").greeting.format(name="Danish"), retries=30)


async def test_a_wrong_code_says_how_many_tries_are_left(user, runtime):
    await member(runtime, 4, "fatima_b", "Fatima Butt")
    asked = await post_form(user, "/signin", phone="+923000000005")
    await user.open(asked.headers["location"])
    await user.should_see(english("signin").heading_code, retries=20)

    user.find(marker="code").type("000000")

    await user.should_see("4 tries left", retries=20)
    await user.should_see(marker="resend-wait")


def test_sms_code_and_digits():
    assert signin.sms_code("123456 is your Scene code.") == "123456"
    assert signin.sms_code("no code") is None
    assert signin.digits(" 12 34-56 ") == "123456"

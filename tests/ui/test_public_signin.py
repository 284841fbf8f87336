"""`/welcome` and the first sign-in step as plain server HTML: their words in English and Urdu, forms that
work without a script, the refusals they show, and the hand-over to the app's code step."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
import sqlalchemy as sa
from nicegui.testing import User

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.i18n import en, ur
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_ui.public import signin as public_signin
from scene_ui.public.signin import CODE_PATH
from tests.helpers import english
from tests.ui.conftest import SignIn
from tests.ui.people import member
from tests.ui.signin_form import post_form

WELCOME = en.MESSAGES["welcome"]
SIGNIN = en.MESSAGES["signin"]
URDU_WELCOME = ur.MESSAGES["welcome"]
URDU_SIGNIN = ur.MESSAGES["signin"]
ERRORS = en.MESSAGES["errors_auth"]


def no_script(page: str) -> None:
    assert "<script" not in page.lower()
    assert "_nicegui" not in page


async def test_welcome_says_what_scene_is_and_keeps_where_the_visitor_was_going(user: User):
    response = await user.http_client.get("/welcome?next=/a/padel-tonight")

    assert response.status_code == 200
    page = response.text
    assert page.startswith('<!doctype html><html lang="en" dir="ltr">')
    assert f"<title>{WELCOME['title']} \u00b7 Scene</title>" in page
    assert f"<h1>{WELCOME['heading']}</h1>" in page
    assert WELCOME["feature_trust_title"] in page
    assert '<a class="button primary" href="/join?next=/a/padel-tonight">' in page
    assert '<a class="button" href="/signin?next=/a/padel-tonight">' in page
    no_script(page)


async def test_welcome_in_urdu_reads_right_to_left(user: User):
    page = (await user.http_client.get("/welcome?lang=ur")).text

    assert page.startswith('<!doctype html><html lang="ur" dir="rtl">')
    assert URDU_WELCOME["heading"] in page
    assert URDU_WELCOME["have_invite"] in page
    assert WELCOME["heading"] not in page


async def test_welcome_never_sends_anyone_off_site(user: User):
    for elsewhere in ("//evil.example", "https://evil.example/a", "/\\evil.example"):
        page = (await user.http_client.get("/welcome", params={"next": elsewhere})).text
        assert 'href="/join"' in page
        assert 'href="/signin"' in page
        assert "evil" not in page


async def test_a_signed_in_browser_goes_straight_on(user: User, sign_in: SignIn):
    await sign_in()

    for path in ("/welcome?next=/explore", "/signin?next=/explore", "/join/ABCD2345?next=/explore"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/explore"


async def test_the_join_form_keeps_the_invite_and_escapes_what_the_address_carries(user: User):
    page = (await user.http_client.get('/join/"><b>x?next=/a/"><i>')).text

    assert f'<label for="invite_code">{SIGNIN["invite_label"]}</label>' in page
    assert 'value="&quot;&gt;&lt;B&gt;X"' in page
    assert "<b>" not in page
    assert "<i>" not in page
    assert 'action="/join?next=/a/%22%3E%3Ci%3E"' in page
    assert f'<label for="phone">{SIGNIN["phone_label"]}</label>' in page
    assert 'type="tel"' in page
    assert 'autocomplete="tel"' in page
    no_script(page)


async def test_the_sign_in_form_in_urdu(user: User):
    page = (await user.http_client.get("/signin?lang=ur")).text

    assert page.startswith('<!doctype html><html lang="ur" dir="rtl">')
    assert URDU_SIGNIN["heading_sign_in"] in page
    assert URDU_SIGNIN["send_code"] in page
    assert 'href="/join">' in page  # the way to join instead


async def test_a_code_asked_for_hands_over_to_the_code_step_and_comes_back(
    user: User, runtime: Runtime, worker
):
    await member(runtime, 2, "danish_m", "Danish Mirza")

    asked = await post_form(user, "/signin?next=/explore", phone="+92 300 0000003")

    assert asked.status_code == 303
    assert asked.headers["location"] == f"{CODE_PATH}?next=/explore"
    await user.open(asked.headers["location"])
    await user.should_see(english("signin").heading_code)
    await user.should_see("+92 3** ***0003")
    await user.should_see(marker="dev-use-code", retries=50)
    user.find(marker="dev-use-code").click()
    await user.should_see(marker="search", retries=30)
    assert user.back_history[-1] == "/explore"
    await user.open("/")
    await user.should_see(english("home").greeting.format(name="Danish"))


async def test_change_number_goes_back_to_the_form_with_the_invite(
    user: User, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
):
    inviter = await member(runtime, 1, "hamza_q", "Hamza Qureshi")
    code = await invite_of(runtime, inviter.id)
    asked = await post_form(user, f"/join/{code}?next=/a/x", phone="0321 5550123", invite_code=code)
    await user.open(asked.headers["location"])
    went: list[str] = []  # the simulation cannot open a plain page: record where the browser is sent
    monkeypatch.setattr(user.navigate, "to", lambda target, new_tab=False: went.append(target))

    user.find(marker="change-number").click()

    assert went == [f"/join/{code}?next=/a/x"]
    form = await user.http_client.get(went[0])
    assert f'value="{code}"' in form.text


async def test_the_code_step_without_a_code_asked_for_goes_to_the_form(user: User):
    response = await user.http_client.get(f"{CODE_PATH}?next=/explore", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/explore"


async def test_a_bad_number_comes_back_on_its_field(user: User):
    response = await post_form(user, "/signin", phone='12345"><b>')

    assert response.status_code == 422
    assert 'aria-invalid="true" aria-describedby="phone-error"' in response.text
    assert "Enter a valid mobile number" in response.text
    assert 'value="12345&quot;&gt;&lt;b&gt;"' in response.text
    no_script(response.text)


async def test_a_bad_invite_comes_back_on_its_field_in_urdu(user: User):
    response = await post_form(user, "/join/NOPE1234?lang=ur", phone="0321 5550123", invite_code="NOPE1234")

    assert response.status_code == 422
    assert '<html lang="ur" dir="rtl">' in response.text
    assert 'aria-describedby="invite_code-error"' in response.text
    assert ur.MESSAGES["errors_auth"]["invalid_invite"] in response.text


async def test_an_empty_field_is_named(user: User):
    response = await post_form(user, "/join", phone="", invite_code="")
    assert response.status_code == 422
    assert SIGNIN["invite_missing"] in response.text

    response = await post_form(user, "/signin", phone="  ")
    assert response.status_code == 422
    assert SIGNIN["phone_missing"] in response.text


async def test_asking_again_too_soon_from_another_browser_is_refused_with_when_to_retry(
    user: User, runtime: Runtime, worker
):
    await member(runtime, 2, "danish_m", "Danish Mirza")
    assert (await post_form(user, "/signin", phone="+923000000003")).status_code == 303
    user.http_client.cookies.clear()  # another browser: the code asked for is not its to enter

    again = await post_form(user, "/signin", phone="+923000000003")

    assert again.status_code == 429
    assert int(again.headers["retry-after"]) > 0
    assert f'<p class="alert" role="alert">{ERRORS["code_just_sent"]}</p>' in again.text
    assert 'value="+923000000003"' in again.text


async def test_asking_again_for_the_same_number_goes_back_to_the_code_already_sent(
    user: User, runtime: Runtime, worker
):
    await member(runtime, 2, "danish_m", "Danish Mirza")
    first = await post_form(user, "/signin?next=/explore", phone="+923000000003")

    again = await post_form(user, "/signin?next=/explore", phone="0300 0000003")  # after a reload

    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"] == f"{CODE_PATH}?next=/explore"
    async with provide_services(runtime) as services:
        assert await services.session.scalar(sa.select(sa.func.count()).select_from(m.OtpChallenge)) == 1


async def test_the_form_offers_the_code_step_while_the_code_lives(
    user: User, runtime: Runtime, worker, monkeypatch: pytest.MonkeyPatch
):
    await member(runtime, 2, "danish_m", "Danish Mirza")
    await post_form(user, "/signin?next=/explore", phone="+923000000003")

    form = (await user.http_client.get("/signin?next=/explore")).text

    assert SIGNIN["code_waiting"].format(phone="+92 3** ***0003") in form
    assert f'<a href="{CODE_PATH}?next=/explore">{SIGNIN["enter_code"]}</a>' in form
    assert SIGNIN["enter_code"] not in (await user.http_client.get("/join")).text  # that form is not his
    later = utcnow() + timedelta(seconds=runtime.settings.otp_ttl_seconds + 1)
    monkeypatch.setattr(public_signin, "utcnow", lambda: later)
    assert SIGNIN["enter_code"] not in (await user.http_client.get("/signin")).text
    expired = await user.http_client.get(f"{CODE_PATH}?next=/explore", follow_redirects=False)
    assert expired.headers["location"] == "/signin?next=/explore"


async def test_a_form_from_another_site_or_without_its_token_is_refused(user: User, runtime: Runtime):
    from_elsewhere = await post_form(
        user, "/signin", phone="+923000000003", headers={"Origin": "https://evil.example"}
    )
    assert from_elsewhere.status_code == 403
    assert SIGNIN["form_expired"] in from_elsewhere.text

    forged = await user.http_client.post(
        "/signin", data={"token": "0" * 64, "phone": "+923000000003"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert SIGNIN["form_expired"] in forged.text
    assert not await runtime.redis.keys("cooldown:otp:*"), "a refused form must not ask for a code"


async def test_no_answer_tells_a_member_from_a_stranger(user: User, runtime: Runtime):
    await member(runtime, 2, "danish_m", "Danish Mirza")

    known = await post_form(user, "/signin", phone="+923000000003")
    stranger = await post_form(user, "/signin", phone="+923000000099")

    assert known.status_code == stranger.status_code == 303
    assert known.headers["location"] == stranger.headers["location"]


async def invite_of(runtime: Runtime, inviter_id: UUID) -> str:
    async with provide_services(runtime) as services:
        inviter = await services.session.get_one(m.User, inviter_id)
        return (await services.invites.create(inviter, auth_s.InviteCreate())).code

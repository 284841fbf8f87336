from datetime import timedelta

import jwt
from nicegui import app
from nicegui.storage import request_contextvar

from scene_api.lib.timezone import utcnow
from scene_ui import session
from tests.helpers import english


async def test_signed_out_visitors_go_to_welcome_and_come_back(user):
    sent = await user.http_client.get("/explore", follow_redirects=False)

    assert sent.status_code == 303
    assert sent.headers["location"] == "/welcome?next=/explore"
    page = (await user.http_client.get(sent.headers["location"])).text  # plain HTML (scene_ui.public)
    assert 'href="/signin?next=/explore"' in page
    assert 'href="/join?next=/explore"' in page


async def test_the_public_home_stays_open_to_visitors(user, add_activity):
    await add_activity("Open padel game")

    await user.open("/")

    await user.should_see(english("home").heading)
    await user.should_see("Open padel game")
    await user.should_see(english("home").invite_title)


async def test_a_signed_in_member_stays_signed_in_across_reloads(user, sign_in):
    await sign_in()

    await user.open("/")
    await user.should_see(english("home").greeting.format(name="Sana"))
    await user.open("/")
    await user.should_see(english("home").greeting.format(name="Sana"))


async def test_an_expired_access_token_is_refreshed(user, sign_in, settings):
    me = await sign_in()
    token = request_contextvar.set(user.client.request)
    try:
        stored = dict(app.storage.user)
        claims = jwt.decode(
            stored[session.ACCESS_TOKEN],
            settings.jwt_secret,
            algorithms=["HS256"],
            audience=settings.jwt_audience,
        )
        expired = jwt.encode(
            {**claims, "iat": utcnow() - timedelta(hours=1), "exp": utcnow() - timedelta(minutes=1)},
            settings.jwt_secret,
            algorithm="HS256",
        )
        app.storage.user[session.ACCESS_TOKEN] = expired
    finally:
        request_contextvar.reset(token)

    await user.open("/")

    await user.should_see(english("home").greeting.format(name=me.name.split()[0]))
    token = request_contextvar.set(user.client.request)
    try:
        assert app.storage.user[session.ACCESS_TOKEN] != expired
        assert app.storage.user[session.REFRESH_TOKEN] != stored[session.REFRESH_TOKEN]
    finally:
        request_contextvar.reset(token)


async def test_a_member_without_a_name_is_sent_to_the_profile_form(user, sign_in):
    await sign_in(name="")

    await user.open("/")

    await user.should_see("Set up your profile")


async def test_logout_ends_the_session(user, sign_in, monkeypatch):
    await sign_in()
    await user.open("/me")
    went: list[str] = []  # the simulation cannot open the plain welcome page: record where the browser goes
    monkeypatch.setattr(user.navigate, "to", lambda target, new_tab=False: went.append(target))

    user.find(marker="logout").click()

    await user.should_see(english("profile").logged_out, retries=20)
    assert went == ["/welcome"]
    again = await user.http_client.get("/me", follow_redirects=False)
    assert again.headers["location"] == "/welcome?next=/me"


def test_next_paths_stay_on_this_site():
    assert session.safe_next("/a/padel") == "/a/padel"
    assert session.safe_next("//evil.example") == "/"
    assert session.safe_next("https://evil.example") == "/"
    assert session.safe_next(None) == "/"

"""Urdu: the catalogues stay in step, pages speak the member's language, right to left, and share
links preview in the sharer's language."""

import asyncio
import re
from string import Formatter

from nicegui import ui
from nicegui.testing import User

from scene_api import i18n as catalogues
from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_api.services import provide_services
from scene_ui import i18n
from scene_ui.stylesheet import URDU_FAMILY
from tests.ui.happenings import host_event
from tests.ui.people import host_activity, member

URDU = "ur"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_the_urdu_catalogue_has_every_english_string():
    missing = [
        f"{page}.{key}"
        for page, strings in en.MESSAGES.items()
        for key in strings
        if key not in ur.MESSAGES.get(page, {})
    ]
    assert not missing, f"ur.py lacks {missing}"
    extra = [
        f"{page}.{key}"
        for page, strings in ur.MESSAGES.items()
        for key in strings
        if key not in en.MESSAGES.get(page, {})
    ]
    assert not extra, f"ur.py has strings English does not: {extra}"
    for page, strings in ur.MESSAGES.items():
        for key, text in strings.items():
            assert fields(text) <= fields(en.MESSAGES[page][key]), f"{page}.{key} asks for unknown values"
            assert text.strip(), f"{page}.{key} is empty"


def test_a_missing_urdu_string_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(catalogues.CATALOGUES, URDU, {"welcome": {}})

    assert i18n.texts("welcome", URDU).heading == en.MESSAGES["welcome"]["heading"]
    assert i18n.texts("welcome").heading == en.MESSAGES["welcome"]["heading"]  # outside a page: English


async def test_visitors_read_english_unless_they_ask_for_urdu(user: User):
    async def welcome(query: str = "") -> str:
        return (await user.http_client.get(f"/welcome{query}")).text  # plain HTML (scene_ui.public)

    assert en.MESSAGES["welcome"]["heading"] in await welcome()
    assert ur.MESSAGES["welcome"]["heading"] in await welcome("?lang=ur")
    assert ur.MESSAGES["welcome"]["heading"] in await welcome()  # the choice stays with the browser
    await user.open("/")
    await user.should_see(ur.MESSAGES["home"]["heading"])  # the app's pages too
    assert en.MESSAGES["welcome"]["heading"] in await welcome("?lang=en")


async def test_an_urdu_member_gets_urdu_and_others_english(user, runtime, sign_in):
    await sign_in(locale=URDU)

    await user.open("/me")

    await user.should_see(ur.MESSAGES["profile"]["language"])
    await user.should_see(ur.MESSAGES["frame"]["home"])
    await user.should_see(ur.MESSAGES["profile"]["logout"])
    await user.should_not_see(en.MESSAGES["frame"]["home"])
    await user.open("/")
    await user.should_see(ur.MESSAGES["home"]["greeting"].format(name="Sana"))


async def test_an_english_member_reads_english_even_from_an_urdu_link(user, runtime, sign_in):
    await sign_in()

    await user.open("/me?lang=ur")

    await user.should_see(en.MESSAGES["profile"]["language"])
    await user.should_see(en.MESSAGES["frame"]["home"])


async def test_the_switch_on_the_profile_saves_the_language(user, runtime, sign_in):
    me = await sign_in()
    await user.open("/me")
    await user.should_see(marker="language-toggle")

    toggle = next(iter(user.find(marker="language-toggle").elements))
    assert isinstance(toggle, ui.toggle)
    with user.client:
        toggle.value = URDU
    for _ in range(50):
        async with provide_services(runtime) as services:
            saved = await services.session.get_one(m.User, me.id)
        if saved.locale == URDU:
            break
        await asyncio.sleep(0.1)
    assert saved.locale == URDU

    await user.open("/me")
    await user.should_see(ur.MESSAGES["profile"]["language"])


async def test_urdu_pages_are_right_to_left(user):
    urdu = (await user.http_client.get("/?lang=ur")).text
    english = (await user.http_client.get("/?lang=en")).text

    assert urdu.startswith('<!doctype html>\n<html lang="ur" dir="rtl">')  # from the server, no script
    assert english.startswith('<!doctype html>\n<html lang="en" dir="ltr">')
    assert meta(urdu, "name", "description") == ur.MESSAGES["pwa"]["app_description"]
    assert f"'{URDU_FAMILY}'" in urdu  # the font stack for Urdu text


def meta(html: str, attribute: str, name: str) -> str:
    head = html[: html.index("</head>")]
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head)
    assert found, f"no {name} in the first response"
    return found.group(1)


async def test_an_activity_link_from_an_urdu_sharer_previews_in_urdu(user, runtime, settings):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)

    html = (await user.http_client.get(f"/a/{game.slug}?lang=ur")).text

    description = meta(html, "property", "og:description")
    assert "1,500 روپے" in description
    assert "میزبان Danish" in description
    assert "جگہیں باقی" in description
    assert meta(html, "property", "og:url") == f"{settings.public_url}/a/{game.slug}?lang=ur"
    assert '<html lang="ur" dir="rtl">' in html
    english = (await user.http_client.get(f"/a/{game.slug}?lang=en")).text
    assert "Rs 1,500" in meta(english, "property", "og:description")
    assert ur.MESSAGES["share"]["cta_title"] in html
    assert ur.MESSAGES["visitor"]["invite"] in html


async def test_an_event_link_from_an_urdu_sharer_previews_in_urdu(user, runtime, settings):
    host = await member(runtime, 10, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host)

    html = (await user.http_client.get(f"/e/{event.slug}?lang=ur")).text

    description = meta(html, "property", "og:description")
    assert "میزبان Noor" in description
    assert meta(html, "property", "og:url") == f"{settings.public_url}/e/{event.slug}?lang=ur"
    assert ur.MESSAGES["event_share"]["cta_title"] in html


async def test_an_urdu_member_shares_links_that_carry_the_language(user, runtime, sign_in):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    await sign_in(locale=URDU)

    await user.open(f"/activities/{game.id}")

    await user.should_see(marker="share-whatsapp")
    whatsapp = next(iter(user.find(marker="share-whatsapp").elements)).props["href"]
    assert f"a%2F{game.slug}%3Flang%3Dur" in whatsapp

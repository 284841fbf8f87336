"""What Lighthouse asked of the app's pages (issue 19): the largest picture not held back, pictures with
their size known before they load, a description on every page."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from scene_api.i18n import en
from scene_ui.components.avatar import avatar
from scene_ui.components.venue_card import cover
from scene_ui.document import with_language


def pictures(user) -> dict[str, dict[str, Any]]:
    return {
        element.props["src"]: element.props
        for element in user.find(kind=ui.element).elements
        if element.tag == "img"
    }


async def test_the_first_cover_is_fetched_at_once_the_rest_when_scrolled_to(user):
    @ui.page("/pictures")
    def page() -> None:
        cover("/media/first.jpg", first_on_screen=True)
        cover("/media/second.jpg")
        avatar("Sana Khan", "/media/sana.jpg", size=40)

    await user.open("/pictures")

    found = pictures(user)
    assert found["/media/first.jpg"].get("fetchpriority") == "high"
    assert "loading" not in found["/media/first.jpg"]
    assert found["/media/second.jpg"]["loading"] == "lazy"
    assert found["/media/sana.jpg"]["width"] == found["/media/sana.jpg"]["height"] == 40


async def test_pages_carry_a_description_and_their_language_from_the_server(user):
    home = (await user.http_client.get("/")).text

    assert home.startswith('<!doctype html>\n<html lang="en" dir="ltr">')
    assert f'<meta name="description" content="{en.MESSAGES["pwa"]["app_description"]}">' in home


def test_only_a_marked_page_changes_and_only_its_html_element():
    marked = b'<!doctype html>\n<html dir="ltr"><head><meta name="scene-document" content="ur rtl"></head>'
    assert with_language(marked).startswith(b'<!doctype html>\n<html lang="ur" dir="rtl"><head>')
    unmarked = b'<!doctype html>\n<html dir="ltr"><head></head><body><p>html</p></body>'
    assert with_language(unmarked) == unmarked

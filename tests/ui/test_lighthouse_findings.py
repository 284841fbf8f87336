"""What Lighthouse asks of the pages bench/lighthouse.py measures (issue 19, item 6), checked in their
HTML and elements: one meta description on every page in the reader's language, the venue page's cover
(its largest paint) fetched at once with high priority, and every picture's size known before it loads."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import msgspec
import pytest
from nicegui import ui

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_ui.components.avatar import avatar
from scene_ui.components.event_card import event_card
from scene_ui.components.venue_card import COVER_SIZE
from tests.ui.desk import open_venue, person
from tests.ui.happenings import host_event
from tests.ui.people import host_activity, member

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def descriptions(html: str) -> list[str]:
    """The meta descriptions in the document's head."""
    return [unescape(found) for found in DESCRIPTION.findall(html[: html.index("</head>")])]


def pictures(user) -> dict[str, dict[str, Any]]:
    """Every <img> on the simulated page, its props by its src."""
    return {
        element.props["src"]: element.props
        for element in user.find(kind=ui.element).elements
        if element.tag == "img"
    }


@pytest.mark.parametrize(("language", "catalogue"), [("en", en.MESSAGES), ("ur", ur.MESSAGES)])
async def test_every_page_lighthouse_measures_has_one_description_in_the_readers_language(
    user, runtime, sign_in, language, catalogue
):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host)
    event = await host_event(runtime, host)
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    public = ["/welcome", "/signin", f"/a/{game.slug}", f"/e/{event.slug}", f"/v/{venue.slug}"]

    for path in public:
        html = (await user.http_client.get(f"{path}?lang={language}")).text
        found = descriptions(html)
        assert len(found) == 1, f"{path}: {found}"
        assert found[0].strip(), path
        assert f'<html lang="{language}"' in html
    welcome = (await user.http_client.get(f"/welcome?lang={language}")).text
    assert descriptions(welcome) == [catalogue["welcome"]["pitch"]]

    await sign_in(locale=language)  # a member reads the profile's language, whatever the link says
    for path in ("/", "/explore", f"/venues/{venue.slug}"):
        html = (await user.http_client.get(path)).text
        assert descriptions(html) == [catalogue["pwa"]["app_description"]], path


async def test_the_venue_page_fetches_its_cover_at_once_with_its_size(user, runtime, sign_in):
    owner = await person(runtime, 20, "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    async with runtime.session_factory() as session:
        for position in range(2):
            key = f"venues/{venue.id}/{position}.jpg"
            session.add(m.VenuePhoto(venue_id=venue.id, key=key, position=position))
        await session.commit()
    await sign_in()

    await user.open(f"/venues/{venue.slug}")

    found = pictures(user)
    first, second = (found[src] for src in sorted(found) if src.endswith(("0.jpg", "1.jpg")))
    assert first["fetchpriority"] == "high"  # the largest paint: not held back until scrolled to
    assert "loading" not in first
    assert second["loading"] == "lazy"
    assert "fetchpriority" not in second
    for picture in (first, second):
        assert (picture["width"], picture["height"]) == COVER_SIZE
    html = (await user.http_client.get(f"/venues/{venue.slug}")).text
    head = html[: html.index("</head>")]
    preloads = re.findall(r'<link rel="preload" as="image" href="([^"]+)" fetchpriority="high">', head)
    assert preloads == [next(src for src in found if src.endswith("0.jpg"))]  # before any script runs


async def test_avatars_and_event_covers_carry_their_size(user, runtime):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    event = msgspec.structs.replace(await host_event(runtime, host), cover_url="/media/events/night.jpg")

    @ui.page("/sized")
    def page() -> None:
        avatar("Sana Khan", "/media/sana.jpg", size=48)
        event_card(event)

    await user.open("/sized")

    found = pictures(user)
    assert (found["/media/sana.jpg"]["width"], found["/media/sana.jpg"]["height"]) == (48, 48)
    cover = found["/media/events/night.jpg"]
    assert (cover["width"], cover["height"]) == COVER_SIZE
    assert cover["loading"] == "lazy"  # a card's cover may be far down a list

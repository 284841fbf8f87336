"""The Urdu web font in a phone's browser: an English page, app or public, never downloads it; an Urdu page
draws its letters with it. `SCENE_SCREENSHOTS_DIR=docs/screenshots` saves the Urdu pages (urdu-font-*.png).

    uv run pytest tests/e2e/test_urdu_font.py -q
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import Page
from tests.e2e.conftest import NewPhone, goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.people import host_activity

from scene_ui import stylesheet

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
LOADED_FACES = f"""() => [...document.fonts]
  .filter((face) => face.family.replaceAll('"', '') === '{stylesheet.URDU_FAMILY}')
  .filter((face) => face.status === 'loaded').map((face) => face.weight)"""
URDU_FILES = {path.name for path in stylesheet.URDU_FACES.values()}


def fonts_fetched(page: Page) -> list[str]:
    """The names of the Urdu font files this page asks the network or its cache for, as they are asked."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.extend(name for name in URDU_FILES if name in request.url))
    return fetched


async def urdu_faces_in_use(page: Page, shot: str, language: str) -> list[str]:
    """The weights of the Urdu faces this page has loaded; saves the Urdu page as `shot`."""
    if SHOTS_DIR and language == "ur":
        await page.screenshot(path=Path(SHOTS_DIR) / f"{shot}.png")
    faces: list[str] = await page.evaluate(LOADED_FACES)
    return faces


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_only_urdu_pages_fetch_the_urdu_font(runtime, worker, ui_url, new_phone: NewPhone, language):
    host = await create_member(runtime, PHONES[0], handle="sana_r", name="Sana Rauf", locale=language)
    game = await host_activity(runtime, host, title="Padel doubles at DHA")
    visitor = await new_phone()
    visitor_fetched = fonts_fetched(visitor)
    await goto(visitor, f"{ui_url}/a/{game.slug}?lang={language}")  # the public share page
    public_faces = await urdu_faces_in_use(visitor, "urdu-font-public", language)
    member = await new_phone()
    member_fetched = fonts_fetched(member)
    await sign_in(member, ui_url, PHONES[0])  # the sign-in page speaks English; home speaks the member's
    app_faces = await urdu_faces_in_use(member, "urdu-font-app", language)

    if language == "en":
        assert visitor_fetched == member_fetched == []
        assert public_faces == app_faces == []
    else:
        assert stylesheet.URDU_FACES[400].name in visitor_fetched
        assert stylesheet.URDU_FACES[400].name in member_fetched
        assert stylesheet.URDU_WEIGHTS[400] in public_faces  # a face's weights: "100 500"
        assert stylesheet.URDU_WEIGHTS[400] in app_faces
        assert await member.evaluate("() => document.documentElement.lang") == "ur"

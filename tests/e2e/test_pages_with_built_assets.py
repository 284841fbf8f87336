"""The app's main pages in a real browser with NiceGUI's files built ahead of time (scene_ui.assets:
Quasar cut to the pages): every page renders, in English and in Urdu right to left, with no component Vue
could not resolve (an unresolved `q-*` tag stays in the DOM as an unknown element, even in Vue's production
build) and no script error.

    SCENE_SCREENSHOTS_DIR=/tmp/shots uv run pytest tests/e2e/test_pages_with_built_assets.py

also saves each page (`built-<language>-<n>.png`) to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, expect
from tests.e2e.conftest import goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.desk import open_venue
from tests.ui.people import host_activity

from scene_api.db import models as m
from scene_ui import assets

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
OFFLINE = "net::ERR_NAME_NOT_RESOLVED"
"""The venue map's tiles come from the internet, which this machine does not reach."""
UNRESOLVED = """() => [...new Set([...document.querySelectorAll('*')].map((e) => e.localName))]
  .filter((name) => name.startsWith('q-'))"""


def failed(message: ConsoleMessage) -> bool:
    return message.type == "error" and OFFLINE not in message.text


async def check(page: Page, url: str, direction: str, errors: list[str]) -> None:
    await goto(page, url)
    await expect(page.get_by_role("main")).to_be_visible()
    assert len(await page.get_by_role("main").inner_text()) > 20, url
    assert await page.evaluate(UNRESOLVED) == [], url
    assert await page.evaluate("() => document.documentElement.dir") == direction, url
    assert await page.evaluate("() => window.Quasar.version") == assets.built_from()["quasar"]
    assert await page.locator(".q-layout").count() == 1, url  # Quasar rendered NiceGUI's layout
    assert errors == [], url


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ur", "rtl")])
async def test_the_main_pages_render_with_the_cut_quasar(
    runtime, worker, ui_url, new_phone, language, direction
):
    admin = await create_member(
        runtime,
        PHONES[0],
        handle="hamza_q",
        name="Hamza Qureshi",
        role=m.UserRole.ADMIN,
        city=m.City.LAHORE,
        locale=language,
    )
    venue = await open_venue(runtime, admin)
    game = await host_activity(runtime, admin, title="Padel doubles at DHA")
    page = await new_phone()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if failed(message) else None)

    await sign_in(page, ui_url, PHONES[0])
    paths = ("/", "/explore", f"/venues/{venue.slug}", f"/activities/{game.slug}", "/create", "/admin")
    for number, path in enumerate(paths):
        await check(page, f"{ui_url}{path}", direction, errors)
        if SHOTS_DIR:
            await page.screenshot(path=Path(SHOTS_DIR) / f"built-{language}-{number}.png")

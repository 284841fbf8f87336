"""The first paint (scene_ui.first_paint) in a real browser: while NiceGUI's scripts are still on their
way, the page already shows its header and heading; once NiceGUI mounts, the first paint is gone and the
page has one heading.

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_first_paint.py   # first-paint*.png
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from playwright.async_api import Route, expect
from tests.e2e.conftest import PHONE_SIZE, sign_in
from tests.helpers import PHONES
from tests.ui.people import member

from scene_api.i18n import en, ur
from scene_ui import assets
from scene_ui.first_paint import SHELL_ID

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_the_heading_shows_before_the_scripts_and_once_after(
    runtime, worker, ui_url, browser, language
):
    await member(runtime, 3, "ayesha_runs", "Ayesha Khan", locale=language)
    # a first visit: no service worker yet to hand the scripts over at once (nor past the route below)
    context = await browser.new_context(
        viewport=PHONE_SIZE, device_scale_factor=2, is_mobile=True, has_touch=True, service_workers="block"
    )
    page = await context.new_page()
    await sign_in(page, ui_url, PHONES[3])
    greeting = (en if language == "en" else ur).MESSAGES["home"]["greeting"].format(name="Ayesha")
    scripts_may_go = asyncio.Event()

    async def held(route: Route) -> None:  # NiceGUI's scripts, as on a slow network: later
        await scripts_may_go.wait()
        await route.continue_()

    await page.route(f"**{assets.url(assets.SCRIPT).split('?')[0]}*", held)
    navigation = asyncio.ensure_future(page.goto(ui_url + "/", wait_until="commit"))

    first = page.locator(f"#{SHELL_ID} h1")
    await expect(first).to_have_text(greeting)
    await expect(first).to_be_in_viewport()
    assert await page.locator("#app").inner_html() == ""  # nothing of NiceGUI's yet
    if SHOTS_DIR:
        await page.screenshot(
            path=str(Path(SHOTS_DIR) / f"first-paint{'' if language == 'en' else '-ur'}.png")
        )
    box_before = await first.bounding_box()

    scripts_may_go.set()
    await navigation
    await expect(page.locator(f"#{SHELL_ID}")).to_have_count(0)
    mounted = page.get_by_role("heading", level=1)
    await expect(mounted).to_have_text(greeting)
    box_after = await mounted.bounding_box()
    assert box_before is not None
    assert box_after is not None
    assert abs(box_before["y"] - box_after["y"]) <= 4, "the heading stays where it was painted first"
    await context.close()

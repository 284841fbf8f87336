"""Signing in from a share link in a real browser: `/a/{slug}` -> `Log in to join` -> the plain number
form -> the app's code step -> back on the activity; the first step without JavaScript, in Urdu; and how
fast `/welcome` and `/signin` show on fast 3G with a 4x slower CPU.

    uv run pytest tests/e2e/test_signin_journey.py -q -s           # prints the measurements
    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_signin_journey.py   # welcome*.png, …
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect
from tests.e2e.conftest import PHONE_SIZE, NewPhone
from tests.e2e.test_public_pages import COLD_BYTES, SHOTS_DIR, shoot, throttled, visit
from tests.helpers import PHONES
from tests.ui.people import host_activity, member

from scene_api.i18n import en, ur
from scene_api.runtime import Runtime

pytestmark = pytest.mark.e2e

MEMBER_PHONE = PHONES[3]


async def test_from_a_share_link_through_sign_in_back_to_the_activity(
    runtime: Runtime, worker, ui_url: str, new_phone: NewPhone
):
    host = await member(runtime, 10, "danish_m", "Danish Mirza")
    game = await host_activity(runtime, host, title="Padel doubles, need 2 more")
    await member(runtime, 3, "ayesha_runs", "Ayesha Khan")
    page = await new_phone()

    await page.goto(f"{ui_url}/a/{game.slug}")
    await page.get_by_role("link", name=en.MESSAGES["share"]["cta_sign_in"]).click()
    await page.wait_for_url(f"{ui_url}/signin?next=/a/{game.slug}")
    await page.get_by_label("Mobile number").fill(MEMBER_PHONE)
    await page.get_by_role("button", name="Send code").click()
    await page.wait_for_url(f"{ui_url}/signin/code?next=/a/{game.slug}")
    await page.get_by_role("button", name=re.compile("Use this code")).click(timeout=20_000)

    await page.wait_for_url(f"{ui_url}/activities/{game.slug}", timeout=15_000)
    await expect(page.get_by_text(game.title).first).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("Request to join"))).to_be_visible()
    await page.goto(f"{ui_url}/a/{game.slug}")  # the link again: this browser now goes on to the app
    await page.wait_for_url(f"{ui_url}/activities/{game.slug}")


async def test_the_first_step_works_without_javascript_in_urdu(
    runtime: Runtime, ui_url: str, browser: Browser
):
    context = await browser.new_context(viewport=PHONE_SIZE, java_script_enabled=False, is_mobile=True)
    page = await context.new_page()
    words = ur.MESSAGES["signin"]

    await page.goto(f"{ui_url}/welcome?next=/a/padel-tonight&lang=ur")
    await page.get_by_role("link", name=ur.MESSAGES["welcome"]["member"]).click()
    await page.wait_for_url(f"{ui_url}/signin?next=/a/padel-tonight")
    await page.get_by_label(words["phone_label"]).fill("12345")
    async with page.expect_navigation() as sent:
        await page.get_by_role("button", name=words["send_code"]).click()
    answer = await sent.value
    assert answer is not None
    assert answer.status == 422
    await expect(page.get_by_text(ur.MESSAGES["errors_lib"]["mobile_number"])).to_be_visible()
    assert await page.get_attribute("html", "dir") == "rtl"

    await page.get_by_label(words["phone_label"]).fill("0321 5550123")
    await page.get_by_role("button", name=words["send_code"]).click()

    await page.wait_for_url(f"{ui_url}/signin/code?next=/a/padel-tonight")
    await context.close()


async def test_welcome_and_sign_in_show_quickly_on_fast_3g(ui_url: str, new_phone: NewPhone):
    for path, name in (("/welcome", "welcome"), ("/join/LRE64GL7", "join"), ("/signin", "signin")):
        for language in ("en", "ur"):
            page = await new_phone()
            cdp = await throttled(page)
            cold = await visit(page, cdp, f"{ui_url}{path}?lang={language}")
            warm = await visit(page, cdp, f"{ui_url}{path}")
            print(
                f"\n{path} ({language}): cold {cold.paint_ms:.0f} ms, {cold.bytes / 1000:.1f} KB in "
                f"{cold.requests} requests; warm {warm.paint_ms:.0f} ms, {warm.bytes / 1000:.1f} KB in "
                f"{warm.requests} requests"
            )
            assert cold.bytes <= COLD_BYTES  # how the stylesheet travels: the layout's (test_public_pages.py)
            if SHOTS_DIR:
                await shoot(page, name if language == "en" else f"{name}-ur")

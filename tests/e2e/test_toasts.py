"""Toasts in a real phone-sized browser, in English and in Urdu: a success and a refusal each show on the
raised dark surface (not see-through), just under the header and clear of the bottom navigation, in the
member's language, and a toast of a kind said again replaces the one shown instead of piling up.

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_toasts.py

also saves toast-done(-ur).png and toast-failed(-ur).png."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect
from tests.e2e.conftest import goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.people import host_activity

from scene_api.db import models as m
from scene_api.services import provide_services
from scene_ui import theme
from scene_ui.i18n import texts

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
SLIDE_MS = 500
"""A toast slides in from above in 0.3 s (scene_ui.feedback): where it lands is measured after."""
JOIN = "button:has(i:text-is('waving_hand'))"
"""The join button, whatever its words in the member's language: the one with the waving hand."""
SCRIPTS = {"en": "[A-Za-z]", "ur": "[\u0600-\u06ff]"}
"""A letter of the language's script: a refusal is said in the member's language."""


def rgb(colour: str) -> str:
    """`#1F1F29` as the browser reports a computed colour: `rgb(31, 31, 41)`."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


async def shown_toast(page: Page, kind: str, words: str) -> Locator:
    """The one toast of `kind` on screen, saying `words`: opaque, under the header, above the footer."""
    toast = page.locator(f".scene-toast--{kind}")
    await expect(toast).to_have_count(1)
    await expect(toast).to_contain_text(words)
    await expect(toast).to_have_css("background-color", rgb(theme.RAISED))
    await page.wait_for_timeout(SLIDE_MS)
    header = await page.locator(".q-header").bounding_box()
    footer = await page.locator(".q-footer").bounding_box()
    box = await toast.bounding_box()
    assert header
    assert footer
    assert box
    assert box["y"] >= header["y"] + header["height"], (box, header)
    assert box["y"] + box["height"] <= footer["y"], (box, footer)
    return toast


async def shoot(page: Page, name: str) -> None:
    if SHOTS_DIR:
        await asyncio.to_thread(Path(SHOTS_DIR).mkdir, parents=True, exist_ok=True)
        await page.screenshot(path=Path(SHOTS_DIR) / f"{name}.png")


@pytest.mark.parametrize(("language", "suffix"), [("en", ""), ("ur", "-ur")])
async def test_a_success_and_a_refusal_each_show_once_on_the_dark_surface(
    runtime, worker, ui_url, new_phone, language, suffix
):
    host = await create_member(runtime, PHONES[1], handle="danish_m", name="Danish Mirza", city=m.City.LAHORE)
    await create_member(runtime, PHONES[0], handle="sana_k", name="Sana Khan", locale=language)
    game = await host_activity(runtime, host, title="Padel doubles at DHA")
    gone = await host_activity(runtime, host, title="Futsal five-a-side")
    words = texts("activity", language)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[0], next_path=f"/activities/{game.slug}")

    await page.locator(JOIN).click()
    await shown_toast(page, "done", words.requested)
    await shoot(page, f"toast-done{suffix}")
    await page.get_by_role("button", name=words.withdraw).click()
    await shown_toast(page, "done", words.withdrawn)  # in place of the first, not under it

    await goto(page, f"{ui_url}/activities/{gone.slug}")
    async with provide_services(runtime) as services:  # cancelled behind the page's back: no live update
        (await services.session.get_one(m.Activity, gone.id)).status = m.ActivityStatus.CANCELLED
    await page.locator(JOIN).click()
    refusal = await shown_toast(page, "failed", "")
    said = await refusal.locator(".q-notification__message").inner_text()
    assert re.search(SCRIPTS[language], said), said
    await shoot(page, f"toast-failed{suffix}")

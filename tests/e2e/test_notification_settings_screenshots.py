"""The notification settings page in a real phone-sized browser, in English and in Urdu (not a check of the
rules, which tests/ui/test_notification_settings.py covers: a picture of the page, and that it fits).

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_notification_settings_screenshots.py

Skipped unless SCENE_SCREENSHOTS_DIR names where to save notification-settings.png and -ur.png (the whole
page, top to bottom, on a phone as tall as the page). Fails if the page is wider than the screen."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from tests.e2e.conftest import PHONE_SIZE, sign_in
from tests.helpers import PHONES, create_member

from scene_api.db import models as m

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.environ.get("SCENE_SCREENSHOTS_DIR"),
        reason="set SCENE_SCREENSHOTS_DIR to take the screenshots",
    ),
]

PATH = "/settings/notifications"
SHOTS = {"notification-settings": "en", "notification-settings-ur": "ur"}


async def test_the_notification_settings_in_english_and_urdu(runtime, worker, ui_url, new_phone):
    out = Path(os.environ["SCENE_SCREENSHOTS_DIR"])
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    for index, (name, language) in enumerate(SHOTS.items()):
        phone = PHONES[20 + index]
        await create_member(
            runtime,
            phone,
            handle=f"sana_{language}",
            name="Sana Khan",
            city=m.City.LAHORE,
            locale=language,
            quiet_hours=True,
        )
        page = await new_phone()
        await sign_in(page, ui_url, phone, next_path=PATH)
        # A phone as tall as the page, so the bottom navigation sits at the bottom of the picture.
        height = await page.evaluate("() => document.documentElement.scrollHeight")
        await page.set_viewport_size({"width": PHONE_SIZE["width"], "height": height})
        await page.wait_for_timeout(400)

        await page.screenshot(path=str(out / f"{name}.png"))

        assert await page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_SIZE["width"], name

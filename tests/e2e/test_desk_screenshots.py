"""Screenshots of the venue desk and the ops page at phone size, from a lived-in demo (not a check).

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_desk_screenshots.py
    SCENE_SCREENSHOTS_DIR=/tmp/shots SCENE_SCREENSHOTS_WIDTH=360 uv run pytest tests/e2e -k desk_and_ops

Skipped unless SCENE_SCREENSHOTS_DIR names where to save them. Fails if a page is wider than the screen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import Page
from tests.e2e.conftest import goto, settle, sign_in
from tests.e2e.desk_demo import ADMIN_PHONE, OWNER_PHONE, arrange_desk

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
WIDTH = int(os.environ.get("SCENE_SCREENSHOTS_WIDTH", "390"))
FULL_PAGE = bool(os.environ.get("SCENE_SCREENSHOTS_FULL_PAGE"))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SHOTS_DIR, reason="set SCENE_SCREENSHOTS_DIR to take the screenshots"),
]


class Shots:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.overflowing: list[str] = []

    async def take(self, page: Page, name: str) -> None:
        await page.wait_for_timeout(400)
        await page.screenshot(path=str(self.out / f"{name}.png"), full_page=FULL_PAGE)
        if await page.evaluate(f"() => document.documentElement.scrollWidth > {WIDTH}"):
            self.overflowing.append(name)


@pytest.fixture
def out() -> Path:
    folder = Path(SHOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def test_desk_and_ops_screenshots(runtime, worker, ui_url, new_phone, out):
    demo = await arrange_desk(runtime)
    failing = await runtime.queue.enqueue("send_sms", key="sms:broken", phone_ciphertext="bad", body="hi")
    await failing.refresh(until_complete=10)
    beat = await runtime.queue.enqueue("heartbeat")
    await beat.refresh(until_complete=10)
    shots = Shots(out)

    owner = await new_phone(width=WIDTH)
    await sign_in(owner, ui_url, OWNER_PHONE, next_path="/owner")
    await shots.take(owner, "owner")
    await goto(owner, f"{ui_url}/owner/venues/{demo.venue_id}/calendar")
    await owner.wait_for_timeout(900)
    await shots.take(owner, "owner-calendar")
    booking = owner.locator("[role=button][aria-label*='Pay at venue']")
    await booking.first.click()
    await shots.take(owner, "owner-booking")
    await owner.keyboard.press("Escape")
    await owner.wait_for_timeout(300)
    await owner.get_by_role("button", name="Block Court 3 3 pm", exact=True).click()
    await shots.take(owner, "owner-block")
    await owner.keyboard.press("Escape")
    await owner.get_by_role("button", name="Check in").first.click()
    await shots.take(owner, "owner-checkin")
    await goto(owner, f"{ui_url}/owner/venues/{demo.venue_id}")
    await shots.take(owner, "owner-venue")

    admin = await new_phone(width=WIDTH)
    await sign_in(admin, ui_url, ADMIN_PHONE, next_path="/admin")
    await shots.take(admin, "admin-members")
    await admin.get_by_role("button", name="@hamid_s").click()
    await settle(admin)
    await shots.take(admin, "admin-member")
    for tab in ("reports", "growth", "money", "jobs", "audit"):
        await goto(admin, f"{ui_url}/admin?tab={tab}")
        await shots.take(admin, f"admin-{tab}")

    assert not shots.overflowing, f"wider than {WIDTH}px: {shots.overflowing}"

"""The venue's time-first slot picker in chromium at 390x844, in English and Urdu: the price picked
shows whole and the hold bar covers no court; back from the hold, the page names it and its clock runs
on offline. With SCENE_SCREENSHOTS_DIR set, saves venue-picker(-ur)(-times).png and venue-live-hold.png
there."""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Page, expect
from tests.e2e.conftest import sign_in
from tests.helpers import PHONES, create_member
from tests.ui.desk import open_venue

from scene_api.db import models as m
from scene_api.i18n import clock, lookup, short_date
from scene_api.lib.timezone import KARACHI, to_local, utcnow

pytestmark = pytest.mark.e2e

WHOLE = """(el) => { const r = el.getBoundingClientRect(); return el.scrollWidth <= el.clientWidth
  && r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; }"""
"""Nothing of the element cut: not truncated, not off the screen."""


async def pick_and_check(page: Page, language: str, court: str, shot: str) -> None:
    tomorrow = to_local(utcnow() + timedelta(days=1)).date()
    at_eight = clock(datetime.combine(tomorrow, time(20), KARACHI), language)
    price = lookup("formats", "rupees", language).format(amount="11,500")
    await page.get_by_role("button", name=short_date(tomorrow, language), exact=True).click()
    await page.wait_for_timeout(800)  # the day's slots come in
    assert page.url.endswith(f"?day={tomorrow.isoformat()}"), "Back returns to the day left"
    if folder := os.environ.get("SCENE_SCREENSHOTS_DIR"):
        days = page.get_by_role("radiogroup")
        await days.evaluate("(el) => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120)")
        await page.wait_for_timeout(300)
        await page.screenshot(path=str(Path(folder) / f"{shot}-times.png"))
    await page.get_by_role("button", name=at_eight, exact=True).click()
    await page.get_by_role("button", name=f"{court} {at_eight} {price}", exact=True).click()
    await page.wait_for_timeout(1000)  # the smooth scroll that lifts the courts above the bar

    bar = page.locator(".q-page-sticky .rounded-card").first
    assert await bar.get_by_text(price, exact=True).evaluate(WHOLE), "the price picked shows whole"
    bar_top = (await bar.bounding_box() or {"y": 0})["y"]
    courts = page.get_by_role("button", name=f" {at_eight} {price}")
    assert await courts.count() >= 3
    for index in range(await courts.count()):
        box = await courts.nth(index).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= bar_top, f"court {index + 1} is under the hold bar"
    if folder := os.environ.get("SCENE_SCREENSHOTS_DIR"):
        await page.screenshot(path=str(Path(folder) / f"{shot}.png"))


async def test_the_price_picked_shows_whole_and_the_bar_covers_no_court(runtime, worker, ui_url, new_phone):
    owner = await create_member(
        runtime, PHONES[1], handle="bilal_courts", name="Bilal Ahmed", role=m.UserRole.VENUE_OWNER
    )
    venue = await open_venue(runtime, owner, courts=("Court 1", "Court 2", "Court 3", "Court 4"))
    await create_member(runtime, PHONES[3], handle="sana_k", name="Sana Khan")
    await create_member(runtime, PHONES[4], handle="usman_k", name="Usman Khan", locale="ur")

    english = await new_phone()
    await sign_in(english, ui_url, PHONES[3], next_path=f"/venues/{venue.slug}")
    await pick_and_check(english, "en", "Court 2", "venue-picker")

    await english.get_by_role("button", name="Hold this slot").click()
    await english.wait_for_url(re.compile(r"/bookings/"))
    await english.go_back()
    banner = english.get_by_role("link", name=re.compile("You're holding Court 2 at 8:00 pm"))
    await expect(banner).to_be_visible()
    clock = banner.get_by_role("timer")
    await expect(clock).to_have_text(re.compile(r"^(10:00|9:\d\d)$"))
    await english.context.set_offline(True)
    before = await clock.text_content()
    await english.wait_for_timeout(2500)
    assert await clock.text_content() != before, "the clock runs on in the browser while offline"
    await english.context.set_offline(False)
    await expect(english.get_by_text("Connection lost.")).to_be_hidden(timeout=15_000)
    assert await banner.evaluate(WHOLE), "the hold shows on the screen wherever the page is scrolled"
    if folder := os.environ.get("SCENE_SCREENSHOTS_DIR"):
        await english.screenshot(path=str(Path(folder) / "venue-live-hold.png"))

    directions = await english.get_by_role("link", name="Directions").bounding_box()
    assert directions is not None
    assert directions["height"] >= 44, "a thumb-sized target"

    urdu = await new_phone()
    await sign_in(urdu, ui_url, PHONES[4], next_path=f"/venues/{venue.slug}")
    await pick_and_check(urdu, "ur", "Court 3", "venue-picker-ur")  # Court 2 is held now

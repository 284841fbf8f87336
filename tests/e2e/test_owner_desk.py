"""The venue owner's calendar in a real browser: block a slot, watch a member's booking arrive without
reloading (pushed by the database's news through the UI process), then check that member in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.async_api import expect
from tests.e2e.conftest import goto, sign_in
from tests.helpers import PHONES, create_member, english
from tests.ui.desk import book, booking_status, code_of, open_venue
from tests.venues import next_half_hour

from scene_api.db import models as m
from scene_api.lib.qr import booking_token
from scene_api.lib.timezone import to_local

pytestmark = pytest.mark.e2e

OWNER_PHONE = PHONES[1]


async def test_owner_blocks_a_slot_sees_a_booking_arrive_and_checks_it_in(runtime, worker, ui_url, new_phone):
    owner = await create_member(
        runtime, OWNER_PHONE, handle="bilal_courts", name="Bilal Ahmed", role=m.UserRole.VENUE_OWNER
    )
    ayesha = await create_member(runtime, PHONES[2], handle="ayesha_runs", name="Ayesha Khan")
    court9 = await open_venue(runtime, owner)
    slot = next_half_hour(timedelta(minutes=5))
    day = to_local(slot).date()
    page = await new_phone()

    await sign_in(page, ui_url, OWNER_PHONE, next_path="/owner")
    await goto(page, f"{ui_url}/owner/venues/{court9.id}/calendar?day={day.isoformat()}")
    await expect(page.get_by_text(english("owner_calendar").live, exact=True)).to_be_visible(timeout=15_000)

    # Block the day's last half hour on Court 2.
    await page.get_by_role("button", name="Block Court 2 11:30 pm", exact=True).click()
    await page.get_by_role("textbox", name="Reason (optional)").fill("Relaying turf")
    await page.get_by_role("button", name="Block", exact=True).click()
    blocked = page.get_by_role("button", name=re.compile(r"^Blocked, Relaying turf, 11:30 pm"))
    await expect(blocked).to_be_visible()
    async with runtime.session_factory() as session:
        blackout = (await session.scalars(sa.select(m.Blackout))).one()
    assert (blackout.court_id, blackout.reason) == (court9.courts[1].id, "Relaying turf")

    # A member books while the calendar is open: it appears without a reload.
    await page.evaluate("() => { window.sceneNotReloaded = true; }")
    booking = await book(runtime, ayesha, court9.courts[0].id, slot)
    entry = page.get_by_role("button", name=re.compile(r"^Ayesha, .*, Ayesha Khan, Pay at venue$"))
    await expect(entry).to_be_visible(timeout=15_000)
    assert await page.evaluate("() => window.sceneNotReloaded === true"), "the page was reloaded"

    # The member reads out their code at the desk.
    await page.get_by_role("button", name="Check in", exact=True).first.click()
    await page.get_by_role("textbox", name="Booking code").fill(await code_of(runtime, booking.id))
    await page.get_by_role("dialog").get_by_role("button", name="Check in").click()
    await expect(page.get_by_text(re.compile(r"Ayesha Khan is checked in"))).to_be_visible()
    checked_in = page.get_by_role("button", name=re.compile(r"^Ayesha, .*, Ayesha Khan, Checked in$"))
    await expect(checked_in).to_be_visible()
    assert await booking_status(runtime, booking.id) is m.BookingStatus.CHECKED_IN


async def test_a_scanned_qr_code_checks_the_member_in(runtime, settings, worker, ui_url, new_phone):
    """The camera's part (getUserMedia, BarcodeDetector) needs a phone; what it hands over is the
    QR's text in a `scanned` event on the viewfinder, which this fires the way the scanner does."""
    owner = await create_member(
        runtime, OWNER_PHONE, handle="bilal_courts", name="Bilal Ahmed", role=m.UserRole.VENUE_OWNER
    )
    ayesha = await create_member(runtime, PHONES[2], handle="ayesha_runs", name="Ayesha Khan")
    court9 = await open_venue(runtime, owner)
    booking = await book(runtime, ayesha, court9.courts[0].id, next_half_hour(timedelta(minutes=5)))
    token = booking_token(settings.qr_signing_key, booking.id, await code_of(runtime, booking.id))
    page = await new_phone()

    await sign_in(page, ui_url, OWNER_PHONE, next_path="/owner")
    await page.get_by_role("button", name="Check in a booking").click()
    viewfinder = page.get_by_role("dialog").locator("video")
    await viewfinder.evaluate(
        "(video, text) => video.dispatchEvent(new CustomEvent('scanned', {detail: text}))", token
    )

    await expect(page.get_by_text(re.compile(r"Ayesha Khan is checked in: Court 1"))).to_be_visible()
    assert await booking_status(runtime, booking.id) is m.BookingStatus.CHECKED_IN

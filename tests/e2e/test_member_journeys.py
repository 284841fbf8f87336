"""The member journeys in a real browser: joining with an invite and a code, hosting an activity, asking
to join and being let in, booking a court and paying in the provider's sandbox, and a share link that
a visitor opens. Each waits for what the page shows, never for a fixed time."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from playwright.async_api import expect
from tests.e2e.conftest import PHONE_SIZE, goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.desk import open_venue
from tests.ui.happenings import host_event
from tests.ui.people import host_activity

from scene_api.db import models as m
from scene_api.domain.auth import schemas as auth_s
from scene_api.lib.timezone import short_date, to_local, utcnow
from scene_api.services import provide_services

pytestmark = pytest.mark.e2e

MEMBER_PHONE = PHONES[3]
HOST_PHONE = PHONES[4]


async def member(runtime, phone, handle, name, **fields):
    return await create_member(runtime, phone, handle=handle, name=name, city=m.City.LAHORE, **fields)


async def test_joining_with_an_invite_link_and_a_code(runtime, worker, ui_url, new_phone):
    inviter = await member(runtime, PHONES[1], "hamza_q", "Hamza Qureshi")
    async with provide_services(runtime) as services:
        invite = await services.invites.create(
            await services.session.get_one(m.User, inviter.id), auth_s.InviteCreate()
        )
    page = await new_phone()

    await goto(page, f"{ui_url}/join/{invite.code}")
    await expect(page.get_by_label("Invite code")).to_have_value(invite.code)
    await page.get_by_label("Mobile number").fill("0321 5550123")
    await page.get_by_role("button", name=re.compile("Send code")).click()
    await page.get_by_role("button", name=re.compile("Use this code")).click(timeout=20_000)

    await page.wait_for_url(re.compile(r"/setup"))
    await page.get_by_label("Your name").fill("Zara Ahmed")
    await page.get_by_label("Handle").fill("zara_a")
    await page.get_by_role("button", name="Padel", exact=True).first.click()
    await expect(page.get_by_text("1 is just starting")).to_be_visible()  # the level row it opens
    # the page fits the phone: Quasar's own icons missing from the cut font once drew "arrow_drop_down"
    # as 192 px of text, and the phone zoomed the page out to 513 px
    assert await page.evaluate("() => document.documentElement.scrollWidth") == PHONE_SIZE["width"]
    await page.get_by_role("button", name="Continue").click()

    await expect(page.get_by_text("Salaam, Zara")).to_be_visible(timeout=15_000)
    await page.reload()
    await expect(page.get_by_text("Salaam, Zara")).to_be_visible()  # the sign-in survives a reload


async def test_hosting_an_activity_with_the_wizard(runtime, worker, ui_url, new_phone):
    await member(runtime, HOST_PHONE, "danish_m", "Danish Mirza")
    page = await new_phone()
    await sign_in(page, ui_url, HOST_PHONE, next_path="/create")

    await page.get_by_role("radio", name=re.compile("Padel")).click()
    await expect(page.get_by_role("radio", name="Padel")).to_be_checked()  # the step is drawn again
    await page.get_by_label("Title").fill("Padel doubles tonight, need 2")
    for step in range(2, 7):
        await page.get_by_role("button", name="Next").click()
        await expect(page.get_by_text(f"Step {step} of 6")).to_be_visible()
        if step == 3:
            await page.get_by_label("Place").fill("Baseline Padel, DHA Phase 6")
    await page.get_by_role("button", name="Post activity").click()

    await page.wait_for_url(re.compile(r"/activities/"))
    await expect(page.get_by_role("heading", name="Padel doubles tonight, need 2")).to_be_visible()
    await expect(page.get_by_text("You're hosting this")).to_be_visible()


async def test_asking_to_join_and_the_host_letting_them_in(runtime, worker, ui_url, new_phone):
    host = await member(runtime, HOST_PHONE, "danish_m", "Danish Mirza")
    await member(runtime, MEMBER_PHONE, "sana_k", "Sana Khan")
    game = await host_activity(runtime, host, title="Padel doubles at DHA")
    sana, danish = await new_phone(), await new_phone()

    # The share link /a/{slug} sends a signed-in browser on to the activity page itself.
    await sign_in(sana, ui_url, MEMBER_PHONE, next_path=f"/activities/{game.slug}")
    await sana.get_by_role("button", name="Request to join").click()
    await expect(sana.get_by_text("Request sent", exact=True)).to_be_visible()

    await sign_in(danish, ui_url, HOST_PHONE, next_path="/inbox")
    await expect(danish.get_by_role("link", name="Sana Khan")).to_be_visible()
    await danish.get_by_role("button", name="Approve", exact=True).click()
    await expect(danish.get_by_text("Sana Khan is in")).to_be_visible()

    # Sana's open page hears of it by itself (live news), no reload
    await expect(sana.get_by_text("You're in!", exact=True)).to_be_visible(timeout=5_000)


async def test_booking_a_court_and_paying_in_the_sandbox(runtime, worker, ui_and_api, new_phone):
    owner = await member(runtime, PHONES[1], "bilal_courts", "Bilal Ahmed", role=m.UserRole.VENUE_OWNER)
    venue = await open_venue(runtime, owner)
    await member(runtime, MEMBER_PHONE, "sana_k", "Sana Khan")
    tomorrow = to_local(utcnow() + timedelta(days=1)).date()
    page = await new_phone()

    await sign_in(page, ui_and_api.ui, MEMBER_PHONE, next_path=f"/venues/{venue.slug}")
    await page.get_by_role("button", name=short_date(tomorrow), exact=True).click()
    one_hour = page.get_by_role("button", name="1 hr", exact=True)
    await one_hour.click()
    # the times are drawn again for the new length: wait for them, or the old 8:00 pm is tapped
    await expect(one_hour).to_have_attribute("aria-pressed", "true")
    await page.get_by_role("button", name="8:00 pm", exact=True).click()
    await page.get_by_role("button", name="Court 1 8:00 pm Rs 8,000", exact=True).click()
    await page.get_by_role("button", name="Hold this slot").click()

    await page.wait_for_url(re.compile(r"/bookings/"))
    await expect(page.get_by_text("Held for you")).to_be_visible()
    await expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(10:00|9:\d\d)$"))
    await page.get_by_role("radio", name=re.compile("JazzCash")).click()
    await page.get_by_role("button", name="Pay Rs 8,000 with JazzCash").click()

    await page.wait_for_url(re.compile(r"/sandbox/jazzcash/"))
    await expect(page.get_by_text("PKR 8,000")).to_be_visible()
    await page.get_by_role("button", name="Approve").click()

    await page.wait_for_url(re.compile(r"/payments/"), timeout=20_000)
    await expect(page.get_by_role("heading", name="Payment received")).to_be_visible(timeout=20_000)
    await expect(page.get_by_role("img", name=re.compile(r"^Code "))).to_be_visible()
    await expect(page.get_by_role("link", name="Send to your group")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/\?text=")
    )

    await page.go_back()  # not to the provider's approve/decline form: to what was paid for
    await page.wait_for_url(re.compile(r"/bookings/"))
    await expect(page.get_by_text("Confirmed").first).to_be_visible()


async def test_a_visitor_opens_an_event_link(runtime, ui_url, new_phone):
    host = await member(runtime, HOST_PHONE, "noor_h", "Noor Hassan")
    event = await host_event(runtime, host, title="Qawwali night under the stars")

    async with httpx.AsyncClient() as http:
        first = (await http.get(f"{ui_url}/e/{event.slug}")).text
    head = first[: first.index("</head>")]
    assert '<meta property="og:title" content="Qawwali night under the stars">' in head
    assert '<meta name="twitter:card"' in head

    page = await new_phone()
    await goto(page, f"{ui_url}/e/{event.slug}")
    await expect(page.get_by_role("heading", name="Qawwali night under the stars")).to_be_visible()
    await expect(page.get_by_text("Want to go?")).to_be_visible()
    await page.get_by_role("link", name="Log in to get tickets").click()
    await page.wait_for_url(re.compile(r"/signin\?next=/e/"))

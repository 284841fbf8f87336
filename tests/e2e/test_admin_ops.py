"""The ops page in a real browser: an admin suspends a member, who is signed out at once and cannot
sign in again."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect
from tests.e2e.conftest import goto, settle, sign_in
from tests.helpers import PHONES, create_member, english

from scene_api.db import models as m
from scene_api.i18n import en

pytestmark = pytest.mark.e2e

ADMIN_PHONE, MEMBER_PHONE = PHONES[0], PHONES[2]


async def test_a_suspended_member_is_signed_out_and_cannot_sign_in(runtime, worker, ui_url, new_phone):
    await create_member(runtime, ADMIN_PHONE, handle="hamza_q", name="Hamza Qureshi", role=m.UserRole.ADMIN)
    await create_member(runtime, MEMBER_PHONE, handle="hamid_s", name="Hamid Shah", city=m.City.LAHORE)
    member, ops = await new_phone(), await new_phone()
    await sign_in(member, ui_url, MEMBER_PHONE)
    await expect(member.get_by_text(english("home").greeting.format(name="Hamid"))).to_be_visible()

    await sign_in(ops, ui_url, ADMIN_PHONE, next_path="/admin")
    await ops.get_by_role("searchbox", name="Search members").fill("hamid")
    await open_member_file(ops, "@hamid_s")
    await ops.get_by_role("button", name="Suspend", exact=True).click()
    await ops.get_by_role("textbox", name="Reason (kept in the audit log)").fill("Asked for cash deposits")
    await ops.get_by_role("dialog").last.get_by_role("button", name="Suspend", exact=True).click()
    await expect(ops.get_by_text("@hamid_s is suspended")).to_be_visible()
    await expect(ops.get_by_role("button", name="Reinstate")).to_be_visible()

    # Their open browser is signed out on its next page.
    await goto(member, f"{ui_url}/explore")
    await expect(member.get_by_text(en.MESSAGES["welcome"]["heading"])).to_be_visible()

    # Signing in again: the text message says the account is suspended, and carries no code.
    async for key in runtime.redis.scan_iter("cooldown:otp:*"):
        await runtime.redis.delete(key)  # they signed in a minute ago; a person would wait it out
    await goto(member, f"{ui_url}/signin")
    await member.fill("input[type=tel]", MEMBER_PHONE)
    await member.get_by_role("button", name=re.compile("Send code")).click()
    await expect(member.get_by_text(re.compile("account is suspended"))).to_be_visible(timeout=20_000)
    await expect(member.get_by_role("button", name=re.compile("Use this code"))).to_have_count(0)
    await member.get_by_role("textbox", name="6-digit code").fill("123456")
    await settle(member)
    assert "/signin" in member.url


async def open_member_file(page, handle: str) -> None:
    """The search list re-renders as the typed phrase settles, so a click can land on a row that is
    being replaced: click again until the member's file (with its Suspend button) is open."""
    suspend = page.get_by_role("button", name="Suspend", exact=True)
    for _ in range(3):
        await page.get_by_role("button", name=handle).click()
        try:
            await expect(suspend).to_be_visible(timeout=5000)
            return
        except AssertionError:
            continue
    await expect(suspend).to_be_visible()

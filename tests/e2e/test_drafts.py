"""Drafts survive the page being opened again (issue 20, item 1; `scene_ui.drafts`, `static/drafts.js`):
the create wizard (what was typed and chosen, and the step reached), profile edits and the note on a join
request, also what was typed offline when the phone was away longer than the reconnect window. A form that
went through leaves no draft; another member signing in on the same phone sees none.

"Past the window" is simulated as in test_connection_drops.py: while offline the page's reconnect is
pointed at a client id the server never had, so coming back takes NiceGUI's path for a page the server
deleted (it opens the page again) without waiting 5 minutes.

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_drafts.py

also saves the restored wizard at phone size in English and Urdu (drafts-restored-en.png, -ur.png)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.async_api import Locator, Page, expect
from tests.e2e.conftest import back_past_the_window, goto, settle, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.people import host_activity

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_api.runtime import Runtime

pytestmark = pytest.mark.e2e

EN = en.MESSAGES["drafts"]
UR = ur.MESSAGES["drafts"]
CREATE = en.MESSAGES["create"]
SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
STORED_DRAFTS = "() => Object.keys(localStorage).filter((key) => key.startsWith('scene.draft.'))"
MARK_THE_PAGE = "() => { window.sceneMarker = 'the page as first opened'; }"


def typed(page: Page, field: str) -> Locator:
    return page.locator(f'[data-scene-draft-field="{field}"]')


def step_label(number: int) -> str:
    return CREATE["step_of"].format(number=number, total=6)


async def reload(page: Page) -> None:
    await page.reload(wait_until="networkidle")
    await settle(page, 0)


async def shot(page: Page, name: str) -> None:
    if SHOTS_DIR:
        await page.wait_for_timeout(500)  # fonts and the notice's icon
        await page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"))


async def join_requests(runtime: Runtime, member: m.User) -> list[m.JoinRequest]:
    async with runtime.session_factory() as session:
        found = await session.scalars(sa.select(m.JoinRequest).where(m.JoinRequest.user_id == member.id))
        return list(found)


async def choose_padel(page: Page) -> None:
    """Tapped, and drawn again by the server (a box typed into meanwhile would be replaced)."""
    await page.get_by_role("radio", name="Padel").click()
    await expect(page.get_by_role("radio", name="Padel")).to_have_attribute("aria-checked", "true")


async def start_an_activity(page: Page, title: str) -> None:
    """Padel, a title, then on to the third step (where)."""
    await choose_padel(page)
    await typed(page, "title").press_sequentially(title)
    await page.get_by_role("button", name=CREATE["next"]).click()
    await expect(page.get_by_text(step_label(2))).to_be_visible()
    await page.get_by_role("button", name=CREATE["next"]).click()
    await expect(page.get_by_text(step_label(3))).to_be_visible()


async def test_the_create_wizard_comes_back_at_the_step_reached_with_what_was_typed_and_chosen(
    runtime, worker, ui_url, new_phone
):
    await create_member(runtime, PHONES[10], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[10], next_path="/create")
    await start_an_activity(page, "Padel after work")
    await typed(page, "place_name").press_sequentially("Model Town Park")
    await page.wait_for_timeout(1_500)  # the step and the kind reach the browser within a second

    await reload(page)
    await expect(page.get_by_text(step_label(3))).to_be_visible()
    await expect(page.get_by_text(EN["restored"])).to_be_visible()
    await expect(typed(page, "place_name")).to_have_value("Model Town Park")
    await page.evaluate("() => window.scrollTo(0, 0)")
    await shot(page, "drafts-restored-en")
    await page.get_by_role("button", name=CREATE["back"]).click()
    await expect(page.get_by_text(step_label(2))).to_be_visible()
    await page.get_by_role("button", name=CREATE["back"]).click()
    await expect(page.get_by_text(step_label(1))).to_be_visible()
    await expect(typed(page, "title")).to_have_value("Padel after work")
    await expect(page.get_by_role("radio", name="Padel")).to_have_attribute("aria-checked", "true")

    await page.get_by_role("button", name=EN["discard"]).click()
    await expect(page.get_by_text(EN["restored"])).to_be_hidden()
    await expect(typed(page, "title")).to_have_value("")
    assert await page.evaluate(STORED_DRAFTS) == []
    await reload(page)
    await expect(page.get_by_text(step_label(1))).to_be_visible()
    await expect(page.get_by_text(EN["restored"])).to_be_hidden()


async def test_what_was_typed_offline_comes_back_when_the_page_is_opened_again_past_the_window(
    runtime, worker, ui_url, new_phone
):
    """The kind was chosen online (the server handed it to the browser); the title was typed offline
    (the server never saw it): both come back, in Urdu for an Urdu member."""
    await create_member(
        runtime, PHONES[11], handle="hina_r", name="Hina Raza", city=m.City.LAHORE, locale="ur"
    )
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[11], next_path="/create")
    await choose_padel(page)
    await page.wait_for_timeout(1_500)
    await page.evaluate(MARK_THE_PAGE)

    await page.context.set_offline(True)
    await typed(page, "title").press_sequentially("Shaam ko padel")
    await typed(page, "description").press_sequentially("Do log chahiye")
    await back_past_the_window(page)

    await expect(page.get_by_text(UR["restored"])).to_be_visible()
    await expect(typed(page, "title")).to_have_value("Shaam ko padel")
    await expect(typed(page, "description")).to_have_value("Do log chahiye")
    await expect(page.get_by_role("radio", name="Padel")).to_have_attribute("aria-checked", "true")
    await page.get_by_role("button", name=ur.MESSAGES["connection"]["dismiss"]).click()  # "opened again"
    await page.evaluate("() => window.scrollTo(0, 0)")
    await shot(page, "drafts-restored-ur")


async def test_a_join_request_note_comes_back_and_is_gone_once_sent(runtime, worker, ui_url, new_phone):
    host = await create_member(
        runtime, PHONES[12], handle="danish_m", name="Danish Mirza", city=m.City.LAHORE
    )
    game = await host_activity(runtime, host)
    member = await create_member(runtime, PHONES[13], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[13], next_path=f"/activities/{game.id}")
    note = page.get_by_placeholder(en.MESSAGES["activity"]["note_placeholder"])
    await page.evaluate(MARK_THE_PAGE)

    await page.context.set_offline(True)
    await note.press_sequentially("Can bring balls")
    await back_past_the_window(page)
    await expect(page.get_by_text(EN["restored"])).to_be_visible()
    await expect(note).to_have_value("Can bring balls")

    await page.get_by_role("button", name=en.MESSAGES["activity"]["request"]).click()
    await expect(page.get_by_role("button", name=en.MESSAGES["pwa"]["push_ask"])).to_be_visible()
    assert [request.message for request in await join_requests(runtime, member)] == ["Can bring balls"]
    assert await page.evaluate(STORED_DRAFTS) == []


async def test_a_profile_edit_comes_back_and_a_saved_one_leaves_no_draft(runtime, worker, ui_url, new_phone):
    await create_member(runtime, PHONES[14], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[14], next_path="/me/edit")
    open_to_join = page.get_by_role("switch", name=en.MESSAGES["profile_edit"]["open_to_join"])
    was_open = await open_to_join.get_attribute("aria-checked")
    await typed(page, "bio").press_sequentially("Padel most evenings")
    await open_to_join.click()
    await page.wait_for_timeout(1_500)

    await reload(page)
    await expect(page.get_by_text(EN["restored"])).to_be_visible()
    await expect(typed(page, "bio")).to_have_value("Padel most evenings")
    await expect(open_to_join).to_have_attribute("aria-checked", "false" if was_open == "true" else "true")

    await page.get_by_role("button", name=en.MESSAGES["profile_edit"]["save_edit"]).click()
    await page.wait_for_url(f"{ui_url}/me")
    assert await page.evaluate(STORED_DRAFTS) == []
    await goto(page, f"{ui_url}/me/edit", settle_ms=0)
    await expect(typed(page, "bio")).to_have_value("Padel most evenings")  # saved, not restored
    await page.wait_for_timeout(1_000)
    await expect(page.get_by_text(EN["restored"])).to_be_hidden()


async def test_another_member_on_the_same_phone_sees_no_draft(runtime, worker, ui_url, new_phone):
    """The phone's storage holds Sana's draft when Omar signs in: simulated by copying her browser's
    storage into his (one origin, one localStorage), which is what a shared phone has."""
    await create_member(runtime, PHONES[15], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    await create_member(runtime, PHONES[16], handle="omar_f", name="Omar Farooq", city=m.City.LAHORE)
    sana = await new_phone()
    await sign_in(sana, ui_url, PHONES[15], next_path="/create")
    await typed(sana, "title").press_sequentially("Sana's secret game")
    await sana.wait_for_timeout(1_500)
    storage = await sana.evaluate("() => JSON.stringify(localStorage)")

    omar = await new_phone()
    await sign_in(omar, ui_url, PHONES[16], next_path="/create")
    await omar.evaluate(
        "(stored) => Object.entries(JSON.parse(stored)).forEach(([k, v]) => localStorage.setItem(k, v))",
        storage,
    )
    await reload(omar)
    await omar.wait_for_timeout(1_000)
    await expect(typed(omar, "title")).to_have_value("")
    await expect(omar.get_by_text(EN["restored"])).to_be_hidden()
    assert len(await omar.evaluate(STORED_DRAFTS)) == 1  # Sana's, under her own key


async def test_a_draft_older_than_a_week_is_forgotten(runtime, worker, ui_url, new_phone):
    await create_member(runtime, PHONES[17], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[17], next_path="/create")
    await typed(page, "title").press_sequentially("Last week's idea")
    await page.wait_for_timeout(1_500)  # the server's answers are kept too (and date the draft)
    await page.evaluate(
        """() => Object.keys(localStorage).filter((key) => key.startsWith('scene.draft.')).forEach((key) => {
          const draft = JSON.parse(localStorage.getItem(key));
          localStorage.setItem(key, JSON.stringify({...draft, at: Date.now() - 8 * 24 * 3600 * 1000}));
        })"""
    )
    await reload(page)
    await page.wait_for_timeout(1_000)
    await expect(typed(page, "title")).to_have_value("")
    assert await page.evaluate(STORED_DRAFTS) == []

"""Live member pages in a real browser: what another process commits reaches the open page by itself.

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_live_pages.py   # live-approved*.png

The host's approval is made through the services from the test process (a different process from
the UI server, as the API or the worker would), so the news can only travel through PostgreSQL's
NOTIFY and the UI process's one LISTEN connection, then NiceGUI's socket."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import expect
from tests.e2e.conftest import sign_in
from tests.helpers import PHONES, create_member
from tests.ui.people import ask_to_join, host_activity

from scene_api.db import models as m
from scene_api.domain.joins import schemas as s
from scene_api.i18n import en, ur
from scene_api.services import provide_services

pytestmark = pytest.mark.e2e

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
LIVE_MS = 2_000
"""News must show within this long of the commit (the page never reloads)."""


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_the_approval_and_the_bell_reach_the_open_activity_page(
    runtime, worker, ui_url, new_phone, language
):
    words = (en if language == "en" else ur).MESSAGES
    host = await create_member(runtime, PHONES[4], handle="danish_m", name="Danish Mirza", city=m.City.LAHORE)
    sana = await create_member(
        runtime, PHONES[3], handle="sana_k", name="Sana Khan", city=m.City.LAHORE, locale=language
    )
    game = await host_activity(runtime, host, title="Padel doubles at DHA")
    request = await ask_to_join(runtime, sana, game.id)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[3], next_path=f"/activities/{game.id}")
    await expect(page.get_by_text(words["activity"]["state_pending"], exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name=words["frame"]["notifications"], exact=True)).to_be_visible()
    loads = await page.evaluate("() => performance.getEntriesByType('navigation').length")

    async with provide_services(runtime) as services:
        actor = await services.session.get_one(m.User, host.id)
        await services.joins.decide(actor, request.id, s.Decision.APPROVE)

    await expect(page.get_by_text(words["activity"]["state_approved"], exact=True)).to_be_visible(
        timeout=LIVE_MS
    )
    bell = words["frame"]["notifications_unread"].format(count=1)
    await expect(page.get_by_role("link", name=bell)).to_be_visible(timeout=LIVE_MS)
    assert await page.evaluate("() => performance.getEntriesByType('navigation').length") == loads
    if SHOTS_DIR:
        await page.screenshot(
            path=str(Path(SHOTS_DIR) / f"live-approved{'' if language == 'en' else '-ur'}.png")
        )

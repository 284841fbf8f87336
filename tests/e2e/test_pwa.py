"""Scene as an installed app in a real browser: the service worker installs and takes the whole site, the
browser reads the manifest without errors, a page opened without a network shows the offline page (in the
language the member reads), the install card after a join request, and a push shown as a notification.

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_pwa.py

also saves the offline page and the install card at phone size."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, async_playwright, expect
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, PHONE_SIZE, NewPhone, goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.people import host_activity

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_ui import pwa, stylesheet

pytestmark = pytest.mark.e2e

EN = en.MESSAGES["pwa"]
UR = ur.MESSAGES["pwa"]
SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
WORKER_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const active = registration.active;
  return { scope: registration.scope, state: active.state, script: active.scriptURL };
}"""
URDU_FACES = f"""async () => {{
  await document.fonts.ready;
  return [...document.fonts].filter((face) => face.family.replaceAll('"', '') === '{stylesheet.URDU_FAMILY}')
    .map((face) => face.status);
}}"""
"""The Urdu faces' states once the page has drawn: "loaded" for a weight it drew with a file it got."""
SHELL_CACHED = """async () => {
  const names = await caches.keys();
  const shell = names.find((name) => name.startsWith("scene-shell-"));
  const cache = await caches.open(shell);
  const paths = (await cache.keys()).map((request) => new URL(request.url));
  return { names, cached: paths.map((url) => url.pathname + url.search) };
}"""


@pytest.fixture
async def installable_phone(tmp_path: Path) -> AsyncIterator[NewPhone]:
    """A phone-sized chromium with a profile on disk: Chrome never offers to install from an incognito
    window, which is what the shared `browser` fixture's contexts are."""
    if not HAVE_CHROMIUM:
        pytest.skip(f"no chromium at {CHROMIUM}")
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport=PHONE_SIZE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(15_000)

        async def open_phone() -> Page:
            return context.pages[0] if context.pages else await context.new_page()

        yield open_phone
        await context.close()


SHOWN_NOTIFICATIONS = """async () => {
  const shown = await (await navigator.serviceWorker.ready).getNotifications();
  return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
}"""


async def eventually(check: Callable[[], Any], seconds: float = 10.0) -> Any:
    """The first truthy answer of `check` (sync or async), asked every 100 ms for up to `seconds`."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        answer = check()
        if inspect.isawaitable(answer):
            answer = await answer
        if answer or asyncio.get_running_loop().time() > deadline:
            return answer
        await asyncio.sleep(0.1)


async def shot(page: Page, name: str) -> None:
    if SHOTS_DIR:
        await page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"))


async def worker_in_control(page: Page) -> dict[str, str]:
    """Waits until the worker is active and controls the page (it claims open pages when it activates)."""
    ready: dict[str, str] = await page.evaluate(WORKER_READY)
    await page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return ready


async def test_the_worker_installs_for_the_whole_site_and_precaches_the_shell(ui_url, new_phone):
    page = await new_phone()
    await goto(page, f"{ui_url}/")

    ready = await worker_in_control(page)

    assert ready["scope"] == f"{ui_url}/"
    assert ready["state"] == "activated"
    assert ready["script"] == f"{ui_url}{pwa.WORKER_PATH}"
    caches = await page.evaluate(SHELL_CACHED)
    assert len([name for name in caches["names"] if name.startswith("scene-shell-")]) == 1
    assert set(pwa.PRECACHE) <= set(caches["cached"])


async def test_the_browser_reads_the_manifest_and_finds_scene_installable(ui_url, installable_phone):
    page = await installable_phone()
    await goto(page, f"{ui_url}/")
    await worker_in_control(page)
    devtools = await page.context.new_cdp_session(page)

    manifest = await devtools.send("Page.getAppManifest")
    installable = await devtools.send("Page.getInstallabilityErrors")

    assert manifest["url"] == f"{ui_url}{pwa.MANIFEST_PATH}"
    assert manifest["errors"] == []
    parsed = manifest["manifest"]
    assert parsed["name"] == "Scene"
    assert parsed["startUrl"] == f"{ui_url}/?source=pwa"
    assert parsed["scope"] == f"{ui_url}/"
    assert parsed["display"] == "kStandalone"
    assert parsed["themeColor"] == parsed["backgroundColor"] == "rgba(11,11,15,1)"
    assert [icon["url"] for icon in parsed["icons"]] == [
        f"{ui_url}{path}" for path in (pwa.ICON_192, pwa.ICON_512, pwa.MASKABLE_512)
    ]
    assert installable["installabilityErrors"] == []


async def test_without_a_network_a_page_shows_the_offline_page_in_the_members_language(ui_url, new_phone):
    page = await new_phone()
    await goto(page, f"{ui_url}/")
    await worker_in_control(page)

    await page.context.set_offline(True)
    await page.goto(f"{ui_url}/explore")

    await expect(page.get_by_role("heading", name=EN["offline_title"])).to_be_visible()
    await expect(page.get_by_text(EN["offline_message"])).to_be_visible()
    await expect(page).to_have_url(f"{ui_url}/explore")
    await shot(page, "offline")

    await page.evaluate("() => localStorage.setItem('scene.lang', 'ur')")
    await page.reload()
    await expect(page.get_by_role("heading", name=UR["offline_title"])).to_be_visible()
    assert await page.evaluate("() => document.documentElement.dir") == "rtl"
    assert await page.evaluate(URDU_FACES) == ["loaded", "loaded"]  # from the worker's cache, offline
    await shot(page, "offline-ur")

    await page.get_by_role("button", name=UR["offline_retry"]).click()  # still offline: the same page
    await expect(page.get_by_role("heading", name=UR["offline_title"])).to_be_visible()
    await page.context.set_offline(False)  # back online: the page wanted opens by itself, no tap
    await page.wait_for_url(f"{ui_url}/welcome?next=/explore")  # (it asks a visitor in)


async def test_the_offline_page_opens_the_page_wanted_once_the_server_answers_again(ui_url, new_phone):
    """The phone says it is online all along (no `online` event to wait for): the server did not answer,
    so the worker showed the offline page, which keeps asking and opens the page when it can."""
    page = await new_phone()
    await goto(page, f"{ui_url}/")
    await worker_in_control(page)
    server_down = ("**/explore", "**/manifest.webmanifest")
    for path in server_down:
        await page.context.route(path, lambda route: route.abort("connectionrefused"))

    await page.goto(f"{ui_url}/explore")
    await expect(page.get_by_role("heading", name=EN["offline_title"])).to_be_visible()
    for path in server_down:
        await page.context.unroute(path)
    await page.wait_for_url(f"{ui_url}/welcome?next=/explore", timeout=3 * pwa.BACK_CHECK_MS)


async def test_the_install_card_after_a_join_request(runtime, worker, ui_url, new_phone):
    host = await create_member(runtime, PHONES[4], handle="danish_m", name="Danish Mirza", city=m.City.LAHORE)
    game = await host_activity(runtime, host)
    await create_member(runtime, PHONES[3], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[3], next_path=f"/activities/{game.id}")
    card = page.locator(".scene-install-card")

    await page.get_by_role("button", name="Request to join").click()
    await expect(page.get_by_role("button", name=re.compile(EN["push_ask"]))).to_be_visible()
    await expect(card).to_have_count(1)
    await expect(card).to_be_hidden()  # headless chromium offers no install: the card stays out of sight

    await page.evaluate("() => document.documentElement.classList.add('scene-can-install')")
    await expect(card).to_be_visible()
    await expect(card.get_by_text(EN["install_title"])).to_be_visible()
    await page.wait_for_timeout(400)  # the toast about the request fades in above
    await shot(page, "install-card")
    await card.get_by_role("button", name=EN["install_later"]).click()
    await expect(card).to_have_count(0)


async def test_a_push_shows_its_notification_with_the_page_to_open(ui_url, new_phone):
    page = await new_phone()
    await page.context.grant_permissions(["notifications"], origin=ui_url)
    await goto(page, f"{ui_url}/")
    await worker_in_control(page)
    devtools = await page.context.new_cdp_session(page)
    registrations: list[dict[str, str]] = []
    devtools.on(
        "ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"])
    )
    await devtools.send("ServiceWorker.enable")
    ours = await eventually(lambda: next((r for r in registrations if r["scopeURL"] == f"{ui_url}/"), None))
    message = {
        "title": "Danish approved you",
        "body": "Padel doubles, need 2",
        "url": "/inbox",
        "tag": "join-1",
    }

    await devtools.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": ui_url, "registrationId": ours["registrationId"], "data": json.dumps(message)},
    )

    async def notifications() -> list[dict[str, str]]:
        shown: list[dict[str, str]] = await page.evaluate(SHOWN_NOTIFICATIONS)
        return shown

    shown = await eventually(notifications)
    assert shown == [
        {"title": message["title"], "body": message["body"], "tag": "join-1", "url": f"{ui_url}/inbox"}
    ]

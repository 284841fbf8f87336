"""axe-core on every page a member, a venue owner and an admin can open, and on the public pages a
visitor opens from WhatsApp, in English and in Urdu right to left: any violation fails the test with its
rule, the element and the page.

axe-core is the npm registry's package at `AXE_VERSION`, installed once into
`~/.cache/scene-tests/axe-core-<version>` (outside the repository, as bench/lighthouse.py installs
Lighthouse): pinned, and no half-megabyte minified file kept in git. Playwright evaluates it in each page
over the DevTools protocol, which the page's Content-Security-Policy does not govern."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page
from tests.e2e.conftest import goto, sign_in
from tests.helpers import PHONES, create_member
from tests.ui.desk import next_slot, open_venue
from tests.ui.happenings import buy, hold, host_event
from tests.ui.people import ask_to_join, host_activity

from scene_api.db import models as m
from scene_api.runtime import Runtime
from scene_ui.i18n import texts
from scene_ui.pages.admin import TABS as ADMIN_TABS
from scene_ui.pages.explore import View
from scene_ui.pages.notification_settings import PATH as NOTIFICATION_SETTINGS

pytestmark = pytest.mark.e2e

AXE_VERSION = "4.14.1"
AXE_DIR = Path.home() / ".cache" / "scene-tests" / f"axe-core-{AXE_VERSION}"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WIZARD_STEPS = 6

RUN_AXE = """async () => {
  const { violations } = await axe.run(document, { resultTypes: ['violations'] });
  return violations.map((v) => ({
    rule: v.id,
    help: v.help,
    elements: v.nodes.slice(0, 3).map((n) => {
      const check = [...n.any, ...n.all, ...n.none][0];
      const why = check ? ` (${check.message.slice(0, 160)})` : '';
      return `${n.target.join(' ')} ${n.html.slice(0, 160)}${why}`;
    }),
  }));
}"""


def axe_script() -> str:
    """The pinned axe-core, installed into the cache directory unless it is there already."""
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip("no npm to install axe-core with")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            ["npm", "install", "--save-exact", "--no-audit", "--no-fund", f"axe-core@{AXE_VERSION}"],  # noqa: S607
            cwd=AXE_DIR,
            check=True,
            capture_output=True,
        )
    return AXE.read_text()


@dataclass
class Audit:
    """Walks pages in one tab and gathers every page's violations, so one run names them all."""

    page: Page
    base_url: str
    script: str
    found: list[str]

    async def open(self, path: str) -> None:
        await goto(self.page, f"{self.base_url}{path}", settle_ms=0)
        await self.check(path)

    async def check(self, where: str) -> None:
        # a finger lifts after a tap; a mouse left where Next was would hover what the step drew there
        await self.page.mouse.move(0, 0)
        await self.page.evaluate(self.script)
        violations: list[dict[str, Any]] = await self.page.evaluate(RUN_AXE)
        self.found += [
            f"{where}: {violation['rule']} ({violation['help']}) at {element}"
            for violation in violations
            for element in violation["elements"]
        ]


async def walk_the_create_wizard(audit: Audit, language: str) -> None:
    """Each of its steps, with the answers a step needs before Next lets the member on."""
    words = texts("create", language)
    page = audit.page
    await audit.open("/create")
    await page.get_by_role("radio").first.click()
    await page.wait_for_timeout(500)  # picking the kind draws the step again
    await page.get_by_label(words.field_title).fill("Padel doubles tonight, need 2")
    await page.wait_for_timeout(500)  # the title reaches the server before Next asks for it
    for step in range(2, WIZARD_STEPS + 1):
        await page.get_by_role("button", name=words.next, exact=True).click()
        # the finger lifts; Quasar fades a hover's tint out over up to 0.6 s, which axe would measure
        await page.mouse.move(0, 0)
        await page.wait_for_timeout(700)
        if step == 3:
            await page.get_by_label(words.field_place).fill("Baseline Padel, DHA Phase 6")
        await audit.check(f"/create step {step}")


async def pages_to_open(
    runtime: Runtime, number: int, language: str, host: m.User
) -> tuple[list[str], list[str]]:
    """An admin who runs a venue and hosts a game someone asked to join, with a held booking and a
    ticket, speaking `language`: every page they can open (but the create wizard's later steps), and
    the public pages of what they see, as a visitor opens them (a signed-in browser is sent on from a
    share link to the page itself)."""
    admin = await create_member(
        runtime,
        PHONES[number],
        handle=f"hamza_{language}",
        name="Hamza Qureshi",
        role=m.UserRole.ADMIN,
        city=m.City.LAHORE,
        locale=language,
    )
    venue = await open_venue(runtime, admin, name=f"Court Nine {language}")
    game = await host_activity(runtime, host, title=f"Padel doubles at DHA {language}")
    own_game = await host_activity(runtime, admin, title="Futsal five-a-side")
    await ask_to_join(runtime, host, own_game.id, "I can bring the ball")
    event = await host_event(runtime, host, title=f"Qawwali night {language}")
    order = await buy(runtime, admin, event)
    booking = await hold(runtime, admin, venue.courts[0].id, next_slot())
    signed_in = [
        "/",
        *(f"/explore?tab={view.value}" for view in View),
        f"/activities/{game.slug}",
        f"/activities/{own_game.slug}",
        f"/events/{event.id}",
        f"/venues/{venue.slug}",
        "/create/event",
        "/inbox",
        "/me",
        "/me/edit",
        f"/u/{host.handle}",
        "/notifications",
        NOTIFICATION_SETTINGS,
        "/circles",
        "/me/bookings",
        f"/bookings/{booking.id}",
        "/me/tickets",
        f"/tickets/{order.tickets[0].id}",
        "/owner",
        f"/owner/venues/{venue.id}",
        f"/owner/venues/{venue.id}/calendar",
        *(f"/admin?tab={tab}" for tab in ADMIN_TABS),
    ]
    public = [f"/a/{game.slug}", f"/e/{event.slug}", f"/v/{venue.slug}", "/welcome", "/signin"]
    return signed_in, [f"{path}?lang={language}" for path in public]


async def test_axe_finds_nothing_on_any_page_in_english_or_urdu(runtime, worker, ui_url, new_phone):
    script = axe_script()
    host = await create_member(runtime, PHONES[1], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    found: list[str] = []
    for number, language in ((0, "en"), (2, "ur")):
        signed_in, public = await pages_to_open(runtime, number, language, host)
        member = Audit(await new_phone(), ui_url, script, found)
        await sign_in(member.page, ui_url, PHONES[number])
        for path in signed_in:
            await member.open(path)
        await walk_the_create_wizard(member, language)
        visitor = Audit(await new_phone(), ui_url, script, found)
        for path in public:
            await visitor.open(path)

    assert found == [], "\n".join(found)

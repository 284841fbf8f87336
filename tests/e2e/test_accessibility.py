"""axe-core on every page a member, a venue owner and an admin can open (a payment's return page in each of
its states, the sign-in's code step, the first profile, pages not found), with every dialog, popup, card
and bar a page opens over itself (vouch, report, block, cancel and edit dialogs, the owner desk's check-in,
block and booking dialogs, the share toast, push opt-in and install card, the offline bar), and on the
public pages a visitor opens from WhatsApp (and the offline page): any violation fails the test with its
rule, the element and the page. One test per language, English and Urdu right to left, so CI shows which
and each stays short.

axe-core is the npm registry's package at `AXE_VERSION`, installed once into
`~/.cache/scene-tests/axe-core-<version>` (outside the repository, as bench/lighthouse.py installs
Lighthouse): pinned, and no half-megabyte minified file kept in git. Playwright evaluates it in each page
over the DevTools protocol, which the page's Content-Security-Policy does not govern."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import pytest
from playwright.async_api import Locator, Page
from tests.e2e.conftest import NewPhone, goto, settle
from tests.helpers import PHONES, create_member
from tests.ui.desk import open_venue
from tests.ui.happenings import buy, checkout, hold, host_event, provider_says
from tests.ui.people import ask_to_join, host_activity
from tests.ui.test_circles_pages import make_circle
from tests.ui.test_series import weekly
from tests.venues import next_half_hour

from scene_api.db import models as m
from scene_api.domain.activities import schemas as activities_s
from scene_api.runtime import Runtime
from scene_ui.i18n import texts
from scene_ui.pages.admin import TABS as ADMIN_TABS
from scene_ui.pages.explore import View
from scene_ui.pages.notification_settings import PATH as NOTIFICATION_SETTINGS
from scene_ui.public.signin import CODE_PATH, JOIN_PATH
from scene_ui.pwa import OFFLINE_PATH

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


@dataclass
class World:
    """What one language's member has and sees, arranged through the services: the pages to open and what
    the dialogs are opened on."""

    signed_in: list[str]
    public: list[str]
    host: m.User
    game: activities_s.Activity
    own_game: activities_s.Activity
    booking_id: UUID
    """Paid, so it can be cancelled."""
    venue_id: UUID
    circle_id: UUID
    series_id: UUID


async def arrange(runtime: Runtime, number: int, language: str, host: m.User) -> World:
    """An admin who runs a venue and hosts a game someone asked to join, with held, paid, declined and
    pending bookings, a weekly series, a circle and tickets (free and paid), speaking `language`: every
    page they can open (but the create wizard's later steps), and the public pages of what they see, as a
    visitor opens them (a signed-in browser is sent on from a share link to the page itself)."""
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
    first, second = (court.id for court in venue.courts[:2])
    game = await host_activity(runtime, host, title=f"Padel doubles at DHA {language}")
    own_game = await host_activity(runtime, admin, title="Futsal five-a-side")
    await ask_to_join(runtime, host, own_game.id, "I can bring the ball")
    event = await host_event(runtime, host, title=f"Qawwali night {language}")
    order = await buy(runtime, admin, event)
    booking = await hold(runtime, admin, first, next_half_hour())
    declined = await checkout(runtime, admin, m.PaymentPurpose.BOOKING, booking.id)
    await provider_says(runtime, declined.payment, paid=False)
    confirmed = await hold(runtime, admin, second, next_half_hour())
    paid = await checkout(runtime, admin, m.PaymentPurpose.BOOKING, confirmed.id)
    await provider_says(runtime, paid.payment, paid=True)
    pending = await checkout(
        runtime,
        admin,
        m.PaymentPurpose.BOOKING,
        (await hold(runtime, admin, second, next_half_hour(timedelta(hours=2)))).id,
        "payfast",
    )
    concert = await host_event(
        runtime,
        host,
        title=f"Sufi evening {language}",
        tiers=[{"name": "Seat", "price_pkr": 2500, "quantity": 40}],
    )
    paid_order = await buy(runtime, admin, concert, quantity=2)
    tickets = await checkout(runtime, admin, m.PaymentPurpose.ORDER, paid_order.id)
    await provider_says(runtime, tickets.payment, paid=True)
    series = await weekly(runtime, admin, first, next_half_hour(timedelta(days=1, hours=3)), weeks=3)
    circle = await make_circle(runtime, admin, f"Padel crew {language}", add=(host,))
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
        "/setup",
        f"/u/{host.handle}",
        "/notifications",
        NOTIFICATION_SETTINGS,
        "/circles",
        f"/circles/{circle.id}",
        "/me/bookings",
        f"/bookings/{booking.id}",
        f"/bookings/{confirmed.id}",
        f"/bookings/series/{series.id}",
        *(f"/payments/{checked.payment.id}" for checked in (paid, pending, declined, tickets)),
        f"/payments/{uuid4()}",  # not found
        f"/orders/{paid_order.id}",
        "/me/tickets",
        f"/tickets/{order.tickets[0].id}",
        "/no-such-page",
        "/owner",
        f"/owner/venues/{venue.id}",
        f"/owner/venues/{venue.id}/calendar",
        *(f"/admin?tab={tab}" for tab in ADMIN_TABS),
    ]
    public = [f"/a/{game.slug}", f"/e/{event.slug}", f"/v/{venue.slug}", "/welcome", "/signin", JOIN_PATH]
    return World(
        signed_in=signed_in,
        public=[f"{path}?lang={language}" for path in [*public, OFFLINE_PATH]],
        host=host,
        game=game,
        own_game=own_game,
        booking_id=confirmed.id,
        venue_id=venue.id,
        circle_id=circle.id,
        series_id=series.id,
    )


async def sign_in_through_the_code_step(audit: Audit, phone: str, language: str) -> None:
    """The real sign-in in `language`, checking the code step (/signin/code) on the way."""
    words = texts("signin", language)
    page = audit.page
    await goto(page, f"{audit.base_url}/signin?lang={language}", settle_ms=0)
    await page.fill("input[type=tel]", phone)
    await page.get_by_role("button", name=words.send_code).click()
    await page.wait_for_url(lambda url: urlsplit(url).path == CODE_PATH)
    await settle(page, settle_ms=0)
    await audit.check(CODE_PATH)
    await page.get_by_role("button", name=re.compile(re.escape(words.dev_hint_use))).click(timeout=20_000)
    await page.wait_for_url(lambda url: urlsplit(url).path == "/", timeout=15_000)
    await settle(page, settle_ms=0)


async def walk_the_dialogs(audit: Audit, world: World, language: str) -> None:
    """Each dialog, menu, card and bar a page opens over itself, checked open."""
    page = audit.page
    profile, activity = texts("profile", language), texts("activity", language)

    async def opened(where: str, *taps: Locator) -> None:
        """Taps its way to a dialog, checks it, and closes it with Escape (what was open before stays)."""
        before = await page.get_by_role("dialog").count()
        for tap in taps:
            await tap.click()
        await page.get_by_role("dialog").nth(before).wait_for()
        await page.wait_for_timeout(400)  # Quasar's opening transition
        await audit.check(where)
        await page.keyboard.press("Escape")
        await page.get_by_role("dialog").nth(before).wait_for(state="detached")

    def button(name: str | re.Pattern[str]) -> Locator:
        return page.get_by_role("button", name=name).first

    def menu_item(name: str) -> Locator:
        return page.get_by_role("dialog", name=profile.more).get_by_role("button", name=name)

    await goto(page, f"{audit.base_url}/u/{world.host.handle}", settle_ms=0)
    await opened("vouch dialog", button(profile.vouch))
    await button(profile.more).click()
    await page.get_by_role("dialog", name=profile.more).wait_for()
    await page.wait_for_timeout(400)  # it fades in
    await audit.check("profile menu")
    await opened("report dialog", menu_item(profile.report))
    await opened("block dialog", button(profile.more), menu_item(profile.block))

    await goto(page, f"{audit.base_url}/activities/{world.own_game.slug}", settle_ms=0)
    await opened("edit activity dialog", button(activity.edit))
    await opened("cancel activity dialog", button(activity.cancel_activity))
    await button(
        texts("share_buttons", language).share_more
    ).click()  # no Web Share headless: the link is copied
    await page.locator(".q-notification").last.wait_for()
    await page.wait_for_timeout(600)  # it fades in
    await audit.check("share: link copied")

    await goto(page, f"{audit.base_url}/activities/{world.game.slug}", settle_ms=0)
    await opened("report activity dialog", button(activity.report))
    await button(activity.request).click()
    await button(re.compile(re.escape(texts("pwa", language).push_ask))).wait_for()
    await page.evaluate("() => document.documentElement.classList.add('scene-can-install')")
    await page.locator(".scene-install-card").wait_for()
    await audit.check("after a join request: push opt-in and install card")

    await goto(page, f"{audit.base_url}/bookings/{world.booking_id}", settle_ms=0)
    await opened("cancel booking dialog", button(texts("booking_card", language).cancel))
    await goto(page, f"{audit.base_url}/bookings/series/{world.series_id}", settle_ms=0)
    await opened("cancel series dialog", button(texts("series", language).cancel_rest))
    await goto(page, f"{audit.base_url}/circles/{world.circle_id}", settle_ms=0)
    circles = texts("circles", language)
    await opened("edit circle dialog", button(circles.edit))
    await opened("delete circle dialog", button(circles.delete))

    owner, calendar = texts("owner", language), texts("owner_calendar", language)
    await goto(page, f"{audit.base_url}/owner", settle_ms=0)
    await opened("check-in dialog", button(owner.check_in))
    await goto(page, f"{audit.base_url}/owner/venues/{world.venue_id}/calendar", settle_ms=0)
    await opened(
        "block dialog", button(re.compile(f"^{re.escape(calendar.block_title.format(court='Court 1'))}"))
    )
    booking = button(re.compile("^Hamza"))
    await opened("booking dialog", booking)
    await booking.click()
    await page.get_by_role("dialog").wait_for()
    await opened(
        "cancel booking (desk) dialog",
        page.get_by_role("dialog").get_by_role("button", name=calendar.cancel_booking),
    )

    await page.keyboard.press("Escape")  # the booking dialog
    await page.get_by_role("dialog").first.wait_for(state="detached")  # gone, not half-way out
    await page.context.set_offline(True)
    await page.locator(".scene-connection:not([hidden])").wait_for()
    await audit.check("offline bar")
    await page.context.set_offline(False)


async def audit_one_language(runtime: Runtime, ui_url: str, new_phone: NewPhone, language: str) -> list[str]:
    number = 0 if language == "en" else 2
    host = await create_member(runtime, PHONES[1], handle="sana_k", name="Sana Khan", city=m.City.LAHORE)
    world = await arrange(runtime, number, language, host)
    script = axe_script()
    found: list[str] = []
    member = Audit(await new_phone(), ui_url, script, found)
    await sign_in_through_the_code_step(member, PHONES[number], language)
    for path in world.signed_in:
        await member.open(path)
    await walk_the_create_wizard(member, language)
    await walk_the_dialogs(member, world, language)
    visitor = Audit(await new_phone(), ui_url, script, found)
    for path in world.public:
        await visitor.open(path)
    return found


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_axe_finds_nothing_on_any_page_or_dialog(runtime, worker, ui_url, new_phone, language):
    found = await audit_one_language(runtime, ui_url, new_phone, language)

    assert found == [], "\n".join(found)

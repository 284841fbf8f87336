"""Screenshots of running pages at phone size, in Debian's headless chromium (not a test: a script).

    uv run python tests/e2e/screenshots.py http://127.0.0.1:8080
    uv run python tests/e2e/screenshots.py http://127.0.0.1:8080 home welcome --width 360 --out /tmp/shots

Needs the demo data (`scene dev` loads it) and, for pages behind sign-in, the worker running: the
script signs in like a person does, reading the code from the development hint on the OTP screen.
Saves `<out>/<name>.png` for each shot (default: all of SHOTS) and names any page whose content
is wider than the screen, which a phone would show as sideways scrolling.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from scene_api.lib.timezone import short_date, to_local, utcnow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
RESEND_COOLDOWN_MS = 61_000
SETTLE_MS = 600
"""After the socket connects: time for Tailwind to style the page and fonts to swap in."""

VIEWER = "+923000000008"
"""fatima_b (Lahore) from the demo data: the member most shots are taken as."""
HOST = "+923000000005"
"""danish_m, who hosts the demo activity `dha-padel-doubles`."""
SECOND_REQUESTER = "+923000000014"
"""amna_j: asks to join too, so the host's inbox has a request waiting."""
OTP_PHONE = "+923000000010"
"""omar_farooq: only the OTP shot asks for his code (a second request within a minute is refused)."""
ACTIVITY_SLUG = "dha-padel-doubles"
OTHER_MEMBER = "danish_m"
INVITE_CODE = "LRE64GL7"
NEW_PHONE = "03001234567"
URDU_READER = "+923000000007"
"""The member the Urdu shots are taken as: switched to Urdu on their profile first."""
URDU = "\u0627\u0631\u062f\u0648"
"""The switch's Urdu label: اردو."""
SCROLL_UNDER_HEADER = "(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72)"
"""Scroll so an element sits just under the 56px header."""
VENUE_SLUG = "court-nine-gulberg"
SHARED_COST_SLUG = "f7-padel-sunset"
"""Sara's mixed doubles at a venue: anyone may join at once, and each player pays a share."""
SHARED_COST_HOST = "+923000000016"
"""sara_k."""
EVENT_SLUG = "lhr-padel-americano"
"""Featured, with two tiers and pay at the door."""


@dataclass
class Run:
    base_url: str
    out: Path
    width: int
    height: int
    full_page: bool
    browser: Browser
    overflowing: list[str] = field(default_factory=list)
    contexts: dict[str, BrowserContext] = field(default_factory=dict)

    async def context(self, who: str | None) -> BrowserContext:
        """One browser context per person (a visitor when `who` is None, or a name that is not a phone
        number), signed in on first use."""
        key = who or "visitor"
        if key not in self.contexts:
            self.contexts[key] = await self.browser.new_context(
                viewport={"width": self.width, "height": self.height},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
            )
            if who is not None and who.startswith("+"):
                page = await self.contexts[key].new_page()
                await sign_in(page, self.base_url, who)
                await page.close()
        return self.contexts[key]

    async def page(self, who: str | None, path: str) -> Page:
        page = await (await self.context(who)).new_page()
        await page.goto(self.base_url + path, wait_until="networkidle")
        await settle(page)
        return page

    async def shoot(self, page: Page, name: str) -> None:
        await settle(page)
        await page.screenshot(path=str(self.out / f"{name}.png"), full_page=self.full_page)
        # A phone widens its layout to fit overflowing content, so compare with the screen, not innerWidth.
        if await page.evaluate(f"() => document.documentElement.scrollWidth > {self.width}"):
            self.overflowing.append(name)

    async def visit(self, name: str, path: str, who: str | None = None) -> None:
        page = await self.page(who, path)
        await self.shoot(page, name)
        await page.close()


async def settle(page: Page) -> None:
    """NiceGUI pages: the socket is connected; the plain public pages (welcome, sign-in) have none."""
    await page.wait_for_function("() => window.did_handshake === true || !document.getElementById('app')")
    await page.evaluate("() => document.fonts.ready")
    await page.wait_for_timeout(SETTLE_MS)


async def sign_in(page: Page, base_url: str, phone: str) -> None:
    """The real flow: phone number, then the code the development hint shows."""
    await page.goto(f"{base_url}/signin", wait_until="networkidle")
    await settle(page)
    await page.fill("input[type=tel]", phone)
    await send_code(page)
    await use_dev_code(page)
    await page.wait_for_url(re.compile(r"/(\?.*)?$"), timeout=15000)


async def send_code(page: Page) -> None:
    """Ask for the code; a number asked for within the last minute has to wait out the cooldown."""
    await page.get_by_role("button", name=re.compile("Send code")).click()
    cooldown = page.get_by_text("Wait a minute")
    await page.wait_for_timeout(1500)
    if await cooldown.count():
        await page.wait_for_timeout(RESEND_COOLDOWN_MS)
        await page.get_by_role("button", name=re.compile("Send code")).click()


async def use_dev_code(page: Page) -> None:
    await page.get_by_role("button", name=re.compile("Use this code")).click(timeout=20000)


# The shots ------------------------------------------------------------------------------------


async def welcome(run: Run) -> None:
    await run.visit("welcome", "/welcome")


async def home(run: Run) -> None:
    await run.visit("home", "/")


async def join(run: Run) -> None:
    await run.visit("join", f"/join/{INVITE_CODE}")


async def otp(run: Run) -> None:
    page = await run.page(None, "/signin")
    await page.fill("input[type=tel]", OTP_PHONE)
    await send_code(page)
    await page.get_by_role("button", name=re.compile("Use this code")).wait_for(timeout=20000)
    await run.shoot(page, "otp")
    await page.close()


async def setup(run: Run) -> None:
    """A new member joining with an invite lands on the first profile form (uses the invite up)."""
    context = await run.browser.new_context(
        viewport={"width": run.width, "height": run.height}, device_scale_factor=2, is_mobile=True
    )
    page = await context.new_page()
    await page.goto(f"{run.base_url}/join/{INVITE_CODE}", wait_until="networkidle")
    await settle(page)
    await page.fill("input[type=tel]", NEW_PHONE)
    await send_code(page)
    await use_dev_code(page)
    await page.wait_for_url(re.compile("/setup"), timeout=15000)
    await run.shoot(page, "setup")
    await context.close()


async def home_member(run: Run) -> None:
    await run.visit("home-member", "/", VIEWER)


async def explore(run: Run) -> None:
    await run.visit("explore", "/explore", VIEWER)
    page = await run.page(VIEWER, "/explore")
    await page.get_by_role("button", name="Map").click()
    await page.wait_for_timeout(1500)
    await run.shoot(page, "explore-map")
    await page.close()
    await run.visit("explore-people", "/explore?tab=people", VIEWER)


async def activity(run: Run) -> None:
    """Fatima asks to join Danish's game (and Usman too, for the inbox), then the pending state."""
    for who in (VIEWER, SECOND_REQUESTER):
        page = await run.page(who, f"/a/{ACTIVITY_SLUG}")
        ask = page.get_by_role("button", name=re.compile("Request to join|Join the waitlist"))
        if await ask.count():
            await ask.first.click()
            await page.wait_for_timeout(1200)
        if who == VIEWER:
            await run.shoot(page, "activity")
        await page.close()


async def share(run: Run) -> None:
    await run.visit("share", f"/a/{ACTIVITY_SLUG}")


async def inbox(run: Run) -> None:
    await run.visit("inbox", "/inbox", HOST)
    await run.visit("notifications", "/notifications", HOST)
    await run.visit("activity-host", f"/a/{ACTIVITY_SLUG}", HOST)


async def create(run: Run) -> None:
    page = await run.page(VIEWER, "/create")
    await run.shoot(page, "create-1")
    await page.get_by_role("radio", name=re.compile("Padel")).click()
    await page.wait_for_timeout(500)  # picking the kind draws the step again
    await page.get_by_label("Title").fill("Padel doubles tonight, need 2")
    await page.wait_for_timeout(500)  # the title reaches the server before Next asks for it
    await run.shoot(page, "create-1-filled")
    answers: list[Callable[[Page], Awaitable[None]]] = [
        lambda p: p.wait_for_timeout(0),
        lambda p: p.get_by_label("Place").fill("Baseline Padel, DHA Phase 6"),
        lambda p: p.wait_for_timeout(0),
        lambda p: p.wait_for_timeout(0),
    ]
    for number, answer in enumerate(answers, start=2):
        await page.get_by_role("button", name="Next").click()
        await page.get_by_text(f"Step {number} of 6").wait_for()
        await answer(page)
        await run.shoot(page, f"create-{number}")
    await page.get_by_role("button", name="Next").click()
    await run.shoot(page, "create-6")
    await page.close()


async def profile(run: Run) -> None:
    await run.visit("profile", "/me", VIEWER)
    await run.visit("profile-other", f"/u/{OTHER_MEMBER}", VIEWER)
    await run.visit("profile-edit", "/me/edit", VIEWER)


async def circles(run: Run) -> None:
    await run.visit("circles", "/circles", VIEWER)
    await run.visit("create-event", "/create/event", VIEWER)


async def urdu(run: Run) -> None:
    """A member who reads Scene in Urdu (right to left), and a visitor opening an Urdu sharer's link."""
    page = await run.page(URDU_READER, "/me")
    if await page.evaluate("() => document.documentElement.lang") != "ur":
        await page.get_by_text(URDU, exact=True).click()
        await page.wait_for_function("() => document.documentElement.lang === 'ur'", timeout=15000)
    await page.close()
    await run.visit("home-ur", "/", URDU_READER)
    await run.visit("profile-ur", "/me", URDU_READER)
    await run.visit("share-ur", f"/a/{ACTIVITY_SLUG}?lang=ur", "visitor-ur")
    await run.visit("welcome-ur", "/welcome", "visitor-ur")


async def places(run: Run) -> None:
    await run.visit("explore-places", "/explore?tab=places", VIEWER)
    await run.visit("explore-events", "/explore?tab=events", VIEWER)


async def booking(run: Run) -> None:
    """The venue, a slot picked for tomorrow, the hold, paying with JazzCash in the sandbox and the
    confirmation it comes back to, then a second slot paid at the venue and the list of bookings."""
    page = await run.page(VIEWER, f"/venues/{VENUE_SLUG}")
    await run.shoot(page, "venue")
    await pick_slot(page, "1 hr 30 min", "Court 2", "8:00 pm")
    await page.get_by_text("Book a court").evaluate(SCROLL_UNDER_HEADER)
    await run.shoot(page, "venue-slots")
    await page.get_by_role("button", name="Hold this slot").click()
    await page.wait_for_url(re.compile(r"/bookings/"))
    await run.shoot(page, "hold")
    await page.get_by_role("button", name=re.compile(r"^Pay Rs .* with JazzCash$")).click()
    await page.wait_for_url(re.compile(r"/sandbox/"))
    await page.get_by_role("button", name="Approve").click()
    await page.wait_for_url(re.compile(r"/payments/"), timeout=20000)
    await page.get_by_role("heading", name="Payment received").wait_for(timeout=20000)
    await run.shoot(page, "payment-return")
    await page.goto(f"{run.base_url}/venues/{VENUE_SLUG}", wait_until="networkidle")
    await settle(page)
    await pick_slot(page, "1 hr", "Court 1", "9:00 pm")
    await page.get_by_role("button", name="Hold this slot").click()
    await page.wait_for_url(re.compile(r"/bookings/"))
    await page.get_by_role("button", name="Pay at the venue").click()
    await page.get_by_text("Show this at the desk").wait_for()
    await page.reload(wait_until="networkidle")  # without the toast
    await run.shoot(page, "booking")
    await page.close()
    await run.visit("bookings", "/me/bookings", VIEWER)


async def pick_slot(page: Page, length: str, court: str, wanted: str) -> None:
    """Tomorrow, `length`, and `court`'s slot at `wanted` (or its first free one, on a second run)."""
    tomorrow = to_local(utcnow()).date() + timedelta(days=1)
    await page.get_by_role("button", name=short_date(tomorrow), exact=True).click()
    await page.get_by_role("button", name=length, exact=True).click()
    await page.wait_for_timeout(800)
    time_chip = page.get_by_role("button", name=wanted, exact=True)
    if await time_chip.count():
        await time_chip.first.click()
    else:
        await page.get_by_role("button", name="By court").click()
    await page.wait_for_timeout(500)
    slot = page.get_by_role("button", name=re.compile(rf"^{court} {wanted} "))
    if not await slot.count():
        slot = page.get_by_role("button", name=re.compile(rf"^{court} \d"))
    await slot.first.click()
    await page.get_by_role("button", name="Hold this slot").wait_for()


async def events(run: Run) -> None:
    """The event as a member sees it, two tickets paid at the door, my tickets, the visitor's preview."""
    page = await run.page(VIEWER, f"/e/{EVENT_SLUG}")
    await run.shoot(page, "event")
    await page.get_by_role("radio", name=re.compile("Spectator")).click()
    await page.get_by_role("button", name="One more").click()
    await page.get_by_role("button", name="Reserve, pay at the door").click()
    await page.wait_for_url(re.compile(r"/orders/"))
    await page.close()
    await run.visit("tickets", "/me/tickets", VIEWER)
    await run.visit("share-event", f"/e/{EVENT_SLUG}")


async def court(run: Run) -> None:
    """Danish holds a court at Baseline for his padel match while it fills, then the held court."""
    page = await run.page(HOST, f"/a/{ACTIVITY_SLUG}")
    held = page.get_by_text("Court held", exact=True)
    if not await held.count():
        await page.get_by_text(re.compile("^Hold a court at")).evaluate(SCROLL_UNDER_HEADER)
        await run.shoot(page, "activity-court")
        await page.get_by_role("button", name=re.compile(r"\u00b7 Rs ")).first.click()
        await page.get_by_role("button", name=re.compile("^Hold .+ at ")).click()
        await held.wait_for(timeout=15000)
    await held.evaluate(SCROLL_UNDER_HEADER)
    await run.shoot(page, "activity-court-held")
    await page.close()


async def shares(run: Run) -> None:
    """Fatima joins Sara's match, which splits the court: her share; then Sara's list of who paid."""
    page = await run.page(VIEWER, f"/a/{SHARED_COST_SLUG}")
    join = page.get_by_role("button", name=re.compile("^Join"))
    if await join.count():
        await join.first.click()
    share = page.get_by_text(re.compile("^Your share: Rs"))
    await share.wait_for(timeout=15000)
    await share.evaluate(SCROLL_UNDER_HEADER)
    await run.shoot(page, "activity-share")
    await page.close()
    page = await run.page(SHARED_COST_HOST, f"/a/{SHARED_COST_SLUG}")
    await page.get_by_text("Who has paid", exact=True).evaluate(SCROLL_UNDER_HEADER)
    await run.shoot(page, "activity-who-paid")
    await page.close()


async def weekly(run: Run) -> None:
    """A slot at Court Nine repeated weekly: the preview of the weeks, then the series once booked."""
    page = await run.page(VIEWER, f"/venues/{VENUE_SLUG}")
    await pick_slot(page, "1 hr", "Court 3", "7:00 am")
    await page.get_by_role("button", name="Repeat weekly").click()
    await page.get_by_text("How many weeks").wait_for()
    await run.shoot(page, "series-planner")
    await page.get_by_role("button", name="Book these weeks").click()
    await page.wait_for_url(re.compile(r"/bookings/series/"), timeout=15000)
    await run.shoot(page, "series")
    await page.close()


async def hosting(run: Run) -> None:
    """Hosting at a venue from the venue page: the wizard's place step with Court Nine picked."""
    page = await run.page(VIEWER, f"/create?venue={VENUE_SLUG}")
    await page.get_by_role("radio", name=re.compile("Padel")).click()
    await page.wait_for_timeout(500)  # picking the kind draws the step again
    await page.get_by_label("Title").fill("Padel doubles at Court Nine")
    await page.wait_for_timeout(500)  # the title reaches the server before Next asks for it
    for number in (2, 3):
        await page.get_by_role("button", name="Next").click()
        await page.get_by_text(f"Step {number} of 6").wait_for()
    await run.shoot(page, "create-at-venue")
    await page.close()


async def urdu_more(run: Run) -> None:
    """Usman reads Scene in Urdu (his profile says so): a venue with its own hours for Ramadan
    nights, an event, and his bookings."""
    await run.visit("venue-ur", f"/venues/{VENUE_SLUG}", URDU_READER)
    await run.visit("event-ur", f"/e/{EVENT_SLUG}", URDU_READER)
    await run.visit("bookings-ur", "/me/bookings", URDU_READER)


SHOTS: dict[str, Callable[[Run], Awaitable[None]]] = {
    "welcome": welcome,
    "home": home,
    "join": join,
    "otp": otp,
    "share": share,
    "home-member": home_member,
    "explore": explore,
    "activity": activity,
    "inbox": inbox,
    "create": create,
    "profile": profile,
    "circles": circles,
    "setup": setup,
    "urdu": urdu,
    "places": places,
    "booking": booking,
    "events": events,
    "court": court,
    "shares": shares,
    "weekly": weekly,
    "hosting": hosting,
    "urdu-more": urdu_more,
}
"""Shot name -> what to do; some save several pictures (explore: list, map and people)."""


async def capture(
    base_url: str, names: list[str], *, out: Path, width: int, height: int, full_page: bool = False
) -> list[str]:
    """Save the PNGs; return the names of pages that overflow sideways."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        run = Run(base_url, out, width, height, full_page, browser)
        try:
            for name in names:
                await SHOTS[name](run)
        finally:
            await browser.close()
    return run.overflowing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url", help="where the UI runs, e.g. http://127.0.0.1:8080")
    parser.add_argument("shots", nargs="*", help=f"shots to take, of {', '.join(SHOTS)} (default: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the screen")
    args = parser.parse_args()
    names = args.shots or list(SHOTS)
    args.out.mkdir(parents=True, exist_ok=True)
    if unknown := set(names) - SHOTS.keys():
        parser.error(f"unknown shots: {', '.join(sorted(unknown))}")
    overflowing = asyncio.run(
        capture(
            args.base_url.rstrip("/"),
            names,
            out=args.out,
            width=args.width,
            height=args.height,
            full_page=args.full_page,
        )
    )
    print(f"saved {', '.join(names)} to {args.out}")
    if overflowing:
        sys.exit(f"wider than {args.width}px: {', '.join(overflowing)}")


if __name__ == "__main__":
    main()

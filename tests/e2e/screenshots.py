"""Screenshots of running pages at phone size, in Debian's headless chromium (not a test: a script).

    uv run python tests/e2e/screenshots.py http://127.0.0.1:8080
    uv run python tests/e2e/screenshots.py http://127.0.0.1:8080 home --width 360 --full-page --out /tmp/shots

Saves `<out>/<name>.png` for each page (default: all of PAGES) and names any page whose content
is wider than the screen, which a phone would show as sideways scrolling.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from playwright.async_api import Browser, async_playwright

PAGES = {"home": "/"}
"""Screenshot name -> path."""

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
SETTLE_MS = 600
"""After the socket connects: time for Tailwind to style the page and fonts to swap in."""


async def capture(
    base_url: str, names: list[str], *, out: Path, width: int, height: int, full_page: bool = False
) -> list[str]:
    """Save one PNG per page; return the names of pages that overflow sideways."""
    overflowing = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in names:
                url, path = base_url + PAGES[name], out / f"{name}.png"
                if await _shoot(browser, url, path, width, height, full_page=full_page):
                    overflowing.append(name)
        finally:
            await browser.close()
    return overflowing


async def _shoot(browser: Browser, url: str, path: Path, width: int, height: int, *, full_page: bool) -> bool:
    context = await browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="networkidle")
        await page.wait_for_function("() => window.did_handshake === true")
        await page.evaluate("() => document.fonts.ready")
        await page.wait_for_timeout(SETTLE_MS)
        await page.screenshot(path=str(path), full_page=full_page)
        # A phone widens its layout to fit overflowing content, so compare with the screen, not innerWidth.
        return bool(await page.evaluate(f"() => document.documentElement.scrollWidth > {width}"))
    finally:
        await context.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url", help="where the UI runs, e.g. http://127.0.0.1:8080")
    parser.add_argument("pages", nargs="*", help=f"pages to shoot, of {', '.join(PAGES)} (default: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=844)
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the screen")
    args = parser.parse_args()
    names = args.pages or list(PAGES)
    args.out.mkdir(parents=True, exist_ok=True)
    if unknown := set(names) - PAGES.keys():
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
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

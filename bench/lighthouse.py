"""UI: Lighthouse's scores for the public pages and the signed-in home, explore and venue pages.

    uv run python bench/lighthouse.py                  # every page, 2 runs each (~10 min)
    uv run python bench/lighthouse.py --runs 3 --only /welcome /explore

Lighthouse is the npm registry's CLI at `LIGHTHOUSE_VERSION`, installed once into
`~/.cache/scene-bench/lighthouse-<version>` (outside the repository: no node_modules here) with
`npm install --save-exact`. It drives Debian's chromium (`CHROME_PATH=/usr/bin/chromium`, headless)
with its default mobile preset: a Moto G Power sized screen, simulated slow 4G (150 ms, 1.6 Mbit/s)
and a 4x slower CPU, one cold navigation per run (a new browser profile: empty cache, no service
worker). Simulated throttling estimates the metrics from the page's trace, so the busy machine moves
them less than real throttling would, but it still moves them: run more than once and give ranges.

The UI runs as bench/ui.py runs it (`scene ui` and `scene worker` on the large data, plus bench/ui.py's
published event). Signed-in pages: a member signs in through the real sign-in screen in a Playwright
browser (bench/ui.py's `sign_in`); its cookies go to Lighthouse as a `Cookie` header
(`--extra-headers`). Each page is fetched once first (a server in use has served it before). The large
data names a photo for every venue but stores none: each picture named in those pages' HTML that the
bucket lacks gets a stand-in 1200x675 JPEG (~120 KB), so the venue cover is a real largest paint, as in
production (pictures a page adds later over its socket, like the home's venue cards, still 404).

Figures per run: the four category scores, FCP, LCP, TBT, CLS, Lighthouse's benchmark index (how fast
this machine was at that moment), and the audits that failed (score under 0.9, metrics aside). Saved
with the machine description to bench/out/lighthouse.json.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import re
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
from _common import OUT_DIR, ensure_data, report, servers, table
from jobs import worker_child
from PIL import Image, ImageDraw
from playwright.async_api import async_playwright

from scene_api.config import Settings
from scene_api.lib.media import stored_key
from scene_api.lib.storage import Storage
from ui import CHROMIUM, CHROMIUM_ARGS, PHONE, Screen, Seeded, seeded, sign_in, ui_child
from ui import PAGES as PAGE_LOADS

LIGHTHOUSE_VERSION = "12.8.2"
"""The newest that runs on the machine's Node 20 (13 wants Node 22.19); 12.2.3 could not read this
chromium's (156) traces: no LCP element, no image audits."""
LIGHTHOUSE_DIR = Path.home() / ".cache" / "scene-bench" / f"lighthouse-{LIGHTHOUSE_VERSION}"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "FCP ms": "first-contentful-paint",
    "LCP ms": "largest-contentful-paint",
    "TBT ms": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}
REPORTS = OUT_DIR / "lighthouse"
"""Each run's full report (Lighthouse's JSON, its own viewer opens it)."""
MEDIA_PATH = re.compile(r"/media/([\w./-]+)")
"""A stored picture's path in a page: in an <img> of a plain page, in the element data of a NiceGUI one."""
PHOTO_PIXELS = (1200, 675)
TRIES = 3
PASSING = 0.9
"""Lighthouse shows an audit in green from 0.9."""

PAGES = (
    *(screen for screen in PAGE_LOADS if screen.name != "home, visitor"),  # bench/ui.py's, as the issue asks
    Screen("explore, signed in", "/explore", signed_in=True),
    Screen("venue, signed in", "/venues/{slug}", signed_in=True),
)


def install_lighthouse() -> None:
    """The pinned CLI in the cache directory, unless it is there already."""
    if LIGHTHOUSE.exists():
        return
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603
        ["npm", "install", "--save-exact", "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],  # noqa: S607
        cwd=LIGHTHOUSE_DIR,
        check=True,
    )


def lighthouse(url: str, cookie: str | None, output: Path) -> dict[str, Any]:
    """One Lighthouse run of `url` (mobile preset): its JSON report, kept at `output`. On the busy machine
    Lighthouse sometimes gives up waiting for chromium (a DevTools call past its time limit): such a run
    is made again, up to `TRIES` times in all."""
    for attempt in range(1, TRIES + 1):
        try:
            return lighthouse_once(url, cookie, output)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, LighthouseGaveUp) as failed:
            print(f"{url}: Lighthouse failed (try {attempt} of {TRIES}): {failed}", flush=True)
    raise SystemExit(f"Lighthouse could not measure {url} in {TRIES} tries")


class LighthouseGaveUp(Exception):
    """The report says Lighthouse could not measure the page (its `runtimeError`)."""


def lighthouse_once(url: str, cookie: str | None, output: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="scene-lighthouse-") as scratch:
        argv = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--max-wait-for-load=60000",
        ]
        if cookie:
            argv.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": scratch}
        subprocess.run(argv, env=env, check=True, timeout=300)  # noqa: S603
    result: dict[str, Any] = json.loads(output.read_text())
    if "runtimeError" in result:
        raise LighthouseGaveUp(f"{result['runtimeError']} (see {output})")
    return result


def failing_audits(result: dict[str, Any]) -> list[str]:
    """Ids of the scored audits under `PASSING`, the metrics themselves aside."""
    metric_ids = {
        ref["id"] for ref in result["categories"]["performance"]["auditRefs"] if ref.get("group") == "metrics"
    }
    return sorted(
        audit_id
        for audit_id, audit in result["audits"].items()
        if audit.get("score") is not None
        and audit["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
        and audit["score"] < PASSING
        and audit_id not in metric_ids
    )


def summary(result: dict[str, Any]) -> dict[str, Any]:
    audits = result["audits"]
    scores = {category: result["categories"][category]["score"] for category in CATEGORIES}
    row: dict[str, Any] = {
        category: None if score is None else round(score * 100) for category, score in scores.items()
    }
    for name, audit_id in METRICS.items():
        value = audits[audit_id]["numericValue"]
        row[name] = round(value, 3) if name == "CLS" else round(value)
    row["benchmark index"] = round(result["environment"]["benchmarkIndex"])
    return row


async def signed_in_cookie(base_url: str, phone: str) -> str:
    """The cookies a browser holds after the real sign-in, as a `Cookie` header."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(**PHONE)
            await sign_in(context, base_url, phone)
            cookies = await context.cookies(base_url)
        finally:
            await browser.close()
    return "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in cookies)


async def warm_up(urls: list[tuple[str, str | None]]) -> set[str]:
    """Every page asked for once (a server in use has served each before); a failing page stops here.
    Returns the bucket keys of the pictures the pages show."""
    keys: set[str] = set()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        for url, cookie in urls:
            headers = {"Cookie": cookie} if cookie else {}
            async with http.get(url, headers=headers, allow_redirects=False) as answer:
                html = await answer.text()
                if answer.status != 200:
                    raise SystemExit(f"{url} answered {answer.status} {answer.headers.get('location', '')}")
            keys.update(key for key in map(stored_key, MEDIA_PATH.findall(html)) if key)
    return keys


def stand_in_photo() -> bytes:
    """A 1200x675 JPEG with as much detail as a phone photo of a court (~100 KB), the same every run."""
    rng = random.Random(19)
    image = Image.new("RGB", PHOTO_PIXELS, (24, 70, 96))
    draw = ImageDraw.Draw(image)
    width, height = PHOTO_PIXELS
    for _ in range(1500):
        x, y, radius = rng.randrange(width), rng.randrange(height), rng.randrange(4, 60)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    photo = io.BytesIO()
    image.save(photo, "JPEG", quality=80)
    return photo.getvalue()


async def store_missing_pictures(settings: Settings, keys: set[str]) -> int:
    """The large data names a photo for every venue but stores none: each picture the pages show that the
    bucket lacks gets the stand-in, so the cover is the real largest paint and no 404 lands in the
    console. Returns how many were stored (they stay, like the data)."""
    storage = Storage.of(settings)
    await storage.ensure_bucket()
    missing = [key for key in sorted(keys) if await storage.get(key) is None]
    photo = stand_in_photo()
    for key in missing:
        await storage.put(key, photo, "image/jpeg")
    return len(missing)


async def seeded_targets(base_url: str, settings: Settings, pages: list[Screen], runs: int) -> dict[str, Any]:
    async with seeded(settings) as data:
        signing_in = any(page.signed_in for page in pages)
        cookie = await signed_in_cookie(base_url, data.member_phone) if signing_in else None
        targets = [
            (page, base_url + path_of(page, data), cookie if page.signed_in else None) for page in pages
        ]
        pictures = await warm_up([(url, page_cookie) for _, url, page_cookie in targets])
        stored = await store_missing_pictures(settings, pictures)
        print(f"pictures on the pages: {len(pictures)}, stand-in photos stored now: {stored}")
        return measure(targets, data, runs)


def path_of(page: Screen, data: Seeded) -> str:
    slug_route = page.route.replace("/venues/", "/v/")  # the signed-in venue page opens the same venue
    return page.route.format(slug=data.slugs.get(slug_route, ""))


def measure(targets: list[tuple[Screen, str, str | None]], data: Seeded, runs: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    failing: dict[str, Counter[str]] = {}
    titles: dict[str, str] = {}
    for page, url, cookie in targets:
        failing[page.name] = Counter()
        for run in range(1, runs + 1):
            output = REPORTS / f"{page.name.replace(' ', '_').replace(',', '')}-{run}.json"
            result = lighthouse(url, cookie, output)
            rows.append({"page": page.name, "path": path_of(page, data), "run": run, **summary(result)})
            print(table([rows[-1]]), flush=True)
            for audit_id in failing_audits(result):
                failing[page.name][audit_id] += 1
                audit = result["audits"][audit_id]
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                titles[audit_id] = audit["title"] + shown
    counts = {page: dict(audits) for page, audits in failing.items()}
    return {"runs": rows, "failing": counts, "titles": titles}


def ranges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per page: each figure as `low-high` over its runs."""
    by_page: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_page.setdefault(row["page"], []).append(row)
    figures = [*CATEGORIES, *METRICS, "benchmark index"]
    out = []
    for page, page_rows in by_page.items():
        line: dict[str, Any] = {"page": page, "path": page_rows[0]["path"]}
        for figure in figures:
            values = [row[figure] for row in page_rows if row[figure] is not None]
            if not values:  # Lighthouse gave no score (its report says why)
                line[figure] = "-"
                continue
            low, high = min(values), max(values)
            line[figure] = f"{low}" if low == high else f"{low}-{high}"
        out.append(line)
    return out


def top_failing(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each failing audit with the pages it failed on (in how many of their runs), most pages first."""
    pages_of: dict[str, list[str]] = {}
    for page, counts in results["failing"].items():
        for audit_id, times in counts.items():
            pages_of.setdefault(audit_id, []).append(f"{page} ({times})")
    ordered = sorted(pages_of.items(), key=lambda item: (-len(item[1]), item[0]))
    return [
        {"audit": audit_id, "last seen": results["titles"][audit_id], "pages (runs)": ", ".join(pages)}
        for audit_id, pages in ordered
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=2, help="Lighthouse runs per page")
    parser.add_argument("--only", nargs="+", metavar="ROUTE", help="routes to measure, as in PAGES")
    parser.add_argument("--scale", type=float, default=1.0, help="data scale (generated when missing)")
    args = parser.parse_args()
    pages = [page for page in PAGES if not args.only or page.route in args.only]
    started = time.perf_counter()
    install_lighthouse()
    REPORTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    with servers() as settings:
        ensure_data(settings, args.scale)
        with worker_child(settings), ui_child(settings) as ui:
            results = asyncio.run(seeded_targets(ui.url, settings, pages, args.runs))
    load_after = os.getloadavg()
    print(f"\n## Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, {args.runs} run(s) per page\n")
    print(table(ranges(results["runs"])))
    print("\n## Failing audits (score under 0.9)\n")
    print(table(top_failing(results)))
    loads = " / ".join(f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}" for load in (load_before, load_after))
    print(f"\nload average before / after: {loads}")
    load = {"load": [load_before, load_after]}
    report("lighthouse", {"settings": vars(args), "lighthouse": LIGHTHOUSE_VERSION, **load, **results})
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

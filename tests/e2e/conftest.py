"""Browser fixtures: the real UI served by `scene ui` on a free port over the test's database, Redis and
S3, and Debian's headless chromium driven by Playwright at phone size."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Frame, Page, ViewportSize, async_playwright, expect

from scene_api.config import Settings
from scene_api.lib.embedded import free_port
from scene_api.runtime import Runtime

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
HAVE_CHROMIUM = Path(CHROMIUM).exists()
NO_CHROMIUM = f"no chromium at {CHROMIUM}"
"""How a browser test's skip reason starts when chromium is missing; the run's summary counts them."""
PHONE_SIZE: ViewportSize = {"width": 390, "height": 844}
START_SECONDS = 40.0
PRELOADED = Path(__file__).with_name("ui_preloaded.py")
SETTLE_MS = 500
"""After the socket connects: time for Tailwind to style the page and fonts to swap in."""

expect.set_options(timeout=15_000)
"""As long as every other wait here (`set_default_timeout`): Playwright's 5 s default for `expect` was
too short for a page reloading after a reconnect on a loaded CI machine."""

NewPhone = Callable[..., Awaitable[Page]]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """A run without chromium still ends green; say loudly at the end that the browser tests did not run."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and NO_CHROMIUM in report.longrepr[2]
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} BROWSER TESTS DID NOT RUN: {NO_CHROMIUM} (apt-get install -y chromium)",
            red=True,
            bold=True,
        )


def scene_variables(settings: Settings, port: int) -> dict[str, str]:
    """The test's settings as the SCENE_* variables `scene ui` reads."""
    variables = {
        f"SCENE_{setting.name.upper()}": str(getattr(settings, setting.name))
        for setting in fields(settings)
        if setting.name != "extra"
    }
    return variables | {"SCENE_UI_PORT": str(port), "SCENE_HOST": "127.0.0.1", "SCENE_LOG_LEVEL": "WARNING"}


def outside_pytest() -> dict[str, str]:
    """This process's environment without pytest's own variables (NiceGUI would think it runs inside a
    test and expect its screen-test harness)."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}


@dataclass
class UiProcesses:
    """`scene ui` processes started a step ahead of the browser tests that take them.

    Each runs `ui_preloaded.py`: it imports the app (seconds of CPU, most of a start) while the test
    before runs, then waits for its test's settings. `close` ends the one left waiting."""

    logs: Path
    _waiting: tuple[subprocess.Popen[bytes], Path] | None = None

    def _spawn(self) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.logs / f"ui-{uuid.uuid4().hex[:12]}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(  # noqa: S603 (this repository's own script)
                [sys.executable, str(PRELOADED)],
                env=outside_pytest(),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return process, log

    def serve(self, settings: Settings, port: int) -> tuple[subprocess.Popen[bytes], Path]:
        """A process (the one waiting, if it is still alive) serving `settings` on `port`."""
        waiting, self._waiting = self._waiting, None
        process, log = waiting if waiting and waiting[0].poll() is None else self._spawn()
        assert process.stdin is not None
        process.stdin.write((json.dumps(scene_variables(settings, port)) + "\n").encode())
        process.stdin.close()
        return process, log

    def start_next(self) -> None:
        """Start importing the next test's UI (called once this test's UI answers, not to slow it)."""
        if self._waiting is None:
            self._waiting = self._spawn()

    def close(self) -> None:
        if self._waiting is not None:
            process, _ = self._waiting
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def ui_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiProcesses]:
    processes = UiProcesses(tmp_path_factory.mktemp("ui-logs"))
    try:
        yield processes
    finally:
        processes.close()


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


async def _start_ui(
    processes: UiProcesses, settings: Settings, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = port or free_port()
    process, log = processes.serve(settings, port)
    url = f"http://127.0.0.1:{port}"
    deadline = asyncio.get_running_loop().time() + START_SECONDS
    async with httpx.AsyncClient(timeout=5) as http:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the UI exited with {process.returncode}: {_tail(log)}")
            try:
                if (await http.get(f"{url}/welcome")).status_code == 200:
                    processes.start_next()
                    return process, url
            except httpx.HTTPError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                process.kill()
                raise RuntimeError(f"the UI did not answer in {START_SECONDS}s: {_tail(log)}")
            await asyncio.sleep(0.3)


async def _stop_ui(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        await asyncio.to_thread(process.wait, 10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
async def ui_url(settings: Settings, runtime: Runtime, ui_processes: UiProcesses) -> AsyncIterator[str]:
    """The UI as `scene ui` serves it, in its own process (as in production), on the test's services.

    Depends on `runtime` so the test bucket exists first. A start that fails is tried once more
    (a free port can be taken by another process between choosing and binding it)."""
    try:
        process, url = await _start_ui(ui_processes, settings)
    except RuntimeError:
        process, url = await _start_ui(ui_processes, settings)
    try:
        yield url
    finally:
        await _stop_ui(process)


@dataclass(frozen=True)
class Stack:
    ui: str
    api: str


@pytest.fixture
async def ui_and_api(settings: Settings, runtime: Runtime, ui_processes: UiProcesses) -> AsyncIterator[Stack]:
    """The UI (its own process) and the API (uvicorn in a thread) on ports chosen together and wired to
    each other as in production: a checkout leaves for the API's payment sandbox, whose way back lands
    on the UI's `/payments/{id}`. Each start that fails is tried once more, on new ports."""
    import uvicorn

    from scene_api.app import create_app

    for attempt in (1, 2):
        ui_port, api_port = free_port(), free_port()
        wired = replace(
            settings,
            public_url=f"http://127.0.0.1:{ui_port}",
            api_port=api_port,
            api_public_url=f"http://127.0.0.1:{api_port}",
        )
        server = uvicorn.Server(
            uvicorn.Config(create_app(wired), host="127.0.0.1", port=api_port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                break
            await asyncio.sleep(0.05)
        try:
            if not thread.is_alive():
                raise RuntimeError("the API did not start")
            process, url = await _start_ui(ui_processes, wired, ui_port)
            break
        except RuntimeError:
            server.should_exit = True
            await asyncio.to_thread(thread.join, 10)
            if attempt == 2:
                raise
    try:
        yield Stack(ui=url, api=wired.api_public_url)
    finally:
        await _stop_ui(process)
        server.should_exit = True
        await asyncio.to_thread(thread.join, 10)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not HAVE_CHROMIUM:
        pytest.skip(f"{NO_CHROMIUM} (apt-get install -y chromium)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def new_phone(browser: Browser) -> AsyncIterator[NewPhone]:
    """`page = await new_phone()`: a fresh phone-sized browser (its own cookies) with one tab."""
    contexts: list[BrowserContext] = []

    async def open_phone(width: int = PHONE_SIZE["width"], height: int = PHONE_SIZE["height"]) -> Page:
        context = await browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = await context.new_page()
        log_for_failures(page)
        return page

    yield open_phone
    for context in contexts:
        await context.close()


def log_for_failures(page: Page) -> None:
    """What the page logged and where it went, printed: pytest shows it under a failed test's captured
    output (CI's log is often all there is to go on)."""

    def navigated(frame: Frame) -> None:
        if frame is page.main_frame:
            print(f"page at {frame.url}")

    page.on("console", lambda message: print(f"page console {message.type}: {message.text}"))
    page.on("framenavigated", navigated)


async def settle(page: Page, settle_ms: int = SETTLE_MS) -> None:
    """The page's socket is connected, fonts are in and Tailwind has styled it. The plain public pages
    (`scene_ui.public`: share links, welcome, the first sign-in step) have no NiceGUI app to wait for.
    `settle_ms=0` for a test that reads the page rather than looks at it."""
    await page.wait_for_function("() => window.did_handshake === true || !document.getElementById('app')")
    await page.evaluate("() => document.fonts.ready")
    await page.wait_for_timeout(settle_ms)


async def goto(page: Page, url: str, settle_ms: int = SETTLE_MS) -> None:
    await page.goto(url, wait_until="networkidle")
    await settle(page, settle_ms)


async def back_past_the_window(page: Page) -> None:
    """An offline phone comes back to a server that no longer has its page (away longer than the
    reconnect window), and the page is opened again. Simulated without waiting 5 minutes: the page's
    reconnect names a client id the server never had, which takes NiceGUI's path for a page the server
    deleted ("Implicit handshake failed"). A page marked with `window.sceneMarker` has lost the mark."""
    await page.evaluate("() => { window.socket.io.opts.query.client_id = 'deleted-by-the-server'; }")
    await page.context.set_offline(False)
    await page.wait_for_function("() => window.sceneMarker === undefined && window.did_handshake === true")
    await settle(page, 0)


async def sign_in(page: Page, base_url: str, phone: str, *, next_path: str = "/") -> None:
    """The real flow: the phone number, then the code the development hint reads from the SMS outbox
    (the `worker` fixture sends it there)."""
    await goto(page, f"{base_url}/signin?next={next_path}")
    await page.fill("input[type=tel]", phone)
    await page.get_by_role("button", name=re.compile("Send code")).click()
    await page.get_by_role("button", name=re.compile("Use this code")).click(timeout=20_000)
    await page.wait_for_url(lambda url: urlsplit(url).path == next_path, timeout=15_000)
    await settle(page)

"""A member's network drops on a page (issue 20, item 1): the page stays, what was typed stays, a tap made
offline goes through once when the phone is back, and our offline bar says so in the member's language.

How the drop is simulated: `context.set_offline(True)` is DevTools' offline emulation. In the chromium
these tests run (Debian's, 156), it closes the page's open WebSocket at once (socket.io reports
"transport close"), refuses new connections with net::ERR_INTERNET_DISCONNECTED and fires the window's
`offline`/`online` events: the server sees the socket go and starts its reconnect window, as for a
phone losing its signal. What it does not show is a socket left half-open (a NAT forgetting it, the
phone changing network without the browser noticing): that one is found by the heartbeat
(`scene_ui.connection.PING_INTERVAL`/`PING_TIMEOUT`, checked in tests/ui/test_connection.py).

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_connection_drops.py

also saves the offline bar at phone size in English and Urdu (offline-bar.png, offline-bar-ur.png)."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from playwright.async_api import Page, Route, WebSocketRoute, expect
from tests.e2e.conftest import back_past_the_window, goto, sign_in
from tests.helpers import PHONES, create_member, english
from tests.ui.desk import book, open_venue
from tests.ui.people import host_activity
from tests.venues import next_half_hour

from scene_api.db import models as m
from scene_api.i18n import en, ur
from scene_api.lib.timezone import to_local
from scene_api.runtime import Runtime

pytestmark = pytest.mark.e2e

EN = en.MESSAGES["connection"]
UR = ur.MESSAGES["connection"]
EN_PWA = en.MESSAGES["pwa"]
SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
MARK_THE_WINDOW = "() => { window.sceneMarker = 'before the drop'; }"
"""A page that was reloaded has lost this: the page the member came back to is the one they left."""
MARKER = "() => window.sceneMarker"
BAR = ".scene-connection"
FIRST_TRANSPORT = """() => {
  const transport = window.socket.io.opts.transports[0];
  return typeof transport === "string" ? transport : transport.prototype.name;
}"""
SAYS = ".scene-connection span"


async def join_requests(runtime: Runtime, member: m.User) -> list[m.JoinRequest]:
    async with runtime.session_factory() as session:
        found = await session.scalars(sa.select(m.JoinRequest).where(m.JoinRequest.user_id == member.id))
        return list(found)


async def shot(page: Page, name: str) -> None:
    if SHOTS_DIR:
        await page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"))


async def on_the_activity_page(
    runtime: Runtime, ui_url: str, page: Page, **member: Any
) -> tuple[m.User, str]:
    host = await create_member(runtime, PHONES[4], handle="danish_m", name="Danish Mirza", city=m.City.LAHORE)
    game = await host_activity(runtime, host)
    who = await create_member(
        runtime, PHONES[3], handle="sana_k", name="Sana Khan", city=m.City.LAHORE, **member
    )
    await sign_in(page, ui_url, PHONES[3], next_path=f"/activities/{game.id}")
    await page.evaluate(MARK_THE_WINDOW)
    return who, f"/activities/{game.id}"


async def test_a_drop_of_5_s_keeps_the_typing_and_a_tap_made_offline_goes_through_once(
    runtime, worker, ui_url, new_phone
):
    page = await new_phone()
    member, _ = await on_the_activity_page(runtime, ui_url, page)
    note = page.get_by_placeholder("Add a note for the host (optional)")
    await note.press_sequentially("Can bring")

    await page.context.set_offline(True)
    await expect(page.locator(SAYS)).to_have_text(EN["offline"])
    await expect(page.locator("#popup")).to_be_hidden()  # NiceGUI's own English box stays out of sight
    await note.press_sequentially(" balls")
    await page.get_by_role("button", name="Request to join").click()
    await expect(page.locator(SAYS)).to_have_text(EN["waiting"])
    await shot(page, "offline-bar")
    await page.wait_for_timeout(5_000)
    assert await join_requests(runtime, member) == []

    await page.context.set_offline(False)
    answered = page.get_by_role("button", name=EN_PWA["push_ask"])  # the page shows the request's answer
    await expect(answered).to_be_visible()
    await expect(page.locator(BAR)).to_be_hidden()
    assert await page.evaluate(MARKER) == "before the drop"
    await page.wait_for_timeout(1_000)  # time for a second copy of the tap, were one sent
    requests = await join_requests(runtime, member)
    assert [request.message for request in requests] == ["Can bring balls"]


async def test_a_drop_of_two_minutes_keeps_the_page_and_what_was_typed(runtime, worker, ui_url, new_phone):
    """Longer than socket.io's backoff reaches (5 s between attempts) and than NiceGUI's 3 s default
    window, shorter than ours (5 minutes). In Urdu: the bar speaks the member's language."""
    page = await new_phone()
    member, _ = await on_the_activity_page(runtime, ui_url, page, locale="ur")
    note = page.get_by_role("textbox")
    await note.press_sequentially("Main 8 baje tak pohanch jaun gi")

    await page.context.set_offline(True)
    await expect(page.locator(SAYS)).to_have_text(UR["offline"])
    await shot(page, "offline-bar-ur")
    await page.wait_for_timeout(120_000)
    await page.context.set_offline(False)

    await page.wait_for_function("() => window.socket.connected")
    await expect(page.locator(BAR)).to_be_hidden()
    assert await page.evaluate(MARKER) == "before the drop"
    await expect(note).to_have_value("Main 8 baje tak pohanch jaun gi")
    await page.get_by_role("button", name=ur.MESSAGES["activity"]["request"]).click()
    await page.wait_for_timeout(1_500)
    requests = await join_requests(runtime, member)
    assert [request.message for request in requests] == ["Main 8 baje tak pohanch jaun gi"]


async def test_past_the_window_the_reopened_page_says_the_tap_was_not_sent(
    runtime, worker, ui_url, new_phone
):
    """The server no longer has the page (offline longer than the window; see `back_past_the_window`)."""
    page = await new_phone()
    member, path = await on_the_activity_page(runtime, ui_url, page)

    await page.context.set_offline(True)
    await page.get_by_role("button", name="Request to join").click()
    await expect(page.locator(SAYS)).to_have_text(EN["waiting"])
    await back_past_the_window(page)
    assert page.url.endswith(path)
    await expect(page.locator(SAYS)).to_have_text(EN["reloaded_tap"])
    assert await join_requests(runtime, member) == []  # lost, and the page said so
    await page.locator(BAR).get_by_role("button", name=EN["dismiss"]).click()
    await expect(page.locator(BAR)).to_be_hidden()


async def test_the_server_tells_browsers_a_short_heartbeat(ui_url):
    """The engine.io handshake as a browser receives it: NiceGUI would derive 240 s and 120 s from the
    5-minute window; `scene_ui.connection` keeps them at 25 s and 20 s."""
    async with httpx.AsyncClient() as client:
        answer = await client.get(
            f"{ui_url}/_nicegui_ws/socket.io/", params={"EIO": "4", "transport": "polling"}
        )
    opened = json.loads(answer.text[1:])  # "0" (OPEN) then the JSON
    assert (opened["pingInterval"], opened["pingTimeout"]) == (25_000, 20_000)


PAGE_IDENTITY = """() => ({
  client_id: window.clientId,
  tab_id: sessionStorage.__nicegui_tab_id,
  next_message_id: String(window.nextMessageId),
})"""


async def server_has_page(ui_url: str, identity: dict[str, str]) -> bool:
    """Reconnects to a page over socket.io's polling transport, as nicegui.js would after a drop: the
    server answers CONNECT while it still has the page, "Implicit handshake failed" once it has not."""
    path = f"{ui_url}/_nicegui_ws/socket.io/"
    query = {
        "EIO": "4",
        "transport": "polling",
        "implicit_handshake": "true",
        "document_id": "probe",
        **identity,
    }
    async with httpx.AsyncClient() as client:
        opened = json.loads((await client.get(path, params=query)).text[1:])
        session = {**query, "sid": opened["sid"]}
        await client.post(path, params=session, content="40")
        answer = (await client.get(path, params=session)).text
    assert answer.startswith(("40", "44")), answer
    return answer.startswith("40")


async def test_a_page_left_is_forgotten_at_once_a_page_whose_network_dropped_is_kept(
    runtime, worker, ui_url, new_phone
):
    """NiceGUI cannot tell the two apart (the socket closes either way); connection.js tells the server
    when the member leaves, so the 5-minute window costs memory only for pages really waiting."""
    page = await new_phone()
    await on_the_activity_page(runtime, ui_url, page)
    identity = await page.evaluate(PAGE_IDENTITY)

    await page.context.set_offline(True)
    await page.wait_for_function("() => !window.socket.connected")
    assert await server_has_page(ui_url, identity)
    await page.context.set_offline(False)
    await page.wait_for_function("() => window.socket.connected")

    await goto(page, f"{ui_url}/explore")
    assert not await server_has_page(ui_url, identity | {"next_message_id": "0"})


async def test_a_network_that_hangs_does_not_reload_the_page(runtime, worker, ui_url, new_phone):
    """Signal but no data (a tunnel's edge, a crowded cell): connection attempts neither fail nor succeed.
    Every socket.io connection goes through Playwright (WebSockets routed to the server, polling requests
    passed on); the drop closes the page's socket at both ends, and from then on new attempts are held:
    a routed WebSocket never connected to the server (the page's socket opens, the server's handshake never
    comes), polling requests never answered. socket.io gives up on each attempt after 20 s; NiceGUI alone
    falls back to polling on the first timeout and reloads the page on the second. The page must stay,
    then connect when data flows again."""
    page = await new_phone()
    sockets: list[tuple[WebSocketRoute, WebSocketRoute]] = []
    held: list[Route] = []
    hanging = False

    async def websocket(route: WebSocketRoute) -> None:
        if not hanging:
            sockets.append((route, route.connect_to_server()))

    async def polling(route: Route) -> None:
        if hanging:
            held.append(route)
        else:
            await route.continue_()

    await page.route_web_socket(re.compile(r".*/_nicegui_ws/.*"), websocket)
    await page.route(re.compile(r".*/_nicegui_ws/.*transport=polling.*"), polling)
    await on_the_activity_page(runtime, ui_url, page)

    hanging = True
    for to_the_page, to_the_server in sockets:
        await to_the_page.close()
        await to_the_server.close()
    await page.wait_for_function("() => !window.socket.connected")
    await expect(page.locator(SAYS)).to_have_text(EN["reconnecting"])
    await page.wait_for_timeout(50_000)  # two attempts timed out, and more
    assert await page.evaluate(MARKER) == "before the drop"
    assert await page.evaluate(FIRST_TRANSPORT) == "polling"  # NiceGUI's fallback: the first timeout came

    hanging = False
    for route in held:
        await route.abort()
    await page.wait_for_function("() => window.socket.connected", timeout=45_000)
    assert await page.evaluate(MARKER) == "before the drop"


async def test_what_changed_while_offline_shows_when_back_without_a_reload(
    runtime, worker, ui_url, new_phone
):
    """The owner's calendar is live: a booking made while the owner's phone is offline is pushed into
    the page's outbox, which keeps it (NiceGUI's message history); on reconnect the server replays it
    from the message the page asks for next, and the page shows the booking without being reloaded."""
    owner = await create_member(
        runtime, PHONES[1], handle="bilal_courts", name="Bilal Ahmed", role=m.UserRole.VENUE_OWNER
    )
    ayesha = await create_member(runtime, PHONES[2], handle="ayesha_runs", name="Ayesha Khan")
    court9 = await open_venue(runtime, owner)
    slot = next_half_hour(timedelta(minutes=5))
    page = await new_phone()
    await sign_in(page, ui_url, PHONES[1], next_path="/owner")
    await goto(page, f"{ui_url}/owner/venues/{court9.id}/calendar?day={to_local(slot).date().isoformat()}")
    await expect(page.get_by_text(english("owner_calendar").live, exact=True)).to_be_visible(timeout=15_000)
    await page.evaluate(MARK_THE_WINDOW)

    await page.context.set_offline(True)
    await page.wait_for_function("() => !window.socket.connected")
    await book(runtime, ayesha, court9.courts[0].id, slot)
    await page.wait_for_timeout(3_000)  # the page's reload ran on the server meanwhile
    entry = page.get_by_role("button", name=re.compile(r"^Ayesha, .*, Ayesha Khan, Pay at venue$"))
    await expect(entry).to_have_count(0)
    await page.context.set_offline(False)

    await expect(entry).to_be_visible(timeout=15_000)
    assert await page.evaluate(MARKER) == "before the drop"

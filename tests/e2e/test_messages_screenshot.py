"""A screenshot of the ops page's Messages tab at phone size, from a week of made-up deliveries (not a
check beyond the page fitting the screen).

    SCENE_SCREENSHOTS_DIR=docs/screenshots uv run pytest tests/e2e/test_messages_screenshot.py
"""

from __future__ import annotations

import os
import random
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from tests.e2e.conftest import goto, sign_in
from tests.e2e.desk_demo import ADMIN_PHONE
from tests.helpers import create_member
from tests.message_rows import delivery, store

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services

SHOTS_DIR = os.environ.get("SCENE_SCREENSHOTS_DIR", "")
WIDTH = int(os.environ.get("SCENE_SCREENSHOTS_WIDTH", "390"))
FULL_PAGE = bool(os.environ.get("SCENE_SCREENSHOTS_FULL_PAGE"))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not SHOTS_DIR, reason="set SCENE_SCREENSHOTS_DIR to take the screenshots"),
]

S = m.DeliveryStatus


class Batch(NamedTuple):
    channel: m.Channel
    kind: str
    provider: str
    statuses: dict[m.DeliveryStatus, int]
    price: tuple[str, str] | None
    """(currency, price per message) as the provider reports it; None: it reports none (push)."""
    error_codes: list[str]
    """What the failures ended with."""


WEEK = [
    Batch(m.Channel.WHATSAPP, "code", "whatsapp", {S.READ: 212, S.DELIVERED: 131, S.SENT: 6, S.FAILED: 9},
          ("USD", "0.0042"), ["131026", "131049"]),
    Batch(m.Channel.WHATSAPP, "booking_confirmed", "whatsapp", {S.READ: 58, S.DELIVERED: 17, S.FAILED: 2},
          ("USD", "0.0014"), ["131026"]),
    Batch(m.Channel.WHATSAPP, "event_reminder", "whatsapp", {S.READ: 33, S.DELIVERED: 21, S.QUEUED: 4},
          ("USD", "0.0014"), []),
    Batch(m.Channel.SMS, "code", "twilio", {S.DELIVERED: 41, S.SENT: 3, S.FAILED: 4},
          ("USD", "0.2830"), ["30007", "30008"]),
    Batch(m.Channel.SMS, "code", "veevo", {S.DELIVERED: 37, S.FAILED: 2}, ("PKR", "1.25"), ["UNDELIVERED"]),
    Batch(m.Channel.SMS, "hold_lapsing", "veevo", {S.DELIVERED: 12}, ("PKR", "1.25"), []),
    Batch(m.Channel.PUSH, "join_approved", "webpush", {S.SENT: 96, S.FAILED: 5}, None, ["no_subscription"]),
    Batch(m.Channel.PUSH, "activity_reminder", "webpush", {S.SENT: 143, S.SKIPPED: 11}, None, []),
]  # fmt: skip


@pytest.fixture
def out() -> Path:
    folder = Path(SHOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def a_week_of_messages(runtime: Runtime) -> None:
    rng = random.Random(16)
    now = utcnow()
    rows = []
    for channel, kind, provider, statuses, price, codes in WEEK:
        for status, count in statuses.items():
            for _ in range(count):
                failed = status is S.FAILED
                priced = price is not None and status in (S.SENT, S.DELIVERED, S.READ)
                rows.append(
                    delivery(
                        channel,
                        kind,
                        status,
                        provider="" if status in (S.QUEUED, S.SKIPPED) else provider,
                        currency=price[0] if priced and price else None,
                        cost=price[1] if priced and price else None,
                        error_code=rng.choice(codes)
                        if failed
                        else "daily_cap"
                        if status is S.SKIPPED
                        else None,
                        created_at=now - timedelta(minutes=rng.randrange(6 * 24 * 60)),
                    )
                )
    await store(runtime, *rows)
    for provider, reason, address in (
        ("twilio", "X-Twilio-Signature does not match", "185.220.101.7"),
        ("whatsapp", "X-Hub-Signature-256 missing", "45.134.26.19"),
    ):
        async with provide_services(runtime) as services:
            await services.messaging.reject_webhook(
                provider, reason, remote_addr=address, headers={}, body=b""
            )


async def test_messages_tab_screenshot(runtime, worker, ui_url, new_phone, out):
    await create_member(runtime, ADMIN_PHONE, handle="hamza_q", name="Hamza Qureshi", role=m.UserRole.ADMIN)
    await a_week_of_messages(runtime)

    admin = await new_phone(width=WIDTH)
    await sign_in(admin, ui_url, ADMIN_PHONE, next_path="/admin")
    await goto(admin, f"{ui_url}/admin?tab=messages")
    await admin.wait_for_timeout(400)
    await admin.screenshot(path=str(out / "admin-messages.png"), full_page=FULL_PAGE)

    assert not await admin.evaluate(f"() => document.documentElement.scrollWidth > {WIDTH}")

"""UI fixtures: the real app in NiceGUI's user simulation (no browser) on the test's database, Redis and S3.

NiceGUI's simulation re-runs `main.py` for every test after resetting its globals, so each test
gets fresh page registrations and its own Runtime, opened at startup like in production.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from nicegui.testing import User, user_simulation

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import Services

MAIN_FILE = Path(__file__).with_name("main.py")

AddActivity = Callable[..., Awaitable[m.Activity]]


@pytest.fixture
async def user(
    settings: Settings,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[User]:
    """A simulated member's browser on the UI; the test fails if the app logged an error.

    Depends on `runtime` so the test bucket exists before the UI opens its own Runtime: two
    processes creating a missing bucket at once make one of them fail (see Storage.ensure_bucket).
    """
    for setting in fields(settings):
        if setting.name != "extra":
            monkeypatch.setenv(f"SCENE_{setting.name.upper()}", str(getattr(settings, setting.name)))
    async with user_simulation(main_file=MAIN_FILE) as simulated:
        yield simulated
    errors = [record.getMessage() for record in caplog.get_records("call") if record.levelno >= logging.ERROR]
    assert not errors, f"the UI logged errors: {errors}"


@pytest.fixture
async def host(services: Services) -> m.User:
    """A member who hosts the activities the tests add."""
    member = m.User(
        phone_ciphertext="not-encrypted-in-ui-tests",
        phone_blind_index=uuid4().hex,
        phone_last4="4567",
        handle="ayesha_b",
        name="Ayesha Butt",
        city=m.City.LAHORE,
    )
    services.session.add(member)
    await services.session.commit()
    return member


@pytest.fixture
def add_activity(services: Services, host: m.User) -> AddActivity:
    """`await add_activity("Padel doubles", cost_pkr=2500)`: an open public activity, committed."""

    async def add(title: str, *, starts_at: datetime | None = None, **columns: Any) -> m.Activity:
        starts_at = starts_at or utcnow() + timedelta(hours=3)
        activity = m.Activity(
            host_id=host.id,
            slug=uuid4().hex[:12],
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=90),
            **{
                "type": m.ActivityType.PADEL,
                "place_name": "Padel Hub, DHA Phase 6",
                "city": "Lahore",
                "capacity": 4,
                **columns,
            },
        )
        services.session.add(activity)
        await services.session.commit()
        return activity

    return add

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
from scene_api.services import Services, provide_services

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


SignIn = Callable[..., Awaitable[m.User]]


@pytest.fixture
def sign_in(user: User, runtime: Runtime) -> SignIn:
    """`me = await sign_in()`: a member (Sana, Lahore, padel) signed in on the simulated browser, as if
    they had just verified an OTP; `await sign_in(existing)` signs in someone already made."""
    from nicegui.storage import request_contextvar

    from scene_ui import session
    from tests.helpers import create_member

    async def sign_in_as(member: m.User | None = None, **fields: Any) -> m.User:
        if member is None:
            fields = {
                "handle": "sana_k",
                "name": "Sana Khan",
                "city": m.City.LAHORE,
                "interests": ["padel"],
                "skill_levels": {"padel": 3},
                "gender": m.Gender.WOMAN,
                **fields,
            }
            member = await create_member(runtime, fields.pop("phone", "+923001112223"), **fields)
        async with provide_services(runtime) as unit:
            fresh = await unit.session.get_one(m.User, member.id)
            signed = await unit.auth.start_session(fresh, uuid4(), "pytest")
        await user.open("/")  # any NiceGUI page open to visitors: its request holds the browser's storage
        assert user.client is not None
        token = request_contextvar.set(user.client.request)
        try:
            session.remember(signed)
        finally:
            request_contextvar.reset(token)
        return member

    return sign_in_as

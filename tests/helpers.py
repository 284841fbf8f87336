"""Small helpers the API tests share: members with known phones, signed-in headers, the SMS outbox."""

from __future__ import annotations

import asyncio
import re
import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa

from scene_api.config import Settings
from scene_api.db import models as m
from scene_api.lib.crypto import PiiCipher, blind_index
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_sandboxes.payments.store import SandboxPayment, SandboxStore
from scene_tasks.context import JobContext

if TYPE_CHECKING:
    from scene_ui.i18n import Texts


async def create_member(
    runtime: Runtime,
    phone: str,
    *,
    handle: str | None = None,
    name: str = "Ayesha Khan",
    role: m.UserRole = m.UserRole.MEMBER,
    status: m.UserStatus = m.UserStatus.ACTIVE,
    **fields: Any,
) -> m.User:
    settings = runtime.settings
    # No quiet hours unless asked: a test's messages must not depend on the hour it runs at.
    fields = {"quiet_hours": False} | fields
    async with provide_services(runtime) as services:
        member = m.User(
            id=uuid.uuid4(),
            phone_ciphertext=PiiCipher(settings.pii_keys).encrypt(phone),
            phone_blind_index=blind_index(settings.blind_index_key, phone),
            phone_last4=phone[-4:],
            handle=handle or f"member_{phone[-6:]}",
            name=name,
            role=role,
            status=status,
            invite_quota=settings.invite_quota,
            **fields,
        )
        services.session.add(member)
    return member


async def sign_in(runtime: Runtime, member: m.User) -> dict[str, str]:
    """Authorization headers for `member`, as if they had just verified an OTP."""
    async with provide_services(runtime) as services:
        fresh = await services.session.get_one(m.User, member.id)
        session = await services.auth.start_session(fresh, uuid.uuid4(), "pytest")
    return {"Authorization": f"Bearer {session.access_token}"}


async def signed_in_members(runtime: Runtime, count: int, offset: int = 1) -> list[dict[str, str]]:
    """Authorization headers for `count` new members (phones from PHONES[offset]), for races."""
    members = [await create_member(runtime, PHONES[offset + n], handle=f"racer_{n}") for n in range(count)]
    return [await sign_in(runtime, member) for member in members]


async def latest_sms(runtime: Runtime, phone: str, *, after: int = 0, wait_seconds: float = 10) -> str:
    """Wait for the worker to 'send' a message to `phone`; returns the newest body once more than
    `after` messages exist."""
    index = blind_index(runtime.settings.blind_index_key, phone)
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        async with runtime.session_factory() as session:
            bodies = (
                await session.scalars(
                    sa.select(m.SmsOutbox.body)
                    .where(m.SmsOutbox.phone_blind_index == index)
                    .order_by(m.SmsOutbox.created_at)
                )
            ).all()
        if len(bodies) > after:
            return bodies[-1]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no SMS reached {phone} within {wait_seconds}s")
        await asyncio.sleep(0.05)


def code_in(sms: str) -> str:
    found = re.search(r"\b(\d{6})\b", sms)
    assert found, f"no code in {sms!r}"
    return found.group(1)


def activity_payload(**overrides: Any) -> dict[str, Any]:
    """A valid activity to POST: padel doubles in Lahore tomorrow at 8 pm local time."""
    from datetime import timedelta

    from scene_api.lib.timezone import KARACHI, utcnow

    tomorrow = (
        (utcnow() + timedelta(days=1)).astimezone(KARACHI).replace(hour=20, minute=0, second=0, microsecond=0)
    )
    return {
        "type": "padel",
        "title": "Padel doubles, need 2 more",
        "starts_at": tomorrow.isoformat(),
        "ends_at": (tomorrow + timedelta(minutes=90)).isoformat(),
        "capacity": 3,
        "place_name": "Padel Arena DHA Phase 6",
        "city": "Lahore",
        "lat": 31.4700,
        "lng": 74.4500,
        "cost_pkr": 1500,
    } | overrides


PHONES = [f"+92300{n:07d}" for n in range(1, 200)]
"""Distinct valid mobile numbers for tests that need many members."""

T = TypeVar("T")


def present(value: T | None) -> T:
    """`value`, which the test knows is there (a row it made, a report it expects): fails loudly if not."""
    assert value is not None
    return value


def stand_in_runtime(settings: Settings) -> Runtime:
    """A runtime for code that reads only `runtime.settings` (the providers' pure parsing and signing)."""
    return cast(Runtime, SimpleNamespace(settings=settings))


def job_context(runtime: Runtime) -> JobContext:
    """What a job receives when a test calls it directly: the runtime, without the SAQ worker that
    SAQ's type requires (the jobs read only `runtime`)."""
    return cast(JobContext, {"runtime": runtime})


async def at_provider(store: SandboxStore, reference: str) -> SandboxPayment:
    """The sandbox provider's record of a payment the test knows was started there."""
    payment = await store.get(reference)
    assert payment is not None, f"the provider has no payment {reference}"
    return payment


def found(pattern: str, text: str) -> str:
    """The first group of `pattern` in `text`, which the test knows is there."""
    match = re.search(pattern, text)
    assert match is not None, f"{pattern!r} not in {text[:200]!r}"
    return match.group(1)


def english(page: str) -> Texts:
    """A page's strings in English, as the tests read them: `english("venue").host_match` is the
    catalogue's `venue.host_match` (`scene_api.i18n.en`)."""
    from scene_ui.i18n import texts  # here, so the API tests that share this module never load NiceGUI

    return texts(page, "en")

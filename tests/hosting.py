"""Helpers for the hosting tests (issue 12): activities at a venue, joining, vouches and circles
arranged in the database, paying a share or a court through a provider's sandbox."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from tests.helpers import activity_payload
from tests.payments.browser import pay
from tests.social import Person, arrange


async def host_activity(client: Any, host: Person, **overrides: Any) -> dict[str, Any]:
    answer = await client.post("/api/v1/activities", json=activity_payload(**overrides), headers=host.headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def activity_at_venue(
    client: Any, host: Person, venue: dict[str, Any], starts_at: datetime, **overrides: Any
) -> dict[str, Any]:
    """A padel match at `venue` from `starts_at` for 90 minutes."""
    return await host_activity(
        client,
        host,
        venue_id=venue["id"],
        place_name="",
        city=None,
        lat=None,
        lng=None,
        starts_at=starts_at.isoformat(),
        ends_at=(starts_at + timedelta(minutes=90)).isoformat(),
        **overrides,
    )


async def join(client: Any, activity: dict[str, Any], who: Person) -> Any:
    return await client.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=who.headers)


async def joined(client: Any, activity: dict[str, Any], who: Person) -> dict[str, Any]:
    answer = await join(client, activity, who)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def vouch(runtime: Runtime, voucher: Person, *vouchees: Person) -> None:
    await arrange(runtime, *(m.Vouch(voucher_id=voucher.id, vouchee_id=vouchee.id) for vouchee in vouchees))


async def circle_of(
    runtime: Runtime, owner: Person, *members: Person, slug: str = "lahore-padel"
) -> m.Circle:
    circle = m.Circle(id=uuid.uuid4(), owner_id=owner.id, slug=slug, name=slug.replace("-", " ").title())
    await arrange(
        runtime,
        circle,
        m.CircleMember(circle_id=circle.id, user_id=owner.id, role=m.CircleRole.OWNER),
        *(m.CircleMember(circle_id=circle.id, user_id=member.id) for member in members),
    )
    return circle


async def checkout(client: Any, who: Person, purpose: str, target_id: str, provider: str = "jazzcash") -> Any:
    return await client.post(
        "/api/v1/payments/checkout",
        json={"purpose": purpose, "target_id": target_id, "provider": provider},
        headers=who.headers,
    )


async def pay_for(client: Any, who: Person, purpose: str, target_id: str, provider: str = "jazzcash") -> str:
    """Check out and approve the payment in the provider's sandbox; answers the payment's id."""
    answer = await checkout(client, who, purpose, target_id, provider)
    assert answer.status_code == 201, answer.text
    await pay(client, answer.json(), "approve")
    return str(answer.json()["payment"]["id"])


async def payment_status(runtime: Runtime, payment_id: str) -> m.PaymentStatus:
    async with runtime.session_factory() as session:
        return (await session.get_one(m.Payment, payment_id)).status


async def activity_row(runtime: Runtime, activity_id: str) -> m.Activity:
    async with runtime.session_factory() as session:
        return await session.get_one(m.Activity, activity_id)


async def set_activity(runtime: Runtime, activity_id: str, **values: Any) -> None:
    """Change an activity behind the API's back (a start that has come close)."""
    async with runtime.session_factory() as session:
        await session.execute(sa.update(m.Activity).where(m.Activity.id == activity_id).values(**values))
        await session.commit()


def hours_from_now(hours: float) -> datetime:
    """A slot start (on the half hour) about `hours` from now."""
    moment = utcnow() + timedelta(hours=hours)
    return moment.replace(minute=0 if moment.minute < 30 else 30, second=0, microsecond=0)

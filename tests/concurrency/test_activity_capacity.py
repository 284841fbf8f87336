"""Capacity races: many people joining at once, and a host approving many at once.

The first test shows the race is real (without the activity row lock the counter and the rows
disagree), the others that with the lock the outcome is exact.
"""

import asyncio

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.activities.services import ActivityService
from tests.helpers import PHONES, activity_payload, create_member, sign_in, signed_in_members

JOINERS = 50
SEATS = 10


async def seat_facts(runtime, activity_id):
    async with runtime.session_factory() as session:
        activity = await session.get_one(m.Activity, activity_id)
        rows = (
            await session.execute(
                sa.select(m.JoinRequest.status, m.JoinRequest.queued_at)
                .where(m.JoinRequest.activity_id == activity_id)
                .order_by(m.JoinRequest.queued_at)
            )
        ).all()
    return activity.seats_taken, rows


async def test_without_the_lock_the_race_is_real(live_api, runtime, monkeypatch):
    original = ActivityService.load

    async def load_without_lock(self, actor, activity_id, *, for_update=False):
        return await original(self, actor, activity_id, for_update=False)

    monkeypatch.setattr(ActivityService, "load", load_without_lock)
    host = await create_member(runtime, PHONES[0], handle="host")
    host_headers = await sign_in(runtime, host)
    activity = (
        await live_api.post(
            "/api/v1/activities",
            json=activity_payload(capacity=SEATS, auto_approve=True),
            headers=host_headers,
        )
    ).json()
    joiners = await signed_in_members(runtime, 30)
    await asyncio.gather(
        *(live_api.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=h) for h in joiners)
    )
    seats_taken, rows = await seat_facts(runtime, activity["id"])
    approved = sum(1 for status, _ in rows if status == m.JoinRequestStatus.APPROVED)
    assert approved != seats_taken or approved < SEATS, "expected lost updates without the lock"


async def test_fifty_simultaneous_joins_fill_ten_seats_exactly_in_arrival_order(live_api, runtime):
    host = await create_member(runtime, PHONES[0], handle="host")
    host_headers = await sign_in(runtime, host)
    activity = (
        await live_api.post(
            "/api/v1/activities",
            json=activity_payload(capacity=SEATS, auto_approve=True),
            headers=host_headers,
        )
    ).json()
    joiners = await signed_in_members(runtime, JOINERS)
    answers = await asyncio.gather(
        *(live_api.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=h) for h in joiners)
    )
    assert all(answer.status_code == 201 for answer in answers)
    statuses = [answer.json()["status"] for answer in answers]
    assert statuses.count("approved") == SEATS
    assert statuses.count("waitlisted") == JOINERS - SEATS
    seats_taken, rows = await seat_facts(runtime, activity["id"])
    assert seats_taken == SEATS
    in_arrival_order = [status for status, _ in rows]
    assert in_arrival_order == [m.JoinRequestStatus.APPROVED] * SEATS + [m.JoinRequestStatus.WAITLISTED] * (
        JOINERS - SEATS
    )
    positions = sorted(a.json()["waitlist_position"] for a in answers if a.json()["status"] == "waitlisted")
    assert positions == list(range(1, JOINERS - SEATS + 1))


async def test_concurrent_approvals_never_pass_capacity(live_api, runtime):
    host = await create_member(runtime, PHONES[0], handle="host")
    host_headers = await sign_in(runtime, host)
    activity = (
        await live_api.post("/api/v1/activities", json=activity_payload(capacity=5), headers=host_headers)
    ).json()
    joiners = await signed_in_members(runtime, 20)
    requests = [
        (await live_api.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=h)).json()
        for h in joiners
    ]
    answers = await asyncio.gather(
        *(
            live_api.post(
                f"/api/v1/requests/{r['id']}/decision", json={"decision": "approve"}, headers=host_headers
            )
            for r in requests
        )
    )
    assert sorted(a.status_code for a in answers) == [200] * 5 + [409] * 15
    seats_taken, rows = await seat_facts(runtime, activity["id"])
    assert seats_taken == 5
    assert sum(1 for status, _ in rows if status == m.JoinRequestStatus.APPROVED) == 5


@pytest.mark.parametrize("leavers", [3])
async def test_concurrent_leaves_promote_exactly_as_many_from_the_waitlist(live_api, runtime, leavers):
    host = await create_member(runtime, PHONES[0], handle="host")
    host_headers = await sign_in(runtime, host)
    activity = (
        await live_api.post(
            "/api/v1/activities", json=activity_payload(capacity=4, auto_approve=True), headers=host_headers
        )
    ).json()
    joiners = await signed_in_members(runtime, 10)
    requests = [
        (await live_api.post(f"/api/v1/activities/{activity['id']}/requests", json={}, headers=h)).json()
        for h in joiners
    ]
    await asyncio.gather(
        *(
            live_api.post(f"/api/v1/requests/{requests[n]['id']}/withdraw", headers=joiners[n])
            for n in range(leavers)
        )
    )
    seats_taken, rows = await seat_facts(runtime, activity["id"])
    statuses = [status for status, _ in rows]
    assert seats_taken == 4
    assert statuses == (
        [m.JoinRequestStatus.WITHDRAWN] * leavers
        + [m.JoinRequestStatus.APPROVED] * 4
        + [m.JoinRequestStatus.WAITLISTED] * (10 - 4 - leavers)
    )

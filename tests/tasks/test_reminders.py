"""Reminders before an activity: scheduled on create, idempotent, ignored once cancelled or moved."""

from datetime import timedelta

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_tasks.jobs.reminders import remind_activity
from tests.helpers import PHONES, activity_payload, create_member, job_context, sign_in


async def reminders_for(runtime, user_id):
    async with runtime.session_factory() as session:
        return (
            await session.scalars(
                sa.select(m.Notification).where(
                    m.Notification.user_id == user_id, m.Notification.kind == "activity_reminder"
                )
            )
        ).all()


async def hosted_activity(client, runtime):
    host = await create_member(runtime, PHONES[0], handle="host")
    guest = await create_member(runtime, PHONES[1], handle="guest")
    host_headers = await sign_in(runtime, host)
    activity = (
        await client.post(
            "/api/v1/activities", json=activity_payload(auto_approve=True), headers=host_headers
        )
    ).json()
    await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={}, headers=await sign_in(runtime, guest)
    )
    return host, host_headers, guest, activity


async def test_creating_an_activity_schedules_its_reminder(client, runtime):
    _, _, _, activity = await hosted_activity(client, runtime)
    starts_at = int(m.Activity.starts_at.type.python_type.fromisoformat(activity["starts_at"]).timestamp())
    job = await runtime.queue.job(f"reminder:activity:{activity['id']}:{starts_at}")
    assert job is not None
    assert job.function == "remind_activity"
    due = starts_at - runtime.settings.reminder_hours_before * 3600
    assert abs(job.scheduled - due) <= 1


async def test_the_reminder_reaches_host_and_guests_once(client, runtime):
    host, _, guest, activity = await hosted_activity(client, runtime)
    context = job_context(runtime)
    for _ in range(2):
        reminded = await remind_activity(context, activity_id=activity["id"], starts_at=activity["starts_at"])
        assert reminded == 2
    assert len(await reminders_for(runtime, host.id)) == 1
    assert len(await reminders_for(runtime, guest.id)) == 1


async def test_a_cancelled_activity_sends_no_reminder(client, runtime):
    _, host_headers, guest, activity = await hosted_activity(client, runtime)
    await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=host_headers)
    reminded = await remind_activity(
        job_context(runtime), activity_id=activity["id"], starts_at=activity["starts_at"]
    )
    assert reminded == 0
    assert await reminders_for(runtime, guest.id) == []


async def test_a_moved_activity_ignores_its_old_reminder(client, runtime):
    _, host_headers, _, activity = await hosted_activity(client, runtime)
    later = utcnow().replace(microsecond=0) + timedelta(days=3)
    await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
        headers=host_headers,
    )
    stale = await remind_activity(
        job_context(runtime), activity_id=activity["id"], starts_at=activity["starts_at"]
    )
    assert stale == 0
    fresh = await remind_activity(
        job_context(runtime), activity_id=activity["id"], starts_at=later.isoformat()
    )
    assert fresh == 2

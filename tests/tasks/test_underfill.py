"""Under-filled activities: the job scheduled at each activity's cut-off (and again when it moves), the
every-minute sweep for cut-offs the worker missed, what is cancelled and what is left alone, everyone
told once, the court hold released and shares refunded; and the real worker doing it on its own."""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.services import provide_services
from scene_tasks.jobs.underfill import cancel_underfilled_activity, sweep_underfilled_activities
from scene_tasks.worker import CRON_JOBS, FUNCTIONS
from tests.helpers import activity_payload, job_context
from tests.hosting import (
    activity_at_venue,
    activity_row,
    host_activity,
    hours_from_now,
    joined,
    pay_for,
    payment_status,
    set_activity,
)
from tests.social import count, person
from tests.venues import at, booking_payload, booking_row, open_venue, venue_owner

EIGHT_PM = at(3, 20)


@pytest.fixture
async def people(runtime):
    return [
        await person(runtime, n, handle) for n, handle in enumerate(["hamza", "ayesha", "bilal"], start=1)
    ]


async def cut_off_passed(runtime, activity) -> None:
    """The start is now 90 minutes away: a 2-hour cut-off has passed."""
    soon = hours_from_now(1.5)
    await set_activity(runtime, activity["id"], starts_at=soon, ends_at=soon + timedelta(hours=2))


def underfill_job_key(activity_id, starts_at, hours) -> str:
    return f"activity:{activity_id}:underfill:{int((starts_at - timedelta(hours=hours)).timestamp())}"


async def test_a_job_is_scheduled_at_the_cut_off_and_again_when_it_moves(client, runtime, people):
    hamza = people[0]
    activity = await host_activity(
        client,
        hamza,
        underfill_cancel_hours=2,
        starts_at=EIGHT_PM.isoformat(),
        ends_at=(EIGHT_PM + timedelta(hours=1)).isoformat(),
    )
    job = await runtime.queue.job(underfill_job_key(activity["id"], EIGHT_PM, 2))
    assert job is not None
    assert (job.function, job.kwargs) == ("cancel_underfilled_activity", {"activity_id": activity["id"]})
    assert job.scheduled == int((EIGHT_PM - timedelta(hours=2)).timestamp())

    await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"underfill_cancel_hours": 1}, headers=hamza.headers
    )

    assert await runtime.queue.job(underfill_job_key(activity["id"], EIGHT_PM, 1)) is not None
    no_cut_off = await host_activity(client, hamza, title="No cut-off")
    assert no_cut_off["underfill_cancel_hours"] is None


@pytest.mark.parametrize("hours", [2, 3], ids=["passed", "not-a-choice"])
async def test_a_cut_off_that_has_passed_or_is_not_a_choice_is_refused(client, people, hours):
    soon = hours_from_now(1.5)
    refused = await client.post(
        "/api/v1/activities",
        json=activity_payload(
            starts_at=soon.isoformat(),
            ends_at=(soon + timedelta(hours=1)).isoformat(),
            underfill_cancel_hours=hours,
        ),
        headers=people[0].headers,
    )
    assert refused.status_code == 422
    assert "underfill_cancel_hours" in str(refused.json()["error"]["details"])


async def test_the_job_calls_off_an_under_filled_activity_once(client, runtime, people):
    hamza, ayesha, bilal = people
    venue = await open_venue(client, await venue_owner(runtime))
    activity = await activity_at_venue(
        client, hamza, venue, EIGHT_PM, auto_approve=True, underfill_cancel_hours=2
    )
    court = await client.post(
        f"/api/v1/activities/{activity['id']}/court",
        json=booking_payload(venue["courts"][0]["id"], EIGHT_PM, 90),
        headers=hamza.headers,
    )
    assert court.status_code == 201, court.text
    request = await joined(client, activity, ayesha)
    share_payment = await pay_for(client, ayesha, "share", request["id"])
    await cut_off_passed(runtime, activity)
    context = job_context(runtime)

    assert await cancel_underfilled_activity(context, activity_id=activity["id"]) is True

    assert (await activity_row(runtime, activity["id"])).status == m.ActivityStatus.CANCELLED
    assert (await booking_row(runtime, court.json()["id"])).status == m.BookingStatus.CANCELLED
    assert await payment_status(runtime, share_payment) == m.PaymentStatus.REFUNDED
    told = m.Notification.kind == "activity_underfilled"
    assert await count(runtime, m.Notification, told) == 2
    assert {n.user_id for n in await notifications(runtime, told)} == {hamza.id, ayesha.id}
    assert await count(runtime, m.Notification, told, m.Notification.user_id == bilal.id) == 0

    assert await cancel_underfilled_activity(context, activity_id=activity["id"]) is False
    assert await count(runtime, m.Notification, told) == 2, "told once"


async def notifications(runtime, *where) -> list[m.Notification]:
    async with runtime.session_factory() as session:
        return list(await session.scalars(sa.select(m.Notification).where(*where)))


async def test_what_the_job_leaves_alone(client, runtime, people):
    hamza, ayesha, _ = people
    context = job_context(runtime)
    full = await host_activity(client, hamza, capacity=1, auto_approve=True, underfill_cancel_hours=2)
    await joined(client, full, ayesha)
    await cut_off_passed(runtime, full)
    not_yet = await host_activity(client, hamza, underfill_cancel_hours=2)
    no_cut_off = await host_activity(client, hamza)
    await cut_off_passed(runtime, no_cut_off)
    started = await host_activity(client, hamza, underfill_cancel_hours=1)
    await set_activity(runtime, started["id"], starts_at=hours_from_now(-1))

    for activity in (full, not_yet, no_cut_off, started):
        assert await cancel_underfilled_activity(context, activity_id=activity["id"]) is False
        assert (await activity_row(runtime, activity["id"])).status == m.ActivityStatus.OPEN


async def test_the_sweep_calls_off_every_missed_one_and_nothing_else(client, runtime, people):
    hamza, ayesha, _ = people
    missed = [
        await host_activity(client, hamza, underfill_cancel_hours=2, title=f"Missed {n}") for n in range(2)
    ]
    for activity in missed:
        await cut_off_passed(runtime, activity)
    full = await host_activity(client, hamza, capacity=1, auto_approve=True, underfill_cancel_hours=2)
    await joined(client, full, ayesha)
    await cut_off_passed(runtime, full)
    ahead = await host_activity(client, hamza, underfill_cancel_hours=2, title="Still ahead")
    context = job_context(runtime)

    assert await sweep_underfilled_activities(context) == 2
    assert await sweep_underfilled_activities(context) == 0

    statuses = [(await activity_row(runtime, a["id"])).status for a in (*missed, full, ahead)]
    assert statuses == [m.ActivityStatus.CANCELLED] * 2 + [m.ActivityStatus.OPEN] * 2


def test_the_worker_runs_the_job_and_the_sweep_every_minute():
    assert {job.__name__ for job in FUNCTIONS} >= {
        "cancel_underfilled_activity",
        "sweep_underfilled_activities",
    }
    sweeps = [cron for cron in CRON_JOBS if cron.function.__name__ == "sweep_underfilled_activities"]
    assert [cron.cron for cron in sweeps] == ["* * * * *"]


async def test_the_real_worker_calls_off_an_activity_at_its_cut_off(client, runtime, people, worker):
    hamza = people[0]
    activity = await host_activity(client, hamza, underfill_cancel_hours=2)
    await cut_off_passed(runtime, activity)
    async with provide_services(runtime) as services:
        row = await services.session.get_one(m.Activity, activity["id"])
        services.underfill.schedule(row)  # what a move does: a job at the (now past) cut-off

    for _ in range(100):
        if (await activity_row(runtime, activity["id"])).status == m.ActivityStatus.CANCELLED:
            break
        await asyncio.sleep(0.1)
    assert (await activity_row(runtime, activity["id"])).status == m.ActivityStatus.CANCELLED

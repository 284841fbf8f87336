"""Hold expiry: the job scheduled at each hold's deadline, the every-minute sweep for holds whose job
never ran, and the real worker expiring a short hold on its own."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from scene_api.db import models as m
from scene_api.domain.bookings.schemas import BookingCreate
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_tasks.jobs.holds import expire_hold, sweep_expired_holds
from scene_tasks.worker import CRON_JOBS, FUNCTIONS
from tests.helpers import job_context
from tests.social import person
from tests.venues import at, booking_payload, booking_row, open_venue, set_booking, venue_owner, venue_row

Status = m.BookingStatus


@pytest.fixture
async def holds(client, runtime):
    """Three holds by one member at one venue: (member, owner, [booking ids])."""
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    venue = await open_venue(client, owner)
    ids = []
    for hour in (10, 12, 14):
        answer = await client.post(
            "/api/v1/bookings",
            json=booking_payload(venue["courts"][0]["id"], at(3, hour)),
            headers=member.headers,
        )
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["id"])
    return member, owner, ids


def past_deadline() -> dict[str, object]:
    return {"hold_expires_at": utcnow() - timedelta(seconds=1)}


async def test_the_job_expires_a_due_hold_once(runtime, holds):
    _, _, (booking_id, *_) = holds
    context = job_context(runtime)
    assert await expire_hold(context, booking_id=booking_id) is False, "not due yet"
    assert (await booking_row(runtime, booking_id)).status == Status.HELD
    await set_booking(runtime, booking_id, **past_deadline())
    assert await expire_hold(context, booking_id=booking_id) is True
    assert (await booking_row(runtime, booking_id)).status == Status.EXPIRED
    assert await expire_hold(context, booking_id=booking_id) is False, "a second run changes nothing"


async def test_the_job_leaves_a_confirmed_booking_alone(client, runtime, holds):
    member, _, (booking_id, *_) = holds
    confirmed = await client.post(f"/api/v1/bookings/{booking_id}/pay-at-venue", headers=member.headers)
    assert confirmed.status_code == 200
    await set_booking(runtime, booking_id, **past_deadline())
    assert await expire_hold(job_context(runtime), booking_id=booking_id) is False
    assert (await booking_row(runtime, booking_id)).status == Status.CONFIRMED


async def test_the_sweep_expires_every_missed_hold_and_nothing_else(client, runtime, holds):
    member, _, (missed_1, missed_2, live) = holds
    for booking_id in (missed_1, missed_2):
        await set_booking(runtime, booking_id, **past_deadline())
    context = job_context(runtime)
    assert await sweep_expired_holds(context) == 2
    assert await sweep_expired_holds(context) == 0
    statuses = [(await booking_row(runtime, booking_id)).status for booking_id in (missed_1, missed_2, live)]
    assert statuses == [Status.EXPIRED, Status.EXPIRED, Status.HELD]
    late = await client.post(f"/api/v1/bookings/{missed_1}/pay-at-venue", headers=member.headers)
    assert late.status_code == 409


def test_the_worker_runs_the_expiry_job_and_the_sweep_every_minute():
    assert {job.__name__ for job in FUNCTIONS} >= {"expire_hold", "sweep_expired_holds"}
    sweeps = [cron for cron in CRON_JOBS if cron.function.__name__ == "sweep_expired_holds"]
    assert [cron.cron for cron in sweeps] == ["* * * * *"]


class TestOnTheRealWorker:
    @pytest.fixture
    def settings(self, settings):
        """Holds that end the moment they start: the job scheduled at the deadline is due at once."""
        return replace(settings, hold_minutes=0)

    async def test_a_hold_expires_at_its_deadline(self, runtime: Runtime, worker):
        owner = await venue_owner(runtime)
        member = await person(runtime, 1, "ayesha")
        venue = await venue_row(runtime, owner.id)
        async with provide_services(runtime) as services:
            court = m.Court(venue_id=venue.id, name="Court 1")
            services.session.add_all(
                [
                    court,
                    m.PriceRule(venue_id=venue.id, duration_minutes=60, price_pkr=5000, peak_price_pkr=5000),
                    *(
                        m.OpeningHours(venue_id=venue.id, weekday=day, opens_minute=0, closes_minute=1440)
                        for day in range(7)
                    ),
                ]
            )
        async with provide_services(runtime) as services:
            actor = await services.session.get_one(m.User, member.id)
            booking = await services.bookings.hold(
                actor, BookingCreate(court_id=court.id, starts_at=at(3, 20), duration_minutes=60)
            )
        for _ in range(100):
            if (await booking_row(runtime, str(booking.id))).status == Status.EXPIRED:
                break
            await asyncio.sleep(0.1)
        assert (await booking_row(runtime, str(booking.id))).status == Status.EXPIRED
        job = await runtime.queue.job(f"booking:{booking.id}:expire-hold")
        assert job is not None
        assert job.status == "complete"
        assert job.result is True


async def test_expired_holds_are_counted_for_prometheus(runtime, holds):
    from prometheus_client import REGISTRY

    _, _, ids = holds
    before = REGISTRY.get_sample_value("scene_holds_expired_total") or 0
    for booking_id in ids[:2]:
        await set_booking(runtime, booking_id, **past_deadline())
    await sweep_expired_holds(job_context(runtime))
    assert REGISTRY.get_sample_value("scene_holds_expired_total") == before + 2

"""Match + court in one flow: the host of an activity at a venue holds a court for it; the hold lasts
while the activity fills (its deadline is the under-fill cut-off, so the exclusion constraint keeps
guarding the court), is confirmed when the host pays or chooses pay at venue, and is released when
the activity is cancelled."""

from datetime import timedelta

import pytest

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_api.services import provide_services
from tests.helpers import present
from tests.hosting import activity_at_venue, host_activity, hours_from_now, pay_for, set_activity
from tests.social import person
from tests.venues import at, booking_payload, booking_row, open_venue, venue_owner

EIGHT_PM = at(3, 20)


@pytest.fixture
async def venue(client, runtime):
    return await open_venue(client, await venue_owner(runtime))


@pytest.fixture
async def hamza(runtime):
    return await person(runtime, 1, "hamza", name="Hamza Qureshi")


def court_of(venue, index=0) -> str:
    return str(venue["courts"][index]["id"])


async def hold_court(client, host, activity, court, starts_at=EIGHT_PM, duration=90):
    return await client.post(
        f"/api/v1/activities/{activity['id']}/court",
        json=booking_payload(court, starts_at, duration),
        headers=host.headers,
    )


async def held_court(client, host, activity, court, **slot):
    answer = await hold_court(client, host, activity, court, **slot)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_the_court_is_held_until_the_under_fill_cut_off_and_guarded_all_along(
    client, runtime, venue, hamza
):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM, underfill_cancel_hours=2)

    booking = await held_court(client, hamza, activity, court_of(venue))

    assert booking["status"] == "held"
    assert booking["activity_id"] == activity["id"]
    assert booking["price_pkr"] == 11500
    row = await booking_row(runtime, booking["id"])
    assert row.hold_expires_at == EIGHT_PM - timedelta(hours=2)
    job = await runtime.queue.job(
        f"booking:{booking['id']}:expire-hold:{int(row.hold_expires_at.timestamp())}"
    )
    assert job is not None
    assert job.function == "expire_hold"
    async with provide_services(runtime) as services:
        assert await services.bookings.expire_hold(row.id) is False, "not due for days"
    bilal = await person(runtime, 2, "bilal")
    taken = await client.post(
        "/api/v1/bookings", json=booking_payload(court_of(venue), EIGHT_PM), headers=bilal.headers
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "slot_taken"


async def test_without_a_cut_off_the_hold_lasts_until_the_start(client, runtime, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)

    booking = await held_court(client, hamza, activity, court_of(venue))

    assert (await booking_row(runtime, booking["id"])).hold_expires_at == EIGHT_PM


async def test_changing_the_cut_off_moves_the_hold_deadline(client, runtime, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM, underfill_cancel_hours=2)
    booking = await held_court(client, hamza, activity, court_of(venue))

    changed = await client.patch(
        f"/api/v1/activities/{activity['id']}", json={"underfill_cancel_hours": 1}, headers=hamza.headers
    )

    assert changed.status_code == 200, changed.text
    deadline = (await booking_row(runtime, booking["id"])).hold_expires_at
    assert deadline == EIGHT_PM - timedelta(hours=1)
    assert await runtime.queue.job(f"booking:{booking['id']}:expire-hold:{int(deadline.timestamp())}")


async def test_pay_at_venue_confirms_the_court_and_offers_a_whatsapp_share(client, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    booking = await held_court(client, hamza, activity, court_of(venue))

    confirmed = await client.post(f"/api/v1/bookings/{booking['id']}/pay-at-venue", headers=hamza.headers)

    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["whatsapp_url"].startswith("https://wa.me/?text=")
    court = await client.get(f"/api/v1/activities/{activity['id']}/court", headers=hamza.headers)
    assert court.json()["id"] == booking["id"]


async def test_paying_online_confirms_the_court(client, runtime, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM, underfill_cancel_hours=1)
    booking = await held_court(client, hamza, activity, court_of(venue))

    payment_id = await pay_for(client, hamza, "booking", booking["id"])

    row = await booking_row(runtime, booking["id"])
    assert (row.status, row.payment_method) == (m.BookingStatus.CONFIRMED, m.PaymentMethod.ONLINE)
    async with runtime.session_factory() as session:
        assert (await session.get_one(m.Payment, payment_id)).amount_pkr == 11500


async def test_cancelling_the_activity_releases_a_held_court(client, runtime, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    booking = await held_court(client, hamza, activity, court_of(venue))

    cancelled = await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=hamza.headers)

    assert cancelled.status_code == 200
    assert (await booking_row(runtime, booking["id"])).status == m.BookingStatus.CANCELLED
    bilal = await person(runtime, 2, "bilal")
    free_again = await client.post(
        "/api/v1/bookings", json=booking_payload(court_of(venue), EIGHT_PM), headers=bilal.headers
    )
    assert free_again.status_code == 201


async def test_a_confirmed_court_stays_the_hosts_booking_when_the_activity_is_cancelled(
    client, runtime, venue, hamza
):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    booking = await held_court(client, hamza, activity, court_of(venue))
    await client.post(f"/api/v1/bookings/{booking['id']}/pay-at-venue", headers=hamza.headers)

    await client.post(f"/api/v1/activities/{activity['id']}/cancel", headers=hamza.headers)

    assert (await booking_row(runtime, booking["id"])).status == m.BookingStatus.CONFIRMED


async def test_the_host_releases_the_court(client, runtime, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    await held_court(client, hamza, activity, court_of(venue))

    released = await client.post(f"/api/v1/activities/{activity['id']}/court/release", headers=hamza.headers)

    assert released.status_code == 200
    assert released.json()["status"] == "cancelled"
    none = await client.get(f"/api/v1/activities/{activity['id']}/court", headers=hamza.headers)
    assert none.status_code == 404
    again = await hold_court(client, hamza, activity, court_of(venue, 1))
    assert again.status_code == 201, "a released court makes room for another"


async def test_one_court_per_activity_and_its_time_cannot_move_while_it_holds_one(client, venue, hamza):
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    await held_court(client, hamza, activity, court_of(venue))

    second = await hold_court(client, hamza, activity, court_of(venue, 1))
    moved = await client.patch(
        f"/api/v1/activities/{activity['id']}",
        json={"starts_at": at(3, 21).isoformat(), "ends_at": at(3, 22).isoformat()},
        headers=hamza.headers,
    )

    assert second.status_code == 409
    assert second.json()["error"]["code"] == "court_already_held"
    assert moved.status_code == 409
    assert moved.json()["error"]["code"] == "court_booked"


async def test_what_a_court_hold_refuses(client, runtime, venue, hamza):
    elsewhere = await open_venue(
        client, await venue_owner(runtime, 901, "other_owner"), name="Elsewhere Padel"
    )
    at_venue = await activity_at_venue(client, hamza, venue, EIGHT_PM)
    nowhere = await host_activity(
        client, hamza, starts_at=EIGHT_PM.isoformat(), ends_at=(EIGHT_PM + timedelta(minutes=90)).isoformat()
    )
    bilal = await person(runtime, 2, "bilal")

    no_venue = await hold_court(client, hamza, nowhere, court_of(venue))
    other_court = await hold_court(client, hamza, at_venue, court_of(elsewhere))
    not_during = await hold_court(client, hamza, at_venue, court_of(venue), starts_at=at(3, 10))
    not_host = await hold_court(client, bilal, at_venue, court_of(venue))

    assert (no_venue.status_code, no_venue.json()["error"]["code"]) == (409, "no_venue")
    assert other_court.status_code == 422
    assert other_court.json()["error"]["details"]["fields"].keys() == {"court_id"}
    assert not_during.status_code == 422
    assert not_host.status_code == 403
    assert (
        await client.get(f"/api/v1/activities/{at_venue['id']}/court", headers=bilal.headers)
    ).status_code == 403


async def test_a_hold_made_after_the_cut_off_is_an_ordinary_hold(client, runtime, venue, hamza):
    """A full activity survives its cut-off; a court held then lasts the usual minutes."""
    activity = await activity_at_venue(client, hamza, venue, EIGHT_PM, underfill_cancel_hours=2)
    soon = hours_from_now(1.5)
    await set_activity(runtime, activity["id"], starts_at=soon, ends_at=soon + timedelta(hours=2))

    booking = await held_court(client, hamza, activity, court_of(venue), starts_at=soon, duration=60)

    deadline = present((await booking_row(runtime, booking["id"])).hold_expires_at)
    expected = utcnow() + timedelta(minutes=runtime.settings.hold_minutes)
    assert abs((deadline - expected).total_seconds()) < 5

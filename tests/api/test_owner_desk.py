"""The venue desk beyond the calendar: opening hours in the calendar, today's agenda across venues,
money per week, and an audit row for every change an owner makes."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.lib.timezone import KARACHI, utcnow
from tests.social import person
from tests.venues import at, booking_payload, local_day, open_venue, set_booking, venue_owner

EVENINGS = [{"weekday": weekday, "opens_minute": 16 * 60, "closes_minute": 25 * 60} for weekday in range(7)]
"""4 pm until 1 am, every day."""


async def confirmed(client, who, court_id, starts_at, *, paid_by=None):
    held = await client.post(
        "/api/v1/bookings", json=booking_payload(court_id, starts_at), headers=who.headers
    )
    assert held.status_code == 201, held.text
    booking = held.json()
    answer = await client.post(f"/api/v1/bookings/{booking['id']}/pay-at-venue", headers=who.headers)
    assert answer.status_code == 200, answer.text
    if paid_by is not None:
        paid = await client.post(f"/api/v1/owner/bookings/{booking['id']}/mark-paid", headers=paid_by.headers)
        assert paid.status_code == 200, paid.text
    return booking


async def audit_actions(runtime):
    async with runtime.session_factory() as session:
        rows = await session.execute(
            sa.select(m.AuditLog.action, m.AuditLog.actor_id).order_by(m.AuditLog.id)
        )
        return rows.all()


async def test_the_calendar_names_each_days_hours_and_reaches_past_midnight(client, runtime):
    owner = await venue_owner(runtime)
    venue = await open_venue(client, owner, hours=EVENINGS)
    special = await client.put(
        f"/api/v1/owner/venues/{venue['id']}/special-hours/{local_day(2).isoformat()}",
        json={"closed": True, "note": "Eid"},
        headers=owner.headers,
    )
    assert special.status_code == 200, special.text

    answer = await client.get(
        f"/api/v1/owner/venues/{venue['id']}/calendar",
        params={"week_start": local_day(1).isoformat()},
        headers=owner.headers,
    )

    calendar = answer.json()
    assert calendar["days"][0] == {
        "day": local_day(1).isoformat(),
        "opens_at": at(1, 16).isoformat(),
        "closes_at": at(2, 1).isoformat(),
    }
    assert calendar["days"][1] == {"day": local_day(2).isoformat(), "opens_at": None, "closes_at": None}
    assert len(calendar["days"]) == 7
    assert calendar["ends_at"] == at(8, 1).isoformat(), "the last evening runs until 1 am"


async def test_the_agenda_lists_one_days_bookings_at_every_venue_i_run(client, runtime):
    owner = await venue_owner(runtime)
    other_owner = await venue_owner(runtime, 91, "other_owner")
    member = await person(runtime, 1, "ayesha", name="Ayesha Khan")
    first = await open_venue(client, owner, name="Court Nine Padel")
    second = await open_venue(client, owner, name="Baseline Padel Club", courts=("Glass 1",))
    elsewhere = await open_venue(client, other_owner, name="Not Mine Padel")
    late = await confirmed(client, member, first["courts"][1]["id"], at(3, 21))
    early = await confirmed(client, member, second["courts"][0]["id"], at(3, 19))
    await confirmed(client, member, first["courts"][0]["id"], at(4, 19))
    await confirmed(client, member, elsewhere["courts"][0]["id"], at(3, 20))

    answer = await client.get(
        "/api/v1/owner/agenda", params={"day": local_day(3).isoformat()}, headers=owner.headers
    )

    assert answer.status_code == 200, answer.text
    agenda = answer.json()
    assert [(e["id"], e["venue_name"], e["court_name"]) for e in agenda] == [
        (early["id"], "Baseline Padel Club", "Glass 1"),
        (late["id"], "Court Nine Padel", "Court 2"),
    ]
    assert agenda[0]["member"]["handle"] == "ayesha"
    assert agenda[0]["code"]
    assert (agenda[0]["status"], agenda[0]["paid"]) == ("confirmed", False)
    lonely = await person(runtime, 2, "just_member")
    mine_only = await client.get(
        "/api/v1/owner/agenda", params={"day": local_day(3).isoformat()}, headers=lonely.headers
    )
    assert mine_only.json() == []


async def test_the_agenda_keeps_a_game_past_midnight_on_the_evening_it_belongs_to(client, runtime):
    """At 11:30 pm the desk's "today" must still list tonight's midnight game: a business day runs until
    the latest closing among my venues, as their hours do (1 am here), and no later."""
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha", name="Ayesha Khan")
    venue = await open_venue(client, owner, hours=EVENINGS)
    court = venue["courts"][0]["id"]
    tonight = await confirmed(client, member, court, at(3, 23))
    past_midnight = await confirmed(client, member, court, at(4, 0))
    await confirmed(client, member, court, at(4, 16))

    answer = await client.get(
        "/api/v1/owner/agenda", params={"day": local_day(3).isoformat()}, headers=owner.headers
    )

    assert answer.status_code == 200, answer.text
    assert [entry["id"] for entry in answer.json()] == [tonight["id"], past_midnight["id"]]


async def test_revenue_per_week_counts_money_in_and_cash_still_to_collect(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    venue = await open_venue(client, owner)
    court_1, court_2 = (court["id"] for court in venue["courts"])
    paid = await confirmed(client, member, court_1, at(1, 10), paid_by=owner)
    owed = await confirmed(client, member, court_2, at(1, 10))
    await client.post(
        "/api/v1/bookings", json=booking_payload(court_1, at(1, 12)), headers=member.headers
    )  # only held: not counted
    monday = local_day(0) - timedelta(days=local_day(0).weekday())
    this_monday, last_monday = (
        datetime.combine(day, time(10), KARACHI) for day in (monday, monday - timedelta(7))
    )
    for booking in (paid, owed):
        await set_booking(runtime, booking["id"], period=Range(this_monday, this_monday + timedelta(hours=1)))
    old = await confirmed(client, member, court_1, at(2, 10), paid_by=owner)
    await set_booking(runtime, old["id"], period=Range(last_monday, last_monday + timedelta(hours=1)))

    answer = await client.get("/api/v1/owner/revenue", params={"weeks": 3}, headers=owner.headers)

    assert answer.status_code == 200, answer.text
    weeks = answer.json()
    assert [week["week_start"] for week in weeks] == sorted(
        (week["week_start"] for week in weeks), reverse=True
    )
    this_week, previous, before = weeks
    assert (this_week["bookings"], this_week["collected_pkr"], this_week["to_collect_pkr"]) == (2, 6000, 6000)
    assert (previous["bookings"], previous["collected_pkr"], previous["to_collect_pkr"]) == (1, 6000, 0)
    assert (before["bookings"], before["collected_pkr"]) == (0, 0)
    foreign = await venue_owner(runtime, 91, "other_owner")
    refused = await client.get(
        "/api/v1/owner/revenue", params={"venue_id": venue["id"]}, headers=foreign.headers
    )
    assert refused.status_code == 404
    assert (
        await client.get("/api/v1/owner/revenue", params={"weeks": 99}, headers=owner.headers)
    ).status_code == 422


async def test_every_owner_change_and_desk_action_leaves_an_audit_row(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    venue = await open_venue(client, owner, courts=("Court 1",))
    venue_path = f"/api/v1/owner/venues/{venue['id']}"
    court = venue["courts"][0]["id"]
    await client.patch(venue_path, json={"description": "Floodlit glass courts"}, headers=owner.headers)
    await client.patch(f"{venue_path}/courts/{court}", json={"name": "Glass 1"}, headers=owner.headers)
    blocked = await client.post(
        f"{venue_path}/blackouts",
        json={"starts_at": at(3, 7).isoformat(), "ends_at": at(3, 9).isoformat()},
        headers=owner.headers,
    )
    await client.delete(f"{venue_path}/blackouts/{blocked.json()['id']}", headers=owner.headers)
    soon = utcnow() + timedelta(minutes=40)
    booking = await confirmed(client, member, court, at(3, 20))
    await set_booking(runtime, booking["id"], period=Range(soon, soon + timedelta(hours=1)))
    async with runtime.session_factory() as session:
        code = (await session.get_one(m.Booking, booking["id"])).code
    checked_in = await client.post("/api/v1/owner/check-ins", json={"code": code}, headers=owner.headers)
    assert checked_in.status_code == 200, checked_in.text
    no_show = await confirmed(client, member, court, at(4, 20))
    started = utcnow() - timedelta(hours=2)
    await set_booking(runtime, no_show["id"], period=Range(started, started + timedelta(hours=1)))
    marked = await client.post(f"/api/v1/owner/bookings/{no_show['id']}/no-show", headers=owner.headers)
    assert marked.status_code == 200, marked.text

    actions = await audit_actions(runtime)

    assert {actor for _, actor in actions} == {owner.id}
    assert [action for action, _ in actions] == [
        "venue.create",
        "venue.court_add",
        "venue.hours",
        "venue.prices",
        "venue.update",
        "venue.court_update",
        "venue.block",
        "venue.unblock",
        "booking.check_in",
        "booking.no_show",
    ]


async def test_a_venue_cancelling_an_unpaid_booking_is_audited_too(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha")
    venue = await open_venue(client, owner)
    booking = await confirmed(client, member, venue["courts"][0]["id"], at(3, 20))

    cancelled = await client.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=owner.headers)

    assert cancelled.status_code == 200, cancelled.text
    async with runtime.session_factory() as session:
        rows = (
            await session.execute(
                sa.select(m.AuditLog.action, m.AuditLog.subject_id).where(
                    m.AuditLog.action.startswith("booking.")
                )
            )
        ).all()
    assert [(action, str(subject)) for action, subject in rows] == [
        ("booking.cancel_by_venue", booking["id"])
    ]

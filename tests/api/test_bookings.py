"""Court bookings: holds, the exclusion constraint as a clear 409, stale holds, pay at venue, the
cancellation policy, QR check-in used once, the owner's desk and calendar, and the payments contract."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range

from scene_api.db import models as m
from scene_api.domain.venues.day import VenueDay
from scene_api.lib.errors import Conflict, NotFound
from scene_api.lib.qr import booking_token, read_booking_token, svg_data_uri
from scene_api.lib.timezone import utcnow
from scene_api.runtime import Runtime
from scene_api.services import Services, provide_services
from tests.social import Person, arrange, count, person
from tests.venues import (
    at,
    booking_payload,
    booking_row,
    local_day,
    next_half_hour,
    open_venue,
    set_booking,
    venue_owner,
)


@dataclass
class Court9:
    owner: Person
    member: Person
    venue: dict[str, Any]

    @property
    def court_1(self) -> str:
        return str(self.venue["courts"][0]["id"])

    @property
    def court_2(self) -> str:
        return str(self.venue["courts"][1]["id"])


@pytest.fixture
async def court9(client, runtime) -> Court9:
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "ayesha", name="Ayesha Khan")
    return Court9(owner, member, await open_venue(client, owner))


async def hold(client, who: Person, court_id: str, starts_at, duration: int = 60):
    return await client.post(
        "/api/v1/bookings", json=booking_payload(court_id, starts_at, duration), headers=who.headers
    )


async def confirmed(client, who: Person, court_id: str, starts_at) -> dict[str, Any]:
    held = await hold(client, who, court_id, starts_at)
    assert held.status_code == 201, held.text
    answer = await client.post(f"/api/v1/bookings/{held.json()['id']}/pay-at-venue", headers=who.headers)
    assert answer.status_code == 200, answer.text
    booking: dict[str, Any] = answer.json()
    return booking


async def notifications(runtime, user_id: UUID, kind: str) -> int:
    return await count(
        runtime, m.Notification, m.Notification.user_id == user_id, m.Notification.kind == kind
    )


async def audit_row(runtime: Runtime, action: str) -> m.AuditLog:
    async with runtime.session_factory() as session:
        return (await session.scalars(sa.select(m.AuditLog).where(m.AuditLog.action == action))).one()


# --- holding a slot -----------------------------------------------------------------------------


async def test_a_hold_is_priced_lasts_ten_minutes_and_schedules_its_expiry(client, runtime, court9):
    answer = await hold(client, court9.member, court9.court_1, at(3, 20), 90)
    assert answer.status_code == 201, answer.text
    booking = answer.json()
    assert booking["status"] == "held"
    assert booking["price_pkr"] == 11500, "8 pm is in the 18:00-24:00 peak window"
    assert booking["starts_at"] == at(3, 20).isoformat()
    assert booking["ends_at"] == at(3, 21, 30).isoformat()
    assert booking["court"]["name"] == "Court 1"
    assert booking["venue"]["slug"] == "court-nine-padel"
    assert (booking["code"], booking["qr_svg"]) == (None, None), "no ticket until confirmed"
    deadline = utcnow() + timedelta(minutes=runtime.settings.hold_minutes)
    row = await booking_row(runtime, booking["id"])
    assert row.hold_expires_at is not None
    assert abs((row.hold_expires_at - deadline).total_seconds()) < 5
    job = await runtime.queue.job(f"booking:{booking['id']}:expire-hold")
    assert job is not None
    assert job.function == "expire_hold"
    assert job.kwargs == {"booking_id": booking["id"]}
    assert abs(job.scheduled - row.hold_expires_at.timestamp()) <= 1
    morning = await hold(client, court9.member, court9.court_2, at(3, 10))
    assert morning.json()["price_pkr"] == 6000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "in_past"}, "starts_at"),
        ({"starts_at": "off_grid"}, "starts_at"),
        ({"starts_at": "naive"}, "starts_at"),
        ({"starts_at": "far_ahead"}, "starts_at"),
        ({"duration_minutes": 120}, "duration_minutes"),
        ({"duration_minutes": 45}, "duration_minutes"),
        ({"court_id": "unknown"}, "court_id"),
    ],
)
async def test_bad_holds_are_refused_with_the_field_named(client, court9, change, field):
    starts = {
        "in_past": (utcnow() - timedelta(hours=2)).replace(minute=0, second=0, microsecond=0).isoformat(),
        "off_grid": at(3, 20, 15).isoformat(),
        "naive": at(3, 20).replace(tzinfo=None).isoformat(),
        "far_ahead": at(90, 20).isoformat(),
    }
    payload = booking_payload(court9.court_1, at(3, 20))
    if "starts_at" in change:
        payload["starts_at"] = starts[change["starts_at"]]
    elif change.get("court_id") == "unknown":
        payload["court_id"] = "0192f3c4-0000-7000-8000-000000000000"
    else:
        payload |= change
    answer = await client.post("/api/v1/bookings", json=payload, headers=court9.member.headers)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["error"]["message"] + str(answer.json()["error"]["details"])


async def test_a_slot_outside_the_opening_hours_or_on_an_inactive_court_is_refused(client, runtime):
    owner = await venue_owner(runtime)
    member = await person(runtime, 1, "member")
    days = [{"weekday": weekday, "opens_minute": 9 * 60, "closes_minute": 22 * 60} for weekday in range(7)]
    venue = await open_venue(client, owner, hours=days)
    court = venue["courts"][0]["id"]
    too_late = await hold(client, member, court, at(3, 21, 30))
    assert too_late.status_code == 422
    assert "not open for all of Court 1 at 9:30 pm" in too_late.json()["error"]["message"]
    assert (await hold(client, member, court, at(3, 8))).status_code == 422
    assert (await hold(client, member, court, at(3, 21))).status_code == 201
    await client.patch(
        f"/api/v1/owner/venues/{venue['id']}/courts/{court}", json={"active": False}, headers=owner.headers
    )
    assert (await hold(client, member, court, at(3, 10))).status_code == 422


async def test_an_overlapping_hold_is_a_409_naming_the_slot(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    assert (await hold(client, court9.member, court9.court_1, at(3, 20))).status_code == 201
    clash = await hold(client, other, court9.court_1, at(3, 20, 30))
    assert clash.status_code == 409
    error = clash.json()["error"]
    assert error["code"] == "slot_taken"
    assert error["message"].startswith("Court 1 at 8:30 pm on ")
    assert error["message"].endswith(" is taken.")
    assert (await hold(client, other, court9.court_1, at(3, 21))).status_code == 201, "back to back is fine"
    assert (await hold(client, other, court9.court_2, at(3, 20))).status_code == 201, "another court is free"


async def test_the_exclusion_constraint_alone_answers_a_409_never_a_500(client, runtime, court9, monkeypatch):
    """With the code's own check switched off, the database's EXCLUDE constraint refuses the overlap."""

    monkeypatch.setattr(VenueDay, "taken", lambda self, court_id, start, end: False)
    other = await person(runtime, 2, "bilal")
    assert (await hold(client, court9.member, court9.court_1, at(3, 20))).status_code == 201
    clash = await hold(client, other, court9.court_1, at(3, 20))
    assert clash.status_code == 409
    assert clash.json()["error"]["message"].startswith("Court 1 at 8:00 pm on ")
    assert clash.json()["error"]["details"] == {"constraint": "no_overlapping_live_bookings"}
    assert await count(runtime, m.Booking) == 1


async def test_a_blocked_slot_is_refused_and_a_whole_venue_blackout_blocks_every_court(client, court9):
    block = {"starts_at": at(3, 19).isoformat(), "ends_at": at(3, 23).isoformat(), "reason": "Private event"}
    blocked = await client.post(
        f"/api/v1/owner/venues/{court9.venue['id']}/blackouts", json=block, headers=court9.owner.headers
    )
    assert blocked.status_code == 201
    for court in (court9.court_1, court9.court_2):
        refused = await hold(client, court9.member, court, at(3, 20))
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "slot_blocked"
        assert "blocked by the venue" in refused.json()["error"]["message"]


async def test_a_hold_past_its_deadline_frees_the_slot_before_any_job_runs(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    first = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    await set_booking(runtime, first["id"], hold_expires_at=utcnow() - timedelta(seconds=1))
    slots = await client.get(
        f"/api/v1/venues/{court9.venue['id']}/slots", params={"date": local_day(3).isoformat()}
    )
    court_1 = next(c for c in slots.json()["courts"] if c["court"]["id"] == court9.court_1)
    assert at(3, 20).isoformat() in {slot["starts_at"] for slot in court_1["slots"]}
    assert (await booking_row(runtime, first["id"])).status == m.BookingStatus.HELD, "no job has run"
    second = await hold(client, other, court9.court_1, at(3, 20))
    assert second.status_code == 201, second.text
    assert (await booking_row(runtime, first["id"])).status == m.BookingStatus.EXPIRED
    late = await client.post(f"/api/v1/bookings/{first['id']}/pay-at-venue", headers=court9.member.headers)
    assert late.status_code == 409


# --- confirming, reading ------------------------------------------------------------------------


async def test_pay_at_venue_confirms_a_hold_and_shows_the_qr_ticket(client, runtime, court9):
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    answer = await client.post(f"/api/v1/bookings/{held['id']}/pay-at-venue", headers=court9.member.headers)
    assert answer.status_code == 200, answer.text
    booking = answer.json()
    assert (booking["status"], booking["payment_method"], booking["paid"]) == (
        "confirmed",
        "pay_at_venue",
        False,
    )
    assert booking["hold_expires_at"] is None
    row = await booking_row(runtime, held["id"])
    token = booking_token(runtime.settings.qr_signing_key, row.id, row.code)
    assert booking["code"] == row.code
    assert booking["qr_svg"] == svg_data_uri(token)
    assert booking["qr_svg"].startswith("data:image/svg+xml")
    again = await client.post(f"/api/v1/bookings/{held['id']}/pay-at-venue", headers=court9.member.headers)
    assert again.status_code == 409
    assert await notifications(runtime, court9.owner.id, "booking_confirmed") == 1
    as_owner = (await client.get(f"/api/v1/bookings/{held['id']}", headers=court9.owner.headers)).json()
    assert as_owner["member"]["handle"] == "ayesha"
    assert (as_owner["code"], as_owner["qr_svg"]) == (None, None), "the ticket is the member's"


async def test_bookings_are_private_to_their_member_and_the_venue(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    other_owner = await venue_owner(runtime, 901, "other_owner")
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    for who in (other, other_owner):
        for method, path in [
            ("GET", f"/api/v1/bookings/{held['id']}"),
            ("POST", f"/api/v1/bookings/{held['id']}/pay-at-venue"),
            ("POST", f"/api/v1/bookings/{held['id']}/cancel"),
        ]:
            answer = await client.request(method, path, headers=who.headers)
            assert answer.status_code == 404, (who.user.handle, path)
    assert (await client.get(f"/api/v1/bookings/{held['id']}")).status_code == 401


async def test_my_bookings_newest_first_with_a_status_filter(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    first = (await hold(client, court9.member, court9.court_1, at(3, 10))).json()
    second = await confirmed(client, court9.member, court9.court_1, at(3, 12))
    await hold(client, other, court9.court_2, at(3, 12))
    mine = (await client.get("/api/v1/bookings", headers=court9.member.headers)).json()
    assert [item["id"] for item in mine["items"]] == [second["id"], first["id"]]
    assert mine["items"][0]["qr_svg"] is None, "lists stay light; the detail has the QR"
    held = (
        await client.get("/api/v1/bookings", params={"status": "held"}, headers=court9.member.headers)
    ).json()
    assert [item["id"] for item in held["items"]] == [first["id"]]
    paged = (await client.get("/api/v1/bookings", params={"limit": 1}, headers=court9.member.headers)).json()
    assert paged["next_cursor"]


# --- cancelling ---------------------------------------------------------------------------------


async def test_members_cancel_free_until_the_deadline_and_owners_any_time(client, runtime, court9):
    far = await confirmed(client, court9.member, court9.court_1, at(3, 20))
    cancelled = await client.post(f"/api/v1/bookings/{far['id']}/cancel", headers=court9.member.headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert (await hold(client, court9.member, court9.court_1, at(3, 20))).status_code == 201, (
        "the slot is free again"
    )

    soon = await confirmed(client, court9.member, court9.court_2, next_half_hour(timedelta(hours=3)))
    refused = await client.post(f"/api/v1/bookings/{soon['id']}/cancel", headers=court9.member.headers)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "too_late_to_cancel"
    assert "Free cancellation ended at" in refused.json()["error"]["message"]
    by_owner = await client.post(f"/api/v1/bookings/{soon['id']}/cancel", headers=court9.owner.headers)
    assert by_owner.status_code == 200
    assert await notifications(runtime, court9.member.id, "booking_cancelled") == 1
    assert await count(runtime, m.AuditLog, m.AuditLog.action == "booking.cancel_paid") == 0, (
        "nothing was paid"
    )


async def test_a_hold_can_be_released_any_time(client, court9):
    soon = (await hold(client, court9.member, court9.court_1, next_half_hour())).json()
    released = await client.post(f"/api/v1/bookings/{soon['id']}/cancel", headers=court9.member.headers)
    assert released.json()["status"] == "cancelled"
    twice = await client.post(f"/api/v1/bookings/{soon['id']}/cancel", headers=court9.member.headers)
    assert twice.status_code == 409


async def test_cancelling_an_online_paid_booking_refunds_it_and_an_owner_cancel_is_audited(
    client, runtime, court9, monkeypatch
):
    refunds = []

    class Payments:
        async def refund_for(self, **kwargs):
            refunds.append(kwargs)

    monkeypatch.setattr(Services, "payments", property(lambda self: Payments()), raising=False)
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    await set_booking(
        runtime,
        held["id"],
        status=m.BookingStatus.CONFIRMED,
        payment_method=m.PaymentMethod.ONLINE,
        paid_at=utcnow(),
        confirmed_at=utcnow(),
    )
    answer = await client.post(f"/api/v1/bookings/{held['id']}/cancel", headers=court9.owner.headers)
    assert answer.status_code == 200, answer.text
    assert [(r["booking_id"], r["actor"].id) for r in refunds] == [(UUID(held["id"]), court9.owner.id)]
    audit = await audit_row(runtime, "booking.cancel_paid")
    assert (audit.actor_id, str(audit.subject_id)) == (court9.owner.id, held["id"])
    assert audit.details["amount_pkr"] == 8000


# --- the owner's desk ---------------------------------------------------------------------------


async def test_a_qr_token_checks_in_once_and_the_second_scan_says_when(client, runtime, court9):
    booking = await confirmed(client, court9.member, court9.court_1, next_half_hour())
    row = await booking_row(runtime, booking["id"])
    token = booking_token(runtime.settings.qr_signing_key, row.id, row.code)
    scan = await client.post("/api/v1/owner/check-ins", json={"token": token}, headers=court9.owner.headers)
    assert scan.status_code == 200, scan.text
    assert scan.json()["status"] == "checked_in"
    again = await client.post("/api/v1/owner/check-ins", json={"token": token}, headers=court9.owner.headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_checked_in"
    assert again.json()["error"]["message"].startswith("Already checked in at ")
    typed = await client.post(
        "/api/v1/owner/check-ins", json={"code": row.code}, headers=court9.owner.headers
    )
    assert typed.status_code == 409


async def test_forged_or_foreign_tokens_are_refused(client, runtime, court9):
    booking = await confirmed(client, court9.member, court9.court_1, next_half_hour())
    row = await booking_row(runtime, booking["id"])
    genuine = booking_token(runtime.settings.qr_signing_key, row.id, row.code)
    forged = [
        booking_token("someone-elses-key", row.id, row.code),
        genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        genuine.replace(row.code, "ABCDEFGH"),
        "SCN1.not-a-uuid.CODE.sig",
        "hello",
    ]
    for token in forged:
        answer = await client.post(
            "/api/v1/owner/check-ins", json={"token": token}, headers=court9.owner.headers
        )
        assert answer.status_code == 422, token
        assert answer.json()["error"]["details"]["fields"] == {
            "token": "This QR code is not a Scene booking."
        }
    assert (await booking_row(runtime, booking["id"])).status == m.BookingStatus.CONFIRMED
    assert read_booking_token(runtime.settings.qr_signing_key, genuine) == (row.id, row.code)
    both = await client.post(
        "/api/v1/owner/check-ins", json={"token": genuine, "code": row.code}, headers=court9.owner.headers
    )
    assert both.status_code == 422


async def test_a_typed_code_checks_in_but_not_too_early(client, runtime, court9):
    tomorrow = await confirmed(client, court9.member, court9.court_1, at(2, 20))
    row = await booking_row(runtime, tomorrow["id"])
    early = await client.post(
        "/api/v1/owner/check-ins", json={"code": row.code.lower()}, headers=court9.owner.headers
    )
    assert early.status_code == 409
    assert early.json()["error"]["message"].startswith("Check-in opens at 7:00 pm on ")
    now_ish = await confirmed(client, court9.member, court9.court_2, next_half_hour())
    code = (await booking_row(runtime, now_ish["id"])).code
    typed = await client.post(
        "/api/v1/owner/check-ins", json={"code": f" {code} "}, headers=court9.owner.headers
    )
    assert typed.json()["status"] == "checked_in"
    held = (await hold(client, court9.member, court9.court_1, next_half_hour())).json()
    not_confirmed = await client.post(
        "/api/v1/owner/check-ins",
        json={"code": (await booking_row(runtime, held["id"])).code},
        headers=court9.owner.headers,
    )
    assert not_confirmed.status_code == 409


async def test_owners_mark_cash_paid_once_with_an_audit_row(client, runtime, court9):
    booking = await confirmed(client, court9.member, court9.court_1, at(3, 20))
    paid = await client.post(
        f"/api/v1/owner/bookings/{booking['id']}/mark-paid", headers=court9.owner.headers
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["paid"] is True
    again = await client.post(
        f"/api/v1/owner/bookings/{booking['id']}/mark-paid", headers=court9.owner.headers
    )
    assert again.status_code == 409
    audit = await audit_row(runtime, "booking.mark_paid")
    assert (audit.actor_id, str(audit.subject_id)) == (court9.owner.id, booking["id"])
    assert audit.details == {"amount_pkr": 8000}
    cancelled = await client.post(f"/api/v1/bookings/{booking['id']}/cancel", headers=court9.owner.headers)
    assert cancelled.status_code == 200
    assert await count(runtime, m.AuditLog, m.AuditLog.action == "booking.cancel_paid") == 1
    held = (await hold(client, court9.member, court9.court_2, at(3, 20))).json()
    not_yet = await client.post(
        f"/api/v1/owner/bookings/{held['id']}/mark-paid", headers=court9.owner.headers
    )
    assert not_yet.status_code == 409


async def test_a_no_show_is_marked_only_once_the_slot_started(client, runtime, court9):
    booking = await confirmed(client, court9.member, court9.court_1, at(3, 20))
    early = await client.post(f"/api/v1/owner/bookings/{booking['id']}/no-show", headers=court9.owner.headers)
    assert early.status_code == 409
    started = utcnow() - timedelta(minutes=10)
    await set_booking(runtime, booking["id"], period=Range(started, started + timedelta(hours=1)))
    marked = await client.post(
        f"/api/v1/owner/bookings/{booking['id']}/no-show", headers=court9.owner.headers
    )
    assert marked.json()["status"] == "no_show"


async def test_the_owner_desk_is_404_for_everyone_but_the_venue_and_admins(client, runtime, court9):
    booking = await confirmed(client, court9.member, court9.court_1, next_half_hour())
    code = (await booking_row(runtime, booking["id"])).code
    other_owner = await venue_owner(runtime, 901, "other_owner")
    admin = await person(runtime, 3, "admin", role=m.UserRole.ADMIN)
    desk = [
        ("POST", f"/api/v1/owner/bookings/{booking['id']}/mark-paid", None),
        ("POST", "/api/v1/owner/check-ins", {"code": code}),
        ("POST", f"/api/v1/owner/bookings/{booking['id']}/no-show", None),
    ]
    for who in (court9.member, other_owner):
        for method, path, body in desk:
            answer = await client.request(method, path, json=body, headers=who.headers)
            assert answer.status_code == 404, (who.user.handle, path, answer.text)
    for method, path, body in desk[:2]:
        answer = await client.request(method, path, json=body, headers=admin.headers)
        assert answer.status_code == 200, (path, answer.text)
    assert (await booking_row(runtime, booking["id"])).status == m.BookingStatus.CHECKED_IN


async def test_the_week_calendar_shows_holds_bookings_and_blocked_periods_per_court(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    held = (await hold(client, other, court9.court_2, at(3, 18))).json()
    booked = await confirmed(client, court9.member, court9.court_1, at(3, 20))
    gone = (await hold(client, court9.member, court9.court_1, at(3, 10))).json()
    await client.post(f"/api/v1/bookings/{gone['id']}/cancel", headers=court9.member.headers)
    stale = (await hold(client, other, court9.court_1, at(4, 9))).json()
    await set_booking(runtime, stale["id"], hold_expires_at=utcnow() - timedelta(minutes=1))
    await client.post(
        f"/api/v1/owner/venues/{court9.venue['id']}/blackouts",
        json={"starts_at": at(5, 7).isoformat(), "ends_at": at(5, 9).isoformat(), "reason": "Cleaning"},
        headers=court9.owner.headers,
    )
    next_week = await client.post(
        f"/api/v1/owner/venues/{court9.venue['id']}/blackouts",
        json={
            "court_id": court9.court_1,
            "starts_at": at(12, 7).isoformat(),
            "ends_at": at(12, 9).isoformat(),
        },
        headers=court9.owner.headers,
    )
    assert next_week.status_code == 201
    answer = await client.get(
        f"/api/v1/owner/venues/{court9.venue['id']}/calendar",
        params={"week_start": local_day(1).isoformat()},
        headers=court9.owner.headers,
    )
    assert answer.status_code == 200, answer.text
    calendar = answer.json()
    assert calendar["starts_at"] == at(1, 0).isoformat()
    assert calendar["ends_at"] >= at(8, 0).isoformat()
    entries = {c["court"]["name"]: [(e["kind"], e["id"]) for e in c["entries"]] for c in calendar["courts"]}
    blackout_id = next(e["id"] for e in calendar["courts"][0]["entries"] if e["kind"] == "blackout")
    assert entries == {
        "Court 1": [("booking", booked["id"]), ("blackout", blackout_id)],
        "Court 2": [("booking", held["id"]), ("blackout", blackout_id)],
    }
    first = calendar["courts"][0]["entries"][0]
    assert (first["status"], first["member"]["handle"], first["paid"]) == ("confirmed", "ayesha", False)
    assert calendar["courts"][1]["entries"][1]["whole_venue"] is True


# --- the payments contract ----------------------------------------------------------------------


async def payment_for(runtime, booking_id: str, payer: Person, **fields: Any) -> m.Payment:
    payment = m.Payment(
        payer_id=payer.id,
        provider=m.PaymentProviderName.JAZZCASH,
        purpose=m.PaymentPurpose.BOOKING,
        booking_id=UUID(booking_id),
        amount_pkr=8000,
        merchant_reference=f"SCN-{booking_id[-12:]}-{fields.pop('n', 1)}",
        **fields,
    )
    await arrange(runtime, payment)
    return payment


async def details_for(runtime, who: Person, booking_id: str):
    async with provide_services(runtime) as services:
        payer = await services.session.get_one(m.User, who.id)
        return await services.bookings.payment_details(payer, UUID(booking_id))


async def test_payment_details_lock_a_live_hold_of_the_payer(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    details = await details_for(runtime, court9.member, held["id"])
    assert details.amount_pkr == 8000
    day = at(3, 20)
    assert details.description == f"Court 1, Court Nine Padel, {day:%a} {day.day} {day:%b} 8:00 pm"
    assert details.expires_at == (await booking_row(runtime, held["id"])).hold_expires_at
    with pytest.raises(NotFound):
        await details_for(runtime, other, held["id"])
    await set_booking(runtime, held["id"], hold_expires_at=utcnow() - timedelta(seconds=1))
    with pytest.raises(Conflict, match="expired"):
        await details_for(runtime, court9.member, held["id"])


async def succeed(runtime, payment: m.Payment) -> bool:
    async with provide_services(runtime) as services:
        return await services.bookings.payment_succeeded(
            await services.session.get_one(m.Payment, payment.id)
        )


async def test_a_payment_confirms_its_hold_once(client, runtime, court9):
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    payment = await payment_for(runtime, held["id"], court9.member)
    assert await succeed(runtime, payment) is True
    row = await booking_row(runtime, held["id"])
    assert (row.status, row.payment_method) == (m.BookingStatus.CONFIRMED, m.PaymentMethod.ONLINE)
    assert row.paid_at is not None
    assert await succeed(runtime, payment) is True, "the same payment again: still confirmed by it"
    assert (await booking_row(runtime, held["id"])).paid_at == row.paid_at
    second = await payment_for(runtime, held["id"], court9.member, n=2)
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Payment).where(m.Payment.id == payment.id).values(status=m.PaymentStatus.SUCCEEDED)
        )
        await session.commit()
    assert await succeed(runtime, second) is False, "a second payment for a paid booking is refunded"


async def test_a_late_payment_confirms_if_the_slot_is_still_free_else_is_refused(client, runtime, court9):
    other = await person(runtime, 2, "bilal")
    lucky = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    unlucky = (await hold(client, court9.member, court9.court_2, at(3, 20))).json()
    for booking in (lucky, unlucky):
        await set_booking(runtime, booking["id"], hold_expires_at=utcnow() - timedelta(seconds=1))
    async with provide_services(runtime) as services:
        assert await services.bookings.expire_stale_holds() == 2
    taker = await hold(client, other, court9.court_2, at(3, 20))
    assert taker.status_code == 201
    assert await succeed(runtime, await payment_for(runtime, lucky["id"], court9.member)) is True
    assert (await booking_row(runtime, lucky["id"])).status == m.BookingStatus.CONFIRMED
    assert await succeed(runtime, await payment_for(runtime, unlucky["id"], court9.member)) is False
    assert (await booking_row(runtime, unlucky["id"])).status == m.BookingStatus.EXPIRED
    assert (await booking_row(runtime, taker.json()["id"])).status == m.BookingStatus.HELD


async def test_a_failed_payment_keeps_the_hold_and_a_cancelled_booking_takes_no_payment(
    client, runtime, court9
):
    held = (await hold(client, court9.member, court9.court_1, at(3, 20))).json()
    payment = await payment_for(runtime, held["id"], court9.member)
    async with provide_services(runtime) as services:
        await services.bookings.payment_failed(await services.session.get_one(m.Payment, payment.id))
    assert (await booking_row(runtime, held["id"])).status == m.BookingStatus.HELD
    await client.post(f"/api/v1/bookings/{held['id']}/cancel", headers=court9.member.headers)
    assert await succeed(runtime, payment) is False
    assert (await booking_row(runtime, held["id"])).status == m.BookingStatus.CANCELLED


# --- the QR token itself ------------------------------------------------------------------------


def test_a_token_reads_back_only_with_its_key_and_untouched():
    booking_id = UUID("0192f3c4-0000-7000-8000-000000000001")
    token = booking_token("key-1", booking_id, "K7M2QXAB")
    assert read_booking_token("key-1", token) == (booking_id, "K7M2QXAB")
    assert read_booking_token("key-2", token) is None
    assert read_booking_token("key-1", token.replace("K7M2QXAB", "K7M2QXAC")) is None
    assert read_booking_token("key-1", token + "x") is None
    assert read_booking_token("key-1", "") is None


async def test_one_member_holds_a_few_slots_at_once_and_not_endlessly(client, runtime, court9):
    limit = runtime.settings.max_live_holds
    held = [await hold(client, court9.member, court9.court_1, at(3, 8 + n)) for n in range(limit)]
    assert all(answer.status_code == 201 for answer in held)
    refused = await hold(client, court9.member, court9.court_2, at(3, 20))
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "too_many_holds"
    await client.post(f"/api/v1/bookings/{held[0].json()['id']}/cancel", headers=court9.member.headers)
    assert (await hold(client, court9.member, court9.court_2, at(3, 20))).status_code == 201

    for _ in range(runtime.settings.holds_per_hour):
        await runtime.redis.incr(f"ratelimit:holds:user:{court9.member.user.id}")
    churned = await hold(client, court9.member, court9.court_2, at(3, 21))
    assert churned.status_code == 429

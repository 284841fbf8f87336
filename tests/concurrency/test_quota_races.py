"""Per-member quotas counted in the database, under concurrency: one member firing many requests at
once gets exactly the cap (OWASP API6: a quota must not be beaten by sending requests together).

Each quota has a control run: without the member's row lock (`domain/quotas.lock_member`), and with
every request's count meeting the others' before anyone writes, the member gets past the cap; so the
exact-cap test is known to be able to fail.
"""

import asyncio
from dataclasses import replace

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.auth import invites
from scene_api.domain.auth.invites import InviteService
from scene_api.domain.bookings import services as bookings
from scene_api.domain.bookings.services import BookingService
from scene_api.domain.events import orders
from scene_api.domain.events.orders import OrderService
from scene_api.domain.quotas import lock_member
from scene_api.domain.trust import vouches
from scene_api.domain.trust.vouches import VouchService
from tests.concurrency.together import Together, count_together
from tests.events import event_payload, tier
from tests.social import person
from tests.venues import at, booking_payload, open_venue, venue_owner

AT_ONCE = 8
VOUCH_DAILY_LIMIT = 3


@pytest.fixture
def settings(settings):
    """A small daily vouch limit so that eight at once cross it; the other caps keep their defaults."""
    return replace(settings, vouch_daily_limit=VOUCH_DAILY_LIMIT)


async def member_without_lock(session, member_id):
    """`lock_member` without its row lock, for the control runs."""
    return await session.get_one(m.User, member_id, populate_existing=True)


def outcome(answers):
    """{status: count} and the refusals' error codes."""
    statuses: dict[int, int] = {}
    for answer in answers:
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    refusals = {answer.json()["error"].get("code") for answer in answers if answer.status_code >= 400}
    return statuses, refusals


async def rows(runtime, model, *where):
    async with runtime.session_factory() as session:
        return await session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


# Live court holds (settings.max_live_holds) ---------------------------------------------------


async def eight_holds_at_once(live_api, runtime):
    venue = await open_venue(live_api, await venue_owner(runtime))
    slots = [(court["id"], at(3, 8 + hour)) for court in venue["courts"] for hour in range(AT_ONCE // 2)]
    member = await person(runtime, 1, "hoarder")
    answers = await asyncio.gather(
        *(
            live_api.post("/api/v1/bookings", json=booking_payload(court, starts), headers=member.headers)
            for court, starts in slots
        )
    )
    held = await rows(
        runtime, m.Booking, m.Booking.user_id == member.id, m.Booking.status == m.BookingStatus.HELD
    )
    return answers, held


async def test_without_the_member_lock_holds_fired_at_once_pass_the_live_hold_cap(
    live_api, runtime, settings, monkeypatch
):
    monkeypatch.setattr(bookings, "lock_member", member_without_lock)
    count_together(monkeypatch, BookingService, "_live_holds", AT_ONCE)
    answers, held = await eight_holds_at_once(live_api, runtime)
    assert held > settings.max_live_holds, outcome(answers)


async def test_eight_holds_fired_at_once_by_one_member_leave_exactly_the_live_hold_cap(
    live_api, runtime, settings
):
    cap = settings.max_live_holds
    answers, held = await eight_holds_at_once(live_api, runtime)
    assert outcome(answers) == ({201: cap, 409: AT_ONCE - cap}, {"too_many_holds"})
    assert held == cap


# Open ticket reservations (settings.max_open_orders) ------------------------------------------


async def eight_reservations_at_once(live_api, runtime):
    host = await person(runtime, 2, "host")
    events = []
    for n in range(AT_ONCE):
        created = await live_api.post(
            "/api/v1/events",
            json=event_payload(title=f"Qawwali night {n + 1}", tiers=[tier(price_pkr=1500)]),
            headers=host.headers,
        )
        assert created.status_code == 201, created.text
        events.append(created.json())
    buyer = await person(runtime, 1, "hoarder")
    answers = await asyncio.gather(
        *(
            live_api.post(
                f"/api/v1/events/{event['id']}/orders",
                json={"tier_id": event["tiers"][0]["id"], "quantity": 1},
                headers=buyer.headers,
            )
            for event in events
        )
    )
    reserved = await rows(
        runtime, m.Order, m.Order.buyer_id == buyer.id, m.Order.status == m.OrderStatus.RESERVED
    )
    return answers, reserved


async def test_without_the_member_lock_reservations_fired_at_once_pass_the_open_order_cap(
    live_api, runtime, settings, monkeypatch
):
    monkeypatch.setattr(orders, "lock_member", member_without_lock)
    count_together(monkeypatch, OrderService, "_open_orders", AT_ONCE)
    answers, reserved = await eight_reservations_at_once(live_api, runtime)
    assert reserved > settings.max_open_orders, outcome(answers)


async def test_eight_reservations_fired_at_once_leave_exactly_the_open_order_cap(live_api, runtime, settings):
    cap = settings.max_open_orders
    answers, reserved = await eight_reservations_at_once(live_api, runtime)
    assert outcome(answers) == ({201: cap, 409: AT_ONCE - cap}, {"too_many_open_orders"})
    assert reserved == cap


# Invites (the member's invite_quota) ----------------------------------------------------------


async def invites_at_once(live_api, runtime, count):
    inviter = await person(runtime, 1, "inviter")
    answers = await asyncio.gather(
        *(live_api.post("/api/v1/invites", json={}, headers=inviter.headers) for _ in range(count))
    )
    return answers, await rows(runtime, m.Invite, m.Invite.inviter_id == inviter.id)


async def test_without_the_member_lock_invites_created_at_once_pass_the_quota(
    live_api, runtime, settings, monkeypatch
):
    monkeypatch.setattr(invites, "lock_member", member_without_lock)
    count_together(monkeypatch, InviteService, "_used", settings.invite_quota + 3)
    answers, created = await invites_at_once(live_api, runtime, settings.invite_quota + 3)
    assert created > settings.invite_quota, outcome(answers)


async def test_invites_created_at_once_stop_at_exactly_the_quota(live_api, runtime, settings):
    quota = settings.invite_quota
    answers, created = await invites_at_once(live_api, runtime, quota + 3)
    assert outcome(answers) == ({201: quota, 409: 3}, {"invite_quota_reached"})
    assert created == quota


# Vouches a day (settings.vouch_daily_limit) ---------------------------------------------------


async def vouches_at_once(live_api, runtime):
    voucher = await person(runtime, 1, "voucher")
    vouchees = [await person(runtime, 10 + n, f"vouchee_{n}") for n in range(AT_ONCE)]
    answers = await asyncio.gather(
        *(
            live_api.post("/api/v1/vouches", json={"vouchee_id": str(vouchee.id)}, headers=voucher.headers)
            for vouchee in vouchees
        )
    )
    return answers, await rows(runtime, m.Vouch, m.Vouch.voucher_id == voucher.id)


async def test_without_the_member_lock_vouches_given_at_once_pass_the_daily_limit(
    live_api, runtime, monkeypatch
):
    monkeypatch.setattr(vouches, "lock_member", member_without_lock)
    count_together(monkeypatch, VouchService, "_given_since", AT_ONCE)
    answers, given = await vouches_at_once(live_api, runtime)
    assert given > VOUCH_DAILY_LIMIT, outcome(answers)


async def test_vouches_given_at_once_stop_at_exactly_the_daily_limit(live_api, runtime):
    answers, given = await vouches_at_once(live_api, runtime)
    assert outcome(answers) == ({201: VOUCH_DAILY_LIMIT, 429: AT_ONCE - VOUCH_DAILY_LIMIT}, {"rate_limited"})
    assert given == VOUCH_DAILY_LIMIT


async def member_for_update(session, member_id):
    """The voucher's lock as it was: `FOR UPDATE`, which also blocks the key-share lock of a foreign key."""
    return await session.get_one(m.User, member_id, with_for_update=True, populate_existing=True)


async def mutual_vouches_at_once(live_api, runtime, monkeypatch, lock):
    """Four pairs of members vouching for each other at once; each request meets the others right
    after taking its voucher's lock, so every pair's two locks are held before either vouch is written."""
    pairs = [(await person(runtime, 20 + 2 * n), await person(runtime, 21 + 2 * n)) for n in range(4)]
    together = Together(len(pairs) * 2)

    async def lock_then_meet(session, member_id):
        member = await lock(session, member_id)
        await together.meet()
        return member

    monkeypatch.setattr(vouches, "lock_member", lock_then_meet)
    return await asyncio.gather(
        *(
            live_api.post("/api/v1/vouches", json={"vouchee_id": str(vouchee.id)}, headers=voucher.headers)
            for one, other in pairs
            for voucher, vouchee in ((one, other), (other, one))
        )
    )


async def test_with_a_for_update_lock_members_vouching_for_each_other_at_once_deadlock(
    live_api, runtime, monkeypatch
):
    answers = await mutual_vouches_at_once(live_api, runtime, monkeypatch, member_for_update)
    assert any(answer.status_code != 201 for answer in answers), "expected deadlocks between the pairs"


async def test_members_vouching_for_each_other_at_once_all_succeed(live_api, runtime, monkeypatch):
    """Each vouch references the other member's row; `FOR NO KEY UPDATE` lets that through."""
    answers = await mutual_vouches_at_once(live_api, runtime, monkeypatch, lock_member)
    assert [answer.status_code for answer in answers] == [201] * 8, [a.text for a in answers]

"""Ticket races: more buyers than tickets at the same moment, and one ticket scanned twice at once.

The first test shows the race is real (without the event and tier row locks the counters and the
orders disagree), the others that with the locks the outcome is exact.
"""

import asyncio

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.events.services import EventService
from scene_api.domain.events.tiers import TierService
from tests.events import event_payload, tier
from tests.helpers import PHONES, create_member, sign_in

BUYERS = 30
TICKETS = 10


async def buyers_with_headers(runtime, count):
    members = [await create_member(runtime, PHONES[1 + n], handle=f"buyer_{n}") for n in range(count)]
    return [await sign_in(runtime, member) for member in members]


async def hosted(live_api, runtime, **fields):
    host = await create_member(runtime, PHONES[0], handle="host")
    response = await live_api.post(
        "/api/v1/events", json=event_payload(**fields), headers=await sign_in(runtime, host)
    )
    assert response.status_code == 201, response.text
    return response.json(), await sign_in(runtime, host)


async def everyone_buys(live_api, event, buyers, tier_of=lambda n: 0):
    return await asyncio.gather(
        *(
            live_api.post(
                f"/api/v1/events/{event['id']}/orders",
                json={"tier_id": event["tiers"][tier_of(n)]["id"], "quantity": 1},
                headers=headers,
            )
            for n, headers in enumerate(buyers)
        )
    )


async def sale_facts(runtime, event_id):
    """(tickets_sold, each tier's sold, orders made, tickets issued)."""
    async with runtime.session_factory() as session:
        event = await session.get_one(m.Event, event_id)
        tiers = (
            await session.scalars(
                sa.select(m.TicketTier.sold)
                .where(m.TicketTier.event_id == event_id)
                .order_by(m.TicketTier.position)
            )
        ).all()
        orders = await session.scalar(
            sa.select(sa.func.count()).select_from(m.Order).where(m.Order.event_id == event_id)
        )
        tickets = await session.scalar(
            sa.select(sa.func.count()).select_from(m.Ticket).where(m.Ticket.event_id == event_id)
        )
    return event.tickets_sold, list(tiers), orders, tickets


async def test_without_the_locks_the_race_is_real(live_api, runtime, monkeypatch):
    load = EventService.load

    async def load_without_lock(self, actor, event_id, *, for_update=False):
        return await load(self, actor, event_id, for_update=False)

    async def tier_without_lock(self, event, tier_id):
        return await self.session.get_one(m.TicketTier, tier_id)

    monkeypatch.setattr(EventService, "load", load_without_lock)
    monkeypatch.setattr(TierService, "lock", tier_without_lock)
    event, _ = await hosted(live_api, runtime, tiers=[tier("General", 0, TICKETS)])
    await everyone_buys(live_api, event, await buyers_with_headers(runtime, BUYERS))
    tickets_sold, (tier_sold,), orders, _ = await sale_facts(runtime, event["id"])
    assert orders > TICKETS or orders != tier_sold or orders != tickets_sold, (
        "expected lost updates without locks"
    )


async def test_thirty_buyers_for_ten_tickets_get_exactly_ten(live_api, runtime):
    event, _ = await hosted(live_api, runtime, tiers=[tier("General", 0, TICKETS)])
    answers = await everyone_buys(live_api, event, await buyers_with_headers(runtime, BUYERS))
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] * TICKETS + [409] * (BUYERS - TICKETS)
    refusals = {answer.json()["error"]["code"] for answer in answers if answer.status_code == 409}
    assert refusals == {"sold_out"}
    assert await sale_facts(runtime, event["id"]) == (TICKETS, [TICKETS], TICKETS, TICKETS)


async def test_the_event_capacity_holds_across_tiers(live_api, runtime):
    event, _ = await hosted(
        live_api,
        runtime,
        capacity=TICKETS,
        tiers=[tier("Early bird", 1000, TICKETS), tier("Regular", 1500, TICKETS)],
    )
    answers = await everyone_buys(
        live_api, event, await buyers_with_headers(runtime, BUYERS), lambda n: n % 2
    )
    assert sorted(answer.status_code for answer in answers) == [201] * TICKETS + [409] * (BUYERS - TICKETS)
    tickets_sold, tiers, orders, _ = await sale_facts(runtime, event["id"])
    assert (tickets_sold, sum(tiers), orders) == (TICKETS, TICKETS, TICKETS)


async def test_one_ticket_scanned_ten_times_at_once_admits_once(live_api, runtime):
    event, host_headers = await hosted(live_api, runtime)
    (buyer,) = await buyers_with_headers(runtime, 1)
    order = (
        await live_api.post(
            f"/api/v1/events/{event['id']}/orders",
            json={"tier_id": event["tiers"][0]["id"], "quantity": 1},
            headers=buyer,
        )
    ).json()
    token = order["tickets"][0]["qr_token"]
    answers = await asyncio.gather(
        *(
            live_api.post(
                f"/api/v1/events/{event['id']}/checkin", json={"token": token}, headers=host_headers
            )
            for _ in range(10)
        )
    )
    assert sorted(answer.status_code for answer in answers) == [200] + [409] * 9
    stats = (await live_api.get(f"/api/v1/events/{event['id']}/checkin/stats", headers=host_headers)).json()
    assert stats == {"checked_in": 1, "tickets": 1}

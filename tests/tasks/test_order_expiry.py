"""Unpaid reservations: expired by their own job at the deadline or by the sweep, both idempotent; the
tickets they give back go to the waitlist in order, and lapsed offers pass on to the next member."""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.lib.timezone import utcnow
from scene_tasks.jobs.orders import expire_order, sweep_orders
from scene_tasks.worker import CRON_JOBS
from tests.events import buy, host_event, make_overdue, notifications_of, sold, tier
from tests.helpers import PHONES, create_member, job_context, sign_in


@pytest.fixture
async def people(runtime):
    members = [await create_member(runtime, PHONES[n], handle=f"fan_{n}") for n in range(4)]
    return [(member, await sign_in(runtime, member)) for member in members]


async def order_status(runtime, order_id):
    async with runtime.session_factory() as session:
        return (await session.get_one(m.Order, order_id)).status


async def test_the_expiry_job_gives_the_tickets_back_once_and_only_when_due(client, runtime, people):
    event = await host_event(client, people[0][1], tiers=[tier("Paid", 2000, 5)])
    buyer, headers = people[1]
    order = (await buy(client, event, headers, quantity=2)).json()
    context = job_context(runtime)
    assert await expire_order(context, order_id=order["id"]) is False
    assert await order_status(runtime, order["id"]) == m.OrderStatus.RESERVED
    await make_overdue(runtime, order["id"])
    assert await expire_order(context, order_id=order["id"]) is True
    assert await expire_order(context, order_id=order["id"]) is False
    assert await order_status(runtime, order["id"]) == m.OrderStatus.EXPIRED
    assert await sold(runtime, event["id"]) == (0, [0])
    assert len(await notifications_of(runtime, buyer.id, "order_expired")) == 1


async def test_paid_and_pay_at_venue_orders_never_expire(client, runtime, people):
    event = await host_event(
        client, people[0][1], allow_pay_at_venue=True, tiers=[tier("Free", 0, 5), tier("Paid", 2000, 5)]
    )
    free = (await buy(client, event, people[1][1])).json()
    at_venue = (await buy(client, event, people[2][1], tier_index=1, pay_at_venue=True)).json()
    context = job_context(runtime)
    for order in (free, at_venue):
        await make_overdue(runtime, order["id"])
        assert await expire_order(context, order_id=order["id"]) is False
    assert await sweep_orders(context) == 0
    assert await sold(runtime, event["id"]) == (2, [1, 1])


async def test_the_sweep_expires_what_is_due_and_offers_the_waitlist_in_order(client, runtime, people):
    event = await host_event(client, people[0][1], tiers=[tier("Paid", 2000, 1)])
    (_, first_headers), (second, second_headers), (third, third_headers) = people[1:]
    order = (await buy(client, event, first_headers)).json()
    for headers in (second_headers, third_headers):
        joined = await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=headers)
        assert joined.status_code == 201
    await make_overdue(runtime, order["id"])
    context = job_context(runtime)
    assert await sweep_orders(context) == 1
    assert await sweep_orders(context) == 0
    assert await order_status(runtime, order["id"]) == m.OrderStatus.EXPIRED
    assert [len(await notifications_of(runtime, who.id, "waitlist_offer")) for who in (second, third)] == [
        1,
        0,
    ]

    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.EventWaitlistEntry)
            .where(m.EventWaitlistEntry.user_id == second.id)
            .values(offer_expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    assert await sweep_orders(context) == 0
    assert await sweep_orders(context) == 0
    assert len(await notifications_of(runtime, second.id, "waitlist_offer_lapsed")) == 1
    assert len(await notifications_of(runtime, third.id, "waitlist_offer")) == 1
    lapsed = await buy(client, event, second_headers)
    assert lapsed.status_code == 409
    assert (await buy(client, event, third_headers)).status_code == 201


async def test_a_lapsed_offer_passes_on_when_someone_tries_to_buy(client, runtime, people):
    event = await host_event(client, people[0][1], tiers=[tier("Free", 0, 1)])
    (owner, owner_headers), (second, second_headers), (_, third_headers) = people[1:]
    order = (await buy(client, event, owner_headers)).json()
    await client.post(f"/api/v1/events/{event['id']}/waitlist", json={}, headers=second_headers)
    async with runtime.session_factory() as session:
        await session.execute(
            sa.update(m.Order).where(m.Order.id == order["id"]).values(status=m.OrderStatus.CANCELLED)
        )
        await session.execute(sa.update(m.TicketTier).values(sold=0))
        await session.execute(sa.update(m.Event).values(tickets_sold=0))
        await session.execute(
            sa.update(m.EventWaitlistEntry).values(
                offered_at=utcnow() - timedelta(hours=1), offer_expires_at=utcnow() - timedelta(minutes=1)
            )
        )
        await session.commit()
    assert (await buy(client, event, third_headers)).status_code == 201
    assert len(await notifications_of(runtime, second.id, "waitlist_offer_lapsed")) == 1
    assert owner.id != second.id


async def test_the_worker_runs_the_expiry_and_sweeps_every_minute(client, runtime, people, worker):
    assert any(cron.function.__name__ == "sweep_orders" for cron in CRON_JOBS)
    event = await host_event(client, people[0][1], tiers=[tier("Paid", 2000, 5)])
    order = (await buy(client, event, people[1][1])).json()
    await make_overdue(runtime, order["id"])
    await runtime.queue.enqueue("expire_order", order_id=order["id"])
    for _ in range(200):
        if await order_status(runtime, order["id"]) == m.OrderStatus.EXPIRED:
            break
        await asyncio.sleep(0.05)
    assert await order_status(runtime, order["id"]) == m.OrderStatus.EXPIRED

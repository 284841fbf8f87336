"""The delivery pipeline through the real worker: one message per event, quiet hours, the daily cap
under concurrency, reports stored once and never moving a message backwards."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest
import sqlalchemy as sa
from saq import Worker

from scene_api.db import models as m
from scene_api.domain.messaging import delivery
from scene_api.domain.messaging.channels.base import OutgoingMessage, SendResult, StatusReport
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.runtime import Runtime
from scene_api.services import provide_services
from scene_tasks.context import JobContext
from tests.helpers import PHONES, create_member

Status = m.DeliveryStatus


async def notify(runtime: Runtime, member: m.User, *, kind: str = "join_approved", key: str = "k1") -> None:
    async with provide_services(runtime) as services:
        await services.notifications.notify(
            [member.id], kind=kind, title="You're in: Padel", body="Sat 8 pm", link="/a/padel", dedupe_key=key
        )


async def deliveries(runtime: Runtime, member: m.User) -> list[m.MessageDelivery]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            sa.select(m.MessageDelivery)
            .where(m.MessageDelivery.user_id == member.id)
            .order_by(m.MessageDelivery.created_at)
        )
        return list(rows)


async def settled(runtime: Runtime, member: m.User, count: int = 1) -> list[m.MessageDelivery]:
    """Wait until `count` deliveries have left `queued`/`sending`."""
    for _ in range(200):
        rows = await deliveries(runtime, member)
        if len([row for row in rows if row.status not in (Status.QUEUED, Status.SENDING)]) >= count:
            return rows
        await asyncio.sleep(0.05)
    raise AssertionError(f"not settled: {[(row.channel, row.status) for row in rows]}")


async def outbox_count(runtime: Runtime) -> int:
    async with runtime.session_factory() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(m.SmsOutbox)) or 0)


async def test_an_approval_goes_by_sms_when_nothing_else_reaches_the_member(
    runtime: Runtime, worker: Worker[JobContext]
):
    member = await create_member(runtime, PHONES[0])
    await notify(runtime, member)
    [sent] = await settled(runtime, member)
    assert (sent.channel, sent.status, sent.provider) == (m.Channel.SMS, Status.SENT, "console")
    assert sent.notification_id is not None
    assert sent.sent_at is not None
    assert await outbox_count(runtime) == 1


async def test_one_message_per_event_across_repeated_notifies_and_duplicate_jobs(
    runtime: Runtime, worker: Worker[JobContext]
):
    member = await create_member(runtime, PHONES[0])
    await asyncio.gather(*(notify(runtime, member) for _ in range(3)), return_exceptions=True)
    [sent] = await settled(runtime, member)
    for _ in range(3):
        assert await delivery.deliver(runtime, sent.id) == "nothing to do"
    assert await outbox_count(runtime) == 1


async def test_a_kind_the_member_turned_off_stays_in_the_app(runtime: Runtime):
    member = await create_member(runtime, PHONES[0])
    async with provide_services(runtime) as services:
        services.session.add(m.MessagePreference(user_id=member.id, category="approvals", channels=[]))
    await notify(runtime, member)
    assert await deliveries(runtime, member) == []
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(m.Notification)) == 1


async def test_quiet_hours_hold_a_message_until_they_end_but_never_a_lapsing_hold(runtime: Runtime):
    now_here = utcnow().astimezone(KARACHI)
    start = (now_here - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now_here + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    member = await create_member(runtime, PHONES[0], quiet_hours=True, quiet_start=start, quiet_end=end)
    await notify(runtime, member, kind="join_approved", key="approval")
    await notify(runtime, member, kind="hold_lapsing", key="hold")
    reminder, hold = await deliveries(runtime, member)
    assert reminder.not_before is not None
    assert timedelta(hours=1, minutes=58) < reminder.not_before - utcnow() <= timedelta(hours=2)
    assert await delivery.deliver(runtime, reminder.id) == "nothing to do"
    assert hold.not_before is None
    assert hold.essential
    assert await delivery.deliver(runtime, hold.id) == "sent by console"


async def queue_many(runtime: Runtime, member: m.User, count: int) -> list[UUID]:
    for number in range(count):
        await notify(runtime, member, key=f"event-{number}")
    return [row.id for row in await deliveries(runtime, member)]


async def test_the_daily_cap_holds_when_jobs_race(settings, runtime: Runtime):
    capped = replace(settings, messages_daily_cap=3)
    racing = await Runtime.open(capped)
    try:
        member = await create_member(racing, PHONES[0])
        ids = await queue_many(racing, member, 8)
        outcomes = await asyncio.gather(*(delivery.deliver(racing, delivery_id) for delivery_id in ids))
    finally:
        await racing.close()
    assert outcomes.count("sent by console") == 3
    rows = await deliveries(runtime, member)
    assert sorted(row.status for row in rows).count(Status.SKIPPED) == 5
    assert {row.error_code for row in rows if row.status == Status.SKIPPED} == {"daily_cap"}
    async with runtime.session_factory() as session:
        assert await session.scalar(sa.select(m.MessageDailyCount.sent)) == 3


async def test_without_the_single_statement_the_cap_is_beaten_by_racing_jobs(runtime: Runtime):
    """The control run: the same race with a read-then-write count lets more than the cap through."""
    member = await create_member(runtime, PHONES[0])
    cap, day = 3, utcnow().date()
    async with provide_services(runtime) as services:
        services.session.add(m.MessageDailyCount(user_id=member.id, day=day, sent=0))

    async def naive_count() -> bool:
        async with provide_services(runtime) as services:
            sent = await services.session.scalar(
                sa.select(m.MessageDailyCount.sent).where(m.MessageDailyCount.user_id == member.id)
            )
            await asyncio.sleep(0.05)
            if sent is None or sent >= cap:
                return False
            await services.session.execute(
                sa.update(m.MessageDailyCount)
                .where(m.MessageDailyCount.user_id == member.id)
                .values(sent=m.MessageDailyCount.sent + 1)
            )
            return True

    passed = await asyncio.gather(*(naive_count() for _ in range(8)))
    assert passed.count(True) > cap


async def test_reports_are_stored_once_and_never_move_a_message_backwards(
    runtime: Runtime, worker: Worker[JobContext]
):
    member = await create_member(runtime, PHONES[0])
    await notify(runtime, member)
    [sent] = await settled(runtime, member)
    report = StatusReport("console", str(sent.provider_message_id), Status.DELIVERED, occurred_at=utcnow())
    late_sent = replace(report, status=Status.SENT)
    async with provide_services(runtime) as services:
        assert await services.messaging.record_reports([report, report, late_sent]) == 2
    async with provide_services(runtime) as services:
        assert await services.messaging.record_reports([report]) == 0
    [row] = await deliveries(runtime, member)
    assert row.status == Status.DELIVERED
    assert row.delivered_at is not None
    async with runtime.session_factory() as session:
        stored = await session.scalars(sa.select(m.MessageStatusEvent.status))
        assert sorted(stored) == [Status.DELIVERED, Status.SENT]


async def test_a_report_that_beats_the_send_is_applied_when_the_id_is_recorded(runtime: Runtime):
    member = await create_member(runtime, PHONES[0])
    await notify(runtime, member)
    [queued] = await deliveries(runtime, member)
    claim = await delivery._claim(runtime, queued.id)
    assert claim is not None
    async with provide_services(runtime) as services:
        early = StatusReport("console", "console-early", Status.DELIVERED)
        assert await services.messaging.record_reports([early]) == 1
    outcome = delivery.Outcome(result=SendResult(provider="console", provider_message_id="console-early"))
    await delivery._record(runtime, claim, outcome)
    [row] = await deliveries(runtime, member)
    assert row.status == Status.DELIVERED


async def test_a_message_whose_job_never_reached_the_queue_is_sent_by_the_sweep(runtime: Runtime):
    member = await create_member(runtime, PHONES[0])
    await notify(runtime, member)  # no worker: its job sits in Redis; as if Redis had lost it
    await runtime.redis.flushdb()
    [queued] = await deliveries(runtime, member)
    assert await delivery.requeue_stalled(runtime) == 0  # not yet late
    async with provide_services(runtime) as services:
        await services.session.execute(
            sa.update(m.MessageDelivery).values(
                created_at=utcnow() - timedelta(minutes=6), updated_at=utcnow() - timedelta(minutes=6)
            )
        )
    assert await delivery.requeue_stalled(runtime) == 1
    assert await delivery.deliver(runtime, queued.id) == "sent by console"
    assert await delivery.requeue_stalled(runtime) == 0


async def test_a_stalled_send_is_queued_again(runtime: Runtime):
    member = await create_member(runtime, PHONES[0])
    await notify(runtime, member)
    [queued] = await deliveries(runtime, member)
    assert await delivery._claim(runtime, queued.id) is not None
    async with provide_services(runtime) as services:
        await services.session.execute(
            sa.update(m.MessageDelivery).values(updated_at=utcnow() - timedelta(minutes=6))
        )
    assert await delivery.requeue_stalled(runtime) == 1
    assert await delivery.deliver(runtime, queued.id) == "sent by console"


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_a_message_is_sent_in_the_members_language(runtime: Runtime, language: str):
    member = await create_member(runtime, PHONES[0], locale=language)
    async with provide_services(runtime) as services:
        from scene_api.i18n import Message

        await services.notifications.notify(
            [member.id], kind="join_approved", title=Message("notify.youre_in", title="Padel"), dedupe_key="x"
        )
    [queued] = await deliveries(runtime, member)
    async with provide_services(runtime) as services:
        content: OutgoingMessage = services.messaging.content_of(queued)
    assert content.language == language
    assert content.title == ("You're in: Padel" if language == "en" else "آپ شامل ہیں: Padel")

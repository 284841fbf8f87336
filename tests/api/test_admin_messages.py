"""Message delivery on the ops API: counts per channel and kind from the rows, what providers charged,
the commonest errors and refused callbacks (never their content); admins only, a period of 1..90 days."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest

from scene_api.db import models as m
from scene_api.domain.ops.messages import first_uuid7_at, period_start
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.services import provide_services
from tests.helpers import PHONES, create_member, sign_in
from tests.message_rows import delivery, store

SMS, WHATSAPP, PUSH = m.Channel.SMS, m.Channel.WHATSAPP, m.Channel.PUSH
S = m.DeliveryStatus


@pytest.fixture
async def admin_headers(runtime):
    admin = await create_member(runtime, PHONES[0], handle="hamza_q", role=m.UserRole.ADMIN)
    return await sign_in(runtime, admin)


@pytest.fixture
async def week_of_messages(runtime):
    """SMS codes (Twilio in USD, Veevo in PKR), WhatsApp codes and booking notes, pushes, and one SMS
    from 10 days ago that only the 30-day view includes."""
    await store(
        runtime,
        *[
            delivery(SMS, "code", S.DELIVERED, provider="twilio", cost="0.0079", currency="USD")
            for _ in range(3)
        ],
        delivery(SMS, "code", S.FAILED, provider="twilio", error_code="30007"),
        delivery(SMS, "code", S.SENT, provider="veevo", cost="0.5", currency="PKR"),
        delivery(WHATSAPP, "code", S.READ, provider="whatsapp"),
        delivery(WHATSAPP, "code", S.READ, provider="whatsapp"),
        delivery(WHATSAPP, "code", S.DELIVERED, provider="whatsapp", cost="0.0045", currency="USD"),
        delivery(WHATSAPP, "code", S.FAILED, provider="whatsapp", error_code="131026"),
        delivery(WHATSAPP, "booking_confirmed", S.QUEUED),
        delivery(WHATSAPP, "booking_confirmed", S.SKIPPED, error_code="daily_cap"),
        delivery(PUSH, "join_approved", S.SENT, provider="webpush"),
        delivery(PUSH, "join_approved", S.SENT, provider="webpush"),
        delivery(PUSH, "join_approved", S.FAILED, provider="webpush", error_code="no_subscription"),
        delivery(SMS, "code", S.FAILED, provider="twilio", error_code="30007"),
        delivery(
            SMS,
            "code",
            S.DELIVERED,
            provider="twilio",
            cost="1",
            currency="USD",
            created_at=utcnow() - timedelta(days=10),
        ),
    )


def by_channel(stats):
    return {row["channel"]: row for row in stats["channels"]}


async def test_admins_see_delivery_per_channel_and_kind_that_matches_the_rows(
    client, admin_headers, week_of_messages
):
    response = await client.get("/api/v1/admin/messages?days=7", headers=admin_headers)

    assert response.status_code == 200
    stats = response.json()
    channels = by_channel(stats)
    assert list(channels) == ["sms", "whatsapp", "push"]
    sms = channels["sms"]["counts"]
    assert (sms["total"], sms["delivered"], sms["failed"], sms["sent"]) == (6, 3, 2, 1)
    assert sms["delivery_rate"] == pytest.approx(3 / 6)
    whatsapp = channels["whatsapp"]
    assert (whatsapp["counts"]["read"], whatsapp["counts"]["queued"], whatsapp["counts"]["skipped"]) == (
        2,
        1,
        1,
    )
    assert whatsapp["counts"]["delivery_rate"] == pytest.approx(3 / 4)  # queued and skipped have not left
    assert [(kind["kind"], kind["counts"]["total"]) for kind in whatsapp["kinds"]] == [
        ("code", 4),
        ("booking_confirmed", 2),
    ]
    assert whatsapp["kinds"][1]["counts"]["delivery_rate"] is None
    push = channels["push"]["counts"]
    assert push["delivery_rate"] == pytest.approx(2 / 3)  # push services confirm nothing: accepted counts
    assert [(c["currency"], Decimal(c["amount"]), c["messages"]) for c in channels["sms"]["costs"]] == [
        ("PKR", Decimal("0.5"), 1),
        ("USD", Decimal("0.0237"), 3),
    ]
    assert [(c["currency"], Decimal(c["amount"]), c["messages"]) for c in stats["costs"]] == [
        ("PKR", Decimal("0.5"), 1),
        ("USD", Decimal("0.0282"), 4),
    ]
    assert stats["errors"][0] == {"channel": "sms", "provider": "twilio", "error_code": "30007", "count": 2}
    assert {error["error_code"] for error in stats["errors"]} == {"30007", "131026", "no_subscription"}


async def test_the_period_chooses_the_rows(client, admin_headers, week_of_messages, runtime):
    yesterday_noon = (utcnow().astimezone(KARACHI) - timedelta(days=1)).replace(hour=12)
    await store(
        runtime, delivery(PUSH, "event_reminder", S.SENT, provider="webpush", created_at=yesterday_noon)
    )

    async def total(days):
        response = await client.get(f"/api/v1/admin/messages?days={days}", headers=admin_headers)
        return sum(channel["counts"]["total"] for channel in response.json()["channels"])

    assert await total(30) == 17
    assert await total(7) == 16
    assert await total(1) == 15


def test_a_period_starts_at_local_midnight():
    now = utcnow()
    today = period_start(1, now).astimezone(KARACHI)
    assert (today.date(), today.hour, today.minute) == (now.astimezone(KARACHI).date(), 0, 0)
    assert period_start(7, now) == period_start(1, now) - timedelta(days=6)


@pytest.mark.parametrize("days", ["0", "91", "-3"])
async def test_a_period_outside_1_to_90_days_is_refused(client, admin_headers, days):
    response = await client.get(f"/api/v1/admin/messages?days={days}", headers=admin_headers)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == "Choose a period of 1 to 90 days."
    assert error["details"]["fields"] == {"days": "Choose a period of 1 to 90 days."}


async def test_ninety_days_is_the_longest_period(client, admin_headers):
    response = await client.get("/api/v1/admin/messages?days=90", headers=admin_headers)
    assert response.status_code == 200
    assert response.json()["days"] == 90


async def test_members_cannot_see_message_delivery(client, runtime):
    member = await create_member(runtime, PHONES[1], handle="ayesha_runs")
    response = await client.get("/api/v1/admin/messages", headers=await sign_in(runtime, member))
    assert response.status_code == 403


async def test_refused_callbacks_are_listed_newest_first_without_their_content(
    client, admin_headers, runtime
):
    async with provide_services(runtime) as services:
        await services.messaging.reject_webhook(
            "twilio",
            "X-Twilio-Signature does not match",
            remote_addr="203.0.113.9",
            headers={"X-Twilio-Signature": "forged"},
            body=b"To=%2B923001234567&Body=Your+Scene+code+is+482913",
        )
    async with provide_services(runtime) as services:
        await services.messaging.reject_webhook(
            "whatsapp", "X-Hub-Signature-256 missing", remote_addr="198.51.100.4", headers={}, body=b"{}"
        )
    old = m.RejectedWebhook(
        id=first_uuid7_at(utcnow() - timedelta(days=40)),
        provider="veevo",
        reason="token does not match",
        created_at=utcnow() - timedelta(days=40),
    )
    await store(runtime, old)

    response = await client.get("/api/v1/admin/messages?days=30", headers=admin_headers)

    rejected = response.json()["rejected_webhooks"]
    assert [(r["provider"], r["reason"], r["remote_addr"]) for r in rejected] == [
        ("whatsapp", "X-Hub-Signature-256 missing", "198.51.100.4"),
        ("twilio", "X-Twilio-Signature does not match", "203.0.113.9"),
    ]
    assert "923001234567" not in response.text
    assert "482913" not in response.text
    assert "forged" not in response.text


def test_the_first_uuid7_of_a_moment_sorts_between_ids_made_before_and_after_it():
    from uuid_utils.compat import uuid7

    before = uuid7()
    boundary = first_uuid7_at(utcnow() + timedelta(milliseconds=5))
    time.sleep(0.02)
    after = uuid7()
    assert before < boundary < after
    assert boundary.version == 7

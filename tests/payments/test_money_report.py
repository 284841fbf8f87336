"""The daily money report: the ledger's day per provider beside each provider's own word (its status
inquiry about every payment of the day), with every disagreement named.

Payments go through the real checkout and the local sandboxes; then the sandboxes are made to
disagree with the ledger the ways money goes astray: a payment the provider took that Scene failed,
one Scene counts that the provider declined, another amount, and a provider that cannot answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.payments.money import check_with_providers, compare
from scene_api.lib.timezone import KARACHI, utcnow
from scene_sandboxes.payments.store import SandboxStatus, SandboxStore
from scene_tasks.worker import CRON_JOBS
from tests.factories import ProviderCheckFactory
from tests.helpers import PHONES, at_provider, create_member, sign_in
from tests.payments.browser import pay
from tests.payments.ledger import (
    held_booking,
    held_bookings_fixture,  # noqa: F401 (the fixture)
    start_checkout,
)

pytestmark = pytest.mark.usefixtures("held_bookings")


@pytest.fixture
async def payer(runtime):
    member = await create_member(runtime, PHONES[0], handle="ayesha", name="Ayesha Khan")
    return member, await sign_in(runtime, member)


def today() -> str:
    return utcnow().astimezone(KARACHI).date().isoformat()


async def paid(
    client, runtime, payer, provider: str, price_pkr: int = 4500, decision="approve"
) -> dict[str, Any]:
    member, headers = payer
    booking = await held_booking(runtime, member, price_pkr=price_pkr)
    checkout = await start_checkout(client, headers, booking, provider)
    await pay(client, checkout, decision)
    payment: dict[str, Any] = checkout["payment"]
    return payment


async def report(client, ops) -> dict[str, dict[str, Any]]:
    answer = await client.get(f"/api/v1/admin/money/{today()}", headers=ops.headers)
    assert answer.status_code == 200, answer.text
    return {day["provider"]: day for day in answer.json()["providers"]}


async def test_a_day_where_everyone_agrees(client, runtime, payer, ops):
    await paid(client, runtime, payer, "payfast", 4500)
    await paid(client, runtime, payer, "jazzcash", 3000)
    await paid(client, runtime, payer, "jazzcash", 2000, decision="decline")
    await paid(client, runtime, payer, "easypaisa", 5000)

    before = await report(client, ops)
    assert before["jazzcash"]["check"] is None, "nothing asked yet"
    assert await check_with_providers(runtime, utcnow().astimezone(KARACHI).date()) == 4

    day = await report(client, ops)
    assert day["jazzcash"]["payments"] == {"succeeded": 1, "failed": 1}
    assert (day["jazzcash"]["received_pkr"], day["payfast"]["received_pkr"]) == (3000, 4500)
    for provider, expected in (("payfast", 4500), ("jazzcash", 3000), ("easypaisa", 5000)):
        check = day[provider]["check"]
        assert (check["provider_paid_pkr"], check["scene_paid_pkr"], check["difference_pkr"]) == (
            expected,
            expected,
            0,
        )
        assert check["paid_only_at_provider"] == check["paid_only_in_scene"] == check["no_answer"] == []


async def test_every_disagreement_is_named_and_counted(client, runtime, payer, ops):
    taken = await paid(client, runtime, payer, "jazzcash", 3000, decision="decline")
    counted = await paid(client, runtime, payer, "jazzcash", 2500)
    other_amount = await paid(client, runtime, payer, "easypaisa", 4000)
    silent = await paid(client, runtime, payer, "payfast", 5000)
    jazzcash, easypaisa = SandboxStore(runtime.redis, "jazzcash"), SandboxStore(runtime.redis, "easypaisa")
    paid_after_all = await at_provider(jazzcash, taken["merchant_reference"])
    paid_after_all.status = SandboxStatus.PAID  # the payer paid after all; Scene heard "declined"
    await jazzcash.save(paid_after_all)
    reversed_ = await at_provider(jazzcash, counted["merchant_reference"])
    reversed_.status = SandboxStatus.DECLINED
    await jazzcash.save(reversed_)
    changed = await at_provider(easypaisa, other_amount["merchant_reference"])
    changed.amount_pkr = 4400
    await easypaisa.save(changed)
    await SandboxStore(runtime.redis, "payfast").reject_next(1, path_part="basket_id", status=503)

    await check_with_providers(runtime, utcnow().astimezone(KARACHI).date())

    day = await report(client, ops)
    assert day["jazzcash"]["check"] | {"checked_at": None} == {
        "checked_at": None,
        "payments_checked": 2,
        "provider_paid_pkr": 3000,
        "scene_paid_pkr": 2500,
        "difference_pkr": 500,
        "paid_only_at_provider": [taken["merchant_reference"]],
        "paid_only_in_scene": [counted["merchant_reference"]],
        "amount_differs": [],
        "no_answer": [],
    }
    easypaisa_check = day["easypaisa"]["check"]
    assert easypaisa_check["amount_differs"] == [other_amount["merchant_reference"]]
    assert (easypaisa_check["provider_paid_pkr"], easypaisa_check["difference_pkr"]) == (4400, 400)
    assert day["payfast"]["check"]["no_answer"] == [silent["merchant_reference"]]
    assert day["payfast"]["check"]["provider_paid_pkr"] == 0
    async with runtime.session_factory() as session:
        statuses = await session.scalars(sa.select(m.Payment.status).order_by(m.Payment.created_at))
        assert list(statuses) == ["failed", "succeeded", "succeeded", "succeeded"], (
            "the check changes no payment"
        )


async def test_ops_ask_for_a_check_and_the_report_shows_it(client, runtime, payer, ops, worker):
    await paid(client, runtime, payer, "payfast", 4500)
    asked = await client.post(f"/api/v1/admin/money/{today()}/check", headers=ops.headers)
    assert asked.status_code == 202, asked.text
    for _ in range(100):
        check = (await report(client, ops))["payfast"]["check"]
        if check is not None:
            break
        await asyncio.sleep(0.1)
    assert check is not None, "the worker checked the day"
    assert check["provider_paid_pkr"] == 4500


def test_yesterday_is_checked_with_the_providers_every_night():
    nightly = [cron for cron in CRON_JOBS if cron.function.__name__ == "check_yesterday_with_providers"]
    assert [cron.cron for cron in nightly] == ["30 22 * * *"]


def test_refunded_payments_stay_out_of_the_totals_and_pending_at_the_provider_is_named():
    """A payment Scene refunded may read paid, reversed or failed at the provider: no difference.
    One Scene calls paid that the provider still calls pending is named; an amount the provider
    named that is no amount (0) differs."""

    def line(reference, scene, provider, amount=4000, provider_amount=None):
        return {
            "reference": reference,
            "scene_status": scene,
            "amount_pkr": amount,
            "provider_status": provider,
            "provider_amount_pkr": provider_amount,
        }

    check = ProviderCheckFactory.build(
        lines=[
            line("REFUNDED-REVERSED", "refunded", "failed"),
            line("REFUNDED-STILL-PAID", "refunded", "succeeded"),
            line("PAID-PENDING-THERE", "succeeded", "pending", 3000),
            line("PAID-NO-AMOUNT-NAMED", "succeeded", "succeeded", 1500),
            line("PAID-JUNK-AMOUNT", "succeeded", "succeeded", 2000, provider_amount=0),
        ],
        updated_at=utcnow(),
    )

    compared = compare(check)

    assert (compared.provider_paid_pkr, compared.scene_paid_pkr, compared.difference_pkr) == (
        1500,
        6500,
        -5000,
    )
    assert compared.paid_only_in_scene == ["PAID-PENDING-THERE"]
    assert compared.amount_differs == ["PAID-JUNK-AMOUNT"]
    assert compared.paid_only_at_provider == compared.no_answer == []
    assert compared.payments_checked == 5


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2023-12-31"])
async def test_a_day_out_of_range_is_refused_with_a_422_and_nothing_is_queued(client, ops, day):
    for method, path in (("GET", f"/api/v1/admin/money/{day}"), ("POST", f"/api/v1/admin/money/{day}/check")):
        answer = await client.request(method, path, headers=ops.headers)
        assert answer.status_code == 422, answer.text
        assert "day" in answer.json()["error"]["details"]["fields"]

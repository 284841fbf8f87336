"""The daily money report: what Scene's ledger says came in and went back on one day (Pakistan time),
per provider, beside what each provider itself says, and the refunds only people can finish now.

No provider publishes a settlement report format (docs/payments.md, "Where each sandbox comes
from"), so the provider's side is its own status inquiry, asked about every payment started that day
(`check_with_providers`: a job after the day ends, or when ops ask). The comparison lists the
payments the two sides disagree on; the difference of the two paid totals is the money to chase.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from scene_api.db import models as m
from scene_api.domain.auth.roles import require_admin
from scene_api.domain.payments import schemas as s
from scene_api.domain.payments.providers import adapter_for
from scene_api.domain.payments.providers.base import ProviderStatus, ProviderUnavailable
from scene_api.domain.payments.services import WAITING_ON_OPS, PaymentService
from scene_api.i18n import Message
from scene_api.lib.errors import InvalidInput
from scene_api.lib.timezone import KARACHI, utcnow
from scene_api.services import provide_services

if TYPE_CHECKING:
    from scene_api.runtime import Runtime
    from scene_api.services import Services

log = logging.getLogger(__name__)

Status = m.PaymentStatus
CHECKED = (Status.PENDING, Status.SUCCEEDED, Status.FAILED, Status.REFUNDED)
"""Payments worth asking about: every one the payer reached the provider's checkout for."""
CHECK_TIMEOUT_SECONDS = 1800
"""A day's check asks one payment at a time (up to 13 s each when a provider is slow)."""


FIRST_DAY = date(2024, 1, 1)
"""No payment is older: a report asks about days from here to today."""


def reportable(day: date) -> date:
    """`day` if a money report can be asked for it (not before Scene, not after today), else a 422."""
    today = utcnow().astimezone(KARACHI).date()
    if not FIRST_DAY <= day <= today:
        raise InvalidInput(
            Message("errors_payments.day_out_of_range", first=FIRST_DAY.isoformat(), last=today.isoformat()),
            field="day",
        )
    return day


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), KARACHI)
    return start, start + timedelta(days=1)


def compare(check: m.ProviderCheck) -> s.ProviderCheck:
    """Line the provider's answers up with the ledger, payment by payment. Payments Scene refunded are
    left out of the totals: a provider's inquiry may say paid, reversed or failed for them."""
    lines = [line for line in check.lines if line["scene_status"] != Status.REFUNDED.value]
    answered = [line for line in lines if line["provider_status"] is not None]
    provider_paid = [line for line in answered if paid_at_provider(line)]
    provider_paid_pkr = sum(provider_amount(line) for line in provider_paid)
    scene_paid_pkr = sum(line["amount_pkr"] for line in lines if paid_in_scene(line))
    return s.ProviderCheck(
        checked_at=check.updated_at,
        payments_checked=len(check.lines),
        provider_paid_pkr=provider_paid_pkr,
        scene_paid_pkr=scene_paid_pkr,
        difference_pkr=provider_paid_pkr - scene_paid_pkr,
        paid_only_at_provider=[line["reference"] for line in provider_paid if not paid_in_scene(line)],
        paid_only_in_scene=[
            line["reference"] for line in answered if paid_in_scene(line) and not paid_at_provider(line)
        ],
        amount_differs=[
            line["reference"]
            for line in provider_paid
            if paid_in_scene(line) and provider_amount(line) != line["amount_pkr"]
        ],
        no_answer=[line["reference"] for line in check.lines if line["provider_status"] is None],
    )


def paid_in_scene(line: dict[str, Any]) -> bool:
    return bool(line["scene_status"] == Status.SUCCEEDED.value)


def paid_at_provider(line: dict[str, Any]) -> bool:
    return bool(line["provider_status"] == ProviderStatus.SUCCEEDED.value)


def provider_amount(line: dict[str, Any]) -> int:
    """What the provider says was paid: its own amount where its inquiry names one (PayFast's does not)."""
    named: int | None = line["provider_amount_pkr"]
    return line["amount_pkr"] if named is None else named


async def check_with_providers(runtime: Runtime, day: date) -> int:
    """Ask each provider's status inquiry about every payment started on `day`, one at a time and
    with no transaction open, and keep each provider's answers as soon as it has given them
    (replacing an earlier check of the day). Changes no payment: reconciliation settles pending ones;
    a disagreement is for people. Answers how many payments were asked about."""
    start, end = day_bounds(day)
    async with provide_services(runtime) as services:
        payments = list(
            await services.session.scalars(
                sa.select(m.Payment)
                .where(
                    m.Payment.created_at >= start, m.Payment.created_at < end, m.Payment.status.in_(CHECKED)
                )
                .order_by(m.Payment.created_at)
            )
        )
    for provider in m.PaymentProviderName:
        lines = [
            await provider_line(runtime, payment) for payment in payments if payment.provider == provider
        ]
        async with provide_services(runtime) as services:
            values = {"lines": lines}
            await services.session.execute(
                insert(m.ProviderCheck)
                .values(provider=provider, day=day, **values)
                .on_conflict_do_update(
                    constraint="uq_provider_checks_day", set_=values | {"updated_at": sa.func.now()}
                )
            )
    return len(payments)


async def provider_line(runtime: Runtime, payment: m.Payment) -> dict[str, Any]:
    """What the provider says about one payment, beside what the ledger says."""
    try:
        report = (await adapter_for(payment.provider, runtime).query_status(payment)).report
    except ProviderUnavailable:
        log.warning("money check: %s did not answer about %s", payment.provider.value, payment.id)
        report = None
    return {
        "reference": payment.merchant_reference,
        "scene_status": payment.status.value,
        "amount_pkr": payment.amount_pkr,
        "provider_status": report.status.value if report else None,
        "provider_amount_pkr": report.amount_pkr if report else None,
    }


def day_totals(start: datetime, end: datetime) -> sa.Select[m.PaymentProviderName, int, int, int]:
    """Per provider: received (succeeded in the day), refunded (refunds done in the day), and refunds
    asked for by the day's end and not done yet (as of now)."""

    def total(*conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(m.Payment.amount_pkr).filter(*conditions), 0)

    return sa.select(
        m.Payment.provider,
        total(m.Payment.succeeded_at >= start, m.Payment.succeeded_at < end).label("received"),
        total(m.Payment.refunded_at >= start, m.Payment.refunded_at < end).label("refunded"),
        total(
            m.Payment.status == Status.SUCCEEDED,
            m.Payment.refund_state.is_not(None),
            m.Payment.refund_requested_at < end,
        ).label("waiting"),
    ).group_by(m.Payment.provider)


class MoneyService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def day(self, actor: m.User, day: date) -> s.MoneyDay:
        require_admin(actor)
        start, end = day_bounds(reportable(day))
        checks = {
            check.provider: check
            for check in await self.session.scalars(
                sa.select(m.ProviderCheck).where(m.ProviderCheck.day == day)
            )
        }
        waiting = await self.session.scalars(
            sa.select(m.Payment)
            .where(m.Payment.status == Status.SUCCEEDED, m.Payment.refund_state.in_(WAITING_ON_OPS))
            .order_by(m.Payment.refund_requested_at)
        )
        counts: dict[m.PaymentProviderName, dict[str, int]] = {
            provider: {} for provider in m.PaymentProviderName
        }
        for provider, status, count in await self.session.execute(
            sa.select(m.Payment.provider, m.Payment.status, sa.func.count())
            .where(m.Payment.created_at >= start, m.Payment.created_at < end)
            .group_by(m.Payment.provider, m.Payment.status)
        ):
            counts[provider][status.value] = count
        totals = {row.provider: row for row in await self.session.execute(day_totals(start, end))}
        return s.MoneyDay(
            day=day,
            providers=[
                s.ProviderDay(
                    provider=provider,
                    payments=counts[provider],
                    received_pkr=totals[provider].received if provider in totals else 0,
                    refunded_pkr=totals[provider].refunded if provider in totals else 0,
                    refunds_waiting_pkr=totals[provider].waiting if provider in totals else 0,
                    check=compare(checks[provider]) if provider in checks else None,
                )
                for provider in m.PaymentProviderName
            ],
            refunds_waiting_on_ops=[PaymentService.to_schema(payment) for payment in waiting],
        )

    async def ask_for_check(self, actor: m.User, day: date) -> s.MoneyDay:
        """Queue the check of `day` with every provider; the report shows it once the job is done."""
        require_admin(actor)
        reportable(day)
        self.services.jobs.add(
            "check_money_day", key=f"check_money_day:{day.isoformat()}", day=day.isoformat()
        )
        self.services.audit.record(actor, "payment.day_checked", "money_day", None, {"day": day.isoformat()})
        return await self.day(actor, day)

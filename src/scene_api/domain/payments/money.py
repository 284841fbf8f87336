"""The daily money report: what Scene's ledger says came in and went back for one day (Pakistan
time), per provider, beside what the provider's own settlement report says, and the refunds only
people can finish now.

Scene's side of a day: +amount for every payment that succeeded that day, -amount for every refund
done that day, each under its merchant reference. The provider's side: the lines of the settlement
report ops upload from its portal (`PaymentProvider.parse_settlement` reads each provider's format).
A reference on one side only, or with another amount, is listed; the difference of the two nets is
the money to chase. Payments right at midnight may fall on different days at the provider.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from scene_api.db import models as m
from scene_api.domain.ops.admin import require_admin
from scene_api.domain.payments import schemas as s
from scene_api.domain.payments.providers import adapter_for
from scene_api.domain.payments.services import WAITING_ON_OPS, PaymentService
from scene_api.lib.timezone import KARACHI

if TYPE_CHECKING:
    from scene_api.services import Services

Status = m.PaymentStatus


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), KARACHI)
    return start, start + timedelta(days=1)


def compare(
    filename: str, provider_lines: list[dict[str, object]], scene: dict[tuple[str, str], int]
) -> s.SettlementComparison:
    """Line up the provider's report with Scene's ledger, reference by reference (and kind)."""
    theirs: dict[tuple[str, str], int] = defaultdict(int)
    for line in provider_lines:
        theirs[(str(line["reference"]), str(line["kind"]))] += int(str(line["amount_pkr"]))
    provider_net, scene_net = sum(theirs.values()), sum(scene.values())
    return s.SettlementComparison(
        filename=filename,
        provider_net_pkr=provider_net,
        scene_net_pkr=scene_net,
        difference_pkr=provider_net - scene_net,
        missing_at_provider=sorted(ref for ref, kind in scene.keys() - theirs.keys()),
        missing_in_scene=sorted(ref for ref, kind in theirs.keys() - scene.keys()),
        amount_differs=sorted(
            ref for ref, kind in scene.keys() & theirs.keys() if scene[(ref, kind)] != theirs[(ref, kind)]
        ),
    )


class MoneyService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def day(self, actor: m.User, day: date) -> s.MoneyDay:
        require_admin(actor)
        start, end = day_bounds(day)
        settlements = {
            row.provider: row
            for row in await self.session.scalars(
                sa.select(m.ProviderSettlement).where(m.ProviderSettlement.day == day)
            )
        }
        providers = [
            await self._provider_day(provider, start, end, settlements.get(provider))
            for provider in m.PaymentProviderName
        ]
        waiting = await self.session.scalars(
            sa.select(m.Payment)
            .where(m.Payment.status == Status.SUCCEEDED, m.Payment.refund_state.in_(WAITING_ON_OPS))
            .order_by(m.Payment.refund_requested_at)
        )
        return s.MoneyDay(
            day=day,
            providers=providers,
            refunds_waiting_on_ops=[PaymentService.to_schema(p) for p in waiting],
        )

    async def upload_settlement(
        self, actor: m.User, provider: m.PaymentProviderName, day: date, filename: str, content: bytes
    ) -> s.MoneyDay:
        """Keep the provider's settlement report for the day (read by its adapter, which refuses a
        file that is not one with a 422), replacing any earlier upload of the same day."""
        require_admin(actor)
        lines = [
            {
                "reference": line.reference,
                "txn_id": line.txn_id,
                "amount_pkr": line.amount_pkr,
                "kind": line.kind,
            }
            for line in adapter_for(provider, self.services.runtime).parse_settlement(content)
        ]
        values = {"filename": filename[:200], "lines": lines, "uploaded_by_id": actor.id}
        await self.session.execute(
            insert(m.ProviderSettlement)
            .values(provider=provider, day=day, **values)
            .on_conflict_do_update(constraint="uq_provider_settlements_day", set_=values)
        )
        self.services.audit.record(
            actor,
            "payment.settlement_uploaded",
            "provider_settlement",
            None,
            {"provider": provider.value, "day": day.isoformat(), "lines": len(lines)},
        )
        return await self.day(actor, day)

    async def _provider_day(
        self,
        provider: m.PaymentProviderName,
        start: datetime,
        end: datetime,
        settlement: m.ProviderSettlement | None,
    ) -> s.ProviderDay:
        at_provider = m.Payment.provider == provider
        counts = await self.session.execute(
            sa.select(m.Payment.status, sa.func.count())
            .where(at_provider, m.Payment.created_at >= start, m.Payment.created_at < end)
            .group_by(m.Payment.status)
        )
        received = await self.session.execute(
            sa.select(m.Payment.merchant_reference, m.Payment.amount_pkr).where(
                at_provider, m.Payment.succeeded_at >= start, m.Payment.succeeded_at < end
            )
        )
        refunded = await self.session.execute(
            sa.select(m.Payment.merchant_reference, m.Payment.amount_pkr).where(
                at_provider, m.Payment.refunded_at >= start, m.Payment.refunded_at < end
            )
        )
        waiting = await self.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(m.Payment.amount_pkr), 0)).where(
                at_provider,
                m.Payment.status == Status.SUCCEEDED,
                m.Payment.refund_state.is_not(None),
                m.Payment.refund_requested_at < end,
            )
        )
        scene = {(ref, "payment"): amount for ref, amount in received} | {
            (ref, "refund"): -amount for ref, amount in refunded
        }
        return s.ProviderDay(
            provider=provider,
            payments={status.value: count for status, count in counts},
            received_pkr=sum(amount for (_, kind), amount in scene.items() if kind == "payment"),
            refunded_pkr=-sum(amount for (_, kind), amount in scene.items() if kind == "refund"),
            refunds_waiting_pkr=int(waiting or 0),
            settlement=compare(settlement.filename, settlement.lines, scene) if settlement else None,
        )

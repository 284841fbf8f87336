"""payments: refund states (ops tasks), how the payer paid, the daily check with each provider

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:10:00+00:00

- payments.refund_state (requested, sending, refused, unknown, manual, done), set with
  refund_requested_at; refund_sent_at: when it was claimed for sending;
  a refunded payment is exactly one whose refund is done. Existing rows: refunded ones are done,
  requested-and-not-made ones are requested.
- payments.refund_note: what ops wrote when settling a refund by hand.
- payments.provider_method: how the payer paid, in the provider's words (refunds differ by method).
- provider_checks: what each provider's status inquiry said about every payment of a day.
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROVIDERS = ("payfast", "jazzcash", "easypaisa")


def upgrade() -> None:
    op.add_column(
        "payments",
        sa.Column(
            "refund_state",
            sa.Enum(
                "requested",
                "sending",
                "refused",
                "unknown",
                "manual",
                "done",
                name="refundstate",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
    )
    op.add_column(
        "payments",
        sa.Column(
            "refund_sent_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
    )
    op.add_column(
        "payments", sa.Column("refund_note", sa.String(length=200), server_default="", nullable=False)
    )
    op.add_column("payments", sa.Column("provider_method", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE payments SET refund_state = CASE WHEN status = 'refunded' THEN 'done' ELSE 'requested' END, "
        "refund_requested_at = coalesce(refund_requested_at, refunded_at, updated_at) "
        "WHERE status = 'refunded' OR refund_requested_at IS NOT NULL"
    )
    op.create_check_constraint(
        op.f("ck_payments_requested_with_refund_state"),
        "payments",
        "(refund_state IS NULL) = (refund_requested_at IS NULL)",
    )
    op.create_check_constraint(
        op.f("ck_payments_refunded_when_done"),
        "payments",
        "(status = 'refunded') = (refund_state IS NOT DISTINCT FROM 'done')",
    )
    op.create_table(
        "provider_checks",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                *PROVIDERS, name="paymentprovidername", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("lines", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_checks")),
        sa.UniqueConstraint("provider", "day", name="uq_provider_checks_day"),
    )


def downgrade() -> None:
    op.drop_table("provider_checks")
    op.drop_constraint(op.f("ck_payments_refunded_when_done"), "payments", type_="check")
    op.drop_constraint(op.f("ck_payments_requested_with_refund_state"), "payments", type_="check")
    op.drop_column("payments", "provider_method")
    op.drop_column("payments", "refund_note")
    op.drop_column("payments", "refund_sent_at")
    op.drop_column("payments", "refund_state")

"""payments: a refund is requested (committed) before the provider is asked for it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:35:00+00:00

- payments.refund_requested_at, refund_reason: the intent to give a succeeded payment back, recorded
  with the cancel that causes it; the provider is called after the commit and a job retries
  requests that were interrupted.
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "payments",
        sa.Column(
            "refund_requested_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
    )
    op.add_column(
        "payments", sa.Column("refund_reason", sa.String(length=200), server_default="", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("payments", "refund_reason")
    op.drop_column("payments", "refund_requested_at")

"""trust-aware hosting, under-fill cancellation, one court per activity, activity cost shares

Revision ID: 0009
Revises: 0003
Create Date: 2026-11-26 21:00:00+00:00

- activities.auto_approve_trusted: whose vouch lets a request in at once (none by default);
- activities.underfill_cancel_hours: cancel automatically when still not full 1 or 2 hours
  before the start (NULL: never);
- join_requests.share_method / share_paid_at: how an approved participant pays their share;
- uq_bookings_live_activity: an activity holds at most one live court booking.
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRUSTED_APPROVALS = ("none", "vouched_by_my_circles", "vouched_by_people_i_vouched_for")
PAYMENT_METHODS = ("online", "pay_at_venue")


def upgrade() -> None:
    op.add_column(
        "activities",
        sa.Column(
            "auto_approve_trusted",
            sa.Enum(
                *TRUSTED_APPROVALS,
                name="trustedapproval",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            server_default="none",
            nullable=False,
        ),
    )
    op.add_column("activities", sa.Column("underfill_cancel_hours", sa.Integer(), nullable=True))
    op.create_check_constraint(
        op.f("ck_activities_underfill_hours_allowed"),
        "activities",
        "underfill_cancel_hours IS NULL OR underfill_cancel_hours IN (1, 2)",
    )
    op.add_column(
        "join_requests",
        sa.Column(
            "share_method",
            sa.Enum(
                *PAYMENT_METHODS, name="paymentmethod", native_enum=False, create_constraint=True, length=24
            ),
            nullable=True,
        ),
    )
    op.add_column(
        "join_requests",
        sa.Column("share_paid_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    )
    op.create_index(
        "uq_bookings_live_activity",
        "bookings",
        ["activity_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('held', 'confirmed', 'checked_in') AND activity_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_bookings_live_activity",
        table_name="bookings",
        postgresql_where=sa.text("status IN ('held', 'confirmed', 'checked_in') AND activity_id IS NOT NULL"),
    )
    op.drop_column("join_requests", "share_paid_at")
    op.drop_column("join_requests", "share_method")
    op.drop_constraint(op.f("ck_activities_underfill_hours_allowed"), "activities", type_="check")
    op.drop_column("activities", "underfill_cancel_hours")
    op.drop_column("activities", "auto_approve_trusted")

"""messages that reach members: deliveries, reports, push devices, channel choices, quiet hours

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:36:49+00:00

- message_deliveries: one row per message, member and channel (unique idempotency key), the intent
  recorded before any provider is called; message_status_events: each provider report once.
- rejected_webhooks keeps callbacks that failed their signature check, for ops.
- push_subscriptions, message_preferences (channels per category), message_daily_counts (the cap).
- users: time zone and quiet hours (on, 23:00-08:00, by default).
- bookings: an index for the court reminder's sweep (confirmed bookings starting soon).
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rejected_webhooks",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("remote_addr", sa.String(length=45), server_default="", nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_webhooks")),
    )
    op.create_table(
        "message_daily_counts",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("sent >= 0", name=op.f("ck_message_daily_counts_sent_not_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_message_daily_counts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_daily_counts")),
        sa.UniqueConstraint("user_id", "day", name="uq_message_daily_counts_member_day"),
    )
    op.create_table(
        "message_preferences",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("channels", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "channels <@ ARRAY['sms', 'whatsapp', 'push']::varchar[]",
            name=op.f("ck_message_preferences_known_channels"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_message_preferences_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_preferences")),
        sa.UniqueConstraint("user_id", "category", name="uq_message_preferences_member_category"),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=50), nullable=False),
        sa.Column("user_agent", sa.String(length=200), server_default="", nullable=False),
        sa.Column(
            "last_success_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("length(endpoint) <= 2048", name=op.f("ck_push_subscriptions_endpoint_length")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_push_subscriptions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("endpoint", name=op.f("uq_push_subscriptions_endpoint")),
    )
    op.create_index(op.f("ix_push_subscriptions_user_id"), "push_subscriptions", ["user_id"], unique=False)
    op.create_table(
        "message_deliveries",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("notification_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("essential", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "sms",
                "whatsapp",
                "push",
                name="message_channel",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("provider", sa.String(length=20), server_default="", nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "sending",
                "sent",
                "delivered",
                "read",
                "failed",
                "skipped",
                name="delivery_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="queued",
            nullable=False,
        ),
        sa.Column("phone_ciphertext", sa.Text(), nullable=True),
        sa.Column("content_ciphertext", sa.Text(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=128), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error_code", sa.String(length=40), nullable=True),
        sa.Column("error_message", sa.String(length=300), server_default="", nullable=False),
        sa.Column("cost", sa.Numeric(precision=12, scale=5), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("not_before", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sent_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("delivered_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("read_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("failed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("fallback_of_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_message_deliveries_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["fallback_of_id"],
            ["message_deliveries.id"],
            name=op.f("fk_message_deliveries_fallback_of_id_message_deliveries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_message_deliveries_notification_id_notifications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_message_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_deliveries")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_message_deliveries_idempotency_key")),
    )
    op.create_index("ix_message_deliveries_created", "message_deliveries", ["created_at"], unique=False)
    op.create_index(
        "ix_message_deliveries_status_updated", "message_deliveries", ["status", "updated_at"], unique=False
    )
    op.create_index(op.f("ix_message_deliveries_user_id"), "message_deliveries", ["user_id"], unique=False)
    op.create_index(
        "uq_message_deliveries_provider_message",
        "message_deliveries",
        ["provider", "provider_message_id"],
        unique=True,
        postgresql_where=sa.text("provider_message_id IS NOT NULL"),
    )
    op.create_table(
        "message_status_events",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("delivery_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("provider_message_id", sa.String(length=128), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "sending",
                "sent",
                "delivered",
                "read",
                "failed",
                "skipped",
                name="report_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("occurred_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("error_code", sa.String(length=40), nullable=True),
        sa.Column("raw", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["message_deliveries.id"],
            name=op.f("fk_message_status_events_delivery_id_message_deliveries"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_status_events")),
        sa.UniqueConstraint(
            "provider", "provider_message_id", "status", name="uq_message_status_events_report"
        ),
    )
    op.create_index(
        op.f("ix_message_status_events_delivery_id"), "message_status_events", ["delivery_id"], unique=False
    )
    op.add_column(
        "users", sa.Column("time_zone", sa.String(length=40), server_default="Asia/Karachi", nullable=False)
    )
    op.add_column(
        "users", sa.Column("quiet_hours", sa.Boolean(), server_default=sa.text("true"), nullable=False)
    )
    op.add_column("users", sa.Column("quiet_start", sa.Time(), server_default="23:00", nullable=False))
    op.add_column("users", sa.Column("quiet_end", sa.Time(), server_default="08:00", nullable=False))
    op.create_check_constraint(op.f("ck_users_quiet_hours_not_empty"), "users", "quiet_start <> quiet_end")
    op.create_index(
        "ix_bookings_status_starts", "bookings", ["status", sa.text("lower(period)")], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_bookings_status_starts", table_name="bookings")
    op.drop_constraint(op.f("ck_users_quiet_hours_not_empty"), "users", type_="check")
    op.drop_column("users", "quiet_hours")
    op.drop_column("users", "quiet_end")
    op.drop_column("users", "quiet_start")
    op.drop_column("users", "time_zone")
    op.drop_index(op.f("ix_message_status_events_delivery_id"), table_name="message_status_events")
    op.drop_table("message_status_events")
    op.drop_index(
        "uq_message_deliveries_provider_message",
        table_name="message_deliveries",
        postgresql_where=sa.text("provider_message_id IS NOT NULL"),
    )
    op.drop_index(op.f("ix_message_deliveries_user_id"), table_name="message_deliveries")
    op.drop_index("ix_message_deliveries_status_updated", table_name="message_deliveries")
    op.drop_index("ix_message_deliveries_created", table_name="message_deliveries")
    op.drop_table("message_deliveries")
    op.drop_index(op.f("ix_push_subscriptions_user_id"), table_name="push_subscriptions")
    op.drop_table("push_subscriptions")
    op.drop_table("message_preferences")
    op.drop_table("message_daily_counts")
    op.drop_table("rejected_webhooks")

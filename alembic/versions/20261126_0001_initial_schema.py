"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 19:36:08.296075+00:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute("CREATE EXTENSION IF NOT EXISTS citext")
    op.create_table(
        "otp_challenges",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("phone_blind_index", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=128), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("consumed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("invite_code", sa.String(length=16), nullable=True),
        sa.Column("requested_ip", sa.String(length=45), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_otp_challenges_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_otp_challenges")),
    )
    op.create_index(
        "ix_otp_challenges_phone_created", "otp_challenges", ["phone_blind_index", "created_at"], unique=False
    )
    op.create_table(
        "sms_outbox",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("phone_blind_index", sa.String(length=64), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
        sa.Column("body", sa.String(length=320), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_outbox")),
    )
    op.create_index(
        op.f("ix_sms_outbox_phone_blind_index"), "sms_outbox", ["phone_blind_index"], unique=False
    )
    op.create_table(
        "users",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("phone_ciphertext", sa.Text(), nullable=False),
        sa.Column("phone_blind_index", sa.String(length=64), nullable=False),
        sa.Column("phone_last4", sa.String(length=4), nullable=False),
        sa.Column("handle", postgresql.CITEXT(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("bio", sa.String(length=500), server_default="", nullable=False),
        sa.Column(
            "city",
            sa.Enum(
                "Lahore",
                "Karachi",
                "Islamabad",
                "Rawalpindi",
                "Faisalabad",
                "Peshawar",
                "Multan",
                name="city",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column(
            "gender",
            sa.Enum(
                "woman",
                "man",
                "undisclosed",
                name="gender",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="undisclosed",
            nullable=False,
        ),
        sa.Column("interests", postgresql.ARRAY(sa.String(length=24)), server_default="{}", nullable=False),
        sa.Column(
            "skill_levels", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("open_to_join", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("avatar_key", sa.String(length=200), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "member",
                "venue_owner",
                "admin",
                name="userrole",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="member",
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active", "suspended", name="userstatus", native_enum=False, create_constraint=True, length=24
            ),
            server_default="active",
            nullable=False,
        ),
        sa.Column("invite_quota", sa.Integer(), server_default="5", nullable=False),
        sa.Column("can_invite", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("invited_by_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("locale", sa.String(length=5), server_default="en", nullable=False),
        sa.Column("last_seen_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("handle ~ '^[a-z0-9_]{3,30}$'", name=op.f("ck_users_handle_format")),
        sa.CheckConstraint("invite_quota >= 0", name=op.f("ck_users_invite_quota_not_negative")),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name=op.f("ck_users_lat_range")),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name=op.f("ck_users_lng_range")),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_users_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("handle", name=op.f("uq_users_handle")),
        sa.UniqueConstraint("phone_blind_index", name=op.f("uq_users_phone_blind_index")),
    )
    op.create_index(op.f("ix_users_invited_by_id"), "users", ["invited_by_id"], unique=False)
    op.create_index("ix_users_lat_lng", "users", ["lat", "lng"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("actor_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("ip", sa.String(length=45), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_log_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_actor_id"), "audit_log", ["actor_id"], unique=False)
    op.create_index("ix_audit_log_subject", "audit_log", ["subject_type", "subject_id"], unique=False)
    op.create_table(
        "blocks",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("blocker_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("blocked_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("blocker_id <> blocked_id", name=op.f("ck_blocks_no_self_block")),
        sa.ForeignKeyConstraint(
            ["blocked_id"], ["users.id"], name=op.f("fk_blocks_blocked_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["blocker_id"], ["users.id"], name=op.f("fk_blocks_blocker_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocks")),
        sa.UniqueConstraint("blocker_id", "blocked_id", name="uq_blocks_pair"),
    )
    op.create_index(op.f("ix_blocks_blocked_id"), "blocks", ["blocked_id"], unique=False)
    op.create_table(
        "circles",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("owner_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=500), server_default="", nullable=False),
        sa.Column("is_private", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("city", sa.String(length=24), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_circles_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circles")),
        sa.UniqueConstraint("slug", name=op.f("uq_circles_slug")),
    )
    op.create_index(op.f("ix_circles_owner_id"), "circles", ["owner_id"], unique=False)
    op.create_table(
        "invites",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("inviter_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("invitee_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "redeemed",
                "revoked",
                name="invitestatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="active",
            nullable=False,
        ),
        sa.Column("note", sa.String(length=80), server_default="", nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("redeemed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitee_id"], ["users.id"], name=op.f("fk_invites_invitee_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["inviter_id"], ["users.id"], name=op.f("fk_invites_inviter_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code", name=op.f("uq_invites_code")),
    )
    op.create_index(op.f("ix_invites_inviter_id"), "invites", ["inviter_id"], unique=False)
    op.create_table(
        "notifications",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.String(length=500), server_default="", nullable=False),
        sa.Column("link", sa.String(length=200), server_default="", nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("read_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notifications_dedupe_key")),
    )
    op.create_index("ix_notifications_user_created", "notifications", ["user_id", "created_at"], unique=False)
    op.create_table(
        "refresh_tokens",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("rotated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=200), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_refresh_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(op.f("ix_refresh_tokens_family_id"), "refresh_tokens", ["family_id"], unique=False)
    op.create_index(op.f("ix_refresh_tokens_user_id"), "refresh_tokens", ["user_id"], unique=False)
    op.create_table(
        "reports",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("reporter_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum(
                "user",
                "activity",
                "event",
                name="reportsubject",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("details", sa.String(length=1000), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "actioned",
                "dismissed",
                name="reportstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="open",
            nullable=False,
        ),
        sa.Column("resolved_by_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("resolved_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_reports_reporter_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_reports_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index("ix_reports_status_created", "reports", ["status", "created_at"], unique=False)
    op.create_table(
        "venues",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("owner_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), server_default="", nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=24), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lng", sa.Double(), nullable=False),
        sa.Column("amenities", postgresql.ARRAY(sa.String(length=40)), server_default="{}", nullable=False),
        sa.Column("contact_phone", sa.String(length=20), server_default="", nullable=False),
        sa.Column("peak_start_minute", sa.Integer(), nullable=True),
        sa.Column("peak_end_minute", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active", "hidden", name="venuestatus", native_enum=False, create_constraint=True, length=24
            ),
            server_default="active",
            nullable=False,
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("lat BETWEEN -90 AND 90", name=op.f("ck_venues_lat_range")),
        sa.CheckConstraint("lng BETWEEN -180 AND 180", name=op.f("ck_venues_lng_range")),
        sa.CheckConstraint(
            "peak_start_minute IS NULL OR (peak_start_minute BETWEEN 0 AND 1439 AND peak_end_minute > peak_start_minute AND peak_end_minute <= 2880)",
            name=op.f("ck_venues_peak_window"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_venues_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
        sa.UniqueConstraint("slug", name=op.f("uq_venues_slug")),
    )
    op.create_index("ix_venues_city", "venues", ["city"], unique=False)
    op.create_index("ix_venues_lat_lng", "venues", ["lat", "lng"], unique=False)
    op.create_index(op.f("ix_venues_owner_id"), "venues", ["owner_id"], unique=False)
    op.create_table(
        "vouches",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("voucher_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("vouchee_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("from_invite", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("voucher_id <> vouchee_id", name=op.f("ck_vouches_no_self_vouch")),
        sa.ForeignKeyConstraint(
            ["vouchee_id"], ["users.id"], name=op.f("fk_vouches_vouchee_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["users.id"], name=op.f("fk_vouches_voucher_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vouches")),
        sa.UniqueConstraint("voucher_id", "vouchee_id", name="uq_vouches_pair"),
    )
    op.create_index(op.f("ix_vouches_vouchee_id"), "vouches", ["vouchee_id"], unique=False)
    op.create_table(
        "activities",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("host_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("slug", sa.String(length=24), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "padel",
                "football",
                "cricket",
                "futsal",
                "badminton",
                "tennis",
                "squash",
                "running",
                "cycling",
                "hiking",
                "basketball",
                "board_games",
                "gym",
                "other",
                name="activitytype",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), server_default="", nullable=False),
        sa.Column("starts_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("ends_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("place_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("city", sa.String(length=24), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), server_default="0", nullable=False),
        sa.Column("skill_min", sa.Integer(), server_default="1", nullable=False),
        sa.Column("skill_max", sa.Integer(), server_default="5", nullable=False),
        sa.Column("cost_pkr", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "visibility",
            sa.Enum(
                "public",
                "circles",
                "link_only",
                name="visibility",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="public",
            nullable=False,
        ),
        sa.Column(
            "audience",
            sa.Enum(
                "mixed", "women_only", name="audience", native_enum=False, create_constraint=True, length=24
            ),
            server_default="mixed",
            nullable=False,
        ),
        sa.Column("auto_approve", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "cancelled",
                "completed",
                name="activitystatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="open",
            nullable=False,
        ),
        sa.Column("cancelled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_activities_capacity_positive")),
        sa.CheckConstraint("cost_pkr >= 0", name=op.f("ck_activities_cost_not_negative")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_activities_ends_after_start")),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name=op.f("ck_activities_lat_range")),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name=op.f("ck_activities_lng_range")),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name=op.f("ck_activities_seats_within_capacity")
        ),
        sa.CheckConstraint(
            "skill_min BETWEEN 1 AND 5 AND skill_max BETWEEN skill_min AND 5",
            name=op.f("ck_activities_skill_range"),
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["users.id"], name=op.f("fk_activities_host_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_activities_venue_id_venues"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint("slug", name=op.f("uq_activities_slug")),
    )
    op.create_index(op.f("ix_activities_host_id"), "activities", ["host_id"], unique=False)
    op.create_index("ix_activities_lat_lng", "activities", ["lat", "lng"], unique=False)
    op.create_index("ix_activities_status_starts", "activities", ["status", "starts_at"], unique=False)
    op.create_index("ix_activities_type_starts", "activities", ["type", "starts_at"], unique=False)
    op.create_index(op.f("ix_activities_venue_id"), "activities", ["venue_id"], unique=False)
    op.create_table(
        "circle_members",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("circle_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "owner",
                "admin",
                "member",
                name="circlerole",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="member",
            nullable=False,
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_circle_members_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_circle_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_members")),
        sa.UniqueConstraint("circle_id", "user_id", name="uq_circle_members_pair"),
    )
    op.create_index(op.f("ix_circle_members_user_id"), "circle_members", ["user_id"], unique=False)
    op.create_table(
        "courts",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column(
            "sport",
            sa.Enum(
                "padel",
                "football",
                "cricket",
                "futsal",
                "badminton",
                "tennis",
                "squash",
                "running",
                "cycling",
                "hiking",
                "basketball",
                "board_games",
                "gym",
                "other",
                name="activitytype",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("indoor", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_courts_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courts")),
        sa.UniqueConstraint("venue_id", "name", name="uq_courts_venue_name"),
    )
    op.create_index(op.f("ix_courts_venue_id"), "courts", ["venue_id"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("host_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("slug", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=4000), server_default="", nullable=False),
        sa.Column("cover_key", sa.String(length=200), nullable=True),
        sa.Column("starts_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("ends_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("place_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("city", sa.String(length=24), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column(
            "visibility",
            sa.Enum(
                "public",
                "circles",
                "link_only",
                name="visibility",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="public",
            nullable=False,
        ),
        sa.Column("approval_required", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("allow_pay_at_venue", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("tickets_sold", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "published",
                "cancelled",
                "completed",
                name="eventstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="published",
            nullable=False,
        ),
        sa.Column("featured", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("cancelled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_events_capacity_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_events_ends_after_start")),
        sa.CheckConstraint("lat IS NULL OR lat BETWEEN -90 AND 90", name=op.f("ck_events_lat_range")),
        sa.CheckConstraint("lng IS NULL OR lng BETWEEN -180 AND 180", name=op.f("ck_events_lng_range")),
        sa.CheckConstraint(
            "tickets_sold >= 0 AND tickets_sold <= capacity", name=op.f("ck_events_sold_within_capacity")
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["users.id"], name=op.f("fk_events_host_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_events_venue_id_venues"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_events_slug")),
    )
    op.create_index(op.f("ix_events_host_id"), "events", ["host_id"], unique=False)
    op.create_index("ix_events_lat_lng", "events", ["lat", "lng"], unique=False)
    op.create_index("ix_events_status_starts", "events", ["status", "starts_at"], unique=False)
    op.create_index(op.f("ix_events_venue_id"), "events", ["venue_id"], unique=False)
    op.create_table(
        "opening_hours",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens_minute", sa.Integer(), nullable=False),
        sa.Column("closes_minute", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "opens_minute BETWEEN 0 AND 1439 AND closes_minute > opens_minute AND closes_minute <= 2880",
            name=op.f("ck_opening_hours_hours_order"),
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_opening_hours_weekday_range")),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_opening_hours_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_hours")),
        sa.UniqueConstraint("venue_id", "weekday", name="uq_opening_hours_venue_weekday"),
    )
    op.create_table(
        "price_rules",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("price_pkr", sa.Integer(), nullable=False),
        sa.Column("peak_price_pkr", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("duration_minutes IN (60, 90, 120)", name=op.f("ck_price_rules_duration_allowed")),
        sa.CheckConstraint(
            "price_pkr >= 0 AND peak_price_pkr >= 0", name=op.f("ck_price_rules_price_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_price_rules_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_rules")),
        sa.UniqueConstraint("venue_id", "duration_minutes", name="uq_price_rules_venue_duration"),
    )
    op.create_table(
        "special_hours",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("opens_minute", sa.Integer(), nullable=True),
        sa.Column("closes_minute", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=120), server_default="", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closed OR (opens_minute BETWEEN 0 AND 1439 AND closes_minute > opens_minute AND closes_minute <= 2880)",
            name=op.f("ck_special_hours_hours_order"),
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_special_hours_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_hours")),
        sa.UniqueConstraint("venue_id", "day", name="uq_special_hours_venue_day"),
    )
    op.create_table(
        "venue_photos",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("caption", sa.String(length=120), server_default="", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_venue_photos_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue_photos")),
    )
    op.create_index(op.f("ix_venue_photos_venue_id"), "venue_photos", ["venue_id"], unique=False)
    op.create_table(
        "activity_circles",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("activity_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("circle_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_circles_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circles.id"],
            name=op.f("fk_activity_circles_circle_id_circles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_circles")),
        sa.UniqueConstraint("activity_id", "circle_id", name="uq_activity_circles_pair"),
    )
    op.create_index(op.f("ix_activity_circles_circle_id"), "activity_circles", ["circle_id"], unique=False)
    op.create_table(
        "blackouts",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("court_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("period", postgresql.TSTZRANGE(), nullable=False),
        sa.Column("reason", sa.String(length=120), server_default="", nullable=False),
        sa.Column("created_by_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("NOT isempty(period)", name=op.f("ck_blackouts_period_not_empty")),
        sa.ForeignKeyConstraint(
            ["court_id"], ["courts.id"], name=op.f("fk_blackouts_court_id_courts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_blackouts_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_blackouts_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blackouts")),
    )
    op.create_index(
        "ix_blackouts_period", "blackouts", ["venue_id", "period"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "bookings",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("court_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("venue_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("period", postgresql.TSTZRANGE(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "held",
                "confirmed",
                "expired",
                "cancelled",
                "checked_in",
                "no_show",
                name="bookingstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="held",
            nullable=False,
        ),
        sa.Column("price_pkr", sa.Integer(), nullable=False),
        sa.Column(
            "payment_method",
            sa.Enum(
                "online",
                "pay_at_venue",
                name="paymentmethod",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("paid_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column(
            "hold_expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("confirmed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("cancelled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("checked_in_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("activity_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.column("court_id"), "="),
            (sa.column("period"), "&&"),
            where=sa.text("status IN ('held', 'confirmed', 'checked_in')"),
            using="gist",
            name="no_overlapping_live_bookings",
        ),
        sa.CheckConstraint(
            "status <> 'held' OR hold_expires_at IS NOT NULL", name=op.f("ck_bookings_hold_has_deadline")
        ),
        sa.CheckConstraint("NOT isempty(period)", name=op.f("ck_bookings_period_not_empty")),
        sa.CheckConstraint("price_pkr >= 0", name=op.f("ck_bookings_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_bookings_activity_id_activities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["court_id"], ["courts.id"], name=op.f("fk_bookings_court_id_courts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_bookings_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_bookings_venue_id_venues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("code", name=op.f("uq_bookings_code")),
    )
    op.create_index(op.f("ix_bookings_activity_id"), "bookings", ["activity_id"], unique=False)
    op.create_index(op.f("ix_bookings_series_id"), "bookings", ["series_id"], unique=False)
    op.create_index(
        "ix_bookings_status_hold_expires", "bookings", ["status", "hold_expires_at"], unique=False
    )
    op.create_index(op.f("ix_bookings_user_id"), "bookings", ["user_id"], unique=False)
    op.create_index(
        "ix_bookings_venue_period", "bookings", ["venue_id", "period"], unique=False, postgresql_using="gist"
    )
    op.create_table(
        "event_circles",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("circle_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_id"], ["circles.id"], name=op.f("fk_event_circles_circle_id_circles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_circles_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_circles")),
        sa.UniqueConstraint("event_id", "circle_id", name="uq_event_circles_pair"),
    )
    op.create_index(op.f("ix_event_circles_circle_id"), "event_circles", ["circle_id"], unique=False)
    op.create_table(
        "join_requests",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("activity_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                "waitlisted",
                "withdrawn",
                name="joinrequeststatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("message", sa.String(length=500), server_default="", nullable=False),
        sa.Column(
            "queued_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("decided_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("decided_by_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "num_nonnulls(activity_id, event_id) = 1", name=op.f("ck_join_requests_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_join_requests_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_join_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_join_requests_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_join_requests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    op.create_index(
        "ix_join_requests_activity_status_queued",
        "join_requests",
        ["activity_id", "status", "queued_at"],
        unique=False,
    )
    op.create_index(
        "ix_join_requests_event_status_queued",
        "join_requests",
        ["event_id", "status", "queued_at"],
        unique=False,
    )
    op.create_index(op.f("ix_join_requests_user_id"), "join_requests", ["user_id"], unique=False)
    op.create_index(
        "uq_join_requests_live_activity",
        "join_requests",
        ["activity_id", "user_id"],
        unique=True,
        postgresql_where=sa.text(
            "status IN ('pending', 'approved', 'waitlisted') AND activity_id IS NOT NULL"
        ),
    )
    op.create_index(
        "uq_join_requests_live_event",
        "join_requests",
        ["event_id", "user_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('pending', 'approved', 'waitlisted') AND event_id IS NOT NULL"),
    )
    op.create_table(
        "ticket_tiers",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), server_default="", nullable=False),
        sa.Column("price_pkr", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("sold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("per_order_limit", sa.Integer(), server_default="4", nullable=False),
        sa.Column("sales_start", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sales_end", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("per_order_limit > 0", name=op.f("ck_ticket_tiers_per_order_limit_positive")),
        sa.CheckConstraint("price_pkr >= 0", name=op.f("ck_ticket_tiers_price_not_negative")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_ticket_tiers_quantity_positive")),
        sa.CheckConstraint(
            "sales_end IS NULL OR sales_start IS NULL OR sales_end > sales_start",
            name=op.f("ck_ticket_tiers_sales_window_order"),
        ),
        sa.CheckConstraint(
            "sold >= 0 AND sold <= quantity", name=op.f("ck_ticket_tiers_sold_within_quantity")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_ticket_tiers_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_tiers")),
        sa.UniqueConstraint("event_id", "name", name="uq_ticket_tiers_event_name"),
    )
    op.create_index(op.f("ix_ticket_tiers_event_id"), "ticket_tiers", ["event_id"], unique=False)
    op.create_table(
        "event_waitlist",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("tier_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "queued_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("offered_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column(
            "offer_expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_waitlist_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"],
            ["ticket_tiers.id"],
            name=op.f("fk_event_waitlist_tier_id_ticket_tiers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_event_waitlist_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_waitlist")),
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_waitlist_pair"),
    )
    op.create_index(
        "ix_event_waitlist_event_queued", "event_waitlist", ["event_id", "queued_at"], unique=False
    )
    op.create_index(op.f("ix_event_waitlist_user_id"), "event_waitlist", ["user_id"], unique=False)
    op.create_table(
        "orders",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("tier_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("buyer_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount_pkr", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "reserved",
                "paid",
                "expired",
                "cancelled",
                "refunded",
                name="orderstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="reserved",
            nullable=False,
        ),
        sa.Column("pay_at_venue", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("paid_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("cancelled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("amount_pkr >= 0", name=op.f("ck_orders_amount_not_negative")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_orders_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["users.id"], name=op.f("fk_orders_buyer_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_orders_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"], ["ticket_tiers.id"], name=op.f("fk_orders_tier_id_ticket_tiers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("code", name=op.f("uq_orders_code")),
    )
    op.create_index(op.f("ix_orders_buyer_id"), "orders", ["buyer_id"], unique=False)
    op.create_index(op.f("ix_orders_event_id"), "orders", ["event_id"], unique=False)
    op.create_index("ix_orders_status_expires", "orders", ["status", "expires_at"], unique=False)
    op.create_index(op.f("ix_orders_tier_id"), "orders", ["tier_id"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("payer_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "payfast",
                "jazzcash",
                "easypaisa",
                name="paymentprovidername",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.Enum(
                "booking",
                "order",
                "share",
                name="paymentpurpose",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("booking_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("order_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("join_request_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("amount_pkr", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "initiated",
                "pending",
                "succeeded",
                "failed",
                "refunded",
                name="paymentstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="initiated",
            nullable=False,
        ),
        sa.Column("merchant_reference", sa.String(length=40), nullable=False),
        sa.Column("provider_txn_id", sa.String(length=80), nullable=True),
        sa.Column("failure_reason", sa.String(length=200), server_default="", nullable=False),
        sa.Column("succeeded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("refunded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("amount_pkr > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            "num_nonnulls(booking_id, order_id, join_request_id) = 1",
            name=op.f("ck_payments_one_purpose_target"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_payments_booking_id_bookings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["join_request_id"],
            ["join_requests.id"],
            name=op.f("fk_payments_join_request_id_join_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_payments_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["users.id"], name=op.f("fk_payments_payer_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("merchant_reference", name=op.f("uq_payments_merchant_reference")),
        sa.UniqueConstraint("provider_txn_id", name=op.f("uq_payments_provider_txn_id")),
    )
    op.create_index(op.f("ix_payments_booking_id"), "payments", ["booking_id"], unique=False)
    op.create_index(op.f("ix_payments_join_request_id"), "payments", ["join_request_id"], unique=False)
    op.create_index(op.f("ix_payments_order_id"), "payments", ["order_id"], unique=False)
    op.create_index(op.f("ix_payments_payer_id"), "payments", ["payer_id"], unique=False)
    op.create_index("ix_payments_status_updated", "payments", ["status", "updated_at"], unique=False)
    op.create_table(
        "tickets",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("order_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("event_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("tier_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("holder_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "valid",
                "checked_in",
                "void",
                name="ticketstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            server_default="valid",
            nullable=False,
        ),
        sa.Column("checked_in_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("checked_in_by_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_in_by_id"],
            ["users.id"],
            name=op.f("fk_tickets_checked_in_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_tickets_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["users.id"], name=op.f("fk_tickets_holder_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_tickets_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"], ["ticket_tiers.id"], name=op.f("fk_tickets_tier_id_ticket_tiers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("code", name=op.f("uq_tickets_code")),
    )
    op.create_index(op.f("ix_tickets_event_id"), "tickets", ["event_id"], unique=False)
    op.create_index(op.f("ix_tickets_holder_id"), "tickets", ["holder_id"], unique=False)
    op.create_index(op.f("ix_tickets_order_id"), "tickets", ["order_id"], unique=False)
    op.create_table(
        "payment_events",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("payment_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column(
            "provider",
            sa.Enum(
                "payfast",
                "jazzcash",
                "easypaisa",
                name="paymentprovidername",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("signature_valid", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_payment_events_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_events")),
    )
    op.create_index(op.f("ix_payment_events_payment_id"), "payment_events", ["payment_id"], unique=False)
    op.create_table(
        "payment_transitions",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("payment_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "initiated",
                "pending",
                "succeeded",
                "failed",
                "refunded",
                name="from_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "initiated",
                "pending",
                "succeeded",
                "failed",
                "refunded",
                name="to_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("provider_txn_id", sa.String(length=80), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.id"],
            name=op.f("fk_payment_transitions_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_transitions")),
        sa.UniqueConstraint("payment_id", "to_status", name="uq_payment_transitions_once"),
    )


def downgrade() -> None:
    op.drop_table("payment_transitions")
    op.drop_index(op.f("ix_payment_events_payment_id"), table_name="payment_events")
    op.drop_table("payment_events")
    op.drop_index(op.f("ix_tickets_order_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_holder_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_event_id"), table_name="tickets")
    op.drop_table("tickets")
    op.drop_index("ix_payments_status_updated", table_name="payments")
    op.drop_index(op.f("ix_payments_payer_id"), table_name="payments")
    op.drop_index(op.f("ix_payments_order_id"), table_name="payments")
    op.drop_index(op.f("ix_payments_join_request_id"), table_name="payments")
    op.drop_index(op.f("ix_payments_booking_id"), table_name="payments")
    op.drop_table("payments")
    op.drop_index(op.f("ix_orders_tier_id"), table_name="orders")
    op.drop_index("ix_orders_status_expires", table_name="orders")
    op.drop_index(op.f("ix_orders_event_id"), table_name="orders")
    op.drop_index(op.f("ix_orders_buyer_id"), table_name="orders")
    op.drop_table("orders")
    op.drop_index(op.f("ix_event_waitlist_user_id"), table_name="event_waitlist")
    op.drop_index("ix_event_waitlist_event_queued", table_name="event_waitlist")
    op.drop_table("event_waitlist")
    op.drop_index(op.f("ix_ticket_tiers_event_id"), table_name="ticket_tiers")
    op.drop_table("ticket_tiers")
    op.drop_index(
        "uq_join_requests_live_event",
        table_name="join_requests",
        postgresql_where=sa.text("status IN ('pending', 'approved', 'waitlisted') AND event_id IS NOT NULL"),
    )
    op.drop_index(
        "uq_join_requests_live_activity",
        table_name="join_requests",
        postgresql_where=sa.text(
            "status IN ('pending', 'approved', 'waitlisted') AND activity_id IS NOT NULL"
        ),
    )
    op.drop_index(op.f("ix_join_requests_user_id"), table_name="join_requests")
    op.drop_index("ix_join_requests_event_status_queued", table_name="join_requests")
    op.drop_index("ix_join_requests_activity_status_queued", table_name="join_requests")
    op.drop_table("join_requests")
    op.drop_index(op.f("ix_event_circles_circle_id"), table_name="event_circles")
    op.drop_table("event_circles")
    op.drop_index("ix_bookings_venue_period", table_name="bookings", postgresql_using="gist")
    op.drop_index(op.f("ix_bookings_user_id"), table_name="bookings")
    op.drop_index("ix_bookings_status_hold_expires", table_name="bookings")
    op.drop_index(op.f("ix_bookings_series_id"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_activity_id"), table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_blackouts_period", table_name="blackouts", postgresql_using="gist")
    op.drop_table("blackouts")
    op.drop_index(op.f("ix_activity_circles_circle_id"), table_name="activity_circles")
    op.drop_table("activity_circles")
    op.drop_index(op.f("ix_venue_photos_venue_id"), table_name="venue_photos")
    op.drop_table("venue_photos")
    op.drop_table("special_hours")
    op.drop_table("price_rules")
    op.drop_table("opening_hours")
    op.drop_index(op.f("ix_events_venue_id"), table_name="events")
    op.drop_index("ix_events_status_starts", table_name="events")
    op.drop_index("ix_events_lat_lng", table_name="events")
    op.drop_index(op.f("ix_events_host_id"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_courts_venue_id"), table_name="courts")
    op.drop_table("courts")
    op.drop_index(op.f("ix_circle_members_user_id"), table_name="circle_members")
    op.drop_table("circle_members")
    op.drop_index(op.f("ix_activities_venue_id"), table_name="activities")
    op.drop_index("ix_activities_type_starts", table_name="activities")
    op.drop_index("ix_activities_status_starts", table_name="activities")
    op.drop_index("ix_activities_lat_lng", table_name="activities")
    op.drop_index(op.f("ix_activities_host_id"), table_name="activities")
    op.drop_table("activities")
    op.drop_index(op.f("ix_vouches_vouchee_id"), table_name="vouches")
    op.drop_table("vouches")
    op.drop_index(op.f("ix_venues_owner_id"), table_name="venues")
    op.drop_index("ix_venues_lat_lng", table_name="venues")
    op.drop_index("ix_venues_city", table_name="venues")
    op.drop_table("venues")
    op.drop_index("ix_reports_status_created", table_name="reports")
    op.drop_table("reports")
    op.drop_index(op.f("ix_refresh_tokens_user_id"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_family_id"), table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index("ix_notifications_user_created", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index(op.f("ix_invites_inviter_id"), table_name="invites")
    op.drop_table("invites")
    op.drop_index(op.f("ix_circles_owner_id"), table_name="circles")
    op.drop_table("circles")
    op.drop_index(op.f("ix_blocks_blocked_id"), table_name="blocks")
    op.drop_table("blocks")
    op.drop_index("ix_audit_log_subject", table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_actor_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_users_lat_lng", table_name="users")
    op.drop_index(op.f("ix_users_invited_by_id"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_sms_outbox_phone_blind_index"), table_name="sms_outbox")
    op.drop_table("sms_outbox")
    op.drop_index("ix_otp_challenges_phone_created", table_name="otp_challenges")
    op.drop_table("otp_challenges")
    op.execute("DROP EXTENSION IF EXISTS citext")
    op.execute("DROP EXTENSION IF EXISTS btree_gist")

"""tell listeners when a member's notifications, an activity or an event change, after commit

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 10:30:00+00:00

Like 0003 for venue calendars: each change to these rows sends `NOTIFY <channel>, '<id>'`, delivered
only on commit and folded within a transaction, so open member pages update whoever wrote the
change (API, UI, worker). `scene_api.lib.live_news` listens.

- member_news, the member's id: notifications (the bell, the notifications page).
- activity_news, the activity's id: the activity (seats taken, status) and its join requests
  (decisions, waitlist promotions, shares paid).
- event_news, the event's id: the event, its ticket tiers (seats left), orders (paid), join
  requests and waitlist entries (offers).

One function serves every table: the trigger names the channel and the column holding the id.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = (
    # (table, channel, column with the id the channel's payload carries)
    ("notifications", "member_news", "user_id"),
    ("activities", "activity_news", "id"),
    ("join_requests", "activity_news", "activity_id"),
    ("events", "event_news", "id"),
    ("ticket_tiers", "event_news", "event_id"),
    ("orders", "event_news", "event_id"),
    ("join_requests", "event_news", "event_id"),
    ("event_waitlist", "event_news", "event_id"),
)


def trigger_name(table: str, channel: str) -> str:
    return f"{table}_notify_{channel}"


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION notify_live_news() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            channel text := TG_ARGV[0];
            key_column text := TG_ARGV[1];
            old_key text;
            new_key text;
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                old_key := to_jsonb(OLD) ->> key_column;
                IF old_key IS NOT NULL THEN
                    PERFORM pg_notify(channel, old_key);
                END IF;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                new_key := to_jsonb(NEW) ->> key_column;
                IF new_key IS NOT NULL THEN
                    PERFORM pg_notify(channel, new_key);
                END IF;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    for table, channel, column in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger_name(table, channel)} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION notify_live_news('{channel}', '{column}')"
        )


def downgrade() -> None:
    for table, channel, _column in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger_name(table, channel)} ON {table}")
    op.execute("DROP FUNCTION notify_live_news()")

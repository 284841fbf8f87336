"""tell listeners when a venue's calendar changes (bookings, blocked periods, courts), after commit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 20:30:00+00:00

Each change to a booking, blackout or court row sends `NOTIFY venue_calendar, '<venue id>'`.
PostgreSQL delivers notifications only when the transaction commits (never for a rollback) and
folds identical ones within a transaction, so every writer (API, UI, worker, a console) tells the
open owner calendars exactly once, with no code in the services. `scene_api.lib.live_news`
listens.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("bookings", "blackouts", "courts")


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION notify_venue_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                PERFORM pg_notify('venue_calendar', OLD.venue_id::text);
            END IF;
            IF TG_OP <> 'DELETE' THEN
                PERFORM pg_notify('venue_calendar', NEW.venue_id::text);
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_venue_calendar AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION notify_venue_calendar()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify_venue_calendar ON {table}")
    op.execute("DROP FUNCTION notify_venue_calendar()")

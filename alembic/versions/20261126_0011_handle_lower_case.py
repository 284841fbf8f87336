"""handles are lower case in the database too

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 23:40:00+00:00

- users.handle is citext, whose `~` matches case-insensitively, so `ck_users_handle_format` let
  capitals through (only the services lower-cased handles). The check now matches the text value.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE users SET handle = lower(handle::text) WHERE handle::text <> lower(handle::text)")
    op.drop_constraint(op.f("ck_users_handle_format"), "users", type_="check")
    op.create_check_constraint(op.f("ck_users_handle_format"), "users", "handle::text ~ '^[a-z0-9_]{3,30}$'")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_users_handle_format"), "users", type_="check")
    op.create_check_constraint(op.f("ck_users_handle_format"), "users", "handle ~ '^[a-z0-9_]{3,30}$'")

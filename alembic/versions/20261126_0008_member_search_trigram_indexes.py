"""trigram indexes for member search (parts of names and handles)

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-26 21:30:00+00:00

Member search matches `ILIKE '%phrase%'` on users.name and users.handle; a btree cannot serve that,
so the search walked the whole handle index (bench/explain.py: 99k rows read for 21 shown on 100k
members). GIN trigram indexes (pg_trgm, shipped with PostgreSQL and offered by managed services)
find the matches directly. The handle is citext: the search compares it as text, which these
indexes serve.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_users_name_trgm",
        "users",
        ["name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_users_handle_trgm",
        "users",
        ["handle"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"handle": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_users_handle_trgm", table_name="users")
    op.drop_index("ix_users_name_trgm", table_name="users")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")

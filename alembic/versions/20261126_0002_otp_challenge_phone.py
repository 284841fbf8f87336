"""keep the encrypted phone on an OTP challenge for sign-up

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:05:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("otp_challenges", sa.Column("phone_ciphertext", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("otp_challenges", "phone_ciphertext")

"""Two-stage payments: the idempotence key, checkout page and hold lapse of each order's payment.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("star_order") as batch:
        batch.add_column(sa.Column("payment_key", sa.String(length=64), server_default="", nullable=False))
        batch.add_column(sa.Column("payment_url", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("hold_expires_at", DateTimeUTC(timezone=True), nullable=True))
        batch.add_column(sa.Column("payment_checked_at", DateTimeUTC(timezone=True), nullable=True))
        batch.create_index("ix_star_order_payment_id", ["payment_id"])
        batch.create_index("ix_star_order_payment_status", ["payment_status", "status"])


def downgrade() -> None:
    with op.batch_alter_table("star_order") as batch:
        batch.drop_index("ix_star_order_payment_status")
        batch.drop_index("ix_star_order_payment_id")
        batch.drop_column("payment_checked_at")
        batch.drop_column("hold_expires_at")
        batch.drop_column("payment_url")
        batch.drop_column("payment_key")

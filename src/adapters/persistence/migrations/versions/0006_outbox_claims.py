"""The outbox: a claim per sending round, an expiry for mails with links that expire, and no bodies kept
of mails already sent or given up (a reset mail's body holds the link's secret).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mail_outbox") as table:
        table.add_column(sa.Column("claim", sa.String(length=32), nullable=True))
        table.add_column(sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=True))
    op.execute("UPDATE mail_outbox SET body = '' WHERE sent_at IS NOT NULL OR next_attempt_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("mail_outbox") as table:
        table.drop_column("expires_at")
        table.drop_column("claim")

"""The featured order (tops first, then by id) and a category's stars in that order read from an index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_star_featured", table_name="star")
    op.drop_index("ix_star_category_id", table_name="star")
    op.create_index("ix_star_featured", "star", [sa.text("top DESC"), "user_id"])
    op.create_index("ix_star_category_id", "star", ["category_id", sa.text("top DESC"), "user_id"])


def downgrade() -> None:
    op.drop_index("ix_star_category_id", table_name="star")
    op.drop_index("ix_star_featured", table_name="star")
    op.create_index("ix_star_featured", "star", ["top", "user_id"])
    op.create_index("ix_star_category_id", "star", ["category_id"])

"""Accounts and the star catalogue: users, categories, stars and their tags.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "category",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("cat_name", sa.String(length=64), nullable=False),
        sa.Column("category_photo", sa.String(length=255), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("cat_name", name=op.f("uq_category_cat_name")),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("name", name=op.f("uq_tag_name")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("username_key", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=15), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("first_name", sa.String(length=64), nullable=False),
        sa.Column("last_name", sa.String(length=64), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("avatar", sa.String(length=255), nullable=True),
        sa.Column("is_star", sa.Boolean(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username_key", name=op.f("uq_user_account_username_key")),
    )
    op.create_index("uq_user_account_email", "user_account", ["email"], unique=True)
    op.create_index("uq_user_account_phone", "user_account", ["phone"], unique=True)

    op.create_table(
        "star",
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("category_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("price_another", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("profession", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("top", sa.Boolean(), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("rating_total", sa.Integer(), nullable=False),
        sa.Column("rating_count", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Numeric(precision=2, scale=1), nullable=False),
        sa.Column("video_hi", sa.String(length=255), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_star_category_id_category"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_star_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_star")),
    )
    op.create_index("ix_star_category_id", "star", ["category_id"], unique=False)
    op.create_index("ix_star_created_at", "star", ["created_at", "user_id"], unique=False)
    op.create_index("ix_star_featured", "star", ["top", "user_id"], unique=False)
    op.create_index("ix_star_likes", "star", ["likes", "user_id"], unique=False)
    op.create_index("ix_star_price", "star", ["price", "user_id"], unique=False)
    op.create_index("ix_star_rating", "star", ["rating", "user_id"], unique=False)

    op.create_table(
        "star_tag",
        sa.Column("star_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tag_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["star_id"], ["star.user_id"], name=op.f("fk_star_tag_star_id_star"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_star_tag_tag_id_tag"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("star_id", "tag_id", name=op.f("pk_star_tag")),
    )
    op.create_index("ix_star_tag_tag_id", "star_tag", ["tag_id", "star_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_star_tag_tag_id", table_name="star_tag")

    op.drop_table("star_tag")
    op.drop_index("ix_star_rating", table_name="star")
    op.drop_index("ix_star_price", table_name="star")
    op.drop_index("ix_star_likes", table_name="star")
    op.drop_index("ix_star_featured", table_name="star")
    op.drop_index("ix_star_created_at", table_name="star")
    op.drop_index("ix_star_category_id", table_name="star")

    op.drop_table("star")
    op.drop_index("uq_user_account_phone", table_name="user_account")
    op.drop_index("uq_user_account_email", table_name="user_account")

    op.drop_table("user_account")
    op.drop_table("tag")
    op.drop_table("category")

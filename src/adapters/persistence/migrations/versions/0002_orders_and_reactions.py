"""Orders, likes, favourites, ratings and messages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_low", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_high", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint("user_low < user_high", name=op.f("ck_chat_ordered_pair")),
        sa.ForeignKeyConstraint(
            ["user_high"], ["user_account.id"], name=op.f("fk_chat_user_high_user_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_low"], ["user_account.id"], name=op.f("fk_chat_user_low_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat")),
        sa.UniqueConstraint("user_low", "user_high", name="uq_chat_user_low_user_high"),
    )
    op.create_table(
        "favorite",
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("star_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["star_id"], ["star.user_id"], name=op.f("fk_favorite_star_id_star"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_favorite_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "star_id", name=op.f("pk_favorite")),
    )
    op.create_index("ix_favorite_star_id", "favorite", ["star_id"], unique=False)

    op.create_table(
        "message",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chat_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("from_user", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name=op.f("fk_message_chat_id_chat"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["from_user"], ["user_account.id"], name=op.f("fk_message_from_user_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
    )
    op.create_index("ix_message_chat_id", "message", ["chat_id", "id"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("star_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["user_account.id"], name=op.f("fk_rating_customer_id_user_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["star_id"], ["star.user_id"], name=op.f("fk_rating_star_id_star"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("customer_id", "star_id", name="uq_rating_customer_id_star_id"),
    )
    op.create_index("ix_rating_star_id", "rating", ["star_id"], unique=False)

    op.create_table(
        "star_like",
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("star_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["user_account.id"], name=op.f("fk_star_like_customer_id_user_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["star_id"], ["star.user_id"], name=op.f("fk_star_like_star_id_star"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("customer_id", "star_id", name=op.f("pk_star_like")),
    )
    op.create_index("ix_star_like_star_id", "star_like", ["star_id"], unique=False)

    op.create_table(
        "star_order",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("star_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_type", sa.String(length=64), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("for_whom", sa.String(length=128), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("by_date", sa.Date(), nullable=True),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("decline_reason", sa.String(length=16), nullable=True),
        sa.Column("decline_comment", sa.String(length=500), nullable=False),
        sa.Column("payment_status", sa.String(length=16), nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=False),
        sa.Column("video", sa.String(length=255), nullable=True),
        sa.Column("delivered_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["user_account.id"],
            name=op.f("fk_star_order_customer_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["star_id"], ["star.user_id"], name=op.f("fk_star_order_star_id_star"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_order")),
    )
    op.create_index("ix_star_order_customer_id", "star_order", ["customer_id", "id"], unique=False)
    op.create_index("ix_star_order_star_id", "star_order", ["star_id", "id"], unique=False)
    op.create_index("ix_star_order_status", "star_order", ["status", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_star_order_status", table_name="star_order")
    op.drop_index("ix_star_order_star_id", table_name="star_order")
    op.drop_index("ix_star_order_customer_id", table_name="star_order")

    op.drop_table("star_order")
    op.drop_index("ix_star_like_star_id", table_name="star_like")

    op.drop_table("star_like")
    op.drop_index("ix_rating_star_id", table_name="rating")

    op.drop_table("rating")
    op.drop_index("ix_message_chat_id", table_name="message")

    op.drop_table("message")
    op.drop_index("ix_favorite_star_id", table_name="favorite")

    op.drop_table("favorite")
    op.drop_table("chat")

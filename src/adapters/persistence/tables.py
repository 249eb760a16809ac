"""Row models. They mirror the tables, not the domain: repositories map between the two."""

from datetime import UTC, date, datetime
from decimal import Decimal

from advanced_alchemy.base import BigIntAuditBase, DefaultBase
from advanced_alchemy.types import BigIntIdentity, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

MONEY = Numeric(12, 2)


class UserRow(BigIntAuditBase):
    __tablename__ = "user_account"
    __table_args__ = (
        Index("uq_user_account_email", "email", unique=True),
        Index("uq_user_account_phone", "phone", unique=True),
    )

    username: Mapped[str] = mapped_column(String(32))
    # The username case-folded in Python: SQLite's lower() folds ASCII letters only.
    username_key: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(15))
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(64), default="")
    last_name: Mapped[str] = mapped_column(String(64), default="")
    # Lower-cased "username first last", written with the row: SQLite's lower() folds ASCII only.
    search_text: Mapped[str] = mapped_column(Text, default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    avatar: Mapped[str | None] = mapped_column(String(255), nullable=True)
    is_star: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    token_version: Mapped[int] = mapped_column(Integer, default=0)


class CategoryRow(BigIntAuditBase):
    __tablename__ = "category"

    cat_name: Mapped[str] = mapped_column(String(64), unique=True)
    category_photo: Mapped[str | None] = mapped_column(String(255), nullable=True)


class StarRow(DefaultBase):
    __tablename__ = "star"
    __table_args__ = (
        Index("ix_star_category_id", "category_id", text("top DESC"), "user_id"),
        Index("ix_star_featured", text("top DESC"), "user_id"),
        Index("ix_star_rating", "rating", "user_id"),
        Index("ix_star_price", "price", "user_id"),
        Index("ix_star_likes", "likes", "user_id"),
        Index("ix_star_created_at", "created_at", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("category.id", ondelete="RESTRICT"))
    price: Mapped[Decimal] = mapped_column(MONEY)
    price_another: Mapped[Decimal | None] = mapped_column(MONEY, nullable=True)
    profession: Mapped[str] = mapped_column(String(128), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    days: Mapped[int] = mapped_column(Integer, default=7)
    top: Mapped[bool] = mapped_column(Boolean, default=False)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    rating_total: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    # The mean of the ratings, kept beside its parts so that the catalogue can sort by an index.
    rating: Mapped[Decimal] = mapped_column(Numeric(2, 1), default=Decimal("0.0"))
    video_hi: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), default=lambda: datetime.now(UTC))


class TagRow(BigIntAuditBase):
    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(32), unique=True)


class StarTagRow(DefaultBase):
    __tablename__ = "star_tag"
    __table_args__ = (Index("ix_star_tag_tag_id", "tag_id", "star_id"),)

    star_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("star.user_id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class OrderRow(BigIntAuditBase):
    """`created_at` is when the order was placed (the API's `ordering_time`)."""

    __tablename__ = "star_order"
    __table_args__ = (
        Index("ix_star_order_customer_id", "customer_id", "id"),
        Index("ix_star_order_star_id", "star_id", "id"),
        Index("ix_star_order_status", "status", "created_at"),
        Index("ix_star_order_payment_id", "payment_id"),
        Index("ix_star_order_payment_status", "payment_status", "status"),
    )

    customer_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="RESTRICT"))
    star_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("star.user_id", ondelete="RESTRICT"))
    order_type: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal] = mapped_column(MONEY)
    for_whom: Mapped[str] = mapped_column(String(128))
    comment: Mapped[str] = mapped_column(Text, default="")
    by_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[int] = mapped_column(SmallInteger, default=0)
    decline_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decline_comment: Mapped[str] = mapped_column(String(500), default="")
    payment_status: Mapped[str] = mapped_column(String(16), default="none")
    payment_id: Mapped[str] = mapped_column(String(64), default="")
    payment_key: Mapped[str] = mapped_column(String(64), default="")
    payment_url: Mapped[str] = mapped_column(Text, default="")
    hold_expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    payment_checked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    video: Mapped[str | None] = mapped_column(String(255), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)


class LikeRow(DefaultBase):
    __tablename__ = "star_like"
    __table_args__ = (Index("ix_star_like_star_id", "star_id"),)

    customer_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    star_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("star.user_id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), default=lambda: datetime.now(UTC))


class FavoriteRow(DefaultBase):
    __tablename__ = "favorite"
    __table_args__ = (Index("ix_favorite_star_id", "star_id"),)

    user_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    star_id: Mapped[int] = mapped_column(
        BigIntIdentity, ForeignKey("star.user_id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), default=lambda: datetime.now(UTC))


class RatingRow(BigIntAuditBase):
    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("customer_id", "star_id", name="uq_rating_customer_id_star_id"),
        Index("ix_rating_star_id", "star_id"),
    )

    customer_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"))
    star_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("star.user_id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")


class ChatRow(BigIntAuditBase):
    """A two-person conversation; `user_low` < `user_high`, so that one pair has one chat."""

    __tablename__ = "chat"
    __table_args__ = (
        UniqueConstraint("user_low", "user_high", name="uq_chat_user_low_user_high"),
        CheckConstraint("user_low < user_high", name="ordered_pair"),
    )

    user_low: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"))
    user_high: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"))


class MessageRow(BigIntAuditBase):
    __tablename__ = "message"
    __table_args__ = (Index("ix_message_chat_id", "chat_id", "id"),)

    chat_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("chat.id", ondelete="CASCADE"))
    from_user: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)


class OutboxRow(BigIntAuditBase):
    """A mail to send. Due once `next_attempt_at` has come and nobody holds it (`locked_until`); given up
    when `next_attempt_at` is empty. The body is emptied once the mail is sent or given up."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "next_attempt_at"),)

    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # The round that holds the mail (with `locked_until`), and the moment after which it is of no use.
    claim: Mapped[str | None] = mapped_column(String(32), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)


class ResetTokenRow(BigIntAuditBase):
    """A password-reset link's token; `digest` is the SHA-256 of the secret, never the secret itself."""

    __tablename__ = "password_reset_token"
    __table_args__ = (
        Index("ix_password_reset_token_user_id", "user_id"),
        Index("ix_password_reset_token_expires_at", "expires_at"),
    )

    user_id: Mapped[int] = mapped_column(BigIntIdentity, ForeignKey("user_account.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))

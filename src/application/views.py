"""What the read use cases answer with, and how a catalogue query is described."""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Generic, TypeVar

from domain.errors import InvalidValueError
from domain.order import Order
from domain.star import StarProfile
from domain.user import User

T = TypeVar("T")

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100


class StarOrder(Enum):
    FEATURED = "featured"
    RATING = "rating"
    RATING_DESC = "-rating"
    PRICE = "price"
    PRICE_DESC = "-price"
    LIKES = "likes"
    LIKES_DESC = "-likes"
    NEWEST = "new"

    @classmethod
    def parse(cls, raw: str | None) -> "StarOrder":
        if raw is None or raw == "":
            return cls.FEATURED
        allowed = {order.value: order for order in cls if order is not cls.FEATURED}
        if raw not in allowed:
            raise InvalidValueError("ordering", f"Допустимые значения: {', '.join(allowed)}")
        return allowed[raw]


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_PAGE_SIZE
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise InvalidValueError("limit", f"limit: от 1 до {MAX_PAGE_SIZE}")
        if self.offset < 0:
            raise InvalidValueError("offset", "offset не может быть отрицательным")


@dataclass(frozen=True, slots=True)
class StarQuery:
    page: PageRequest = field(default_factory=PageRequest)
    order: StarOrder = StarOrder.FEATURED
    text: str = ""
    category_id: int | None = None
    tags: tuple[str, ...] = ()
    favorite_of: int | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int


@dataclass(frozen=True, slots=True)
class StarCard:
    """A star as the public catalogue shows it."""

    id: int
    username: str
    first_name: str
    last_name: str
    price: Decimal
    price_another: Decimal | None
    category_id: int
    rating: Decimal
    rating_count: int
    likes: int
    days: int
    profession: str
    description: str
    tags: tuple[str, ...]
    top: bool
    avatar: str | None
    video: str | None

    @classmethod
    def of(cls, user: User, star: StarProfile) -> "StarCard":
        return cls(
            id=user.id,
            username=str(user.username),
            first_name=user.first_name,
            last_name=user.last_name,
            price=star.price.amount,
            price_another=None if star.price_another is None else star.price_another.amount,
            category_id=star.category_id,
            rating=star.rating,
            rating_count=star.rating_count,
            likes=star.likes,
            days=star.days,
            profession=star.profession,
            description=star.description,
            tags=tuple(str(tag) for tag in star.tags),
            top=star.top,
            avatar=user.avatar,
            video=star.video_hi,
        )


@dataclass(frozen=True, slots=True)
class OrderView:
    """An order with the names and pictures of both people, as the order lists show it."""

    order: Order
    star_username: str
    star_avatar: str | None
    customer_username: str
    customer_avatar: str | None
    profession: str

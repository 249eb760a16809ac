"""A star's public side: prices, category, tags, delivery days, counters kept beside it."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import InvalidValueError
from domain.values import Money, MoneyInput, Tag, bounded_text

PROFESSION_MAX_LENGTH = 128
DESCRIPTION_MAX_LENGTH = 4000
MAX_DELIVERY_DAYS = 60
_TENTH = Decimal("0.1")


def delivery_days(value: int) -> int:
    if not 1 <= value <= MAX_DELIVERY_DAYS:
        raise InvalidValueError("days", f"Срок выполнения: от 1 до {MAX_DELIVERY_DAYS} дней")
    return value


def profession(raw: str | None) -> str:
    return bounded_text(raw, "profession", PROFESSION_MAX_LENGTH)


def description(raw: str | None) -> str:
    return bounded_text(raw, "description", DESCRIPTION_MAX_LENGTH, multiline=True)


def star_price(raw: MoneyInput, field: str) -> Money:
    """A star's price for a kind of order: a positive amount (a free greeting cannot be paid for)."""
    price = Money.parse(raw, field)
    if price.amount <= 0:
        raise InvalidValueError(field, "Цена должна быть больше нуля")
    return price


def mean_rating(total: int, count: int) -> Decimal:
    """The mean of the ratings with one decimal, 0 when there are none."""
    if count == 0:
        return Decimal("0.0")
    return (Decimal(total) / Decimal(count)).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class StarProfile:
    """The star side of a user. Counters (likes, ratings) are never set from input."""

    user_id: int
    category_id: int
    price: Money
    price_another: Money | None = None
    profession: str = ""
    description: str = ""
    days: int = 7
    tags: tuple[Tag, ...] = ()
    top: bool = False
    likes: int = 0
    rating_total: int = 0
    rating_count: int = 0
    video_hi: str | None = None

    @property
    def rating(self) -> Decimal:
        return mean_rating(self.rating_total, self.rating_count)

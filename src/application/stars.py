"""The star side of an account as the client sends it, and how it becomes a star profile."""

from dataclasses import dataclass, field

from application.accounts import NewAccount
from domain import star as star_rules
from domain.star import StarProfile
from domain.values import MoneyInput, parse_tags


@dataclass(frozen=True, slots=True)
class NewStar:
    account: NewAccount
    price: MoneyInput
    category_id: int
    price_another: MoneyInput | None = None
    profession: str | None = None
    description: str | None = None
    days: int | None = None
    tags: list[str] = field(default_factory=list)


def parse_star_profile(new_star: NewStar, user_id: int = 0) -> StarProfile:
    """A star profile of checked values; counters and the `top` mark start empty."""
    price_another = new_star.price_another
    return StarProfile(
        user_id=user_id,
        category_id=new_star.category_id,
        price=star_rules.star_price(new_star.price, "price"),
        price_another=None if price_another is None else star_rules.star_price(price_another, "price_another"),
        profession=star_rules.profession(new_star.profession),
        description=star_rules.description(new_star.description),
        days=star_rules.delivery_days(7 if new_star.days is None else new_star.days),
        tags=parse_tags(new_star.tags),
    )

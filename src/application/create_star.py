import logging
from dataclasses import dataclass, field

from application.accounts import AccountRules, NewAccount, Session
from application.ports import CategoryRepository, StarRepository, TokenIssuer, UnitOfWork, UserRepository
from domain import star as star_rules
from domain.errors import CategoryNotFoundError
from domain.star import StarProfile
from domain.values import Money, MoneyInput, parse_tags

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class StarSession:
    session: Session
    star: StarProfile


class CreateStar:
    """Opens a star account: a user with a star profile in an existing category. Rating, likes and
    the `top` mark start empty whatever the client sends."""

    def __init__(
        self,
        users: UserRepository,
        stars: StarRepository,
        categories: CategoryRepository,
        rules: AccountRules,
        tokens: TokenIssuer,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._stars = stars
        self._categories = categories
        self._rules = rules
        self._tokens = tokens
        self._uow = uow

    async def execute(self, new_star: NewStar) -> StarSession:
        profile = parse_star_profile(new_star)
        self._rules.parse_new_user(new_star.account)
        if not await self._categories.exists(new_star.category_id):
            raise CategoryNotFoundError
        user = await self._rules.new_user(new_star.account)
        user.is_star = True

        user = await self._users.add(user)
        profile.user_id = user.id
        await self._stars.add(profile)
        await self._uow.commit()

        logger.info("star %s created in category %s", user.id, profile.category_id)
        return StarSession(Session(user, self._tokens.issue(user.id, user.token_version)), profile)


def parse_star_profile(new_star: NewStar) -> StarProfile:
    price_another = new_star.price_another
    return StarProfile(
        user_id=0,
        category_id=new_star.category_id,
        price=Money.parse(new_star.price, "price"),
        price_another=None if price_another is None else Money.parse(price_another, "price_another"),
        profession=star_rules.profession(new_star.profession),
        description=star_rules.description(new_star.description),
        days=star_rules.delivery_days(7 if new_star.days is None else new_star.days),
        tags=parse_tags(new_star.tags),
    )

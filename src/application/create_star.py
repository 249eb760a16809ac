import logging
from dataclasses import dataclass

from application.accounts import AccountRules, Session
from application.ports import (
    CatalogueVersion,
    CategoryRepository,
    RateLimiter,
    StarRepository,
    TokenIssuer,
    UnitOfWork,
    UserRepository,
)
from application.rate_limits import AbuseLimits, spend
from application.stars import NewStar, parse_star_profile
from domain.errors import CategoryNotFoundError
from domain.star import StarProfile

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StarSession:
    session: Session
    star: StarProfile


class CreateStar:
    """Opens a star account: a user with a star profile in an existing category. Rating, likes and
    the `top` mark start empty whatever the client sends. Invalid values are reported before an
    unknown category or a taken name. Sign-ups are limited per client, stars and customers counted together."""

    def __init__(
        self,
        users: UserRepository,
        stars: StarRepository,
        categories: CategoryRepository,
        rules: AccountRules,
        tokens: TokenIssuer,
        limiter: RateLimiter,
        limits: AbuseLimits,
        catalogue: CatalogueVersion,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._stars = stars
        self._categories = categories
        self._rules = rules
        self._tokens = tokens
        self._limiter = limiter
        self._limits = limits
        self._catalogue = catalogue
        self._uow = uow

    async def execute(self, new_star: NewStar, client: str) -> StarSession:
        await spend(self._limiter, self._limits.sign_ups_per_client, f"sign-up-client:{client}")
        user = self._rules.parse_new_user(new_star.account)
        profile = parse_star_profile(new_star)
        if not await self._categories.exists(new_star.category_id):
            raise CategoryNotFoundError
        user = await self._rules.admit(user, new_star.account.password)
        user.is_star = True
        await self._uow.begin_write()

        user = await self._users.add(user)
        profile.user_id = user.id
        await self._stars.add(profile)
        await self._uow.commit()
        await self._catalogue.bump()

        logger.info("star %s created in category %s", user.id, profile.category_id)
        return StarSession(Session(user, self._tokens.issue(user.id, user.token_version)), profile)

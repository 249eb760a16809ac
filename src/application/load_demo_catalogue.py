import logging
from dataclasses import dataclass

from application.accounts import AccountRules
from application.ports import (
    CatalogueVersion,
    CategoryRepository,
    PasswordHasher,
    StarRepository,
    UnitOfWork,
    UserRepository,
)
from application.stars import NewStar, parse_star_profile

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DemoCategory:
    key: str
    cat_name: str
    category_photo: str | None


@dataclass(frozen=True, slots=True)
class DemoStar:
    category_key: str
    star: NewStar
    top: bool


@dataclass(frozen=True, slots=True)
class DemoCatalogue:
    categories: list[DemoCategory]
    stars: list[DemoStar]
    password: str


class LoadDemoCatalogue:
    """Fills an empty catalogue with demo categories and stars, all sharing one known password.
    A catalogue that already has categories is left as it is."""

    def __init__(
        self,
        users: UserRepository,
        stars: StarRepository,
        categories: CategoryRepository,
        rules: AccountRules,
        hasher: PasswordHasher,
        catalogue: CatalogueVersion,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._stars = stars
        self._categories = categories
        self._rules = rules
        self._hasher = hasher
        self._catalogue = catalogue
        self._uow = uow

    async def execute(self, demo: DemoCatalogue) -> int:
        """Loads the demo and answers how many stars it added (0 when the catalogue was not empty)."""
        await self._uow.begin_write()
        if await self._categories.list_all():
            logger.info("the catalogue is not empty; demo not loaded")
            return 0

        category_ids = {}
        for category in demo.categories:
            stored = await self._categories.add(category.cat_name, category.category_photo)
            category_ids[category.key] = stored.id

        password_hash = await self._hasher.hash(demo.password)
        for entry in demo.stars:
            account = entry.star.account
            user = self._rules.parse_new_user(account)
            user.password_hash, user.is_star = password_hash, True
            user = await self._users.add(user)
            if entry.category_key not in category_ids:
                raise ValueError(f"demo star {account.username} names an unknown category {entry.category_key}")
            profile = parse_star_profile(entry.star, user.id)
            profile.category_id = category_ids[entry.category_key]
            profile.top = entry.top
            await self._stars.add(profile)
        await self._uow.commit()
        await self._catalogue.bump()

        logger.info("demo catalogue loaded: %s categories, %s stars", len(demo.categories), len(demo.stars))
        return len(demo.stars)

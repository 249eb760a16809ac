import logging

from application.identity import Caller, ensure_self
from application.ports import CatalogueVersion, LikeRepository, StarRepository, UnitOfWork
from domain.errors import AlreadyLikedError, OwnStarError, StarNotFoundError

logger = logging.getLogger(__name__)


class LikeStar:
    """One like per user and star, counted on the star. A repeated like, however concurrent, is refused."""

    def __init__(
        self, likes: LikeRepository, stars: StarRepository, catalogue: CatalogueVersion, uow: UnitOfWork
    ) -> None:
        self._catalogue = catalogue
        self._likes = likes
        self._stars = stars
        self._uow = uow

    async def execute(self, caller: Caller, star_id: int, cust_id: int | None = None) -> None:
        ensure_self(caller, cust_id, "cust_id")
        await self._uow.begin_write()
        if not await self._stars.exists(star_id):
            raise StarNotFoundError
        if star_id == caller.id:
            raise OwnStarError("Нельзя поставить лайк самому себе")

        if not await self._likes.add(caller.id, star_id):
            raise AlreadyLikedError
        await self._uow.commit()
        await self._catalogue.bump_star(star_id)

        logger.info("user %s liked star %s", caller.id, star_id)

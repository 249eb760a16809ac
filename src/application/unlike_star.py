import logging

from application.identity import Caller
from application.ports import CatalogueVersion, LikeRepository, UnitOfWork
from domain.errors import LikeNotFoundError

logger = logging.getLogger(__name__)


class UnlikeStar:
    """Takes back the caller's like of a star; there must be one."""

    def __init__(self, likes: LikeRepository, catalogue: CatalogueVersion, uow: UnitOfWork) -> None:
        self._catalogue = catalogue
        self._likes = likes
        self._uow = uow

    async def execute(self, caller: Caller, star_id: int) -> None:
        await self._uow.begin_write()
        if not await self._likes.remove(caller.id, star_id):
            raise LikeNotFoundError
        await self._uow.commit()
        await self._catalogue.bump_star(star_id)

        logger.info("user %s unliked star %s", caller.id, star_id)

import logging

from application.identity import Caller
from application.ports import FavoriteRepository, UnitOfWork

logger = logging.getLogger(__name__)


class RemoveFavorite:
    """Removes a star from the caller's favourites; removing one that is not there is no error."""

    def __init__(self, favorites: FavoriteRepository, uow: UnitOfWork) -> None:
        self._favorites = favorites
        self._uow = uow

    async def execute(self, caller: Caller, star_id: int) -> None:
        await self._uow.begin_write()
        if await self._favorites.remove(caller.id, star_id):
            await self._uow.commit()
            logger.info("user %s removed star %s from favourites", caller.id, star_id)

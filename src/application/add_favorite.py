import logging

from application.identity import Caller, ensure_self
from application.ports import FavoriteRepository, StarRepository, UnitOfWork
from domain.errors import StarNotFoundError

logger = logging.getLogger(__name__)


class AddFavorite:
    """Adds a star to the caller's favourites; adding it again changes nothing."""

    def __init__(self, favorites: FavoriteRepository, stars: StarRepository, uow: UnitOfWork) -> None:
        self._favorites = favorites
        self._stars = stars
        self._uow = uow

    async def execute(self, caller: Caller, star_id: int, cust_id: int | None = None) -> bool:
        """True when the star was added, False when it was a favourite already."""
        ensure_self(caller, cust_id, "cust_id")
        await self._uow.begin_write()
        if not await self._stars.exists(star_id):
            raise StarNotFoundError

        added = await self._favorites.add(caller.id, star_id)
        await self._uow.commit()

        if added:
            logger.info("user %s added star %s to favourites", caller.id, star_id)
        return added

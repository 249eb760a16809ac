import logging

from application.identity import Caller, ensure_self
from application.ports import CatalogueVersion, OrderRepository, RatingRepository, StarRepository, UnitOfWork
from domain.errors import RatingNotAllowedError, StarNotFoundError
from domain.rating import RatingScore, rating_comment

logger = logging.getLogger(__name__)


class RateStar:
    """A customer rates a star 1 to 5 after the star delivered them a greeting; one rating per customer
    and star, which the customer may change. The star's mean and count change in the same transaction."""

    def __init__(
        self,
        ratings: RatingRepository,
        stars: StarRepository,
        orders: OrderRepository,
        catalogue: CatalogueVersion,
        uow: UnitOfWork,
    ) -> None:
        self._ratings = ratings
        self._stars = stars
        self._orders = orders
        self._catalogue = catalogue
        self._uow = uow

    async def execute(
        self,
        caller: Caller,
        star_id: int,
        rating: int | str,
        comment: str | None = None,
        adresat: int | None = None,
    ) -> bool:
        """True when this is the caller's first rating of the star, False when it replaced one."""
        ensure_self(caller, adresat, "adresat")
        score = RatingScore.parse(rating)
        text = rating_comment(comment)

        await self._uow.begin_write()
        if not await self._stars.exists(star_id):
            raise StarNotFoundError
        if not await self._orders.has_delivered(caller.id, star_id):
            raise RatingNotAllowedError
        first = await self._ratings.save(caller.id, star_id, score, text)
        await self._uow.commit()
        await self._catalogue.bump()

        logger.info("user %s rated star %s: %s", caller.id, star_id, score.value)
        return first

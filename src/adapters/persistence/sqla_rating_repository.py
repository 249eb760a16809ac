from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import RatingRow, StarRow
from domain.rating import RatingScore
from domain.star import mean_rating


class SqlaRatingRepository:
    """Holds the star's row while it saves, so that the counts recomputed here include every rating
    committed before, and two first ratings of one customer make one row."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, customer_id: int, star_id: int, score: RatingScore, comment: str) -> bool:
        # FOR NO KEY UPDATE: likes, favourites and orders that point at the star are not held up.
        await self._session.execute(
            select(StarRow.user_id).where(StarRow.user_id == star_id).with_for_update(key_share=True)
        )
        existing = await self._session.scalar(
            select(RatingRow).where(RatingRow.customer_id == customer_id, RatingRow.star_id == star_id)
        )
        if existing is None:
            self._session.add(RatingRow(customer_id=customer_id, star_id=star_id, score=score.value, comment=comment))
        else:
            existing.score = score.value
            existing.comment = comment
        await self._session.flush()

        total, count = (
            await self._session.execute(
                select(func.coalesce(func.sum(RatingRow.score), 0), func.count()).where(RatingRow.star_id == star_id)
            )
        ).one()
        await self._session.execute(
            update(StarRow)
            .where(StarRow.user_id == star_id)
            .values(rating_total=total, rating_count=count, rating=mean_rating(total, count))
        )
        return existing is None

"""Likes, favourites and ratings: rows whose uniqueness the database enforces, with the star's counters beside them."""

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import FavoriteRow, LikeRow, RatingRow, StarRow
from adapters.persistence.upsert import insert_ignoring_duplicates
from domain.rating import RatingScore
from domain.star import mean_rating


class SqlaLikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, customer_id: int, star_id: int) -> bool:
        inserted = await self._session.execute(
            insert_ignoring_duplicates(self._session, LikeRow).values(customer_id=customer_id, star_id=star_id)
        )
        if inserted.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self._session.execute(update(StarRow).where(StarRow.user_id == star_id).values(likes=StarRow.likes + 1))
        return True

    async def remove(self, customer_id: int, star_id: int) -> bool:
        deleted = await self._session.execute(
            delete(LikeRow).where(LikeRow.customer_id == customer_id, LikeRow.star_id == star_id)
        )
        if deleted.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self._session.execute(update(StarRow).where(StarRow.user_id == star_id).values(likes=StarRow.likes - 1))
        return True


class SqlaFavoriteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user_id: int, star_id: int) -> bool:
        inserted = await self._session.execute(
            insert_ignoring_duplicates(self._session, FavoriteRow).values(user_id=user_id, star_id=star_id)
        )
        return bool(inserted.rowcount == 1)  # type: ignore[attr-defined]

    async def remove(self, user_id: int, star_id: int) -> bool:
        deleted = await self._session.execute(
            delete(FavoriteRow).where(FavoriteRow.user_id == user_id, FavoriteRow.star_id == star_id)
        )
        return bool(deleted.rowcount == 1)  # type: ignore[attr-defined]


class SqlaRatingRepository:
    """Expects the star's row to be locked by the caller (StarRepository.lock), so that the counts
    recomputed here include every rating committed before."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, customer_id: int, star_id: int, score: RatingScore, comment: str) -> bool:
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

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.statements import insert_ignoring_duplicates, rows_affected
from adapters.persistence.tables import LikeRow, StarRow


class SqlaLikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, customer_id: int, star_id: int) -> bool:
        inserted = await self._session.execute(
            insert_ignoring_duplicates(self._session, LikeRow).values(customer_id=customer_id, star_id=star_id)
        )
        if rows_affected(inserted) != 1:
            return False
        await self._session.execute(update(StarRow).where(StarRow.user_id == star_id).values(likes=StarRow.likes + 1))
        return True

    async def remove(self, customer_id: int, star_id: int) -> bool:
        deleted = await self._session.execute(
            delete(LikeRow).where(LikeRow.customer_id == customer_id, LikeRow.star_id == star_id)
        )
        if rows_affected(deleted) != 1:
            return False
        await self._session.execute(update(StarRow).where(StarRow.user_id == star_id).values(likes=StarRow.likes - 1))
        return True

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.statements import insert_ignoring_duplicates, rows_affected
from adapters.persistence.tables import FavoriteRow


class SqlaFavoriteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user_id: int, star_id: int) -> bool:
        inserted = await self._session.execute(
            insert_ignoring_duplicates(self._session, FavoriteRow).values(user_id=user_id, star_id=star_id)
        )
        return rows_affected(inserted) == 1

    async def remove(self, user_id: int, star_id: int) -> bool:
        deleted = await self._session.execute(
            delete(FavoriteRow).where(FavoriteRow.user_id == user_id, FavoriteRow.star_id == star_id)
        )
        return rows_affected(deleted) == 1

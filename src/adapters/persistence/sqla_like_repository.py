from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, literal_column, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.statements import insert_ignoring_duplicates, rows_affected
from adapters.persistence.tables import LikeRow, StarRow

# The like and its count in one statement: the star's counter moves only if the like was new.
_NEW_LIKE = (
    postgresql.insert(LikeRow)
    .values(customer_id=bindparam("customer_id"), star_id=bindparam("star_id"), created_at=bindparam("now"))
    .on_conflict_do_nothing()
    .returning(LikeRow.star_id)
    .cte("new_like")
)
_LIKE_AND_COUNT_ON_DRIVER = DriverStatement.of(
    update(StarRow)
    .where(StarRow.user_id.in_(select(_NEW_LIKE.c.star_id)))
    .values(likes=StarRow.likes + literal_column("1"))
    .returning(StarRow.user_id)
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class SqlaLikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, customer_id: int, star_id: int) -> bool:
        # A hot write: on PostgreSQL straight through asyncpg (driver_statements).
        driver = await postgres_driver(self._session)
        if driver is not None:
            counted = await driver.fetch_value(
                _LIKE_AND_COUNT_ON_DRIVER, customer_id=customer_id, star_id=star_id, now=utc_now()
            )
            return counted is not None
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

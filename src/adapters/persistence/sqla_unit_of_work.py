from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.database import WRITE_TRANSACTION


class SqlaUnitOfWork:
    """The request's session is the transaction; a use case ends it with `commit`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def begin_write(self) -> None:
        # A read transaction the request already has (the caller's token was checked in one) ends
        # first; the new one takes SQLite's write lock at once. On PostgreSQL it is an ordinary BEGIN.
        if self._session.in_transaction():
            await self._session.commit()
        await self._session.connection(execution_options={WRITE_TRANSACTION: True})

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.database import WRITE_TRANSACTION


class SqlaUnitOfWork:
    """The request's session is the transaction; a use case ends it with `commit`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def begin_write(self) -> None:
        # On SQLite, a read transaction the request already has (the caller's token was checked in one)
        # ends first, and the new one takes the write lock at once. PostgreSQL has no such lock: the
        # transaction that read goes on and writes too (two round trips fewer).
        if self._session.in_transaction():
            if self._session.get_bind().dialect.name != "sqlite":
                return
            await self._session.commit()
        await self._session.connection(execution_options={WRITE_TRANSACTION: True})

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()

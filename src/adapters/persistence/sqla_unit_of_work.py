from sqlalchemy.ext.asyncio import AsyncSession


class SqlaUnitOfWork:
    """The request's session is the transaction; a use case ends it with `commit`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()

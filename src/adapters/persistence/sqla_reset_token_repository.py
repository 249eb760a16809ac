from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import ResetTokenRow
from domain.password_reset import PasswordResetToken


class SqlaResetTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: PasswordResetToken) -> None:
        await self._session.execute(
            insert(ResetTokenRow).values(user_id=token.user_id, digest=token.digest, expires_at=token.expires_at)
        )

    async def find(self, digest: str, *, for_update: bool = False) -> PasswordResetToken | None:
        query = select(ResetTokenRow.user_id, ResetTokenRow.expires_at).where(ResetTokenRow.digest == digest)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else PasswordResetToken(row.user_id, digest, row.expires_at)

    async def remove_of_user(self, user_id: int) -> None:
        await self._session.execute(delete(ResetTokenRow).where(ResetTokenRow.user_id == user_id))

    async def remove_expired(self, now: datetime) -> int:
        result = await self._session.execute(delete(ResetTokenRow).where(ResetTokenRow.expires_at <= now))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a DML result has a rowcount

"""The reset-token table on SQLite and PostgreSQL: digests only, removal by user and by age, and a token
held by one use of a link is gone for the other."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_reset_token_repository import SqlaResetTokenRepository
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.sqla_user_repository import SqlaUserRepository
from adapters.persistence.tables import ResetTokenRow
from domain.password_reset import PasswordResetToken, token_digest
from tests.integration.test_persistence import a_user

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


async def stored_user(session: AsyncSession, name: str) -> int:
    user = await SqlaUserRepository(session).add(a_user(name))
    await session.commit()
    return user.id


async def test_tokens_are_found_by_digest_and_removed_by_user_and_by_age(session: AsyncSession) -> None:
    ivan, olga = await stored_user(session, "ivan"), await stored_user(session, "olga")
    tokens = SqlaResetTokenRepository(session)
    await tokens.add(PasswordResetToken(ivan, token_digest("ivan-1"), NOW + timedelta(hours=1)))
    await tokens.add(PasswordResetToken(ivan, token_digest("ivan-2"), NOW - timedelta(seconds=1)))
    await tokens.add(PasswordResetToken(olga, token_digest("olga-1"), NOW + timedelta(hours=1)))
    await session.commit()

    found = await tokens.find(token_digest("ivan-1"))
    assert found is not None
    assert (found.user_id, found.expires_at) == (ivan, NOW + timedelta(hours=1))
    assert await tokens.find(token_digest("nobody")) is None

    assert await tokens.remove_expired(NOW) == 1
    assert await tokens.find(token_digest("ivan-2")) is None
    await tokens.remove_of_user(ivan)
    await session.commit()
    remaining = list(await session.scalars(select(ResetTokenRow.user_id)))
    assert remaining == [olga]


async def test_a_token_held_by_one_use_of_the_link_is_gone_for_the_other(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as setup:
        user_id = await stored_user(setup, "ivan")
        await SqlaResetTokenRepository(setup).add(PasswordResetToken(user_id, token_digest("secret"), NOW))
        await setup.commit()

    async with factory() as first, factory() as second:
        await SqlaUnitOfWork(first).begin_write()
        assert await SqlaResetTokenRepository(first).find(token_digest("secret"), for_update=True) is not None

        async def second_use() -> PasswordResetToken | None:
            await SqlaUnitOfWork(second).begin_write()
            return await SqlaResetTokenRepository(second).find(token_digest("secret"), for_update=True)

        waiting = asyncio.create_task(second_use())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # held by the first use (on SQLite, by its write transaction)
        await SqlaResetTokenRepository(first).remove_of_user(user_id)
        await first.commit()

        assert await waiting is None

"""The statements run by asyncpg itself on PostgreSQL (driver_statements) belong to the session's transaction:
they roll back with it, they are not seen before it commits, and their row locks hold until it ends. On
SQLite the same tests run the repositories' session path."""

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql.expression import literal

from adapters.persistence.database import create_session_factory
from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.sqla_category_repository import SqlaCategoryRepository
from adapters.persistence.sqla_like_repository import SqlaLikeRepository
from adapters.persistence.sqla_order_repository import SqlaOrderRepository
from adapters.persistence.sqla_star_repository import SqlaStarRepository
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from adapters.persistence.sqla_user_repository import SqlaUserRepository
from adapters.persistence.tables import LikeRow, OrderRow, StarRow, UserRow
from tests.integration.test_persistence import a_user, add_star
from tests.unit.factories import an_order


async def a_customer_and_a_star(session: AsyncSession) -> tuple[int, int]:
    category = await SqlaCategoryRepository(session).add("Певцы", None)
    star_id = await add_star(session, "alla", category.id)
    customer = await SqlaUserRepository(session).add(a_user("ivan"))
    await session.commit()
    return customer.id, star_id


async def counted(session: AsyncSession, statement: object) -> int:
    return int(await session.scalar(statement))  # type: ignore[call-overload]


async def test_on_postgresql_the_statements_go_through_the_driver(engine: AsyncEngine) -> None:
    """The path the other tests exercise is the driver's: an upgrade of SQLAlchemy that changes what
    `postgres_driver` relies on fails here rather than leaving every statement to the session unseen."""
    async with create_session_factory(engine)() as session:
        driver = await postgres_driver(session)

    assert (driver is not None) == (engine.dialect.name == "postgresql")


async def test_a_like_and_its_count_roll_back_with_the_session(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as session:
        customer_id, star_id = await a_customer_and_a_star(session)
        await SqlaUnitOfWork(session).begin_write()
        assert await SqlaLikeRepository(session).add(customer_id, star_id)
        await session.rollback()

    async with factory() as other:
        assert await counted(other, select(func.count()).select_from(LikeRow)) == 0
        assert await counted(other, select(StarRow.likes).where(StarRow.user_id == star_id)) == 0


async def test_an_order_is_not_seen_before_the_session_commits_and_is_gone_after_a_rollback(
    engine: AsyncEngine,
) -> None:
    factory = create_session_factory(engine)
    async with factory() as setup:
        customer_id, star_id = await a_customer_and_a_star(setup)

    async with factory() as session, factory() as other:
        await SqlaUnitOfWork(session).begin_write()
        placed = await SqlaOrderRepository(session).add(an_order(customer_id=customer_id, star_id=star_id))
        assert placed.id > 0
        if engine.dialect.name == "postgresql":  # SQLite's writer holds the file: nobody else reads mid-way
            assert await counted(other, select(func.count()).select_from(OrderRow)) == 0
            await other.rollback()
        await session.rollback()

    async with factory() as other:
        assert await counted(other, select(func.count()).select_from(OrderRow)) == 0


async def test_driver_and_session_statements_commit_together(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as session:
        customer_id, star_id = await a_customer_and_a_star(session)
        await SqlaUnitOfWork(session).begin_write()
        assert await SqlaStarRepository(session).prices(star_id) is not None  # a driver read opens the transaction
        assert await SqlaLikeRepository(session).add(customer_id, star_id)
        await SqlaOrderRepository(session).add(an_order(customer_id=customer_id, star_id=star_id))
        assert await SqlaLikeRepository(session).remove(customer_id, star_id)  # through the session
        await session.commit()

    async with factory() as other:
        assert await counted(other, select(func.count()).select_from(LikeRow)) == 0
        assert await counted(other, select(StarRow.likes).where(StarRow.user_id == star_id)) == 0
        assert await counted(other, select(func.count()).select_from(OrderRow)) == 1


async def test_the_callers_row_read_for_update_is_held_until_the_session_ends(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    async with factory() as setup:
        customer_id, _ = await a_customer_and_a_star(setup)

    async with factory() as first, factory() as second:
        await SqlaUnitOfWork(first).begin_write()
        users = SqlaUserRepository(first)
        user = await users.get(customer_id, for_update=True)
        assert user is not None

        async def second_reader() -> str | None:
            await SqlaUnitOfWork(second).begin_write()
            found = await SqlaUserRepository(second).get(customer_id, for_update=True)
            return None if found is None else found.first_name

        waiting = asyncio.create_task(second_reader())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # held by the first session's transaction
        user.first_name = "Иван"
        await users.update(user)
        await first.commit()

        assert await waiting == "Иван"
    async with factory() as other:
        assert await other.scalar(select(UserRow.first_name).where(UserRow.id == customer_id)) == "Иван"


def test_a_statement_with_a_value_of_its_own_is_refused() -> None:
    with pytest.raises(TypeError, match="not a plain named parameter"):
        DriverStatement.of(select(UserRow.id).where(UserRow.first_name == literal("ivan")))

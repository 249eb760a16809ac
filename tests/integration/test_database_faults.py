"""The database taken away in the middle of requests, on PostgreSQL: connections killed by the server
(`pg_terminate_backend`) while orders are placed, and the database cut off altogether (a proxy that drops
every connection and refuses new ones). Every answer is a success or a 503 in the error shape, no order
that was answered 201 is lost, and the service answers again by itself once the database does."""

import asyncio
import os
import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.database import DatabaseUnreachableError, create_engine, create_session_factory
from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.migrate import upgrade
from adapters.persistence.sqla_category_repository import SqlaCategoryRepository
from adapters.persistence.tables import OrderRow
from entrypoints.http.app import create_app
from tests.integration.conftest import (
    DEFAULT_POSTGRES_URL,
    FastHashing,
    in_thread,
    make_settings,
    recreate_postgres_database,
)
from tests.integration.http_helpers import Client, bearer, create_star, register, registration
from tests.integration.tcp_proxy import TcpProxy

ORDERS_UNDER_FIRE = 60


@pytest.fixture(scope="module")
def faults_database() -> str:
    """A PostgreSQL database of this module's own, so that killing its connections touches no other test."""
    url = make_url(os.environ.get("MYSTAR_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    faults_url = url.set(database=f"{url.database}_faults").render_as_string(hide_password=False)
    in_thread(asyncio.run, recreate_postgres_database(faults_url))
    in_thread(upgrade, faults_url)
    return faults_url


async def add_category(database_url: str) -> int:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            category = await SqlaCategoryRepository(session).add("Певцы", None)
            await session.commit()
            return category.id
    finally:
        await engine.dispose()


async def stored_order_ids(database_url: str) -> set[int]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return set((await connection.scalars(select(OrderRow.id))).all())
    finally:
        await engine.dispose()


class BackendKiller:
    """Terminates every server connection to one database, again and again, from a thread of its own."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self._database = url.database
        self._dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._kill_until_stopped()), daemon=True)
        self.killed = 0

    def __enter__(self) -> "BackendKiller":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    async def _kill_until_stopped(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        try:
            while not self._stop.is_set():
                self.killed += await connection.fetchval(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = $1 AND pid <> pg_backend_pid()",
                    self._database,
                )
                await asyncio.sleep(0.01)
        finally:
            await connection.close()


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "database_unavailable"
    assert response.json()["detail"]
    assert int(response.headers["retry-after"]) >= 1


@pytest.fixture
async def app_on(tmp_path: Path) -> AsyncIterator[Any]:
    clients: list[AsyncTestClient[Litestar]] = []

    async def make(database_url: str) -> Client:
        client: AsyncTestClient[Litestar] = AsyncTestClient(
            create_app(make_settings(database_url, tmp_path), overrides=[FastHashing()])
        )
        clients.append(client)
        return await client.__aenter__()

    yield make
    for client in clients:
        await client.__aexit__(None, None, None)


async def test_connections_killed_while_orders_are_placed_answer_503_and_lose_no_order_answered_201(
    faults_database: str, app_on: Any
) -> None:
    client = await app_on(faults_database)
    category_id = await add_category(faults_database)
    customer = await register(client, "masha")
    star = await create_star(client, "zemfira", category_id)
    order = {"star_id": star["id"], "for_whom": "Для мамы", "comment": "С юбилеем"}

    async def place() -> Any:
        return await client.post("/api/order/", json=order, headers=bearer(customer["token"]))

    async def sign_up(number: int) -> Any:
        return await client.post("/api/registration/", json=registration(f"fan{number}"))

    with BackendKiller(faults_database) as killer:
        answers = await asyncio.gather(*(place() for _ in range(ORDERS_UNDER_FIRE)))
        sign_ups = await asyncio.gather(*(sign_up(number) for number in range(20)))
    after = [await place() for _ in range(3)]

    statuses = Counter(answer.status_code for answer in answers)
    assert set(statuses) <= {201, 503}, statuses
    assert statuses[503] > 0, statuses  # connections did die in the middle of requests
    # A lost connection is not a taken name: never a 409 (nor a 500) for it.
    assert {answer.status_code for answer in sign_ups} <= {201, 503}
    assert killer.killed > 0
    for answer in answers:
        if answer.status_code == 503:
            assert_unavailable(answer)
    answered = {answer.json()["order_id"] for answer in [*answers, *after] if answer.status_code == 201}
    stored = await stored_order_ids(faults_database)
    assert len(answered) >= 3
    assert answered <= stored
    assert [answer.status_code for answer in after] == [201, 201, 201]


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    url = make_url(os.environ.get("MYSTAR_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    yield proxy
    proxy.stop()


async def test_a_database_that_goes_away_answers_503_everywhere_and_the_service_recovers_by_itself(
    faults_database: str, proxy: TcpProxy, app_on: Any
) -> None:
    through_proxy = make_url(faults_database).set(host="127.0.0.1", port=proxy.port)
    client = await app_on(through_proxy.render_as_string(hide_password=False))
    masha = await register(client, "olga")
    orders_before = await stored_order_ids(faults_database)

    proxy.cut()
    during = [
        await client.get("/ready"),
        await client.get("/api/categories/"),
        await client.get("/api/personal/", headers=bearer(masha["token"])),
        await client.post("/api/login/", json={"login": "olga", "password": "a long enough passphrase"}),
        await client.post("/api/order/", json={"star_id": 1, "for_whom": "x"}, headers=bearer(masha["token"])),
    ]
    proxy.restore()
    ready = await client.get("/ready")
    personal = await client.get("/api/personal/", headers=bearer(masha["token"]))

    for answer in during:
        assert_unavailable(answer)
    assert (ready.status_code, personal.status_code) == (200, 200)
    assert await stored_order_ids(faults_database) == orders_before


async def asyncpg_connection_of(session: AsyncSession) -> asyncpg.Connection:
    raw = await (await session.connection()).get_raw_connection()
    connection: asyncpg.Connection = raw.driver_connection
    return connection


async def terminate(database_url: str, victim: asyncpg.Connection) -> None:
    """Has the server end the victim's backend, and gives the event loop time to read that it did."""
    killer = await asyncpg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(False))
    try:
        assert await killer.fetchval("SELECT pg_terminate_backend($1)", victim.get_server_pid())
    finally:
        await killer.close()
    await asyncio.sleep(0.2)


async def test_a_connection_lost_before_its_first_statement_is_unreachable_and_dropped_by_the_pool(
    faults_database: str,
) -> None:
    """The transaction the driver's statements run in is begun on a connection the server has already
    closed: that is a lost connection (503), not a fault of ours, and the next session gets a new one."""
    engine = create_engine(faults_database, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            await terminate(faults_database, await asyncpg_connection_of(session))
            with pytest.raises(DatabaseUnreachableError):
                await postgres_driver(session)

        async with create_session_factory(engine)() as session:
            assert await postgres_driver(session) is not None
            assert await session.scalar(select(1)) == 1
    finally:
        await engine.dispose()


async def test_a_pooled_connection_the_server_closed_is_replaced_before_it_is_handed_out(
    faults_database: str,
) -> None:
    """No ping on checkout (it costs three round trips): a connection the server closed while it sat in the
    pool is known closed, and the next session gets a new one instead of a 503."""
    engine = create_engine(faults_database, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            pooled = await asyncpg_connection_of(session)
        await terminate(faults_database, pooled)

        async with create_session_factory(engine)() as session:
            through_the_session = await session.scalar(select(1))
        async with create_session_factory(engine)() as session:
            driver = await postgres_driver(session)
            assert driver is not None
            through_the_driver = await driver.asyncpg.fetchval("SELECT 2")
    finally:
        await engine.dispose()

    assert (through_the_session, through_the_driver) == (1, 2)


async def test_a_statement_the_driver_refuses_is_a_fault_of_ours_not_a_lost_connection(faults_database: str) -> None:
    """asyncpg raises an InterfaceError for a missing argument as for a closed connection: the first is our
    bug (an error, not a 503), and the connection stays in the pool."""
    engine = create_engine(faults_database, pool_size=1)
    try:
        async with create_session_factory(engine)() as session:
            driver = await postgres_driver(session)
            assert driver is not None
            with pytest.raises(asyncpg.exceptions.InterfaceError, match="expects 2 arguments"):
                await driver.fetch_value(DriverStatement("SELECT $1::int + $2::int", ("n",)), n=1)
            pid = driver.asyncpg.get_server_pid()

        async with create_session_factory(engine)() as session:
            driver = await postgres_driver(session)
            assert driver is not None
            assert driver.asyncpg.get_server_pid() == pid
    finally:
        await engine.dispose()

"""Integration fixtures: every test here runs once on SQLite and once on PostgreSQL, each migrated by Alembic."""

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from dishka import Provider, Scope, provide
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import delete
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from adapters.payments.sandbox_payment_gateway import Notifier
from adapters.persistence.database import create_engine, create_session_factory
from adapters.persistence.migrate import upgrade
from adapters.persistence.sqla_category_repository import SqlaCategoryRepository
from adapters.persistence.tables import UserRow
from adapters.security.argon2_password_hasher import Argon2PasswordHasher
from application.ports import PasswordHasher
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.http_helpers import create_star, register
from tests.integration.mail_helpers import SmtpServer
from tests.ports import free_port

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/mystar_test"
TEST_SECRET_KEY = "integration-tests-secret-key-of-enough-length"
RELAXED = "100000/minute"
T = TypeVar("T")


def in_thread(function: Callable[..., T], *args: object) -> T:
    """Runs code that starts its own event loop (Alembic, asyncio.run) away from the test's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


async def recreate_postgres_database(url: str) -> None:
    parsed = make_url(url)
    server = await asyncpg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username, password=parsed.password, database="postgres"
    )
    try:
        await server.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        await server.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await server.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A freshly migrated database of each kind, made once per test session."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sqlite') / 'mystar.db'}"
    else:
        url = os.environ.get("MYSTAR_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        in_thread(asyncio.run, recreate_postgres_database(url))
    in_thread(upgrade, url)
    return url


async def _delete_everything(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for table in reversed(UserRow.metadata.sorted_tables):
            await connection.execute(delete(table))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The test's engine over an empty database."""
    engine = create_engine(database_url, pool_size=5)
    await _delete_everything(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with create_session_factory(engine)() as session:
        yield session


class FastHashing(Provider):
    """argon2id with the smallest cost, so that hundreds of registrations take seconds, not minutes."""

    @provide(scope=Scope.APP)
    def password_hasher(self) -> Iterator[PasswordHasher]:
        hasher = fast_hasher()
        yield hasher
        hasher.close()


def fast_hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class FakeNotifier:
    """Keeps the sandbox's notifications for the test to deliver (or not, or twice, or out of order)."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    async def send(self, notification: bytes) -> None:
        self.sent.append(notification)


class Notifications(Provider):
    def __init__(self, notifier: FakeNotifier) -> None:
        super().__init__()
        self._notifier = notifier

    @provide(scope=Scope.APP)
    def notifier(self) -> Notifier:
        return self._notifier


def make_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET_KEY,
        media_dir=tmp_path / "media",
        sandbox_database_url=f"sqlite+aiosqlite:///{tmp_path / 'payments-sandbox.db'}",
        payment_sweep_seconds=0,
        mail_outbox_dir=tmp_path / "outbox",
        mail_send_seconds=0,
        password_reset_floor_ms=0,  # the floor has its own test; the others need not wait for it
        # The abuse limits have tests of their own; the other tests log in and sign up as often as they like.
        rate_login_per_client=RELAXED,
        rate_login_failures_per_account=RELAXED,
        rate_registration_per_client=RELAXED,
        rate_messages_per_user=RELAXED,
        rate_notifications_per_client=RELAXED,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A running SMTP server that keeps what it receives."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
async def client(
    settings: Settings, engine: AsyncEngine, notifier: FakeNotifier
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    app = create_app(settings, overrides=[FastHashing(), Notifications(notifier)])
    async with AsyncTestClient(app) as client:
        yield client


@pytest.fixture
async def category_ids(session: AsyncSession) -> list[int]:
    """Two categories: singers, then actors."""
    categories = SqlaCategoryRepository(session)
    singers = await categories.add("Певцы", "categories/singers.jpg")
    actors = await categories.add("Актёры", None)
    await session.commit()
    return [singers.id, actors.id]


@dataclass(frozen=True)
class Cast:
    """The people of an order story: a customer and a star, and a stranger of each kind."""

    customer: dict[str, Any]
    star: dict[str, Any]
    other_customer: dict[str, Any]
    other_star: dict[str, Any]


@pytest.fixture
async def cast(client: AsyncTestClient[Litestar], category_ids: list[int]) -> Cast:
    return Cast(
        customer=await register(client, "masha"),
        star=await create_star(client, "zemfira", category_ids[0], price="15000.00", price_another="150000.00"),
        other_customer=await register(client, "petya"),
        other_star=await create_star(client, "niletto", category_ids[0], price="9000.00"),
    )

"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# An execution option on the connection of a transaction that will write (see SqlaUnitOfWork.begin_write).
WRITE_TRANSACTION = "mystar_write"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str) -> None:
    """SQLite creates the file but not the folder it lives in."""
    database = make_url(url).database
    if is_sqlite(url) and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    if not is_sqlite(url):
        return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)

    ensure_sqlite_directory(url)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy, not the driver, begins transactions (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        # SQLite has one writer at a time, and a transaction that read first cannot wait for the write
        # lock later (it fails at once with "database is locked"). A transaction that will write takes
        # the lock at BEGIN, so writers queue for up to the timeout; readers never take it.
        writes = connection.get_execution_options().get(WRITE_TRANSACTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: async SQLAlchemy cannot lazily reload them.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

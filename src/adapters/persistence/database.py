"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

logger = logging.getLogger(__name__)
# An execution option on the connection of a transaction that will write (see SqlaUnitOfWork.begin_write).
WRITE_TRANSACTION = "mystar_write"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(url: str) -> None:
    """SQLite creates the file but not the folder it lives in."""
    database = make_url(url).database
    if is_sqlite(url) and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


class DatabaseUnreachableError(Exception):
    """The database refused the connection, could not be reached, or did not answer in time."""


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    """On PostgreSQL, a pool of `pool_size` connections that stay open: a request waits for one rather
    than opening another (a connection costs more to open than most requests cost to answer)."""
    if not is_sqlite(url):
        engine = create_async_engine(
            url,
            async_creator=_postgres_connector(url),
            pool_size=pool_size,
            max_overflow=0,
            # No ping: SQLAlchemy's costs three round trips (BEGIN, a statement, ROLLBACK) on every checkout,
            # about a seventh of an order's time; a connection the server closed is known without one (below).
            pool_pre_ping=False,
        )
        event.listen(engine.sync_engine, "checkout", _replace_a_closed_connection)
        event.listen(engine.sync_engine, "handle_error", _count_lost_connections_as_disconnects)
        return engine

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


def _postgres_connector(url: str) -> Callable[[], Awaitable[asyncpg.Connection]]:
    """Connects as SQLAlchemy would, but names a failure to connect as what it is: asyncpg raises the
    socket's own errors (refused, unreachable, timed out), which would otherwise look like any other."""
    parsed = make_url(url)
    arguments: dict[str, Any] = {**parsed.translate_connect_args(username="user"), **parsed.query}

    async def connect() -> asyncpg.Connection:
        try:
            return await asyncpg.connect(**arguments)
        except (OSError, TimeoutError) as error:
            raise DatabaseUnreachableError(f"{parsed.host}:{parsed.port or 5432}: {error}") from error

    return connect


def _replace_a_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A connection whose server closed it (a restart, `pg_terminate_backend`, a proxy gone) is known to
    asyncpg as soon as the event loop has read the close: the pool opens a new one in its place instead
    of handing it out. One closed while its request runs fails that request (503) and is dropped then."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


# What asyncpg raises when the connection itself is gone, whatever the statement was.
_LOSS = (
    asyncpg.exceptions.PostgresConnectionError,  # class 08: the connection does not exist any more, or failed
    asyncpg.exceptions.AdminShutdownError,  # terminated by the server (a restart, pg_terminate_backend)
    OSError,  # the socket's own errors
)


def lost_connection(error: BaseException, driver_connection: asyncpg.Connection | None) -> bool:
    """Whether `error` means that the connection is gone (the server went away, or left the protocol in
    the middle of a statement) rather than that the statement or our code was wrong: asyncpg raises the
    same InterfaceError for "connection is closed" as for a missing argument, so a closed connection is
    asked, not guessed from words."""
    if driver_connection is not None and driver_connection.is_closed():
        return True
    for cause in (error, error.__cause__):
        if isinstance(cause, _LOSS):
            return True
        # asyncpg's state after a loss in the middle of a statement, met on the connection's next use.
        if isinstance(cause, asyncpg.exceptions.InternalClientError) and "another operation" in str(cause):
            return True
    return False


def _count_lost_connections_as_disconnects(context: ExceptionContext) -> None:
    """asyncpg reports a connection whose server went away (a restart, `pg_terminate_backend`) in words
    SQLAlchemy does not read as a disconnect: "closed in the middle of operation", or "another operation
    is in progress" on its next use. Such a connection is lost: the pool must drop it, not hand it out.
    (SQLAlchemy itself reads "connection is closed" as a disconnect.)"""
    if lost_connection(context.original_exception, None):
        context.is_disconnect = True


async def session_of(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session for one request or round. Closing it without a commit rolls back, so that a use case
    that failed half-way leaves nothing behind; if the connection died meanwhile, the database has
    rolled back already and SQLAlchemy has dropped the connection, and the closing says nothing more."""
    session = factory()
    try:
        yield session
    finally:
        try:
            await session.close()
        except DBAPIError as error:
            logger.warning("the database connection was lost before the session closed: %s", type(error.orig).__name__)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: async SQLAlchemy cannot lazily reload them.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

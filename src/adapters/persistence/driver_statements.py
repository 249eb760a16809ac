"""The few statements every request makes (the caller's account) and the hot writes (an order, a like),
run on PostgreSQL by asyncpg itself, inside the session's own transaction.

SQLAlchemy's async execution costs more than the statement for such small ones (measured: three
statements of an order at 815 requests/s through the session, 1,225 on its asyncpg connection). The
statements are still SQLAlchemy Core, compiled once for asyncpg, so that the tables stay defined in one
place; on SQLite the repositories run the same Core statements through the session. SQLAlchemy's asyncpg
adapter begins its transaction only when it runs a statement itself: the adapter's transaction is begun
here first (a private method of SQLAlchemy 2.1's adapter; without it, the session's path is taken), so
that these statements commit and roll back with the session's and their locks hold until it ends. A
connection lost under such a statement is told to the pool (which drops it) and raised as
DatabaseUnreachableError, as SQLAlchemy would have."""

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

from adapters.persistence.database import DatabaseUnreachableError, lost_connection

T = TypeVar("T")
logger = logging.getLogger(__name__)
_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]  # SQLAlchemy's dialect classes are untyped


@dataclass(frozen=True)
class DriverStatement:
    """A Core statement as asyncpg takes it: its SQL with `$n` markers, and the order of its parameters."""

    sql: str
    parameters: tuple[str, ...]

    @classmethod
    def of(cls, statement: ClauseElement) -> "DriverStatement":
        compiled = statement.compile(dialect=_DIALECT)
        if not isinstance(compiled, SQLCompiler):
            raise TypeError(f"not a statement: {statement!r}")
        parameters = tuple(compiled.positiontup or ())
        # Only named parameters without a value: a literal would need a value SQLAlchemy keeps, an
        # expanding IN a rewriting it does at execution.
        for name in parameters:
            bind = compiled.binds[name]
            if bind.value is not None or bind.callable is not None or bind.expanding:
                raise TypeError(f"{name!r} is not a plain named parameter of {statement!r}")
        return cls(str(compiled), parameters)

    def arguments(self, values: Mapping[str, object]) -> Sequence[object]:
        return [values[name] for name in self.parameters]


@dataclass(frozen=True)
class Driver:
    """The asyncpg connection under a session's transaction, and the session's connection that holds it."""

    connection: AsyncConnection
    asyncpg: asyncpg.Connection

    async def fetch_row(self, statement: DriverStatement, **values: Any) -> asyncpg.Record | None:
        return await self._run(self.asyncpg.fetchrow, statement, values)

    async def fetch_value(self, statement: DriverStatement, **values: Any) -> Any:
        return await self._run(self.asyncpg.fetchval, statement, values)

    async def _run(self, call: Callable[..., Awaitable[T]], statement: DriverStatement, values: Mapping[str, Any]) -> T:
        try:
            return await call(statement.sql, *statement.arguments(values))
        except Exception as error:
            if lost_connection(error, self.asyncpg):
                raise await _lost(self.connection, error) from error
            raise


async def postgres_driver(session: AsyncSession) -> Driver | None:
    """The asyncpg connection under the session's transaction, begun if need be; None off PostgreSQL, or
    when SQLAlchemy's adapter no longer lets its transaction be begun from outside (logged once; the
    tests of this module fail then, so that an upgrade of SQLAlchemy that changes it is seen)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    adapter: Any = raw.dbapi_connection  # SQLAlchemy's AsyncAdapt_asyncpg_connection
    if not hasattr(adapter, "_start_transaction") or not hasattr(adapter, "_transaction"):
        _warn_of_the_fallback()
        return None
    if adapter._transaction is None:
        try:
            await adapter._start_transaction()
        except Exception as error:  # SQLAlchemy's adapter raises its own error, the driver's as its cause
            if lost_connection(error, raw.driver_connection):
                raise await _lost(connection, error.__cause__ or error) from error
            raise
    return Driver(connection, raw.driver_connection)


@functools.cache
def _warn_of_the_fallback() -> None:
    logger.warning("SQLAlchemy's asyncpg adapter changed: every statement goes through the session")


async def _lost(connection: AsyncConnection, error: BaseException) -> DatabaseUnreachableError:
    """Tells the pool to drop the connection, and names the loss as SQLAlchemy would have."""
    await connection.invalidate(error)
    return DatabaseUnreachableError(f"the connection was lost: {type(error).__name__}")

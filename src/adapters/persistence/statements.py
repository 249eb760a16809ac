"""Statement helpers the repositories share."""

from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Result
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

_UNREAD = object()


def insert_ignoring_duplicates(session: AsyncSession, table: type[object]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect: the database, not a check before it, decides."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing()


def rows_affected(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE touched."""
    return cast(CursorResult[Any], result).rowcount


def changed_columns(before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    """The columns whose value differs from what the request read (all of them when it read none)."""
    return {name: value for name, value in after.items() if before.get(name, _UNREAD) != value}

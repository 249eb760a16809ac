"""Alembic environment: runs the migrations over our async engine (SQLite or PostgreSQL)."""

import asyncio

from alembic import context
from sqlalchemy import Connection

from adapters.persistence.database import create_engine
from adapters.persistence.tables import UserRow

target_metadata = UserRow.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_migrations_online(context.config.get_main_option("sqlalchemy.url") or ""))

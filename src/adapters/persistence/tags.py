"""Tag names ↔ ids, shared by the star repository and the catalogue."""

from collections.abc import Iterable

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import TagRow


def _insert_ignoring_duplicates(dialect: str, names: list[str]) -> Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(TagRow).values([{"name": name} for name in names]).on_conflict_do_nothing(index_elements=["name"])


async def tag_ids(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    """The id of every named tag, creating the missing ones (safe when two requests create one tag at once)."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    await session.execute(_insert_ignoring_duplicates(session.get_bind().dialect.name, wanted))
    rows = await session.execute(select(TagRow.name, TagRow.id).where(TagRow.name.in_(wanted)))
    return dict(rows.all())

"""Tag names ↔ ids, shared by the star repository and the catalogue."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.statements import insert_ignoring_duplicates
from adapters.persistence.tables import TagRow


async def tag_ids(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    """The id of every named tag, creating the missing ones (safe when two requests create one tag at once)."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    await session.execute(insert_ignoring_duplicates(session, TagRow).values([{"name": name} for name in wanted]))
    rows = await session.execute(select(TagRow.name, TagRow.id).where(TagRow.name.in_(wanted)))
    return dict(rows.all())

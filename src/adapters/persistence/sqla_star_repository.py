from decimal import Decimal

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import StarRow, StarTagRow, TagRow
from adapters.persistence.tags import tag_ids
from domain.star import StarProfile
from domain.values import Money, Tag


class StarRowRepository(SQLAlchemyAsyncRepository[StarRow]):
    model_type = StarRow
    id_attribute = "user_id"


class SqlaStarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = StarRowRepository(session=session)

    async def get(self, user_id: int) -> StarProfile | None:
        row = await self._session.get(StarRow, user_id)
        if row is None:
            return None
        tags = await self._session.scalars(
            select(TagRow.name)
            .join(StarTagRow, StarTagRow.tag_id == TagRow.id)
            .where(StarTagRow.star_id == user_id)
            .order_by(StarTagRow.position)
        )
        return to_star(row, tuple(Tag(name) for name in tags))

    async def add(self, star: StarProfile) -> None:
        row = StarRow(user_id=star.user_id, likes=0, rating_total=0, rating_count=0, rating=Decimal("0.0"))
        copy_editable_fields(star, row)
        row.top = star.top
        await self._rows.add(row, auto_refresh=False)
        await self._replace_tags(star)

    async def update(self, star: StarProfile) -> None:
        row = await self._session.get(StarRow, star.user_id)
        if row is None:
            raise LookupError(f"star {star.user_id} vanished")
        copy_editable_fields(star, row)
        await self._rows.update(row, auto_refresh=False)
        await self._replace_tags(star)

    async def _replace_tags(self, star: StarProfile) -> None:
        await self._session.execute(delete(StarTagRow).where(StarTagRow.star_id == star.user_id))
        ids = await tag_ids(self._session, (str(tag) for tag in star.tags))
        if ids:
            await self._session.execute(
                insert(StarTagRow),
                [
                    {"star_id": star.user_id, "tag_id": ids[str(tag)], "position": position}
                    for position, tag in enumerate(star.tags)
                ],
            )


def copy_editable_fields(star: StarProfile, row: StarRow) -> None:
    row.category_id = star.category_id
    row.price = star.price.amount
    row.price_another = None if star.price_another is None else star.price_another.amount
    row.profession = star.profession
    row.description = star.description
    row.days = star.days
    row.video_hi = star.video_hi


def to_star(row: StarRow, tags: tuple[Tag, ...]) -> StarProfile:
    return StarProfile(
        user_id=row.user_id,
        category_id=row.category_id,
        price=Money(row.price),
        price_another=None if row.price_another is None else Money(row.price_another),
        profession=row.profession,
        description=row.description,
        days=row.days,
        tags=tags,
        top=row.top,
        likes=row.likes,
        rating_total=row.rating_total,
        rating_count=row.rating_count,
        video_hi=row.video_hi,
    )

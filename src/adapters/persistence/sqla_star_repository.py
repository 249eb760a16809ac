import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.driver_statements import DriverStatement, postgres_driver
from adapters.persistence.statements import changed_columns
from adapters.persistence.tables import StarRow, StarTagRow, TagRow
from adapters.persistence.tags import tag_ids
from application.ports import StarPrices
from domain.star import StarProfile
from domain.values import Money, Tag

_PRICES = select(StarRow.price, StarRow.price_another).where(StarRow.user_id == bindparam("user_id"))
_PRICES_ON_DRIVER = DriverStatement.of(_PRICES)
_EXISTS = select(StarRow.user_id).where(StarRow.user_id == bindparam("user_id"))
_EXISTS_ON_DRIVER = DriverStatement.of(_EXISTS)


class StarRowRepository(SQLAlchemyAsyncRepository[StarRow]):
    model_type = StarRow
    id_attribute = "user_id"


class SqlaStarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # Editable columns and tags as this request read them: `update` writes only what differs.
        self._loaded: dict[int, tuple[dict[str, object], tuple[Tag, ...]]] = {}

    @functools.cached_property
    def _rows(self) -> StarRowRepository:
        """Made when first needed: it costs more to make than a small request's statements. SQLAlchemy's
        own errors, not advanced-alchemy's: it would report a lost connection as an IntegrityError."""
        return StarRowRepository(session=self._session, wrap_exceptions=False)

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
        star = to_star(row, tuple(Tag(name) for name in tags))
        self._loaded[user_id] = (editable_columns(star), star.tags)
        return star

    async def prices(self, user_id: int) -> StarPrices | None:
        # Read for every order: on PostgreSQL straight through asyncpg (driver_statements).
        driver = await postgres_driver(self._session)
        if driver is not None:
            row: Mapping[Any, Any] | None = await driver.fetch_row(_PRICES_ON_DRIVER, user_id=user_id)
        else:
            row = (await self._session.execute(_PRICES, {"user_id": user_id})).mappings().first()
        if row is None:
            return None
        another = row["price_another"]
        return StarPrices(Money(row["price"]), None if another is None else Money(another))

    async def exists(self, user_id: int) -> bool:
        driver = await postgres_driver(self._session)
        if driver is not None:
            return await driver.fetch_value(_EXISTS_ON_DRIVER, user_id=user_id) is not None
        return (await self._session.execute(_EXISTS, {"user_id": user_id})).first() is not None

    async def add(self, star: StarProfile) -> None:
        row = StarRow(
            user_id=star.user_id,
            top=star.top,
            likes=0,
            rating_total=0,
            rating_count=0,
            rating=Decimal("0.0"),
            **editable_columns(star),
        )
        await self._rows.add(row, auto_refresh=False)
        await self._replace_tags(star)

    async def update(self, star: StarProfile) -> None:
        """Writes only the editable columns this request changed; counters are never written here."""
        await self.lock(star.user_id)  # two updates of one star's tags would otherwise interleave their rows
        columns = editable_columns(star)
        before, tags_before = self._loaded.get(star.user_id, ({}, None))
        changed = changed_columns(before, columns)
        if changed:
            await self._session.execute(update(StarRow).where(StarRow.user_id == star.user_id).values(**changed))
        if star.tags != tags_before:
            await self._replace_tags(star)
        self._loaded[star.user_id] = (columns, star.tags)

    async def lock(self, user_id: int) -> bool:
        statement = select(StarRow.user_id).where(StarRow.user_id == user_id).with_for_update(key_share=True)
        return await self._session.scalar(statement) is not None

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


def editable_columns(star: StarProfile) -> dict[str, object]:
    return {
        "category_id": star.category_id,
        "price": star.price.amount,
        "price_another": None if star.price_another is None else star.price_another.amount,
        "profession": star.profession,
        "description": star.description,
        "days": star.days,
        "video_hi": star.video_hi,
    }


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

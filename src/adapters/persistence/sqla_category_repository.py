import functools

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import CategoryRow
from domain.category import Category


class CategoryRowRepository(SQLAlchemyAsyncRepository[CategoryRow]):
    model_type = CategoryRow


class SqlaCategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @functools.cached_property
    def _rows(self) -> CategoryRowRepository:
        """Made when first needed: it costs more to make than a small request's statements. SQLAlchemy's
        own errors, not advanced-alchemy's: it would report a lost connection as an IntegrityError."""
        return CategoryRowRepository(session=self._session, wrap_exceptions=False)

    async def list_all(self) -> list[Category]:
        rows = await self._rows.get_many(order_by=(CategoryRow.id, False))
        return [Category(row.id, row.cat_name, row.category_photo) for row in rows]

    async def exists(self, category_id: int) -> bool:
        return await self._rows.exists(CategoryRow.id == category_id)

    async def add(self, cat_name: str, category_photo: str | None) -> Category:
        row = await self._rows.add(CategoryRow(cat_name=cat_name, category_photo=category_photo), auto_refresh=False)
        return Category(row.id, row.cat_name, row.category_photo)

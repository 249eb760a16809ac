from application.ports import CategoryRepository
from domain.category import Category


class ListCategories:
    """The catalogue's categories in the order they were made (by id); an empty catalogue has none."""

    def __init__(self, categories: CategoryRepository) -> None:
        self._categories = categories

    async def execute(self) -> list[Category]:
        return await self._categories.list_all()

from application.ports import StarCatalogue
from application.views import CategoryView


class ListCategories:
    """Every category of the catalogue, by id."""

    def __init__(self, catalogue: StarCatalogue) -> None:
        self._catalogue = catalogue

    async def execute(self) -> list[CategoryView]:
        return await self._catalogue.categories()

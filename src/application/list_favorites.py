from application.identity import Caller
from application.ports import StarCatalogue
from application.views import Page, PageRequest, StarCard, StarQuery


class ListFavorites:
    """The caller's favourite stars, as the catalogue shows them."""

    def __init__(self, catalogue: StarCatalogue) -> None:
        self._catalogue = catalogue

    async def execute(self, caller: Caller, page: PageRequest) -> Page[StarCard]:
        return await self._catalogue.search(StarQuery(page=page, favorite_of=caller.id))

from application.ports import CategoryRepository, StarCatalogue
from application.views import Page, StarCard, StarQuery
from domain.errors import CategoryNotFoundError
from domain.values import parse_tags


class BrowseStars:
    """One page of the public catalogue: searched by name, narrowed to a category or to stars with
    any of the given tags (each star once), ordered as asked. An unknown category is an error, an
    empty one is an empty page."""

    def __init__(self, catalogue: StarCatalogue, categories: CategoryRepository) -> None:
        self._catalogue = catalogue
        self._categories = categories

    async def execute(self, query: StarQuery) -> Page[StarCard]:
        if query.category_id is not None and not await self._categories.exists(query.category_id):
            raise CategoryNotFoundError
        tags = tuple(str(tag) for tag in parse_tags(list(query.tags), "filter", limit=50))
        text = " ".join(query.text.split()).lower()
        return await self._catalogue.search(
            StarQuery(page=query.page, order=query.order, text=text, category_id=query.category_id, tags=tags)
        )

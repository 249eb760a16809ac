import unicodedata
from dataclasses import replace

from application.ports import CategoryRepository, StarCatalogue
from application.views import Page, StarCard, StarQuery
from domain.errors import CategoryNotFoundError, InvalidValueError
from domain.values import parse_tags, printable

MAX_SEARCH_LENGTH = 100


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
        text = " ".join(printable(unicodedata.normalize("NFC", query.text), "q").split()).lower()
        if len(text) > MAX_SEARCH_LENGTH:
            raise InvalidValueError("q", f"Поиск: не длиннее {MAX_SEARCH_LENGTH} символов")
        return await self._catalogue.search(replace(query, text=text, tags=tags))

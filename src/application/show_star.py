from dataclasses import dataclass

from application.identity import Caller
from application.ports import StarCatalogue
from application.views import StarCard
from domain.errors import StarNotFoundError


@dataclass(frozen=True, slots=True)
class StarPage:
    card: StarCard
    email: str | None
    phone: int | None


class ShowStar:
    """A star's public card. Its e-mail and phone are shown to that star only, never to others."""

    def __init__(self, catalogue: StarCatalogue) -> None:
        self._catalogue = catalogue

    async def execute(self, star_id: int, caller: Caller | None) -> StarPage:
        card = await self._catalogue.get(star_id)
        if card is None:
            raise StarNotFoundError
        if caller is not None and caller.id == star_id:
            return StarPage(card, str(caller.user.email), caller.user.phone.as_number())
        return StarPage(card, None, None)

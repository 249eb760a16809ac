from application.identity import Caller
from application.media_links import MediaLinks
from application.ports import OrderRepository
from domain.errors import AccessDeniedError
from domain.media import is_private, order_of_private


class OpenMedia:
    """Who may read a media file: anybody a public one; a private one (a greeting video) whoever holds
    a valid link to it, or that order's customer or star by login."""

    def __init__(self, links: MediaLinks, orders: OrderRepository) -> None:
        self._links = links
        self._orders = orders

    async def execute(self, path: str, expires: int | None, signature: str | None, viewer: Caller | None) -> None:
        if not is_private(path) or self._links.opens(path, expires, signature):
            return
        order_id = order_of_private(path)
        if viewer is not None and order_id is not None:
            order = await self._orders.get(order_id)
            if order is not None and order.involves(viewer.id) and order.video == path:
                return
        raise AccessDeniedError("Ссылка на видео недействительна или устарела")

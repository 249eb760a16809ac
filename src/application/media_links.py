"""Links to media files: public ones as they are, private ones (greeting videos) signed for a while."""

from datetime import timedelta
from urllib.parse import urlencode

from application.identity import Caller
from application.ports import Clock, LinkSigner, OrderRepository
from domain.errors import AccessDeniedError
from domain.media import is_private, order_of_private

MEDIA_LINK = "media"
MEDIA_LINK_LIFETIME = timedelta(hours=24)


def public_path(path: str) -> str:
    return f"/media/{path}"


class MediaLinks:
    """A private file's link carries `exp` (a UNIX time) and `sig`, which signs the path and `exp`
    together: a link works for one file, until `exp`, and cannot be stretched."""

    def __init__(self, signer: LinkSigner, clock: Clock, lifetime: timedelta = MEDIA_LINK_LIFETIME) -> None:
        self._signer = signer
        self._clock = clock
        self._lifetime = lifetime

    def link(self, path: str) -> str:
        if not is_private(path):
            return public_path(path)
        expires = int((self._clock.now() + self._lifetime).timestamp())
        signature = self._signer.sign(MEDIA_LINK, f"{path}|{expires}")
        return f"{public_path(path)}?{urlencode({'exp': expires, 'sig': signature})}"

    def opens(self, path: str, expires: int | None, signature: str | None) -> bool:
        if expires is None or not signature or expires < self._clock.now().timestamp():
            return False
        # The signature's own age is bounded too, so `exp` cannot be pushed past what was signed.
        return self._signer.verify(MEDIA_LINK, f"{path}|{expires}", signature, self._lifetime + timedelta(minutes=5))


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

"""Links to media files: public ones as they are, private ones (greeting videos) signed for a while."""

from datetime import timedelta
from urllib.parse import urlencode

from application.ports import Clock, LinkSigner
from domain.media import is_private

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
        """The path to give out, relative to `/media/` as the contract's media paths are: a private one
        with its signature."""
        if not is_private(path):
            return path
        expires = int((self._clock.now() + self._lifetime).timestamp())
        signature = self._signer.sign(MEDIA_LINK, f"{path}|{expires}")
        return f"{path}?{urlencode({'exp': expires, 'sig': signature})}"

    def opens(self, path: str, expires: int | None, signature: str | None) -> bool:
        if expires is None or not signature or expires < self._clock.now().timestamp():
            return False
        # The signature's own age is bounded too, so `exp` cannot be pushed past what was signed.
        return self._signer.verify(MEDIA_LINK, f"{path}|{expires}", signature, self._lifetime + timedelta(minutes=5))

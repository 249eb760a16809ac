import logging
from collections.abc import AsyncIterator

from application.identity import Caller, ensure_self
from application.media_intake import MediaIntake
from application.ports import CatalogueVersion, StarRepository, UnitOfWork
from domain.errors import NotAStarError
from domain.media import hello_video_folder

logger = logging.getLogger(__name__)


class UploadHelloVideo:
    """A star sets the hello video of their page; the previous one is removed once the new one is saved."""

    def __init__(
        self, stars: StarRepository, intake: MediaIntake, catalogue: CatalogueVersion, uow: UnitOfWork
    ) -> None:
        self._catalogue = catalogue
        self._stars = stars
        self._intake = intake
        self._uow = uow

    async def execute(self, caller: Caller, chunks: AsyncIterator[bytes], star_id: int | None = None) -> str:
        ensure_self(caller, star_id, "star_id")
        if not await self._stars.exists(caller.id):
            raise NotAStarError
        path = await self._intake.video(chunks, hello_video_folder(caller.id))
        try:
            await self._uow.begin_write()
            await self._stars.lock(caller.id)
            star = await self._stars.get(caller.id)
            if star is None:
                raise NotAStarError
            replaced, star.video_hi = star.video_hi, path
            await self._stars.update(star)
            await self._uow.commit()
        except BaseException:
            await self._intake.forget(path)
            raise
        await self._catalogue.bump()
        await self._intake.forget(replaced)
        logger.info("star %s has a new hello video %s", caller.id, path)
        return path

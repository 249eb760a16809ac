import logging
from collections.abc import AsyncIterator

from application.identity import Caller, ensure_self
from application.media_intake import MediaIntake
from application.ports import CatalogueVersion, UnitOfWork, UserRepository
from domain.errors import UserNotFoundError
from domain.media import AVATAR_FOLDER

logger = logging.getLogger(__name__)


class UploadAvatar:
    """Any user sets their own picture; the previous one is removed once the new one is saved. A star's
    picture is in the catalogue, which then changes."""

    def __init__(
        self, users: UserRepository, intake: MediaIntake, catalogue: CatalogueVersion, uow: UnitOfWork
    ) -> None:
        self._users = users
        self._intake = intake
        self._catalogue = catalogue
        self._uow = uow

    async def execute(self, caller: Caller, chunks: AsyncIterator[bytes], user_id: int | None = None) -> str:
        ensure_self(caller, user_id, "user_id")
        path = await self._intake.image(chunks, AVATAR_FOLDER)
        try:
            await self._uow.begin_write()
            user = await self._users.get(caller.id, for_update=True)
            if user is None:
                raise UserNotFoundError
            replaced, user.avatar = user.avatar, path
            await self._users.update(user)
            await self._uow.commit()
        except BaseException:
            await self._intake.forget(path)
            raise
        if user.is_star:
            await self._catalogue.bump()
        await self._intake.forget(replaced)
        logger.info("user %s has a new avatar %s", caller.id, path)
        return path

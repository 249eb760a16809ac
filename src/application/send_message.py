import logging

from application.identity import Caller, ensure_self
from application.ports import Clock, MessageRepository, RateLimiter, UnitOfWork, UserRepository
from application.rate_limits import AbuseLimits, spend
from domain.errors import InvalidValueError, UserNotFoundError
from domain.message import Message, message_text

logger = logging.getLogger(__name__)


class SendMessage:
    """The caller writes to another user; the message joins their two-person conversation. A sender's
    messages are limited in number per period."""

    def __init__(
        self,
        messages: MessageRepository,
        users: UserRepository,
        limiter: RateLimiter,
        limits: AbuseLimits,
        uow: UnitOfWork,
        clock: Clock,
    ) -> None:
        self._messages = messages
        self._users = users
        self._limiter = limiter
        self._limits = limits
        self._uow = uow
        self._clock = clock

    async def execute(self, caller: Caller, recipient_id: int, text: str, from_user: int | None = None) -> Message:
        ensure_self(caller, from_user, "from_user")
        await spend(self._limiter, self._limits.messages_per_user, f"message-user:{caller.id}")
        body = message_text(text)
        if recipient_id == caller.id:
            raise InvalidValueError("user_id", "Нельзя написать самому себе")
        await self._uow.begin_write()
        if await self._users.get(recipient_id) is None:
            raise UserNotFoundError

        message = await self._messages.add(caller.id, recipient_id, body, self._clock.now())
        await self._uow.commit()

        logger.info("user %s wrote message %s to %s", caller.id, message.id, recipient_id)
        return message

from application.identity import Caller, ensure_self
from application.ports import MessageRepository
from application.views import Page, PageRequest
from domain.message import Message


class ReadConversation:
    """The caller's conversation with another user, oldest message first. Nobody reads a conversation
    they are not in: the caller is always one of its two people."""

    def __init__(self, messages: MessageRepository) -> None:
        self._messages = messages

    async def execute(
        self, caller: Caller, other_id: int, page: PageRequest, from_user: int | None = None
    ) -> Page[Message]:
        ensure_self(caller, from_user, "from_user")
        return await self._messages.conversation(caller.id, other_id, page)

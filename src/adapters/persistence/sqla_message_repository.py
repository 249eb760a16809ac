from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.statements import insert_ignoring_duplicates
from adapters.persistence.tables import ChatRow, MessageRow
from application.views import Page, PageRequest
from domain.message import Message


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


class SqlaMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, sender_id: int, recipient_id: int, text: str, sent_at: datetime) -> Message:
        low, high = _pair(sender_id, recipient_id)
        await self._session.execute(
            insert_ignoring_duplicates(self._session, ChatRow).values(user_low=low, user_high=high)
        )
        chat = select(ChatRow.id).where(ChatRow.user_low == low, ChatRow.user_high == high)
        chat_id = (await self._session.execute(chat)).scalar_one()

        row = MessageRow(chat_id=chat_id, from_user=sender_id, text=text, created_at=sent_at)
        self._session.add(row)
        await self._session.flush()
        return Message(chat_id=chat_id, from_user=sender_id, text=text, created_at=sent_at, id=row.id)

    async def conversation(self, user_id: int, other_id: int, page: PageRequest) -> Page[Message]:
        chat_id = await self._chat_id(*_pair(user_id, other_id))
        if chat_id is None:
            return Page([], 0)
        rows = await self._session.scalars(
            select(MessageRow)
            .where(MessageRow.chat_id == chat_id)
            .order_by(MessageRow.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        total = await self._session.scalar(select(func.count()).where(MessageRow.chat_id == chat_id))
        messages = [Message(row.chat_id, row.from_user, row.text, row.created_at, row.id) for row in rows]
        return Page(messages, total or 0)

    async def _chat_id(self, low: int, high: int) -> int | None:
        return await self._session.scalar(select(ChatRow.id).where(ChatRow.user_low == low, ChatRow.user_high == high))

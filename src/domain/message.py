"""A message between two users. A conversation belongs to its two participants only."""

from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import InvalidValueError
from domain.values import printable

MESSAGE_MAX_LENGTH = 2000


def message_text(raw: str) -> str:
    text = printable(raw.strip(), "message", multiline=True)
    if not 1 <= len(text) <= MESSAGE_MAX_LENGTH:
        raise InvalidValueError("message", f"Сообщение: от 1 до {MESSAGE_MAX_LENGTH} символов")
    return text


@dataclass(frozen=True, slots=True)
class Message:
    chat_id: int
    from_user: int
    text: str
    created_at: datetime
    id: int = field(default=0)

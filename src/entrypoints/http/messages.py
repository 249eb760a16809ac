"""Messages between two users."""

from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get, post
from litestar.params import JSONBody, QueryParameter

from application.identity import Caller
from application.read_conversation import ReadConversation
from application.send_message import SendMessage
from application.views import PageRequest
from entrypoints.http.auth import BEARER_SECURITY, require_caller
from entrypoints.http.openapi import errors
from entrypoints.http.params import DEFAULT_LIMIT, MAX_ID, TOTAL_COUNT_HEADER, Limit, Offset, with_total
from entrypoints.http.schemas import MessageIn, MessageOut


class MessageController(Controller):
    path = "/api"
    tags = ["Messages"]
    security = BEARER_SECURITY
    guards = [require_caller]

    @post("/message/", status_code=200, summary="Write to a user", responses=errors(400, 401, 403, 404, 413, 429))
    async def send(
        self, data: JSONBody[MessageIn], caller: FromDishka[Caller], send_message: FromDishka[SendMessage]
    ) -> list[str]:
        await send_message.execute(caller, data.user_id, data.message, data.from_user)
        return ["Отправлено"]

    @get(
        "/message/",
        summary="The conversation with a user, oldest first",
        response_headers=TOTAL_COUNT_HEADER,
        responses=errors(400, 401, 403),
    )
    async def conversation(
        self,
        user_id: Annotated[int, QueryParameter(ge=1, le=MAX_ID, description="The other person")],
        caller: FromDishka[Caller],
        read_conversation: FromDishka[ReadConversation],
        from_user: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="Must be the caller")] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[MessageOut]]:
        page = await read_conversation.execute(caller, user_id, PageRequest(limit, offset), from_user)
        messages = [
            MessageOut(
                id=message.id,
                chat_id=message.chat_id,
                from_user=message.from_user,
                message_id=offset + number,
                message=message.text,
                created_at=message.created_at,
            )
            for number, message in enumerate(page.items, start=1)
        ]
        return with_total(messages, page.total)

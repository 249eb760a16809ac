"""Messages over HTTP, as API.md's "Messages" section describes them."""

import pytest

from tests.integration.conftest import Cast
from tests.integration.http_helpers import Client, assert_error, bearer


async def send(client: Client, sender: dict[str, object], recipient: dict[str, object], text: str) -> None:
    response = await client.post(
        "/api/message/", json={"user_id": recipient["id"], "message": text}, headers=bearer(str(sender["token"]))
    )
    assert (response.status_code, response.json()) == (200, ["Отправлено"])


async def test_a_conversation_is_the_same_for_both_people_oldest_first(client: Client, cast: Cast) -> None:
    await send(client, cast.customer, cast.star, "Здравствуйте!")
    await send(client, cast.star, cast.customer, "Добрый день")
    await send(client, cast.customer, cast.star, "Спасибо\nза видео")

    mine = await client.get(f"/api/message/?user_id={cast.star['id']}", headers=bearer(cast.customer["token"]))
    theirs = await client.get(f"/api/message/?user_id={cast.customer['id']}", headers=bearer(cast.star["token"]))

    assert mine.status_code == 200
    assert mine.json() == theirs.json()
    messages = mine.json()
    assert [(item["from_user"], item["message"]) for item in messages] == [
        (cast.customer["id"], "Здравствуйте!"),
        (cast.star["id"], "Добрый день"),
        (cast.customer["id"], "Спасибо\nза видео"),
    ]
    assert [item["message_id"] for item in messages] == [1, 2, 3]
    assert len({item["chat_id"] for item in messages}) == 1
    assert all(item["created_at"].endswith("Z") for item in messages)
    assert mine.headers["x-total-count"] == "3"


async def test_nobody_else_reads_a_conversation(client: Client, cast: Cast) -> None:
    await send(client, cast.customer, cast.star, "Секрет")

    stranger = await client.get(
        f"/api/message/?user_id={cast.star['id']}", headers=bearer(cast.other_customer["token"])
    )
    forged = await client.get(
        f"/api/message/?user_id={cast.star['id']}&from_user={cast.customer['id']}",
        headers=bearer(cast.other_customer["token"]),
    )

    assert stranger.json() == []
    assert_error(forged, 403, "not_yourself")


async def test_a_conversation_pages_and_keeps_its_numbers(client: Client, cast: Cast) -> None:
    for number in range(1, 6):
        await send(client, cast.customer, cast.star, f"Сообщение {number}")

    page = await client.get(
        f"/api/message/?user_id={cast.star['id']}&limit=2&offset=2", headers=bearer(cast.customer["token"])
    )

    assert [(item["message_id"], item["message"]) for item in page.json()] == [(3, "Сообщение 3"), (4, "Сообщение 4")]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"message": ""}, 400, "validation_error"),
        ({"message": "x" * 2001}, 400, "validation_error"),
        ({"message": "a\u0000b"}, 400, "validation_error"),
        ({"user_id": 999_999}, 404, "user_not_found"),
        ({"user_id": "me"}, 400, "validation_error"),
    ],
)
async def test_a_message_with_bad_input_is_refused(
    client: Client, cast: Cast, body: dict[str, object], status: int, code: str
) -> None:
    request = {"user_id": cast.star["id"], "message": "Привет"} | body

    response = await client.post("/api/message/", json=request, headers=bearer(cast.customer["token"]))

    assert_error(response, status, code)


async def test_a_message_in_someone_elses_name_or_to_oneself_is_refused(client: Client, cast: Cast) -> None:
    forged = await client.post(
        "/api/message/",
        json={"user_id": cast.star["id"], "message": "Привет", "from_user": cast.other_customer["id"]},
        headers=bearer(cast.customer["token"]),
    )
    to_self = await client.post(
        "/api/message/",
        json={"user_id": cast.customer["id"], "message": "Привет"},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(forged, 403, "not_yourself")
    assert_error(to_self, 400, "validation_error")


async def test_messages_need_a_token(client: Client, cast: Cast) -> None:
    sent = await client.post("/api/message/", json={"user_id": cast.star["id"], "message": "Привет"})
    read = await client.get(f"/api/message/?user_id={cast.star['id']}")

    assert_error(sent, 401, "not_authenticated")
    assert_error(read, 401, "not_authenticated")

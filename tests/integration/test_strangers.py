"""The other side of an order where the action is not theirs (403), a stranger's own lists, and the token
checked before the body or the query is read. Every route against every stranger is in
test_authorization_matrix."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.integration.conftest import Cast
from tests.integration.http_helpers import Client, bearer, place_order

SECRET = "Секретное пожелание"


@dataclass(frozen=True)
class Story:
    cast: Cast
    order_id: int


Attempt = Callable[[Client, Story, dict[str, str]], Awaitable[Any]]


async def accept(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.post(
        "/api/orderaccept/", json={"order_id": story.order_id, "accept": "accept"}, headers=headers
    )


async def cancel(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.post("/api/order/cancel/", json={"order_id": story.order_id}, headers=headers)


async def detail(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.get(f"/api/order/cust/detail/?order_id={story.order_id}", headers=headers)


@pytest.fixture
async def story(client: Client, cast: Cast) -> Story:
    customer = bearer(cast.customer["token"])
    order_id = await place_order(client, cast.customer, cast.star, comment=SECRET)
    await client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=customer)
    await client.post("/api/message/", json={"user_id": cast.star["id"], "message": SECRET}, headers=customer)
    return Story(cast, order_id)


async def assert_nothing_changed(client: Client, story: Story) -> None:
    """The order is still new, the like still counted, the conversation still one message."""
    customer = bearer(story.cast.customer["token"])
    order = await detail(client, story, customer)
    card = await client.get(f"/api/star/id/?id={story.cast.star['id']}")
    messages = await client.get(f"/api/message/?user_id={story.cast.star['id']}", headers=customer)
    assert order.json()["status_order"] == 0
    assert card.json()["likes"] == 1
    assert [item["message"] for item in messages.json()] == [SECRET]


@pytest.mark.parametrize(("attempt", "who"), [(accept, "customer"), (cancel, "star")])
async def test_the_other_side_of_the_order_gets_403(client: Client, story: Story, attempt: Attempt, who: str) -> None:
    response = await attempt(client, story, bearer(getattr(story.cast, who)["token"]))

    assert response.status_code == 403
    assert response.json()["code"] == "not_your_order"
    await assert_nothing_changed(client, story)


async def test_a_strangers_own_lists_show_nothing_of_the_story(client: Client, story: Story) -> None:
    headers = bearer(story.cast.other_customer["token"])

    orders = await client.get("/api/order/list/", headers=headers)
    personal = await client.get("/api/personal/", headers=headers)
    conversation = await client.get(f"/api/message/?user_id={story.cast.star['id']}", headers=headers)

    assert orders.json() == []
    assert personal.json()[1] == {"orders": []}
    assert conversation.json() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/order/"),
        ("POST", "/api/orderaccept/"),
        ("POST", "/api/star/like/"),
        ("DELETE", "/api/star/like/"),
        ("PUT", "/api/ratestar/"),
        ("POST", "/api/message/"),
        ("PUT", "/api/personal/"),
    ],
)
async def test_the_token_is_checked_before_the_body(client: Client, method: str, path: str) -> None:
    response = await client.request(method, path, content=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("query", ["order_id=abc", "order_id=1.5", ""])
async def test_the_token_is_checked_before_the_query(client: Client, query: str) -> None:
    response = await client.get(f"/api/order/cust/detail/?{query}")

    assert response.status_code == 401

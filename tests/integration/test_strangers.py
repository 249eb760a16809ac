"""Every route of the orders issue tried by people who must not reach the data: nobody (401), another
customer, another star, and the other side of the order where the action is not theirs (403 or 404).
None of the answers may carry the order's or the conversation's content."""

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


async def accept_on_the_second_path(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.post(
        "/api/order/accept/", json={"order_id": story.order_id, "accept": "decline"}, headers=headers
    )


async def cancel(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.post("/api/order/cancel/", json={"order_id": story.order_id}, headers=headers)


async def detail(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.get(f"/api/order/cust/detail/?order_id={story.order_id}", headers=headers)


async def list_as_the_customer(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.get(f"/api/order/list/?user_id={story.cast.customer['id']}", headers=headers)


async def personal_page_of_the_customer(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.get(f"/api/personal/?user_id={story.cast.customer['id']}", headers=headers)


async def order_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    body = {"star_id": story.cast.other_star["id"], "for_whom": "x", "customer_id": story.cast.customer["id"]}
    return await client.post("/api/order/", json=body, headers=headers)


async def like_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    body = {"star_id": story.cast.other_star["id"], "cust_id": story.cast.customer["id"]}
    return await client.post("/api/star/like/", json=body, headers=headers)


async def unlike_the_customers_like(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.request("DELETE", "/api/star/like/", json={"star_id": story.cast.star["id"]}, headers=headers)


async def favourite_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    body = {"star_id": story.cast.star["id"], "cust_id": story.cast.customer["id"]}
    return await client.post("/api/star/favorite/", json=body, headers=headers)


async def rate_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    body = {"rating": 1, "adresant": story.cast.star["id"], "adresat": story.cast.customer["id"]}
    return await client.put("/api/ratestar/", json=body, headers=headers)


async def rate_without_an_order(client: Client, story: Story, headers: dict[str, str]) -> Any:
    return await client.put("/api/ratestar/", json={"rating": 1, "adresant": story.cast.star["id"]}, headers=headers)


async def write_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    body = {"user_id": story.cast.star["id"], "message": "x", "from_user": story.cast.customer["id"]}
    return await client.post("/api/message/", json=body, headers=headers)


async def read_in_the_customers_name(client: Client, story: Story, headers: dict[str, str]) -> Any:
    query = f"user_id={story.cast.star['id']}&from_user={story.cast.customer['id']}"
    return await client.get(f"/api/message/?{query}", headers=headers)


STRANGER_ATTEMPTS: list[Attempt] = [
    accept,
    accept_on_the_second_path,
    cancel,
    detail,
    list_as_the_customer,
    personal_page_of_the_customer,
    order_in_the_customers_name,
    like_in_the_customers_name,
    unlike_the_customers_like,
    favourite_in_the_customers_name,
    rate_in_the_customers_name,
    rate_without_an_order,
    write_in_the_customers_name,
    read_in_the_customers_name,
]


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


@pytest.mark.parametrize("stranger", ["other_customer", "other_star"])
@pytest.mark.parametrize("attempt", STRANGER_ATTEMPTS, ids=lambda attempt: attempt.__name__)
async def test_a_stranger_gets_403_or_404_and_none_of_the_data(
    client: Client, story: Story, stranger: str, attempt: Attempt
) -> None:
    who = getattr(story.cast, stranger)

    response = await attempt(client, story, bearer(who["token"]))

    assert response.status_code in (403, 404), response.text
    assert SECRET not in response.text
    await assert_nothing_changed(client, story)


@pytest.mark.parametrize("attempt", STRANGER_ATTEMPTS, ids=lambda attempt: attempt.__name__)
async def test_nobody_without_a_token_gets_401(client: Client, story: Story, attempt: Attempt) -> None:
    response = await attempt(client, story, {})

    assert response.status_code == 401
    assert SECRET not in response.text


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

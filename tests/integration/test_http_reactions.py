"""Likes, favourites and ratings over HTTP, as API.md's "Likes, favourites, ratings" section describes them."""

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.conftest import Cast
from tests.integration.http_helpers import Client, assert_error, bearer, decide, deliver, paid_order


async def star_card(client: Client, star_id: int) -> dict[str, object]:
    response = await client.get(f"/api/star/id/?id={star_id}")
    card: dict[str, object] = response.json()
    return card


async def delivered_order(client: Client, cast: Cast) -> int:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id)
    await deliver(client, cast.star, order_id)
    return order_id


async def test_a_like_is_counted_on_the_star(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/star/like/",
        json={"star_id": cast.star["id"], "cust_id": cast.customer["id"]},
        headers=bearer(cast.customer["token"]),
    )

    assert (response.status_code, response.json()) == (201, ["Оценка выставлена"])
    assert (await star_card(client, cast.star["id"]))["likes"] == 1


async def test_a_second_like_answers_403_with_the_original_message(client: Client, cast: Cast) -> None:
    await client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(cast.customer["token"]))

    again = await client.post(
        "/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(cast.customer["token"])
    )

    assert (again.status_code, again.json()) == (403, ["Лайк уже стоит"])
    assert (await star_card(client, cast.star["id"]))["likes"] == 1


async def test_likes_of_two_customers_add_up_and_order_the_catalogue(client: Client, cast: Cast) -> None:
    for who in (cast.customer, cast.other_customer):
        await client.post("/api/star/like/", json={"star_id": cast.other_star["id"]}, headers=bearer(who["token"]))

    top = await client.get("/api/star/getlist/?ordering=-likes")

    assert [(star["username"], star["likes"]) for star in top.json()] == [("niletto", 2), ("zemfira", 0)]


@pytest.mark.parametrize(
    ("body_of", "status", "code"),
    [
        (lambda cast: {"star_id": 999_999}, 404, "star_not_found"),
        (lambda cast: {"star_id": cast.other_customer["id"]}, 404, "star_not_found"),
        (lambda cast: {"star_id": cast.star["id"], "cust_id": cast.other_customer["id"]}, 403, "not_yourself"),
        (lambda cast: {"star_id": "x"}, 400, "validation_error"),
    ],
)
async def test_a_like_with_bad_input_is_refused(
    client: Client, cast: Cast, body_of: object, status: int, code: str
) -> None:
    body = body_of(cast)  # type: ignore[operator]

    response = await client.post("/api/star/like/", json=body, headers=bearer(cast.customer["token"]))

    assert_error(response, status, code)


async def test_a_star_cannot_like_itself(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(cast.star["token"])
    )

    assert_error(response, 403, "own_star")


async def test_a_like_needs_a_token(client: Client, cast: Cast) -> None:
    response = await client.post("/api/star/like/", json={"star_id": cast.star["id"]})

    assert_error(response, 401, "not_authenticated")


async def test_unlike_takes_the_like_back_once(client: Client, cast: Cast) -> None:
    token = bearer(cast.customer["token"])
    await client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=token)

    first = await client.request("DELETE", "/api/star/like/", json={"star_id": cast.star["id"]}, headers=token)
    second = await client.request("DELETE", "/api/star/like/", json={"star_id": cast.star["id"]}, headers=token)

    assert (first.status_code, first.json()) == (200, ["Лайк удален"])
    assert_error(second, 404, "like_not_found")
    assert (await star_card(client, cast.star["id"]))["likes"] == 0


async def test_another_customer_cannot_take_back_my_like(client: Client, cast: Cast) -> None:
    await client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(cast.customer["token"]))

    response = await client.request(
        "DELETE", "/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(cast.other_customer["token"])
    )

    assert_error(response, 404, "like_not_found")
    assert (await star_card(client, cast.star["id"]))["likes"] == 1


async def test_favourites_are_added_once_listed_and_removed(client: Client, cast: Cast) -> None:
    token = bearer(cast.customer["token"])

    added = await client.post("/api/star/favorite/", json={"star_id": cast.star["id"]}, headers=token)
    again = await client.post("/api/star/favorite/", json={"star_id": cast.star["id"]}, headers=token)
    listed = await client.get("/api/star/favorite/", headers=token)
    removed = await client.request("DELETE", "/api/star/favorite/", json={"star_id": cast.star["id"]}, headers=token)
    removed_again = await client.request(
        "DELETE", "/api/star/favorite/", json={"star_id": cast.star["id"]}, headers=token
    )
    empty = await client.get("/api/star/favorite/", headers=token)

    assert (added.status_code, added.json()) == (201, ["Добавлено в избранное"])
    assert (again.status_code, again.json()) == (200, ["Уже в избранном"])
    assert [star["username"] for star in listed.json()] == ["zemfira"]
    assert "email" not in listed.json()[0]
    assert listed.headers["x-total-count"] == "1"
    assert (removed.status_code, removed.json()) == (200, ["Удалено из избранного"])
    assert removed_again.status_code == 200
    assert empty.json() == []


async def test_favourites_belong_to_their_owner(client: Client, cast: Cast) -> None:
    await client.post("/api/star/favorite/", json={"star_id": cast.star["id"]}, headers=bearer(cast.customer["token"]))

    others = await client.get("/api/star/favorite/", headers=bearer(cast.other_customer["token"]))

    assert others.json() == []


@pytest.mark.parametrize(("star_id", "status"), [(999_999, 404), ("abc", 400)])
async def test_a_favourite_of_an_unknown_star_is_refused(
    client: Client, cast: Cast, star_id: object, status: int
) -> None:
    response = await client.post(
        "/api/star/favorite/", json={"star_id": star_id}, headers=bearer(cast.customer["token"])
    )

    assert response.status_code == status


async def test_a_favourite_for_someone_else_is_refused(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/star/favorite/",
        json={"star_id": cast.star["id"], "cust_id": cast.other_customer["id"]},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 403, "not_yourself")


async def test_a_rating_after_a_delivered_greeting_sets_then_updates_the_mean(
    client: Client, cast: Cast, engine: AsyncEngine
) -> None:
    await delivered_order(client, cast)
    token = bearer(cast.customer["token"])

    first = await client.put(
        "/api/ratestar/",
        json={"rating": "4", "adresant": cast.star["id"], "adresat": cast.customer["id"], "comment": "Спасибо!"},
        headers=token,
    )
    card_after_first = await star_card(client, cast.star["id"])
    second = await client.put("/api/ratestar/", json={"rating": 5, "adresant": cast.star["id"]}, headers=token)
    card_after_second = await star_card(client, cast.star["id"])

    assert (first.status_code, first.json()) == (201, ["Оценка выставлена"])
    assert (card_after_first["rating"], card_after_first["rating_count"]) == (4.0, 1)
    assert (second.status_code, second.json()) == (200, ["Оценка обновлена"])
    assert (card_after_second["rating"], card_after_second["rating_count"]) == (5.0, 1)


async def test_the_mean_rating_has_one_decimal(client: Client, cast: Cast, engine: AsyncEngine) -> None:
    for customer, score in ((cast.customer, 5), (cast.other_customer, 4), (cast.other_star, 4)):
        order_id = await paid_order(client, customer, cast.star)
        await decide(client, cast.star, order_id)
        await deliver(client, cast.star, order_id)
        await client.put(
            "/api/ratestar/", json={"rating": score, "adresant": cast.star["id"]}, headers=bearer(customer["token"])
        )

    card = await star_card(client, cast.star["id"])

    assert (card["rating"], card["rating_count"]) == (4.3, 3)
    personal = await client.get("/api/personal/", headers=bearer(cast.star["token"]))
    assert (personal.json()[0]["rating"], personal.json()[0]["rating_count"]) == (4.3, 3)


async def test_a_rating_without_a_delivered_greeting_is_a_403(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id)

    response = await client.put(
        "/api/ratestar/", json={"rating": 5, "adresant": cast.star["id"]}, headers=bearer(cast.customer["token"])
    )

    assert_error(response, 403, "rating_not_allowed")
    assert (await star_card(client, cast.star["id"]))["rating_count"] == 0


async def test_a_greeting_from_one_star_does_not_allow_rating_another(
    client: Client, cast: Cast, engine: AsyncEngine
) -> None:
    await delivered_order(client, cast)

    response = await client.put(
        "/api/ratestar/", json={"rating": 5, "adresant": cast.other_star["id"]}, headers=bearer(cast.customer["token"])
    )

    assert_error(response, 403, "rating_not_allowed")


@pytest.mark.parametrize("rating", [0, 6, "6", "4.5", "", True, -1])
async def test_a_rating_out_of_range_is_a_400(client: Client, cast: Cast, engine: AsyncEngine, rating: object) -> None:
    await delivered_order(client, cast)

    response = await client.put(
        "/api/ratestar/", json={"rating": rating, "adresant": cast.star["id"]}, headers=bearer(cast.customer["token"])
    )

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


async def test_a_rating_of_an_unknown_star_is_a_404(client: Client, cast: Cast) -> None:
    response = await client.put(
        "/api/ratestar/", json={"rating": 5, "adresant": 999_999}, headers=bearer(cast.customer["token"])
    )

    assert_error(response, 404, "star_not_found")


async def test_a_rating_in_someone_elses_name_is_a_403(client: Client, cast: Cast, engine: AsyncEngine) -> None:
    await delivered_order(client, cast)

    response = await client.put(
        "/api/ratestar/",
        json={"rating": 1, "adresant": cast.star["id"], "adresat": cast.other_customer["id"]},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 403, "not_yourself")

"""Orders over HTTP, as API.md's "Orders" section and the orders half of the personal page describe them."""

from datetime import date, timedelta
from typing import Any

import pytest

from tests.integration.conftest import Cast
from tests.integration.http_helpers import (
    Client,
    assert_error,
    bearer,
    decide,
    deliver,
    order_detail,
    paid_order,
    place_order,
)

ORDER_ROW_KEYS = {
    "id",
    "customer_id",
    "star_id",
    "payment_id",
    "order_price",
    "ordering_time",
    "by_date",
    "for_whom",
    "comment",
    "type",
    "status_order",
    "payment_status",
    "decline_reason",
    "video",
}
LIST_EXTRA_KEYS = {"star_username", "star_avatar", "customer_username", "customer_avatar", "profession"}


async def test_an_order_is_placed_new_at_the_stars_current_price(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/order/",
        json={
            "star_id": str(cast.star["id"]),
            "customer_id": str(cast.customer["id"]),
            "order_price": "15000.00",
            "for_whom": "Для мамы",
            "comment": "Хочу поздравить маму с днем рождения",
            "status_order": "0",
        },
        headers=bearer(cast.customer["token"]),
    )

    assert response.status_code == 201
    assert response.json()["message"] == "Заказ создан!"
    detail = await order_detail(client, cast.customer, response.json()["order_id"])
    assert detail.json() == {
        "order_id": response.json()["order_id"],
        "star_id": cast.star["id"],
        "star_username": "zemfira",
        "order_price": 15000.0,
        "status_order": 0,
        "payment_status": "none",
    }


async def test_an_invitation_costs_the_second_price(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star, type="Приглашение на праздник")

    detail = await order_detail(client, cast.customer, order_id)

    assert detail.json()["order_price"] == 150000.0


async def test_an_order_without_a_price_answers_with_the_server_price(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.other_star)

    detail = await order_detail(client, cast.customer, order_id)

    assert detail.json()["order_price"] == 9000.0


async def test_a_differing_client_price_is_a_409_and_places_nothing(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/order/",
        json={"star_id": cast.star["id"], "for_whom": "Маме", "order_price": "1.00"},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 409, "price_mismatch")
    orders = await client.get("/api/order/list/", headers=bearer(cast.customer["token"]))
    assert orders.json() == []


async def test_an_invitation_from_a_star_without_a_second_price_is_a_409(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/order/",
        json={"star_id": cast.other_star["id"], "for_whom": "Маме", "type": "Приглашение на праздник"},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 409, "order_type_unavailable")


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"status_order": 1}, 400, "validation_error"),
        ({"type": "Автограф"}, 400, "validation_error"),
        ({"for_whom": ""}, 400, "validation_error"),
        ({"for_whom": "x" * 129}, 400, "validation_error"),
        ({"comment": "x" * 2001}, 400, "validation_error"),
        ({"by_date": (date.today() - timedelta(days=2)).isoformat()}, 400, "validation_error"),
        ({"star_id": "abc"}, 400, "validation_error"),
        ({"star_id": 999_999}, 404, "star_not_found"),
    ],
)
async def test_an_order_with_bad_input_is_refused(
    client: Client, cast: Cast, change: dict[str, Any], status: int, code: str
) -> None:
    body = {"star_id": cast.star["id"], "for_whom": "Маме", "comment": ""} | change

    response = await client.post("/api/order/", json=body, headers=bearer(cast.customer["token"]))

    assert_error(response, status, code)


async def test_an_order_for_another_customer_is_refused(client: Client, cast: Cast) -> None:
    response = await client.post(
        "/api/order/",
        json={"star_id": cast.star["id"], "for_whom": "Маме", "customer_id": cast.other_customer["id"]},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 403, "not_yourself")


async def test_a_star_cannot_order_from_itself_but_from_another_star(client: Client, cast: Cast) -> None:
    own = await client.post(
        "/api/order/", json={"star_id": cast.star["id"], "for_whom": "Себе"}, headers=bearer(cast.star["token"])
    )
    other = await client.post(
        "/api/order/", json={"star_id": cast.other_star["id"], "for_whom": "Маме"}, headers=bearer(cast.star["token"])
    )

    assert_error(own, 403, "own_star")
    assert other.status_code == 201


async def test_placing_an_order_needs_a_token(client: Client, cast: Cast) -> None:
    response = await client.post("/api/order/", json={"star_id": cast.star["id"], "for_whom": "Маме"})

    assert_error(response, 401, "not_authenticated")


@pytest.mark.parametrize("path", ["/api/orderaccept/", "/api/order/accept/", "/api/order/accept"])
async def test_the_star_accepts_a_new_order_on_either_path(client: Client, cast: Cast, path: str) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)

    response = await client.post(
        path, json={"order_id": str(order_id), "accept": "accept"}, headers=bearer(cast.star["token"])
    )

    assert (response.status_code, response.json()) == (201, ["Заказ принят"])
    assert (await order_detail(client, cast.customer, order_id)).json()["status_order"] == 1


@pytest.mark.parametrize("word", ["reject", "decline"])
async def test_the_star_declines_a_new_order_with_a_reason(client: Client, cast: Cast, word: str) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await client.post(
        "/api/order/accept/",
        json={"order_id": order_id, "accept": word, "reason": "Я в отпуске"},
        headers=bearer(cast.star["token"]),
    )

    assert (response.status_code, response.json()) == (201, ["Заказ отклонен"])
    orders = await client.get("/api/order/list/", headers=bearer(cast.customer["token"]))
    assert (orders.json()[0]["status_order"], orders.json()[0]["decline_reason"]) == (-1, "declined")


async def test_a_decision_with_an_unknown_word_is_a_400(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await decide(client, cast.star, order_id, "maybe")

    assert_error(response, 400, "validation_error")


async def test_a_decided_order_cannot_be_decided_again(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id, "accept")

    again = await decide(client, cast.star, order_id, "decline")

    assert_error(again, 409, "order_not_new")
    assert (await order_detail(client, cast.customer, order_id)).json()["status_order"] == 1


async def test_the_customer_cannot_accept_the_own_order(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await decide(client, cast.customer, order_id, "accept")

    assert_error(response, 403, "not_your_order")


async def test_the_customer_cancels_a_new_order(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await client.post(
        "/api/order/cancel/", json={"order_id": order_id}, headers=bearer(cast.customer["token"])
    )

    assert (response.status_code, response.json()) == (200, ["Заказ отменен"])
    orders = await client.get("/api/order/list/", headers=bearer(cast.star["token"]))
    assert (orders.json()[0]["status_order"], orders.json()[0]["decline_reason"]) == (-1, "cancelled")


async def test_an_accepted_order_cannot_be_cancelled(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id, "accept")

    response = await client.post(
        "/api/order/cancel/", json={"order_id": order_id}, headers=bearer(cast.customer["token"])
    )

    assert_error(response, 409, "order_not_new")


async def test_the_star_cannot_cancel_like_a_customer(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await client.post("/api/order/cancel/", json={"order_id": order_id}, headers=bearer(cast.star["token"]))

    assert_error(response, 403, "not_your_order")


async def test_an_unknown_order_is_a_404_everywhere(client: Client, cast: Cast) -> None:
    token = bearer(cast.star["token"])

    decision = await client.post("/api/orderaccept/", json={"order_id": 999_999, "accept": "accept"}, headers=token)
    cancel = await client.post("/api/order/cancel/", json={"order_id": 999_999}, headers=bearer(cast.customer["token"]))
    detail = await order_detail(client, cast.customer, 999_999)

    for response in (decision, cancel, detail):
        assert_error(response, 404, "order_not_found")


async def test_order_detail_shows_the_video_once_delivered(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id)
    assert "video" not in (await order_detail(client, cast.customer, order_id)).json()
    await deliver(client, cast.star, order_id)

    as_customer = (await order_detail(client, cast.customer, order_id)).json()
    as_star = (await order_detail(client, cast.star, order_id)).json()

    assert as_customer["video"].startswith(f"congratulation/{order_id}/")
    assert "&sig=" in as_customer["video"]
    assert as_star["video"].split("?")[0] == as_customer["video"].split("?")[0]


async def test_order_detail_with_another_star_id_is_a_404(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    response = await client.get(
        f"/api/order/cust/detail/?order_id={order_id}&star_id={cast.other_star['id']}",
        headers=bearer(cast.customer["token"]),
    )
    matching = await client.get(
        f"/api/order/cust/detail/?order_id={order_id}&star_id={cast.star['id']}",
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 404, "order_not_found")
    assert matching.status_code == 200


async def test_order_list_has_rows_with_both_people_newest_first(client: Client, cast: Cast) -> None:
    first = await place_order(client, cast.customer, cast.star)
    second = await place_order(client, cast.customer, cast.other_star)

    mine = await client.get("/api/order/list/?is_star=false", headers=bearer(cast.customer["token"]))
    stars = await client.get(f"/api/order/list/?user_id={cast.star['id']}", headers=bearer(cast.star["token"]))

    assert [row["id"] for row in mine.json()] == [second, first]
    assert mine.headers["x-total-count"] == "2"
    row = mine.json()[1]
    assert set(row) == ORDER_ROW_KEYS | LIST_EXTRA_KEYS
    assert (row["star_username"], row["customer_username"]) == ("zemfira", "masha")
    assert (row["order_price"], row["payment_id"], row["payment_status"], row["video"]) == (
        "15000.00",
        "",
        "none",
        None,
    )
    assert row["ordering_time"].endswith("Z")
    assert [row["id"] for row in stars.json()] == [first]


async def test_order_list_pages(client: Client, cast: Cast) -> None:
    ids = [await place_order(client, cast.customer, cast.star) for _ in range(3)]

    response = await client.get("/api/order/list/?limit=2&offset=1", headers=bearer(cast.customer["token"]))

    assert [row["id"] for row in response.json()] == [ids[1], ids[0]]
    assert response.headers["x-total-count"] == "3"


@pytest.mark.parametrize(("query", "code"), [("user_id={other}", "not_yourself"), ("is_star=1", "forbidden")])
async def test_order_list_refuses_parameters_naming_someone_else(
    client: Client, cast: Cast, query: str, code: str
) -> None:
    await place_order(client, cast.other_customer, cast.star)

    response = await client.get(
        f"/api/order/list/?{query.format(other=cast.other_customer['id'])}", headers=bearer(cast.customer["token"])
    )

    assert_error(response, 403, code)


async def test_the_personal_page_lists_the_callers_orders_as_order_rows(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    await place_order(client, cast.other_customer, cast.other_star)

    customer_page = await client.get("/api/personal/", headers=bearer(cast.customer["token"]))
    star_page = await client.get("/api/personal/", headers=bearer(cast.star["token"]))

    customer_orders = customer_page.json()[1]["orders"]
    assert [row["id"] for row in customer_orders] == [order_id]
    assert set(customer_orders[0]) == ORDER_ROW_KEYS
    assert [row["id"] for row in star_page.json()[1]["orders"]] == [order_id]

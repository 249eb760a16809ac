"""Races the database must decide: duplicate likes, ratings at once, accept against cancel, profile
updates to one name. Requests run concurrently through one app (its own pool of connections), on
SQLite and on PostgreSQL; exactly one wins, the others get the contract's answer, nothing answers 500."""

import asyncio
from collections import Counter

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import WRITE_TRANSACTION, create_session_factory
from tests.integration.conftest import Cast
from tests.integration.http_helpers import Client, bearer, decide, deliver, paid_order, register

RACERS = 20


async def test_concurrent_duplicate_likes_count_once(client: Client, cast: Cast) -> None:
    token = bearer(cast.customer["token"])

    responses = await asyncio.gather(
        *(client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=token) for _ in range(RACERS))
    )

    assert Counter(response.status_code for response in responses) == {201: 1, 403: RACERS - 1}
    assert all(response.json() == ["Лайк уже стоит"] for response in responses if response.status_code == 403)
    card = await client.get(f"/api/star/id/?id={cast.star['id']}")
    assert card.json()["likes"] == 1


async def test_concurrent_likes_of_many_customers_all_count(client: Client, cast: Cast) -> None:
    customers = [await register(client, f"fan{index:02d}") for index in range(10)]

    responses = await asyncio.gather(
        *(
            client.post("/api/star/like/", json={"star_id": cast.star["id"]}, headers=bearer(fan["token"]))
            for fan in customers
        )
    )

    assert Counter(response.status_code for response in responses) == {201: 10}
    card = await client.get(f"/api/star/id/?id={cast.star['id']}")
    assert card.json()["likes"] == 10


async def test_concurrent_first_ratings_of_one_customer_make_one_rating(
    client: Client, cast: Cast, engine: AsyncEngine
) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    await decide(client, cast.star, order_id)
    await deliver(client, cast.star, order_id)
    token = bearer(cast.customer["token"])

    responses = await asyncio.gather(
        *(
            client.put("/api/ratestar/", json={"rating": 1 + index % 5, "adresant": cast.star["id"]}, headers=token)
            for index in range(RACERS)
        )
    )

    assert Counter(response.status_code for response in responses) == {201: 1, 200: RACERS - 1}
    card = await client.get(f"/api/star/id/?id={cast.star['id']}")
    assert card.json()["rating_count"] == 1


async def test_concurrent_ratings_of_many_customers_keep_the_mean_exact(
    client: Client, cast: Cast, engine: AsyncEngine
) -> None:
    customers = [await register(client, f"fan{index:02d}") for index in range(8)]
    for fan in customers:
        order_id = await paid_order(client, fan, cast.star)
        await decide(client, cast.star, order_id)
        await deliver(client, cast.star, order_id)
    scores = [5, 4, 4, 3, 5, 5, 2, 4]

    responses = await asyncio.gather(
        *(
            client.put(
                "/api/ratestar/", json={"rating": score, "adresant": cast.star["id"]}, headers=bearer(fan["token"])
            )
            for fan, score in zip(customers, scores, strict=True)
        )
    )

    assert Counter(response.status_code for response in responses) == {201: 8}
    card = await client.get(f"/api/star/id/?id={cast.star['id']}")
    assert (card.json()["rating_count"], card.json()["rating"]) == (8, 4.0)


async def test_concurrent_accept_and_cancel_of_one_order_let_exactly_one_win(client: Client, cast: Cast) -> None:
    for _ in range(5):
        order_id = await paid_order(client, cast.customer, cast.star)

        accepted, cancelled = await asyncio.gather(
            decide(client, cast.star, order_id, "accept"),
            client.post("/api/order/cancel/", json={"order_id": order_id}, headers=bearer(cast.customer["token"])),
        )

        codes = sorted([accepted.status_code, cancelled.status_code])
        assert codes in ([200, 409], [201, 409]), (accepted.text, cancelled.text)
        loser = accepted if accepted.status_code == 409 else cancelled
        assert loser.json()["code"] == "order_not_new"
        detail = await client.get(
            f"/api/order/cust/detail/?order_id={order_id}", headers=bearer(cast.customer["token"])
        )
        assert detail.json()["status_order"] == (1 if accepted.status_code == 201 else -1)


async def test_concurrent_decisions_of_the_star_on_one_order_let_exactly_one_win(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)

    responses = await asyncio.gather(
        *(decide(client, cast.star, order_id, "accept" if index % 2 else "decline") for index in range(RACERS))
    )

    assert Counter(response.status_code for response in responses) == {201: 1, 409: RACERS - 1}


async def test_concurrent_profile_updates_to_one_username_let_exactly_one_win(client: Client, cast: Cast) -> None:
    people = [await register(client, f"racer{index:02d}") for index in range(10)]

    responses = await asyncio.gather(
        *(client.put("/api/personal/", json={"username": "wanted"}, headers=bearer(who["token"])) for who in people)
    )

    assert Counter(response.status_code for response in responses) == {200: 1, 409: 9}
    assert all(response.json()["code"] == "username_taken" for response in responses if response.status_code == 409)


async def test_concurrent_tag_updates_of_one_star_leave_one_of_the_sets(client: Client, cast: Cast) -> None:
    sets = [["рок", "музыка"], ["поп"], ["кино", "сериалы", "юмор"], ["спорт"]] * 3
    token = bearer(cast.star["token"])

    responses = await asyncio.gather(
        *(client.put("/api/personal/", json={"tags": tags}, headers=token) for tags in sets)
    )

    assert {response.status_code for response in responses} == {200}
    card = await client.get(f"/api/star/id/?id={cast.star['id']}")
    assert card.json()["tags"] in sets


async def test_reads_are_not_held_up_by_a_write_in_progress(client: Client, cast: Cast, engine: AsyncEngine) -> None:
    async with create_session_factory(engine)() as writer:
        await writer.connection(execution_options={WRITE_TRANSACTION: True})
        await writer.execute(text("UPDATE star SET days = days WHERE user_id = :id"), {"id": cast.star["id"]})

        catalogue, personal, orders = await asyncio.wait_for(
            asyncio.gather(
                client.get("/api/star/getlist/"),
                client.get("/api/personal/", headers=bearer(cast.customer["token"])),
                client.get("/api/order/list/", headers=bearer(cast.customer["token"])),
            ),
            timeout=5,
        )
        await writer.rollback()

    assert (catalogue.status_code, personal.status_code, orders.status_code) == (200, 200, 200)


async def test_concurrent_updates_of_different_fields_keep_both_and_the_search_follows(
    client: Client, cast: Cast
) -> None:
    token = bearer(cast.star["token"])

    first, last = await asyncio.gather(
        client.put("/api/personal/", json={"first_name": "Альфа"}, headers=token),
        client.put("/api/personal/", json={"last_name": "Бета"}, headers=token),
    )

    assert (first.status_code, last.status_code) == (200, 200)
    by_first = await client.get("/api/star/getlist/", params={"q": "альфа"})
    by_last = await client.get("/api/star/getlist/", params={"q": "бета"})
    assert [star["id"] for star in by_first.json()] == [cast.star["id"]]
    assert [star["id"] for star in by_last.json()] == [cast.star["id"]]
    assert (by_first.json()[0]["first_name"], by_first.json()[0]["last_name"]) == ("Альфа", "Бета")

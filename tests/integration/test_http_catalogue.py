"""The public catalogue over HTTP, as API.md's "Catalogue" section describes it."""

from typing import Any

import pytest

from tests.integration.http_helpers import Client, assert_error, bearer, create_star, register, star_registration

STAR_KEYS = {
    "id",
    "username",
    "first_name",
    "last_name",
    "price",
    "price_another",
    "cat_name_id",
    "cat_name_id_id",
    "rating",
    "rating_count",
    "likes",
    "days",
    "profession",
    "description",
    "tags",
    "top",
    "avatar",
    "video",
    "is_star",
}


async def three_stars(client: Client, category_ids: list[int]) -> list[dict[str, Any]]:
    """Zemfira (singer, 15000), Niletto (singer, 9000), Kozlovsky (actor, 30000), created in that order."""
    singers, actors = category_ids
    return [
        await create_star(client, "zemfira", singers, first_name="Земфира", price="15000.00", tags=["рок", "музыка"]),
        await create_star(client, "niletto", singers, first_name="Данил", price="9000", tags=["поп", "музыка"]),
        await create_star(
            client, "kozlovsky", actors, first_name="Данила", last_name="Козловский", price=30000, tags=["кино"]
        ),
    ]


async def test_categories_are_listed_by_id(client: Client, category_ids: list[int]) -> None:
    response = await client.get("/api/categories/")

    assert response.status_code == 200
    assert response.json() == [
        {"id": category_ids[0], "cat_name": "Певцы", "category_photo": "categories/singers.jpg"},
        {"id": category_ids[1], "cat_name": "Актёры", "category_photo": None},
    ]


async def test_star_creation_answers_the_star_with_contacts_and_a_token(
    client: Client, category_ids: list[int]
) -> None:
    body = star_registration(
        "zemfira",
        category_ids[0],
        price="15000",
        price_another=150000,
        profession="Певица",
        description="Запишу поздравление",
        days=5,
        tags=["Рок", "музыка", "рок"],
        phone="9787896546",
        rating=5,
        likes=1000,
        top=True,
        is_star=False,
    )

    response = await client.post("/api/star/create/", json=body)

    assert response.status_code == 201
    star = response.json()
    assert set(star) == STAR_KEYS | {"email", "phone", "token"}
    assert (star["price"], star["price_another"]) == ("15000.00", "150000.00")
    assert star["cat_name_id"] == star["cat_name_id_id"] == category_ids[0]
    assert (star["rating"], star["rating_count"], star["likes"], star["top"]) == (0, 0, 0, False)
    assert star["is_star"] is True
    assert star["tags"] == ["рок", "музыка"]
    assert (star["email"], star["phone"]) == ("zemfira@example.com", 9787896546)
    profile = await client.get("/api/personal/", headers=bearer(star["token"]))
    assert profile.json()[0]["is_star"] is True


async def test_star_creation_in_an_unknown_category_answers_404(client: Client, category_ids: list[int]) -> None:
    response = await client.post("/api/star/create/", json=star_registration("zemfira", 999_999))

    assert_error(response, 404, "category_not_found")
    nobody = await client.post("/api/login/", json={"login": "zemfira", "password": "a long enough passphrase"})
    assert nobody.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [({"price": "-1"}, "price"), ({"price": "дорого"}, "price"), ({"days": 0}, "days"), ({"tags": ["x" * 40]}, "tags")],
)
async def test_star_creation_refuses_invalid_star_fields(
    client: Client, category_ids: list[int], change: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/star/create/", json=star_registration("zemfira", category_ids[0], **change))

    assert_error(response, 400, "validation_error")
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("missing", ["price", "cat_name_id", "password"])
async def test_star_creation_refuses_a_missing_required_field(
    client: Client, category_ids: list[int], missing: str
) -> None:
    body = star_registration("zemfira", category_ids[0])
    del body[missing]

    response = await client.post("/api/star/create/", json=body)

    assert_error(response, 400, "validation_error")


async def test_star_creation_with_a_taken_username_answers_409(client: Client, category_ids: list[int]) -> None:
    await register(client, "zemfira")

    response = await client.post(
        "/api/star/create/",
        json=star_registration("Zemfira", category_ids[0], email="z@example.com", phone="+79995554433"),
    )

    assert_error(response, 409, "username_taken")


async def test_star_list_has_public_fields_only_and_the_total_in_a_header(
    client: Client, category_ids: list[int]
) -> None:
    await three_stars(client, category_ids)
    await register(client, "customer")

    response = await client.get("/api/star/getlist/")

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "3"
    stars = response.json()
    assert [star["username"] for star in stars] == ["zemfira", "niletto", "kozlovsky"]
    assert all(set(star) == STAR_KEYS for star in stars)
    assert "example.com" not in response.text
    assert "password" not in response.text


async def test_star_list_pages_with_limit_and_offset(client: Client, category_ids: list[int]) -> None:
    await three_stars(client, category_ids)

    response = await client.get("/api/star/getlist?limit=2&offset=1")

    assert [star["username"] for star in response.json()] == ["niletto", "kozlovsky"]
    assert response.headers["x-total-count"] == "3"


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["niletto", "zemfira", "kozlovsky"]),
        ("-price", ["kozlovsky", "zemfira", "niletto"]),
        ("new", ["kozlovsky", "niletto", "zemfira"]),
        ("rating", ["zemfira", "niletto", "kozlovsky"]),
        ("-likes", ["kozlovsky", "niletto", "zemfira"]),  # no likes at all: ties go by id, newest first
    ],
)
async def test_star_list_orders_as_asked(
    client: Client, category_ids: list[int], ordering: str, expected: list[str]
) -> None:
    await three_stars(client, category_ids)

    response = await client.get(f"/api/star/getlist/?ordering={ordering}")

    assert response.status_code == 200
    assert [star["username"] for star in response.json()] == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [("ДАНИЛ", ["niletto", "kozlovsky"]), ("козлов", ["kozlovsky"]), ("ZEM", ["zemfira"]), ("100%", [])],
)
async def test_star_list_searches_names_without_regard_to_case(
    client: Client, category_ids: list[int], q: str, expected: list[str]
) -> None:
    await three_stars(client, category_ids)

    response = await client.get("/api/star/getlist/", params={"q": q})

    assert [star["username"] for star in response.json()] == expected
    assert response.headers["x-total-count"] == str(len(expected))


@pytest.mark.parametrize(
    "query", ["limit=abc", "limit=0", "limit=501", "offset=-1", "ordering=popularity", "offset=1.5"]
)
async def test_star_list_refuses_a_bad_parameter_with_400(client: Client, query: str) -> None:
    response = await client.get(f"/api/star/getlist/?{query}")

    assert_error(response, 400, "validation_error")


async def test_star_page_hides_contacts_from_everyone_but_the_star(client: Client, category_ids: list[int]) -> None:
    zemfira, niletto, _ = await three_stars(client, category_ids)
    customer = await register(client, "customer")

    anonymous = await client.get(f"/api/star/id/?id={zemfira['id']}")
    as_customer = await client.get(f"/api/star/id/?id={zemfira['id']}", headers=bearer(customer["token"]))
    as_other_star = await client.get(f"/api/star/id/?id={zemfira['id']}", headers=bearer(niletto["token"]))
    as_herself = await client.get(f"/api/star/id/?id={zemfira['id']}", headers=bearer(zemfira["token"]))

    for response in (anonymous, as_customer, as_other_star):
        assert response.status_code == 200
        assert set(response.json()) == STAR_KEYS | {"email", "phone"}
        assert (response.json()["email"], response.json()["phone"]) == (None, None)
    assert (as_herself.json()["email"], as_herself.json()["phone"]) == (zemfira["email"], zemfira["phone"])


async def test_star_page_with_a_stale_token_is_the_public_page(client: Client, category_ids: list[int]) -> None:
    zemfira, *_ = await three_stars(client, category_ids)

    response = await client.get(f"/api/star/id/?id={zemfira['id']}", headers=bearer("expired.or.forged"))

    assert response.status_code == 200
    assert response.json()["email"] is None


async def test_star_page_of_an_unknown_id_or_of_a_customer_answers_404(client: Client) -> None:
    customer = await register(client, "customer")

    unknown = await client.get("/api/star/id/?id=999999")
    not_a_star = await client.get(f"/api/star/id/?id={customer['id']}")

    assert_error(unknown, 404, "star_not_found")
    assert_error(not_a_star, 404, "star_not_found")


@pytest.mark.parametrize("query", ["id=abc", "", "id="])
async def test_star_page_with_a_non_numeric_or_missing_id_answers_400(client: Client, query: str) -> None:
    response = await client.get(f"/api/star/id/?{query}")

    assert_error(response, 400, "validation_error")


async def test_category_list_has_the_category_stars_only(client: Client, category_ids: list[int]) -> None:
    await three_stars(client, category_ids)

    singers = await client.get(f"/api/star/category/?id={category_ids[0]}&ordering=price")
    actors = await client.get(f"/api/star/category/?id={category_ids[1]}")

    assert [star["username"] for star in singers.json()] == ["niletto", "zemfira"]
    assert singers.headers["x-total-count"] == "2"
    assert [star["username"] for star in actors.json()] == ["kozlovsky"]


async def test_category_list_of_an_empty_category_is_empty(client: Client, category_ids: list[int]) -> None:
    response = await client.get(f"/api/star/category/?id={category_ids[1]}")

    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["x-total-count"] == "0"


async def test_category_list_of_an_unknown_category_answers_404(client: Client) -> None:
    response = await client.get("/api/star/category/?id=424242")

    assert_error(response, 404, "category_not_found")


async def test_category_list_with_a_non_numeric_id_answers_400(client: Client) -> None:
    response = await client.get("/api/star/category/?id=singers")

    assert_error(response, 400, "validation_error")


@pytest.mark.parametrize(
    ("tag_filter", "expected"),
    [
        ("рок", ["zemfira"]),
        ("МУЗЫКА", ["zemfira", "niletto"]),
        (["музыка", "поп", "рок"], ["zemfira", "niletto"]),
        (["кино", "рок"], ["zemfira", "kozlovsky"]),
        ("балет", []),
    ],
)
async def test_tag_filter_answers_each_matching_star_once(
    client: Client, category_ids: list[int], tag_filter: str | list[str], expected: list[str]
) -> None:
    await three_stars(client, category_ids)

    response = await client.post("/api/star/filter/", json={"filter": tag_filter})

    assert response.status_code == 200
    assert [star["username"] for star in response.json()] == expected
    assert response.headers["x-total-count"] == str(len(expected))


@pytest.mark.parametrize("body", [{}, {"filter": 5}, {"filter": []}, {"filter": ""}, {"filter": [1]}, []])
async def test_tag_filter_refuses_a_malformed_filter_with_400(client: Client, body: Any) -> None:
    response = await client.post("/api/star/filter/", json=body)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


async def test_a_public_list_never_carries_contact_data_even_for_the_star_itself(
    client: Client, category_ids: list[int]
) -> None:
    zemfira, *_ = await three_stars(client, category_ids)

    response = await client.get("/api/star/getlist/", headers=bearer(zemfira["token"]))

    assert all("email" not in star and "phone" not in star for star in response.json())

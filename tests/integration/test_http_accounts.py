"""Registration, login and the personal page over HTTP, as API.md's "Accounts" section describes them."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.sqla_user_repository import SqlaUserRepository
from tests.integration.http_helpers import (
    PASSWORD,
    Client,
    assert_error,
    bearer,
    create_star,
    register,
    registration,
)

ACCOUNT_KEYS = {"id", "username", "phone", "email", "is_star", "avatar", "token"}


async def test_registration_answers_201_with_the_account_and_a_token(client: Client) -> None:
    response = await client.post(
        "/api/registration/",
        json=registration("masha", email="Masha@Example.com", phone="+7 912 345-67-89", first_name="Маша"),
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == ACCOUNT_KEYS
    assert body["username"] == "masha"
    assert body["email"] == "masha@example.com"
    assert body["phone"] == 79123456789
    assert body["is_star"] is False
    assert body["avatar"] is None
    assert body["token"]


async def test_registration_ignores_read_only_fields(client: Client) -> None:
    response = await client.post("/api/registration/", json=registration("vasya", is_star=True, rating=5, id=1))

    assert response.status_code == 201
    assert response.json()["is_star"] is False


async def test_registration_accepts_a_phone_given_as_a_number(client: Client) -> None:
    response = await client.post("/api/registration/", json=registration("petya", phone=9787896546))

    assert response.status_code == 201
    assert response.json()["phone"] == 9787896546


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "has space"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12ab"}, "phone"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "qwertyuiop"}, "password"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "01.02.2000"}, "date_of_birth"),
        ({"phone": [1, 2]}, "phone"),
    ],
)
async def test_registration_refuses_invalid_input_with_400_naming_the_field(
    client: Client, override: dict[str, Any], field: str
) -> None:
    response = await client.post("/api/registration/", json={**registration("olga"), **override})

    assert_error(response, 400, "validation_error")
    assert [error["field"] for error in response.json()["errors"]] == [field]


async def test_registration_refuses_a_missing_field(client: Client) -> None:
    body = registration("olga")
    del body["password"]

    response = await client.post("/api/registration/", json=body)

    assert_error(response, 400, "validation_error")


async def test_registration_refuses_a_body_that_is_not_json(client: Client) -> None:
    response = await client.post(
        "/api/registration/", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert_error(response, 400, "malformed_request")


@pytest.mark.parametrize(
    ("second", "code"),
    [
        (registration("MASHA", email="other@example.com", phone="+79990000001"), "username_taken"),
        (registration("other", email="MASHA@example.com", phone="+79990000002"), "email_taken"),
        (registration("other", phone="+7 (900) 111-22-33", email="other@example.com"), "phone_taken"),
    ],
)
async def test_registration_of_a_taken_value_answers_409(client: Client, second: dict[str, Any], code: str) -> None:
    await register(client, "masha", phone="+79001112233")

    response = await client.post("/api/registration/", json=second)

    assert_error(response, 409, code)


@pytest.mark.parametrize("field", ["login", "email", "username"])
async def test_login_answers_201_with_a_token_by_any_login_field(client: Client, field: str) -> None:
    await register(client, "masha")
    login = "MASHA@example.com" if field in {"login", "email"} else "Masha"

    response = await client.post("/api/login/", json={field: login, "password": PASSWORD})

    assert response.status_code == 201
    assert set(response.json()) == ACCOUNT_KEYS
    assert response.json()["username"] == "masha"


async def test_login_with_a_wrong_password_and_with_an_unknown_user_answer_the_same(client: Client) -> None:
    await register(client, "masha")

    wrong_password = await client.post("/api/login/", json={"login": "masha", "password": "not the password"})
    unknown_user = await client.post("/api/login/", json={"login": "nobody", "password": PASSWORD})

    assert_error(wrong_password, 401, "invalid_credentials")
    assert wrong_password.json() == unknown_user.json()
    assert unknown_user.status_code == 401


async def test_login_without_a_login_field_answers_400(client: Client) -> None:
    response = await client.post("/api/login/", json={"password": PASSWORD})

    assert_error(response, 400, "validation_error")


async def test_personal_page_needs_a_token(client: Client) -> None:
    anonymous = await client.get("/api/personal/")
    forged = await client.get("/api/personal/", headers=bearer("not.a.token"))

    assert_error(anonymous, 401, "not_authenticated")
    assert_error(forged, 401, "not_authenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"


async def test_personal_page_of_a_customer_has_the_profile_and_an_empty_order_list(client: Client) -> None:
    account = await register(client, "masha", first_name="Маша", date_of_birth="1999-08-05")

    response = await client.get("/api/personal/", headers=bearer(account["token"]))

    assert response.status_code == 200
    profile, orders = response.json()
    assert profile == {
        "id": account["id"],
        "username": "masha",
        "phone": account["phone"],
        "email": "masha@example.com",
        "first_name": "Маша",
        "last_name": "",
        "date_of_birth": "1999-08-05",
        "avatar": None,
        "is_star": False,
    }
    assert orders == {"orders": []}


async def test_personal_page_of_a_star_adds_the_star_fields(client: Client, category_ids: list[int]) -> None:
    star = await create_star(client, "zemfira", category_ids[0], tags=["Рок", "музыка"], days=5)

    response = await client.get("/api/personal/?is_star=1", headers=bearer(star["token"]))

    assert response.status_code == 200
    profile = response.json()[0]
    assert profile["is_star"] is True
    assert profile["price"] == "5000.00"
    assert profile["cat_name_id"] == category_ids[0]
    assert profile["tags"] == ["рок", "музыка"]
    assert profile["days"] == 5
    assert profile["likes"] == 0
    assert profile["rating"] == 0
    assert profile["video_hi"] is None


@pytest.mark.parametrize("query", ["user_id={me}", "is_star=false", "is_star=0", "user_id={me}&is_star=False"])
async def test_personal_page_accepts_parameters_that_describe_the_caller(client: Client, query: str) -> None:
    account = await register(client, "masha")

    response = await client.get(f"/api/personal/?{query.format(me=account['id'])}", headers=bearer(account["token"]))

    assert response.status_code == 200


@pytest.mark.parametrize(("query", "code"), [("user_id={other}", "not_yourself"), ("is_star=true", "forbidden")])
async def test_personal_page_refuses_parameters_naming_someone_else(client: Client, query: str, code: str) -> None:
    account = await register(client, "masha")
    other = await register(client, "petya")

    response = await client.get(f"/api/personal/?{query.format(other=other['id'])}", headers=bearer(account["token"]))

    assert_error(response, 403, code)
    assert "petya" not in response.text


async def test_personal_page_refuses_a_malformed_flag(client: Client) -> None:
    account = await register(client, "masha")

    response = await client.get("/api/personal/?is_star=maybe", headers=bearer(account["token"]))

    assert_error(response, 400, "validation_error")


async def test_profile_update_changes_the_given_fields_only(client: Client) -> None:
    account = await register(client, "masha", first_name="Маша", last_name="Иванова")

    response = await client.put(
        "/api/personal/",
        json={"first_name": "Мария", "date_of_birth": "2000-01-02", "phone": "+7 911 000 00 00"},
        headers=bearer(account["token"]),
    )

    assert response.status_code == 200
    profile = response.json()
    assert profile["first_name"] == "Мария"
    assert profile["last_name"] == "Иванова"
    assert profile["date_of_birth"] == "2000-01-02"
    assert profile["phone"] == 79110000000
    again = await client.get("/api/personal/", headers=bearer(account["token"]))
    assert again.json()[0] == profile


async def test_profile_update_ignores_read_only_and_star_fields_of_a_customer(client: Client) -> None:
    account = await register(client, "masha")

    response = await client.put(
        "/api/personal/",
        json={"is_star": True, "rating": 5, "likes": 100, "price": "1.00"},
        headers=bearer(account["token"]),
    )

    assert response.status_code == 200
    assert response.json()["is_star"] is False
    assert "price" not in response.json()


async def test_profile_update_of_a_star_changes_the_star_side(client: Client, category_ids: list[int]) -> None:
    star = await create_star(client, "zemfira", category_ids[0])

    response = await client.put(
        "/api/personal/",
        json={
            "price": 7500,
            "price_another": "30000.5",
            "cat_name_id": category_ids[1],
            "profession": "Певица",
            "days": 3,
            "tags": ["рок"],
            "rating": 5,
            "likes": 1000,
        },
        headers=bearer(star["token"]),
    )

    assert response.status_code == 200
    profile = response.json()
    assert (profile["price"], profile["price_another"]) == ("7500.00", "30000.50")
    assert (profile["cat_name_id"], profile["profession"], profile["days"]) == (category_ids[1], "Певица", 3)
    assert profile["tags"] == ["рок"]
    assert (profile["rating"], profile["likes"]) == (0, 0)
    public = await client.get(f"/api/star/id/?id={star['id']}")
    assert public.json()["price"] == "7500.00"


async def test_profile_update_to_an_unknown_category_answers_404(client: Client, category_ids: list[int]) -> None:
    star = await create_star(client, "zemfira", category_ids[0])

    response = await client.put("/api/personal/", json={"cat_name_id": 999_999}, headers=bearer(star["token"]))

    assert_error(response, 404, "category_not_found")


@pytest.mark.parametrize(
    ("change", "code"),
    [({"username": "Petya"}, "username_taken"), ({"email": "petya@example.com"}, "email_taken")],
)
async def test_profile_update_to_a_value_of_another_account_answers_409(
    client: Client, change: dict[str, str], code: str
) -> None:
    account = await register(client, "masha")
    await register(client, "petya")

    response = await client.put("/api/personal/", json=change, headers=bearer(account["token"]))

    assert_error(response, 409, code)
    unchanged = await client.get("/api/personal/", headers=bearer(account["token"]))
    assert unchanged.json()[0]["username"] == "masha"


async def test_profile_update_to_the_callers_own_values_is_no_conflict(client: Client) -> None:
    account = await register(client, "masha")

    response = await client.put(
        "/api/personal/",
        json={"username": "Masha", "email": account["email"], "phone": str(account["phone"])},
        headers=bearer(account["token"]),
    )

    assert response.status_code == 200
    assert response.json()["username"] == "Masha"


async def test_profile_update_refuses_an_id_of_someone_else(client: Client) -> None:
    account = await register(client, "masha")
    other = await register(client, "petya")

    response = await client.put(
        "/api/personal/", json={"id": other["id"], "first_name": "Хакер"}, headers=bearer(account["token"])
    )

    assert_error(response, 403, "not_yourself")
    petya = await client.get("/api/personal/", headers=bearer(other["token"]))
    assert petya.json()[0]["first_name"] == ""


async def test_profile_update_needs_a_token(client: Client) -> None:
    response = await client.put("/api/personal/", json={"first_name": "Кто-то"})

    assert_error(response, 401, "not_authenticated")


async def test_routes_answer_with_and_without_the_trailing_slash(client: Client) -> None:
    await register(client, "masha")

    with_slash = await client.post("/api/login/", json={"login": "masha", "password": PASSWORD})
    without_slash = await client.post("/api/login", json={"login": "masha", "password": PASSWORD})

    assert with_slash.status_code == without_slash.status_code == 201


async def test_a_token_ends_when_the_users_token_version_moves_on(client: Client, session: AsyncSession) -> None:
    account = await register(client, "masha")
    users = SqlaUserRepository(session)
    user = await users.get(account["id"])
    assert user is not None

    user.change_password("$argon2id$a-new-hash")
    await users.update(user)
    await session.commit()

    old_token = await client.get("/api/personal/", headers=bearer(account["token"]))
    assert_error(old_token, 401, "not_authenticated")

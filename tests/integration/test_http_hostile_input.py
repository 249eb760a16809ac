"""Input meant to break the service: every answer is a clear 4xx in the error shape, never a 500."""

import gc
import json
import tracemalloc

import pytest

from entrypoints.settings import Settings
from tests.integration.conftest import Cast
from tests.integration.http_helpers import (
    PASSWORD,
    Client,
    assert_error,
    bearer,
    register,
    registration,
    star_registration,
)

TOO_BIG = str(2**63)


def nested(depth: int) -> str:
    return '{"filter": "рок", "x": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    "path",
    ["/api/star/filter/", "/api/registration/", "/api/login/", "/api/star/create/", "/password_reset/confirm/"],
)
@pytest.mark.parametrize("depth", [5000, 32])  # with the object around it, 32 is one level past the limit
async def test_json_nested_deeper_than_ours_is_a_400_before_it_is_decoded(
    client: Client, path: str, depth: int
) -> None:
    response = await client.post(path, content=nested(depth), headers={"Content-Type": "application/json"})

    assert_error(response, 400, "malformed_request")
    assert "вложенность" in response.json()["detail"]


async def test_json_nested_within_the_limit_is_read_as_usual(client: Client) -> None:
    response = await client.post("/api/star/filter/", content=nested(31), headers={"Content-Type": "application/json"})

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "path",
    [
        f"/api/star/id/?id={TOO_BIG}",
        f"/api/star/category/?id={TOO_BIG}",
        f"/api/star/getlist/?offset={TOO_BIG}",
        "/api/star/getlist/?offset=-1",
        f"/api/star/category/?id=-{TOO_BIG}",
        "/api/star/id/?id=0",
    ],
)
async def test_integers_out_of_range_in_a_query_are_a_400(client: Client, path: str) -> None:
    response = await client.get(path)

    assert_error(response, 400, "validation_error")


async def test_integers_out_of_range_in_a_body_are_a_400(client: Client, cast: Cast) -> None:
    token = bearer(cast.customer["token"])

    order = await client.post("/api/order/", json={"star_id": 2**70, "for_whom": "x"}, headers=token)
    like = await client.post("/api/star/like/", json={"star_id": 2**63}, headers=token)
    message = await client.post("/api/message/", json={"user_id": 2**63, "message": "x"}, headers=token)

    for response in (order, like, message):
        assert_error(response, 400, "validation_error")


@pytest.mark.parametrize("field", ["first_name", "last_name", "username"])
async def test_a_nul_byte_in_a_name_is_a_400(client: Client, field: str) -> None:
    response = await client.post("/api/registration/", json={**registration("olga"), field: "ол\u0000га"})

    assert_error(response, 400, "validation_error")


async def test_a_nul_byte_in_searches_and_tags_is_a_400(client: Client, category_ids: list[int]) -> None:
    search = await client.get("/api/star/getlist/?q=%00")
    tag_filter = await client.post("/api/star/filter/", json={"filter": "a\u0000"})
    tags = await client.post("/api/star/create/", json=star_registration("zemfira", category_ids[0], tags=["a\u0000"]))

    for response in (search, tag_filter, tags):
        assert_error(response, 400, "validation_error")


async def test_a_nul_byte_in_a_login_is_an_unknown_login(client: Client) -> None:
    await register(client, "masha")

    response = await client.post("/api/login/", json={"login": "mas\u0000ha", "password": PASSWORD})

    assert_error(response, 401, "invalid_credentials")


async def test_a_very_long_search_is_a_400(client: Client) -> None:
    response = await client.get("/api/star/getlist/", params={"q": "x" * 50_001})

    assert_error(response, 400, "validation_error")


async def test_names_that_grow_when_lower_cased_are_stored(client: Client) -> None:
    response = await client.post(
        "/api/registration/", json={**registration("ilkay"), "first_name": "İ" * 64, "last_name": "İ" * 64}
    )

    assert response.status_code == 201
    assert response.json()["username"] == "ilkay"


@pytest.mark.parametrize("username", ["zemfirа", "zеmfira85", "٣٣٣abc"])
async def test_a_username_mixing_scripts_or_of_other_scripts_is_a_400(client: Client, username: str) -> None:
    response = await client.post("/api/registration/", json={**registration("olga"), "username": username})

    assert_error(response, 400, "validation_error")


async def test_a_full_width_look_alike_of_a_taken_username_is_taken(client: Client) -> None:
    await register(client, "zemfira")

    response = await client.post(
        "/api/registration/",
        json={**registration("other"), "username": "ｚｅｍｆｉｒａ"},
    )

    assert_error(response, 409, "username_taken")


@pytest.mark.parametrize(("taken", "look_alike"), [("paco_7", "расо_7"), ("ezhik", "ezhik"), ("ежик", "ёжик")])
async def test_a_cyrillic_look_alike_of_a_taken_username_is_taken(client: Client, taken: str, look_alike: str) -> None:
    await register(client, taken, email="first@example.com")

    response = await client.post("/api/registration/", json={**registration("other"), "username": look_alike})

    assert_error(response, 409, "username_taken")


@pytest.mark.parametrize("price", ["0", "0.00", "١٠٠٠", "1e3"])
async def test_a_star_price_that_is_not_a_positive_plain_amount_is_a_400(
    client: Client, category_ids: list[int], price: str
) -> None:
    response = await client.post("/api/star/create/", json=star_registration("zemfira", category_ids[0], price=price))

    assert_error(response, 400, "validation_error")


async def test_json_answers_declare_utf8(client: Client) -> None:
    response = await client.get("/api/categories/")

    assert response.headers["content-type"] == "application/json; charset=utf-8"


async def test_an_error_answer_is_json_in_the_error_shape(client: Client) -> None:
    response = await client.get("/api/star/id/?id=abc")

    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert set(json.loads(response.text)) == {"detail", "code", "errors"}


async def test_a_rating_of_thousands_of_digits_is_a_400(client: Client, cast: Cast) -> None:
    response = await client.put(
        "/api/ratestar/",
        json={"rating": "9" * 5000, "adresant": cast.star["id"]},
        headers=bearer(cast.customer["token"]),
    )

    assert_error(response, 400, "validation_error")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("path", ["/api/registration/", "/api/login/", "/password_reset/", "/password_reset/confirm/"])
async def test_a_json_body_sent_as_a_type_any_page_may_send_is_refused_with_415(
    client: Client, path: str, content_type: str
) -> None:
    # A page on another site can post these types without asking the browser's leave (no preflight).
    body = json.dumps(registration("ivan") | {"login": "ivan", "token": "x", "x": "="})

    response = await client.post(path, content=body, headers={"Content-Type": content_type})

    if path.endswith("confirm/") and content_type.startswith("application/x-www"):
        assert response.status_code in (400, 404)  # the reset form's own type: read as the form it is
    else:
        assert_error(response, 415, "unsupported_media_type")


async def test_a_json_body_without_a_content_type_is_read_as_json(client: Client) -> None:
    response = await client.post("/api/registration/", content=json.dumps(registration("ivan")))

    assert response.status_code == 201, response.text


async def test_the_memory_of_a_request_goes_with_it_without_waiting_for_the_garbage_collector(client: Client) -> None:
    # A body of many empty objects: objects the garbage collector never counts, so that a reference cycle
    # around the request would keep each such body alive indefinitely.
    body = b'{"filter": "x", "junk": [' + b"{}," * 200_000 + b"{}]}"
    await client.post("/api/star/filter/", content=body, headers={"Content-Type": "application/json"})
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(5):
            answer = await client.post("/api/star/filter/", content=body, headers={"Content-Type": "application/json"})
            assert answer.status_code == 200
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()

    assert grown < 5 * 1024 * 1024, f"{grown / 1e6:.1f} MB kept after the requests ended"


async def test_a_plain_form_field_too_large_for_an_id_is_refused_with_413_before_it_is_kept(
    client: Client, cast: Cast
) -> None:
    files = {"image": ("me.png", b"PNG", "image/png")}
    data = {"user_id": "1" * 100_000}

    response = await client.post("/api/upload/avatar/", files=files, data=data, headers=bearer(cast.customer["token"]))

    assert_error(response, 413, "payload_too_large")


async def test_a_media_path_too_long_for_a_file_name_is_not_found(client: Client) -> None:
    response = await client.get("/media/avatars/" + "a" * 1000 + ".png")

    assert_error(response, 404, "not_found")


async def test_the_media_folders_own_hidden_files_are_never_served(client: Client, settings: Settings) -> None:
    await client.get("/api/categories/")  # the catalogue's version file is made on first use

    response = await client.get("/media/.catalogue-version")

    assert (settings.media_dir / ".catalogue-version").is_file()
    assert_error(response, 404, "not_found")

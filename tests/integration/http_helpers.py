"""Plain functions that drive the HTTP API the way a client does."""

import zlib
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
PASSWORD = "a long enough passphrase"


def registration(username: str = "masha", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": username,
        "email": f"{username}@example.com",
        "phone": f"+7 900 {zlib.crc32(username.encode()) % 10_000_000:07d}",
        "password": PASSWORD,
    }
    body.update(overrides)
    return body


def star_registration(username: str, category_id: int, **overrides: Any) -> dict[str, Any]:
    body = registration(username, price="5000.00", cat_name_id=category_id)
    body.update(overrides)
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def register(client: Client, username: str = "masha", **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/registration/", json=registration(username, **overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def create_star(client: Client, username: str, category_id: int, **overrides: Any) -> dict[str, Any]:
    response = await client.post("/api/star/create/", json=star_registration(username, category_id, **overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_error(response: Any, status: int, code: str) -> None:
    """The answer is the contract's error shape with this status and code."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]


async def place_order(client: Client, customer: dict[str, Any], star: dict[str, Any], **overrides: Any) -> int:
    body: dict[str, Any] = {"star_id": star["id"], "for_whom": "Для мамы", "comment": "С днём рождения!"}
    body.update(overrides)
    response = await client.post("/api/order/", json=body, headers=bearer(customer["token"]))
    assert response.status_code == 201, response.text
    order_id: int = response.json()["order_id"]
    return order_id


async def decide(client: Client, star: dict[str, Any], order_id: int, accept: str = "accept") -> Any:
    return await client.post(
        "/api/orderaccept/", json={"order_id": order_id, "accept": accept}, headers=bearer(star["token"])
    )

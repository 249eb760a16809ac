"""Plain functions that drive the HTTP API the way a client does."""

import zlib
from typing import Any
from urllib.parse import urlsplit

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.media_samples import video

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


async def order_detail(client: Client, who: dict[str, Any], order_id: int) -> Any:
    return await client.get(f"/api/order/cust/detail/?order_id={order_id}", headers=bearer(who["token"]))


def local(url: str) -> str:
    """A link the service handed out (on its public URL), as a path for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


async def open_checkout(client: Client, customer: dict[str, Any], order_id: int) -> str:
    """The customer follows the pay link to the sandbox's checkout page; answers that page's path."""
    link = await client.get("/api/order/pay/", params={"order_id": order_id}, headers=bearer(customer["token"]))
    assert link.status_code == 200, link.text
    redirect = await client.get(local(link.json()["link"]), follow_redirects=False)
    assert redirect.status_code == 302, redirect.text
    return local(redirect.headers["location"])


async def pay(client: Client, customer: dict[str, Any], order_id: int, button: str = "pay") -> Any:
    """The customer pays (or, with `button="cancel"`, gives up) on the sandbox's page and comes back;
    answers the page the service shows on return."""
    checkout = await open_checkout(client, customer, order_id)
    pressed = await client.post(f"{checkout.rstrip('/')}/{button}/", follow_redirects=False)
    assert pressed.status_code == 303, pressed.text
    return await client.get(local(pressed.headers["location"]))


async def paid_order(client: Client, customer: dict[str, Any], star: dict[str, Any], **overrides: Any) -> int:
    """A new order whose money the sandbox holds."""
    order_id = await place_order(client, customer, star, **overrides)
    back = await pay(client, customer, order_id)
    assert back.status_code == 200, back.text
    return order_id


async def deliver(client: Client, star: dict[str, Any], order_id: int) -> str:
    """The star uploads the greeting of an accepted, paid order; answers its signed link."""
    files = {"video_con": ("greeting.mp4", video(), "video/mp4")}
    answer = await client.post(
        "/api/upload/congratulation/", files=files, data={"order_id": str(order_id)}, headers=bearer(star["token"])
    )
    assert answer.status_code == 201, answer.text
    link: str = answer.json()["video_con"]
    return link

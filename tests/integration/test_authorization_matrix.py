"""Every route of the contract tried by everyone who must not reach it: nobody (401), another customer,
another star, the customer of another order of the same star, and the other side of an order where the
action is not theirs. Each refusal is a 401, 403 or 404, carries none of the data, and changes nothing; the
rightful caller then succeeds with the same request, so that a refusal cannot come from a malformed one.
A last test checks that every operation of the OpenAPI document is in the matrix or among the public ones."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.integration.conftest import Cast
from tests.integration.http_helpers import (
    Client,
    bearer,
    decide,
    deliver,
    paid_order,
    place_order,
    register,
)
from tests.integration.media_samples import image, video

SECRET = "Секретное пожелание для мамы"
SECRET_MESSAGE = "Секретное сообщение звезде"


@dataclass(frozen=True)
class World:
    """Masha's orders from Zemfira in every state, a conversation, a like and a favourite; Petya has an
    order of his own from Zemfira (the customer of another order); Niletto is another star."""

    cast: Cast
    fan: dict[str, Any]  # the customer of another order
    new_order: int  # paid, waiting for Zemfira
    unpaid_order: int
    accepted_order: int  # accepted and paid, the greeting not yet recorded
    delivered_order: int  # with the greeting video
    video_link: str  # the delivered greeting, as its customer sees it (signed)

    def people(self) -> dict[str, dict[str, Any] | None]:
        return {
            "anonymous": None,
            "the customer": self.cast.customer,
            "the star": self.cast.star,
            "another customer": self.cast.other_customer,
            "another star": self.cast.other_star,
            "the customer of another order": self.fan,
        }

    def secrets(self) -> list[str]:
        customer = self.cast.customer
        return [SECRET, SECRET_MESSAGE, customer["email"], str(customer["phone"]), urlsplit(self.video_link).path]


Attempt = Callable[[Client, World, dict[str, str]], Awaitable[Any]]


@dataclass(frozen=True)
class Guarded:
    """A request on one operation, who may make it, and who must be refused."""

    operation: str  # as the OpenAPI document names it: "POST /api/orderaccept"
    attempt: Attempt
    rightful: str
    refused: tuple[str, ...]
    # A route that takes a signed link instead of a token refuses the unsigned request with 403, not 401.
    signed: bool = False

    @property
    def name(self) -> str:
        return f"{self.operation} ({self.attempt.__name__})"


STRANGERS = ("anonymous", "another customer", "another star", "the customer of another order")
NOT_THE_CUSTOMER = (*STRANGERS, "the star")
NOT_THE_STAR = (*STRANGERS, "the customer")


async def personal_page(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/personal/", params={"user_id": world.cast.customer["id"]}, headers=headers)


async def profile_change(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"id": world.cast.customer["id"], "first_name": "Мария"}
    return await client.put("/api/personal/", json=body, headers=headers)


async def order_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"star_id": world.cast.other_star["id"], "for_whom": "x", "customer_id": world.cast.customer["id"]}
    return await client.post("/api/order/", json=body, headers=headers)


async def accept(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"order_id": world.new_order, "accept": "accept"}
    return await client.post("/api/orderaccept/", json=body, headers=headers)


async def decline_on_the_second_path(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"order_id": world.new_order, "accept": "decline"}
    return await client.post("/api/order/accept/", json=body, headers=headers)


async def cancel(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.post("/api/order/cancel/", json={"order_id": world.new_order}, headers=headers)


async def detail(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/order/cust/detail/", params={"order_id": world.delivered_order}, headers=headers)


async def her_order_list(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/order/list/", params={"user_id": world.cast.customer["id"]}, headers=headers)


async def pay_link(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/order/pay/", params={"order_id": world.unpaid_order}, headers=headers)


async def checkout_without_the_link(client: Client, world: World, headers: dict[str, str]) -> Any:
    params = {"order_id": world.unpaid_order}
    return await client.get("/payments/", params=params, headers=headers, follow_redirects=False)


async def capture(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/order/pay/capture/", params={"order_id": world.new_order}, headers=headers)


async def return_page_without_the_signature(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/payments/done/", params={"order_id": world.new_order}, headers=headers)


async def favourite_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"star_id": world.cast.other_star["id"], "cust_id": world.cast.customer["id"]}
    return await client.post("/api/star/favorite/", json=body, headers=headers)


async def her_favourites(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get("/api/star/favorite/", headers=headers)


async def unfavourite(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"star_id": world.cast.star["id"]}
    return await client.request("DELETE", "/api/star/favorite/", json=body, headers=headers)


async def like_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"star_id": world.cast.other_star["id"], "cust_id": world.cast.customer["id"]}
    return await client.post("/api/star/like/", json=body, headers=headers)


async def unlike(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.request("DELETE", "/api/star/like/", json={"star_id": world.cast.star["id"]}, headers=headers)


async def rate_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"rating": 5, "adresant": world.cast.star["id"], "adresat": world.cast.customer["id"]}
    return await client.put("/api/ratestar/", json=body, headers=headers)


async def rate(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.put("/api/ratestar/", json={"rating": 4, "adresant": world.cast.star["id"]}, headers=headers)


async def write_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    body = {"user_id": world.cast.star["id"], "message": "x", "from_user": world.cast.customer["id"]}
    return await client.post("/api/message/", json=body, headers=headers)


async def read_in_her_name(client: Client, world: World, headers: dict[str, str]) -> Any:
    params = {"user_id": world.cast.star["id"], "from_user": world.cast.customer["id"]}
    return await client.get("/api/message/", params=params, headers=headers)


async def avatar_for_her(client: Client, world: World, headers: dict[str, str]) -> Any:
    files = {"image": ("me.png", image(), "image/png")}
    data = {"user_id": str(world.cast.customer["id"])}
    return await client.post("/api/upload/avatar/", files=files, data=data, headers=headers)


async def hello_video_for_her(client: Client, world: World, headers: dict[str, str]) -> Any:
    files = {"video_hi": ("hello.mp4", video(), "video/mp4")}
    data = {"star_id": str(world.cast.star["id"])}
    return await client.post("/api/upload/video/hi/", files=files, data=data, headers=headers)


async def greeting(client: Client, world: World, headers: dict[str, str]) -> Any:
    files = {"video_con": ("greeting.mp4", video(), "video/mp4")}
    data = {"order_id": str(world.accepted_order)}
    return await client.post("/api/upload/congratulation/", files=files, data=data, headers=headers)


async def greeting_on_the_original_path(client: Client, world: World, headers: dict[str, str]) -> Any:
    files = {"video_con": ("greeting.mp4", video(), "video/mp4")}
    data = {"order_id": str(world.accepted_order)}
    return await client.post("/api/upload/congritulatoin/", files=files, data=data, headers=headers)


def unsigned(video_link: str) -> str:
    """The greeting's media path without its signature (order rows give it relative to /media/)."""
    return f"/media/{urlsplit(video_link).path}"


async def greeting_video_unsigned(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.get(unsigned(world.video_link), headers=headers)


async def greeting_video_unsigned_head(client: Client, world: World, headers: dict[str, str]) -> Any:
    return await client.head(unsigned(world.video_link), headers=headers)


MATRIX = [
    Guarded("GET /api/personal", personal_page, "the customer", STRANGERS),
    Guarded("PUT /api/personal", profile_change, "the customer", STRANGERS),
    Guarded("POST /api/order", order_in_her_name, "the customer", STRANGERS),
    Guarded("POST /api/orderaccept", accept, "the star", NOT_THE_STAR),
    Guarded("POST /api/order/accept", decline_on_the_second_path, "the star", NOT_THE_STAR),
    Guarded("POST /api/order/cancel", cancel, "the customer", NOT_THE_CUSTOMER),
    Guarded("GET /api/order/cust/detail", detail, "the customer", STRANGERS),
    Guarded("GET /api/order/list", her_order_list, "the customer", STRANGERS),
    Guarded("GET /api/order/pay", pay_link, "the customer", NOT_THE_CUSTOMER),
    Guarded("GET /payments", checkout_without_the_link, "the customer", NOT_THE_CUSTOMER, signed=True),
    Guarded("GET /api/order/pay/capture", capture, "the star", NOT_THE_STAR),
    Guarded(
        "GET /payments/done",
        return_page_without_the_signature,
        "",
        (*STRANGERS, "the customer", "the star"),
        signed=True,
    ),
    Guarded("POST /api/star/favorite", favourite_in_her_name, "the customer", STRANGERS),
    Guarded("GET /api/star/favorite", her_favourites, "the customer", ("anonymous",)),
    Guarded("DELETE /api/star/favorite", unfavourite, "the customer", ("anonymous",)),
    Guarded("POST /api/star/like", like_in_her_name, "the customer", STRANGERS),
    Guarded("DELETE /api/star/like", unlike, "the customer", ("anonymous",)),
    Guarded("PUT /api/ratestar", rate_in_her_name, "the customer", STRANGERS),
    Guarded("PUT /api/ratestar", rate, "the customer", (*STRANGERS, "the star")),
    Guarded("POST /api/message", write_in_her_name, "the customer", STRANGERS),
    Guarded("GET /api/message", read_in_her_name, "the customer", STRANGERS),
    Guarded("POST /api/upload/avatar", avatar_for_her, "the customer", STRANGERS),
    Guarded("POST /api/upload/video/hi", hello_video_for_her, "the star", NOT_THE_STAR),
    Guarded("POST /api/upload/congratulation", greeting, "the star", NOT_THE_STAR),
    Guarded("POST /api/upload/congritulatoin", greeting_on_the_original_path, "the star", NOT_THE_STAR),
    Guarded("GET /media/{file_path}", greeting_video_unsigned, "the customer", STRANGERS, signed=True),
    Guarded("HEAD /media/{file_path}", greeting_video_unsigned_head, "the star", STRANGERS, signed=True),
]

# Operations anyone may call, and why nothing of anyone's is behind them.
PUBLIC = {
    "POST /api/registration": "opens an account",
    "POST /api/login": "a password, not a token, is the proof",
    "POST /api/star/create": "opens a star account",
    "GET /api/categories": "the public catalogue",
    "GET /api/star/getlist": "the public catalogue (no e-mail or phone)",
    "GET /api/star/id": "the public catalogue; e-mail and phone only to the star (tested in the catalogue tests)",
    "GET /api/star/category": "the public catalogue",
    "POST /api/star/filter": "the public catalogue",
    "POST /password_reset": "the same answer for every address",
    "GET /password_reset/confirm": "the link's secret is the proof",
    "POST /password_reset/confirm": "the link's secret is the proof",
    "POST /password_reset/validate_token": "the link's secret is the proof",
    "POST /password-reset": "the same answer for every address",
    "GET /password-reset/confirm": "the link's secret is the proof",
    "POST /password-reset/confirm": "the link's secret is the proof",
    "POST /password-reset/validate_token": "the link's secret is the proof",
    "POST /payments/notifications": "never believed: the payment is read back from the provider",
    "GET /payments/sandbox/{payment_id}": "the sandbox provider's own page, as a real provider's is",
    "POST /payments/sandbox/{payment_id}/pay": "the sandbox provider's own page, as a real provider's is",
    "POST /payments/sandbox/{payment_id}/cancel": "the sandbox provider's own page, as a real provider's is",
    "GET /health": "liveness",
    "GET /ready": "readiness",
}


@pytest.fixture
async def world(client: Client, cast: Cast) -> World:
    customer, star = cast.customer, cast.star
    fan = await register(client, "fedya")
    await paid_order(client, fan, star, comment="Fedya's own order")
    new_order = await paid_order(client, customer, star, comment=SECRET)
    unpaid_order = await place_order(client, customer, star, comment=SECRET)
    accepted_order = await paid_order(client, customer, star, comment=SECRET)
    delivered_order = await paid_order(client, customer, star, comment=SECRET)
    for order_id in (accepted_order, delivered_order):
        assert (await decide(client, star, order_id, "accept")).status_code == 201
    await deliver(client, star, delivered_order)
    shown = await client.get(
        "/api/order/cust/detail/", params={"order_id": delivered_order}, headers=bearer(customer["token"])
    )
    await client.post("/api/star/like/", json={"star_id": star["id"]}, headers=bearer(customer["token"]))
    await client.post("/api/star/favorite/", json={"star_id": star["id"]}, headers=bearer(customer["token"]))
    message = {"user_id": star["id"], "message": SECRET_MESSAGE}
    await client.post("/api/message/", json=message, headers=bearer(customer["token"]))
    return World(cast, fan, new_order, unpaid_order, accepted_order, delivered_order, shown.json()["video"])


async def snapshot(client: Client, world: World) -> list[Any]:
    """What the rightful owners see of everything the matrix touches."""
    customer, star = bearer(world.cast.customer["token"]), bearer(world.cast.star["token"])
    answers = [
        await client.get("/api/personal/", headers=customer),
        await client.get("/api/order/list/", headers=star),
        await client.get("/api/star/favorite/", headers=customer),
        await client.get("/api/message/", params={"user_id": world.cast.star["id"]}, headers=customer),
        await client.get("/api/star/id/", params={"id": world.cast.star["id"]}),
        await client.get("/api/star/id/", params={"id": world.cast.other_star["id"]}),
        await client.get("/api/personal/", headers=star),
    ]
    return [strip_links(answer.json()) for answer in answers]


def strip_links(value: Any) -> Any:
    """Signed links are signed afresh on every read: their signatures are not what a refusal could change."""
    if isinstance(value, dict):
        return {key: strip_links(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_links(item) for item in value]
    if isinstance(value, str) and "sig=" in value:
        return value.partition("?")[0]
    return value


@pytest.mark.parametrize("guarded", MATRIX, ids=lambda guarded: guarded.name)
async def test_everyone_who_must_not_reach_a_route_is_refused_and_learns_nothing(
    client: Client, world: World, guarded: Guarded
) -> None:
    people = world.people()
    before = await snapshot(client, world)
    wrong = []

    for actor in guarded.refused:
        person = people[actor]
        answer = await guarded.attempt(client, world, bearer(person["token"]) if person else {})
        allowed = (403, 404) if person is not None else (403,) if guarded.signed else (401,)
        leaked = [secret for secret in world.secrets() if secret in answer.text]
        if answer.status_code not in allowed or leaked:
            wrong.append((actor, answer.status_code, leaked, answer.text[:200]))

    assert wrong == []
    assert await snapshot(client, world) == before
    if guarded.rightful:
        rightful = people[guarded.rightful]
        assert rightful is not None
        answer = await guarded.attempt(client, world, bearer(rightful["token"]))
        assert answer.status_code < 400, (guarded.rightful, answer.status_code, answer.text[:300])


async def test_every_operation_of_the_openapi_document_is_in_the_matrix_or_public(client: Client) -> None:
    document = (await client.get("/docs/openapi.json")).json()
    methods = {"get", "post", "put", "delete", "head", "patch"}
    operations = {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item if method in methods
    }

    guarded = {entry.operation for entry in MATRIX}

    assert operations - guarded - set(PUBLIC) == set()
    assert (guarded | set(PUBLIC)) - operations == set()


Forgery = Callable[[Client, World, dict[str, str], int], Awaitable[Any]]


async def forged_order(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    body = {"star_id": world.cast.star["id"], "for_whom": "x", "customer_id": other}
    return await client.post("/api/order/", json=body, headers=headers)


async def forged_like(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    body = {"star_id": world.cast.other_star["id"], "cust_id": other}
    return await client.post("/api/star/like/", json=body, headers=headers)


async def forged_favourite(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    body = {"star_id": world.cast.other_star["id"], "cust_id": other}
    return await client.post("/api/star/favorite/", json=body, headers=headers)


async def forged_rating(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    body = {"rating": 1, "adresant": world.cast.star["id"], "adresat": other}
    return await client.put("/api/ratestar/", json=body, headers=headers)


async def forged_personal_page(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    return await client.get("/api/personal/", params={"user_id": other}, headers=headers)


async def forged_profile_id(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    return await client.put("/api/personal/", json={"id": other, "first_name": "Чужое"}, headers=headers)


async def forged_order_list(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    return await client.get("/api/order/list/", params={"user_id": other}, headers=headers)


async def forged_star_side(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    return await client.get("/api/order/list/", params={"is_star": "true"}, headers=headers)


async def forged_detail_star(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    params = {"order_id": world.delivered_order, "star_id": world.cast.other_star["id"]}
    return await client.get("/api/order/cust/detail/", params=params, headers=headers)


async def forged_sender(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    body = {"user_id": world.cast.star["id"], "message": "x", "from_user": other}
    return await client.post("/api/message/", json=body, headers=headers)


async def forged_reader(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    params = {"user_id": world.cast.star["id"], "from_user": other}
    return await client.get("/api/message/", params=params, headers=headers)


async def forged_avatar_owner(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    files = {"image": ("me.png", image(), "image/png")}
    return await client.post("/api/upload/avatar/", files=files, data={"user_id": str(other)}, headers=headers)


FORGERIES: list[Forgery] = [
    forged_order,
    forged_like,
    forged_favourite,
    forged_rating,
    forged_personal_page,
    forged_profile_id,
    forged_order_list,
    forged_star_side,
    forged_sender,
    forged_reader,
    forged_avatar_owner,
]


async def forged_star_for_the_hello_video(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    files = {"video_hi": ("hello.mp4", video(), "video/mp4")}
    return await client.post("/api/upload/video/hi/", files=files, data={"star_id": str(other)}, headers=headers)


async def forged_star_for_the_greeting(client: Client, world: World, headers: dict[str, str], other: int) -> Any:
    files = {"video_con": ("greeting.mp4", video(), "video/mp4")}
    data = {"order_id": str(world.accepted_order), "star_id": str(other)}
    return await client.post("/api/upload/congratulation/", files=files, data=data, headers=headers)


STAR_FORGERIES: list[Forgery] = [forged_star_for_the_hello_video, forged_star_for_the_greeting]


@pytest.mark.parametrize("forgery", FORGERIES, ids=lambda forgery: forgery.__name__)
async def test_a_customer_naming_someone_else_as_herself_is_refused(
    client: Client, world: World, forgery: Forgery
) -> None:
    before = await snapshot(client, world)

    answer = await forgery(client, world, bearer(world.cast.customer["token"]), world.cast.other_customer["id"])

    assert answer.status_code == 403, answer.text
    assert await snapshot(client, world) == before


async def test_an_order_asked_for_under_another_star_is_not_found_and_shows_nothing(
    client: Client, world: World
) -> None:
    # `star_id` in the detail names the order's star, not the caller: a wrong one finds no such order.
    answer = await forged_detail_star(client, world, bearer(world.cast.customer["token"]), 0)

    assert answer.status_code == 404, answer.text
    assert SECRET not in answer.text


@pytest.mark.parametrize("forgery", STAR_FORGERIES, ids=lambda forgery: forgery.__name__)
async def test_a_star_naming_another_star_as_herself_is_refused(client: Client, world: World, forgery: Forgery) -> None:
    before = await snapshot(client, world)

    answer = await forgery(client, world, bearer(world.cast.star["token"]), world.cast.other_star["id"])

    assert answer.status_code == 403, answer.text
    assert await snapshot(client, world) == before

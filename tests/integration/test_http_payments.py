"""Payments over HTTP with the sandbox provider, as API.md's "Payments" section describes them."""

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integration.conftest import Cast, FakeNotifier
from tests.integration.http_helpers import (
    Client,
    assert_error,
    bearer,
    decide,
    local,
    open_checkout,
    order_detail,
    paid_order,
    pay,
    place_order,
)


async def payment_status(client: Client, cast: Cast, order_id: int) -> tuple[int, str]:
    detail = (await order_detail(client, cast.customer, order_id)).json()
    return detail["status_order"], detail["payment_status"]


async def sandbox_status(client: Client, checkout: str) -> str:
    """What the sandbox's own page says about the payment (its state at the provider)."""
    page = (await client.get(checkout)).text
    if 'id="pay"' in page:
        return "pending"
    return "canceled" if "отменён" in page else "paid"


async def notify(client: Client, body: bytes | dict[str, Any]) -> Any:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await client.post("/payments/notifications/", content=content, headers={"Content-Type": "application/json"})


def events(notifier: FakeNotifier) -> list[str]:
    return [json.loads(sent)["event"] for sent in notifier.sent]


async def test_order_pay_accept_the_money_is_held_then_captured(
    client: Client, cast: Cast, notifier: FakeNotifier
) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    link = await client.get(f"/api/order/pay/?order_id={order_id}", headers=bearer(cast.customer["token"]))
    assert link.status_code == 200
    parts = urlsplit(link.json()["link"])
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8000", "/payments/")
    assert parse_qs(parts.query)["order_id"] == [str(order_id)]
    assert parse_qs(parts.query)["sig"][0]

    checkout = await open_checkout(client, cast.customer, order_id)
    page = await client.get(checkout)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "15000.00" in page.text
    assert await payment_status(client, cast, order_id) == (0, "pending")

    pressed = await client.post(f"{checkout}pay/", follow_redirects=False)
    back = await client.get(local(pressed.headers["location"]))
    assert 'data-status="held"' in back.text
    assert await payment_status(client, cast, order_id) == (0, "held")

    accepted = await decide(client, cast.star, order_id, "accept")
    assert (accepted.status_code, accepted.json()) == (201, ["Заказ принят"])
    assert await payment_status(client, cast, order_id) == (1, "captured")
    assert await sandbox_status(client, checkout) == "paid"
    assert events(notifier) == ["payment.waiting_for_capture", "payment.succeeded"]


@pytest.mark.parametrize("closer", ["star declines", "customer cancels"])
async def test_a_closed_order_gets_its_money_back(
    client: Client, cast: Cast, notifier: FakeNotifier, closer: str
) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)

    if closer == "star declines":
        closed = await decide(client, cast.star, order_id, "decline")
    else:
        closed = await client.post(
            "/api/order/cancel/", json={"order_id": order_id}, headers=bearer(cast.customer["token"])
        )

    assert closed.status_code in (200, 201), closed.text
    assert await payment_status(client, cast, order_id) == (-1, "canceled")
    assert events(notifier) == ["payment.waiting_for_capture", "payment.canceled"]


async def test_the_customer_who_gives_up_on_the_page_may_pay_again(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    back = await pay(client, cast.customer, order_id, button="cancel")
    assert 'data-status="canceled"' in back.text
    assert await payment_status(client, cast, order_id) == (0, "canceled")

    again = await pay(client, cast.customer, order_id)
    assert 'data-status="held"' in again.text
    assert await payment_status(client, cast, order_id) == (0, "held")


async def test_a_repeated_visit_goes_to_the_same_payment(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)

    first = await open_checkout(client, cast.customer, order_id)
    second = await open_checkout(client, cast.customer, order_id)

    assert first == second
    assert first.startswith("/payments/sandbox/")


async def test_the_link_works_without_a_login_and_only_for_its_order(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    other_id = await place_order(client, cast.customer, cast.other_star)
    link = (await client.get(f"/api/order/pay/?order_id={order_id}", headers=bearer(cast.customer["token"]))).json()
    signature = parse_qs(urlsplit(link["link"]).query)["sig"][0]

    anonymous = await client.get(local(link["link"]), follow_redirects=False)
    for_another = await client.get(f"/payments/?order_id={other_id}&sig={signature}")
    tampered = await client.get(f"/payments/?order_id={order_id}&sig={signature[:-2]}xx")
    unsigned = await client.get(f"/payments/?order_id={order_id}")

    assert anonymous.status_code == 302
    for refused in (for_another, tampered, unsigned):
        assert_error(refused, 403, "invalid_payment_link")
    assert await payment_status(client, cast, other_id) == (0, "none")


async def test_the_customer_alone_pays_for_a_new_order_once(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    paid_id = await paid_order(client, cast.customer, cast.star)
    declined_id = await place_order(client, cast.customer, cast.star)
    await decide(client, cast.star, declined_id, "decline")

    def link(who: dict[str, Any], order: int) -> Any:
        return client.get(f"/api/order/pay/?order_id={order}", headers=bearer(who["token"]))

    assert_error(await client.get(f"/api/order/pay/?order_id={order_id}"), 401, "not_authenticated")
    assert_error(await link(cast.star, order_id), 403, "not_your_order")
    assert_error(await link(cast.other_customer, order_id), 404, "order_not_found")
    assert_error(await link(cast.customer, paid_id), 409, "already_paid")
    assert_error(await link(cast.customer, declined_id), 409, "order_not_new")
    assert_error(await link(cast.customer, 999_999), 404, "order_not_found")
    star_visit = await client.get(f"/payments/?order_id={order_id}", headers=bearer(cast.star["token"]))
    assert_error(star_visit, 403, "not_your_order")


async def test_an_unpaid_order_cannot_be_accepted(client: Client, cast: Cast) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    await open_checkout(client, cast.customer, order_id)  # pending: not paid yet

    assert_error(await decide(client, cast.star, order_id, "accept"), 409, "payment_not_held")
    assert await payment_status(client, cast, order_id) == (0, "pending")


async def test_the_old_capture_route_accepts_and_captures(client: Client, cast: Cast) -> None:
    order_id = await paid_order(client, cast.customer, cast.star)
    unpaid_id = await place_order(client, cast.customer, cast.star)

    def capture(who: dict[str, Any], order: int) -> Any:
        return client.get(f"/api/order/pay/capture/?order_id={order}", headers=bearer(who["token"]))

    assert_error(await capture(cast.customer, order_id), 403, "not_your_order")
    assert_error(await capture(cast.other_star, order_id), 404, "order_not_found")
    assert_error(await capture(cast.star, unpaid_id), 409, "payment_not_held")
    captured = await capture(cast.star, order_id)
    assert (captured.status_code, captured.json()) == (200, {"status": "captured"})
    assert await payment_status(client, cast, order_id) == (1, "captured")
    assert_error(await capture(cast.star, order_id), 409, "order_not_new")


async def test_notifications_are_read_back_and_change_nothing_twice(
    client: Client, cast: Cast, notifier: FakeNotifier
) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    checkout = await open_checkout(client, cast.customer, order_id)
    await client.post(f"{checkout}pay/", follow_redirects=False)  # paid; the customer never comes back
    assert await payment_status(client, cast, order_id) == (0, "pending")

    [held] = notifier.sent
    first = await notify(client, held)
    duplicate = await notify(client, held)

    assert (first.status_code, first.json()) == (200, {"status": "applied"})
    assert duplicate.status_code == 200
    assert await payment_status(client, cast, order_id) == (0, "held")
    await decide(client, cast.star, order_id, "accept")
    stale = await notify(client, held)  # "waiting_for_capture" arriving after the capture
    assert stale.status_code == 200
    assert await payment_status(client, cast, order_id) == (1, "captured")


async def test_a_forged_notification_changes_nothing(client: Client, cast: Cast, notifier: FakeNotifier) -> None:
    order_id = await place_order(client, cast.customer, cast.star)
    checkout = await open_checkout(client, cast.customer, order_id)
    payment_id = checkout.rstrip("/").rsplit("/", 1)[1]
    forged = {
        "type": "notification",
        "event": "payment.succeeded",
        "object": {"id": payment_id, "status": "succeeded", "paid": True, "amount": {"value": "1.00"}},
    }

    answer = await notify(client, forged)

    assert answer.status_code == 200
    assert await payment_status(client, cast, order_id) == (0, "pending")
    assert_error(await decide(client, cast.star, order_id, "accept"), 409, "payment_not_held")


async def test_a_notification_for_an_unknown_payment_is_answered_and_ignored(client: Client, cast: Cast) -> None:
    unknown = {"type": "notification", "event": "payment.waiting_for_capture", "object": {"id": "no-such-payment"}}

    answer = await notify(client, unknown)

    assert (answer.status_code, answer.json()) == (200, {"status": "unknown_payment"})


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"event": "payment.succeeded"}', b'{"object": {"id": ""}}', b'{"object": {"id": 5}}'],
)
async def test_a_malformed_notification_is_a_400(client: Client, body: bytes) -> None:
    assert (await notify(client, body)).status_code == 400

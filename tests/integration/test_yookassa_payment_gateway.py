"""The YooKassa adapter against a local imitation of the provider's v3 API, and the whole flow with it."""

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient
from pytest_httpserver import HTTPServer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.payments.yookassa_payment_gateway import YooKassaPaymentGateway, yookassa_client
from application.errors import PaymentProviderError, PaymentProviderUnavailableError, PaymentRefusedError
from application.ports import NewPayment
from domain.order import PaymentStatus
from domain.values import Money
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.conftest import FastHashing
from tests.integration.fake_yookassa import SECRET_KEY, SHOP_ID, FakeYooKassa
from tests.integration.http_helpers import (
    Client,
    assert_error,
    bearer,
    create_star,
    decide,
    local,
    order_detail,
    place_order,
    register,
)
from tests.ports import free_port

PRICE = Money(Decimal("15000.00"))
ORDER = NewPayment(order_id=17, amount=PRICE, description="My Star, заказ №17", return_url="https://back.example/")


@pytest.fixture
def yookassa(httpserver: HTTPServer) -> Iterator[FakeYooKassa]:
    imitation = FakeYooKassa()
    imitation.install(httpserver)
    yield imitation
    httpserver.clear()


@pytest.fixture
async def gateway(httpserver: HTTPServer, yookassa: FakeYooKassa) -> AsyncIterator[YooKassaPaymentGateway]:
    async with yookassa_client(SHOP_ID, SECRET_KEY, httpserver.url_for("/v3"), httpx.Timeout(2.0)) as client:
        yield YooKassaPaymentGateway(client)


async def test_a_payment_is_created_held_not_captured_with_our_order_and_key(
    gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa
) -> None:
    report = await gateway.create(ORDER, "key-create-1")

    payment = yookassa.payments[report.payment_id]
    assert (report.status, report.amount, report.order_id) == (PaymentStatus.PENDING, PRICE, 17)
    assert report.confirmation_url == payment["confirmation"]["confirmation_url"]
    assert payment["amount"] == {"value": "15000.00", "currency": "RUB"}
    assert payment["confirmation"]["return_url"] == "https://back.example/"
    assert yookassa.requests == [("POST", "/v3/payments", "key-create-1")]


async def test_a_repeated_key_gets_the_same_payment_and_makes_no_second_one(
    gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa
) -> None:
    first = await gateway.create(ORDER, "key-create-1")
    second = await gateway.create(ORDER, "key-create-1")

    assert first == second
    assert yookassa.effects == [("create", first.payment_id)]


async def test_held_money_is_captured_once_however_often_the_capture_is_repeated(
    gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa
) -> None:
    created = await gateway.create(ORDER, "key-create-1")
    yookassa.pay(created.payment_id)

    held = await gateway.get(created.payment_id)
    captured = await gateway.capture(created.payment_id, PRICE, "capture-1")
    repeated = await gateway.capture(created.payment_id, PRICE, "capture-1")

    assert held is not None
    assert (held.status, held.expires_at is not None) == (PaymentStatus.HELD, True)
    assert captured.status is repeated.status is PaymentStatus.CAPTURED
    assert yookassa.effects == [("create", created.payment_id), ("capture", created.payment_id)]


async def test_held_money_is_released(gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa) -> None:
    created = await gateway.create(ORDER, "key-create-1")
    yookassa.pay(created.payment_id)

    released = await gateway.cancel(created.payment_id, "cancel-1")

    assert released.status is PaymentStatus.CANCELED
    assert yookassa.payments[created.payment_id]["status"] == "canceled"


async def test_capturing_or_cancelling_a_payment_not_held_is_refused(
    gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa
) -> None:
    created = await gateway.create(ORDER, "key-create-1")

    with pytest.raises(PaymentRefusedError):
        await gateway.capture(created.payment_id, PRICE, "capture-1")
    with pytest.raises(PaymentRefusedError):
        await gateway.cancel(created.payment_id, "cancel-1")


@pytest.mark.parametrize("payment_id", ["no-such-payment", "../../me", "x" * 65, ""])
async def test_an_unknown_or_odd_payment_id_is_no_payment(gateway: YooKassaPaymentGateway, payment_id: str) -> None:
    assert await gateway.get(payment_id) is None


@pytest.mark.parametrize("status", [500, 502, 503, 429])
async def test_a_failing_provider_is_unavailable(
    gateway: YooKassaPaymentGateway, yookassa: FakeYooKassa, status: int
) -> None:
    yookassa.failing = status

    with pytest.raises(PaymentProviderUnavailableError):
        await gateway.create(ORDER, "key-create-1")


async def test_a_provider_that_does_not_answer_in_time_is_unavailable(
    httpserver: HTTPServer, yookassa: FakeYooKassa
) -> None:
    yookassa.delay = 1.0
    async with yookassa_client(SHOP_ID, SECRET_KEY, httpserver.url_for("/v3"), httpx.Timeout(0.2)) as client:
        with pytest.raises(PaymentProviderUnavailableError):
            await YooKassaPaymentGateway(client).get("2a1b2c3d-000f-5000-8000-123456789012")


async def test_a_provider_that_is_down_is_unavailable() -> None:
    async with yookassa_client(SHOP_ID, SECRET_KEY, f"http://127.0.0.1:{free_port()}/v3") as client:
        with pytest.raises(PaymentProviderUnavailableError):
            await YooKassaPaymentGateway(client).create(ORDER, "key-create-1")


async def test_wrong_credentials_are_the_providers_error_not_a_retry(httpserver: HTTPServer) -> None:
    FakeYooKassa().install(httpserver)
    async with yookassa_client(SHOP_ID, "wrong", httpserver.url_for("/v3")) as client:
        with pytest.raises(PaymentProviderError) as refused:
            await YooKassaPaymentGateway(client).create(ORDER, "key-create-1")

    assert type(refused.value) is PaymentProviderError


async def test_a_capture_the_provider_finds_malformed_is_our_error_not_a_refusal(httpserver: HTTPServer) -> None:
    blame = {"type": "error", "code": "invalid_request", "parameter": "amount.value", "description": "Bad amount"}
    httpserver.expect_request("/v3/payments/2a1b2c3d/capture").respond_with_json(blame, status=400)
    async with yookassa_client(SHOP_ID, SECRET_KEY, httpserver.url_for("/v3")) as client:
        with pytest.raises(PaymentProviderError) as failed:
            await YooKassaPaymentGateway(client).capture("2a1b2c3d", PRICE, "capture-1")

    assert type(failed.value) is PaymentProviderError


async def test_an_answer_we_cannot_read_is_the_providers_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v3/payments/2a1b2c3d").respond_with_data("<html>maintenance</html>")
    async with yookassa_client(SHOP_ID, SECRET_KEY, httpserver.url_for("/v3")) as client:
        with pytest.raises(PaymentProviderError):
            await YooKassaPaymentGateway(client).get("2a1b2c3d")


# The whole flow with MYSTAR_PAYMENTS=yookassa: the test plays the payer and the provider's notifications.


@pytest.fixture
async def shop(
    settings: Settings, engine: AsyncEngine, httpserver: HTTPServer, yookassa: FakeYooKassa, tmp_path: Path
) -> AsyncIterator[Client]:
    shop_settings = settings.model_copy(
        update={
            "payments": "yookassa",
            "yookassa_shop_id": SHOP_ID,
            "yookassa_secret_key": SECRET_KEY,
            "yookassa_api_url": httpserver.url_for("/v3"),
        }
    )
    async with AsyncTestClient(create_app(shop_settings, overrides=[FastHashing()])) as client:
        yield client


async def notify(client: Client, notification: dict[str, Any]) -> Any:
    return await client.post("/payments/notifications/", json=notification)


async def test_order_pay_accept_and_decline_through_yookassa(
    shop: Client, yookassa: FakeYooKassa, category_ids: list[int]
) -> None:
    customer = await register(shop, "masha")
    star = await create_star(shop, "zemfira", category_ids[0], price="15000.00")
    accepted_id = await place_order(shop, customer, star)
    declined_id = await place_order(shop, customer, star)
    payment_ids = {}
    for order_id in (accepted_id, declined_id):
        link = (await shop.get(f"/api/order/pay/?order_id={order_id}", headers=bearer(customer["token"]))).json()
        redirect = await shop.get(local(link["link"]), follow_redirects=False)
        assert redirect.headers["location"].startswith(yookassa.checkout_base)
        payment_ids[order_id] = redirect.headers["location"].rsplit("/", 1)[1]
        held = yookassa.pay(payment_ids[order_id])
        assert (await notify(shop, held)).json() == {"status": "applied"}
        assert (await order_detail(shop, customer, order_id)).json()["payment_status"] == "held"

    assert (await decide(shop, star, accepted_id, "accept")).status_code == 201
    assert (await decide(shop, star, declined_id, "decline")).status_code == 201

    assert yookassa.payments[payment_ids[accepted_id]]["status"] == "succeeded"
    assert yookassa.payments[payment_ids[declined_id]]["status"] == "canceled"
    assert (await order_detail(shop, customer, accepted_id)).json()["payment_status"] == "captured"
    assert (await order_detail(shop, customer, declined_id)).json()["payment_status"] == "canceled"
    keys = {key for method, _, key in yookassa.requests if method == "POST"}
    assert {f"capture-{payment_ids[accepted_id]}", f"cancel-{payment_ids[declined_id]}"} <= keys
    assert "/payments/sandbox" not in {route.path for route in shop.app.routes}


async def test_with_yookassa_down_the_customer_gets_a_503_and_can_retry(
    shop: Client, yookassa: FakeYooKassa, category_ids: list[int]
) -> None:
    customer = await register(shop, "masha")
    star = await create_star(shop, "zemfira", category_ids[0], price="15000.00")
    order_id = await place_order(shop, customer, star)
    yookassa.failing = 500

    refused = await shop.get(f"/payments/?order_id={order_id}", headers=bearer(customer["token"]))
    yookassa.failing = None
    retried = await shop.get(
        f"/payments/?order_id={order_id}", headers=bearer(customer["token"]), follow_redirects=False
    )

    assert_error(refused, 503, "payment_provider_unavailable")
    assert retried.status_code == 302
    creates = [key for method, path, key in yookassa.requests if (method, path) == ("POST", "/v3/payments")]
    assert len(creates) == 2
    assert len(set(creates)) == 1, "the retry after a failure reuses the stored idempotence key"
    assert len(yookassa.payments) == 1

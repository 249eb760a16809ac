"""The sandbox provider on its own: YooKassa's rules, its own database, and notifications sent over HTTP."""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from adapters.payments.sandbox_payment_gateway import HttpNotifier, SandboxPaymentGateway
from adapters.persistence.database import create_engine
from adapters.system_clock import SystemClock
from application.errors import PaymentRefusedError
from application.ports import NewPayment
from domain.order import PaymentStatus
from domain.values import Money
from tests.integration.clocks import FakeClock

PRICE = Money(Decimal("9000.00"))
ORDER = NewPayment(order_id=5, amount=PRICE, description="My Star, заказ №5", return_url="https://back.example/5")


def sandbox_at(path: Path, notify_url: str, client: httpx.AsyncClient) -> SandboxPaymentGateway:
    return SandboxPaymentGateway(
        create_engine(f"sqlite+aiosqlite:///{path}"),
        "http://127.0.0.1:8000/payments/sandbox",
        HttpNotifier(notify_url, client),
        SystemClock(),
        retry_delays=(0.05, 0.05),
    )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


class Shop:
    """The shop's notification address: refuses the first `failures` deliveries, keeps what it accepts."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[dict[str, object]] = []

    def handle(self, request: Request) -> Response:
        if self.failures:
            self.failures -= 1
            return Response("busy", status=503)
        self.received.append(json.loads(request.get_data()))
        return Response("{}", status=200, content_type="application/json")


async def wait_for(shop: Shop, count: int) -> None:
    for _ in range(100):
        if len(shop.received) >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{len(shop.received)} notifications arrived, not {count}")


async def test_paying_sends_the_shop_yookassas_notification_retrying_until_it_is_taken(
    tmp_path: Path, httpserver: HTTPServer, http: httpx.AsyncClient
) -> None:
    shop = Shop(failures=2)
    httpserver.expect_request("/payments/notifications/", method="POST").respond_with_handler(shop.handle)
    sandbox = sandbox_at(tmp_path / "sandbox.db", httpserver.url_for("/payments/notifications/"), http)
    await sandbox.prepare()
    try:
        created = await sandbox.create(ORDER, "key-1")
        await sandbox.pay(created.payment_id)
        await wait_for(shop, 1)
    finally:
        await sandbox.close()

    [notification] = shop.received
    assert notification["type"] == "notification"
    assert notification["event"] == "payment.waiting_for_capture"
    payment = notification["object"]
    assert isinstance(payment, dict)
    assert (payment["id"], payment["status"], payment["paid"]) == (created.payment_id, "waiting_for_capture", True)
    assert payment["amount"] == {"value": "9000.00", "currency": "RUB"}
    assert payment["metadata"] == {"order_id": "5"}


async def test_the_sandbox_keeps_yookassas_rules_and_its_payments_across_restarts(
    tmp_path: Path, httpserver: HTTPServer, http: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/n/").respond_with_data("{}")
    first = sandbox_at(tmp_path / "sandbox.db", httpserver.url_for("/n/"), http)
    await first.prepare()
    created = await first.create(ORDER, "key-1")
    again = await first.create(ORDER, "key-1")
    with pytest.raises(PaymentRefusedError):
        await first.capture(created.payment_id, PRICE, "capture-1")  # not paid yet
    await first.pay(created.payment_id)
    with pytest.raises(PaymentRefusedError):
        await first.capture(created.payment_id, Money(Decimal("1.00")), "capture-1")  # not the amount held
    await first.close()

    second = sandbox_at(tmp_path / "sandbox.db", httpserver.url_for("/n/"), http)
    await second.prepare()
    try:
        held = await second.get(created.payment_id)
        captured = await second.capture(created.payment_id, PRICE, "capture-1")
        repeated = await second.capture(created.payment_id, PRICE, "capture-1")
        with pytest.raises(PaymentRefusedError):
            await second.cancel(created.payment_id, "cancel-1")  # captured money is not released
    finally:
        await second.close()

    assert again == created
    assert held is not None
    assert held.status is PaymentStatus.HELD
    assert held.expires_at is not None
    assert captured.status is repeated.status is PaymentStatus.CAPTURED


async def test_a_payment_nobody_pays_is_cancelled_after_an_hour_and_the_shop_told(
    tmp_path: Path, httpserver: HTTPServer, http: httpx.AsyncClient
) -> None:
    shop = Shop()
    httpserver.expect_request("/n/", method="POST").respond_with_handler(shop.handle)
    clock = FakeClock()
    sandbox = SandboxPaymentGateway(
        create_engine(f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}"),
        "http://127.0.0.1:8000/payments/sandbox",
        HttpNotifier(httpserver.url_for("/n/"), http),
        clock,
    )
    await sandbox.prepare()
    try:
        created = await sandbox.create(ORDER, "key-1")
        clock.shift = timedelta(minutes=59)
        still = await sandbox.get(created.payment_id)
        clock.shift = timedelta(hours=1, seconds=1)
        lapsed = await sandbox.get(created.payment_id)
        with pytest.raises(PaymentRefusedError):
            await sandbox.pay(created.payment_id)
        await wait_for(shop, 1)
    finally:
        await sandbox.close()

    assert still is not None
    assert lapsed is not None
    assert (still.status, lapsed.status) == (PaymentStatus.PENDING, PaymentStatus.CANCELED)
    assert shop.received[0]["event"] == "payment.canceled"

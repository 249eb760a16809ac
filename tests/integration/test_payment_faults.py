"""Payments when things go wrong: the provider down at each step, its answer not matching our order,
notifications from where they should not come, holds about to lapse, and several sweepers at once."""

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.payments.sandbox_payment_gateway import SandboxPaymentGateway
from adapters.persistence.database import create_session_factory
from adapters.persistence.sqla_order_repository import SqlaOrderRepository
from adapters.persistence.sqla_unit_of_work import SqlaUnitOfWork
from application.errors import PaymentProviderUnavailableError
from application.expire_stale_orders import ExpireStaleOrders
from application.ports import Clock, NewPayment, PaymentDue, PaymentGateway
from domain.order import PaymentReport
from domain.values import Money
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.integration.clocks import FakeClock
from tests.integration.conftest import Cast, FakeNotifier, FastHashing, Notifications
from tests.integration.http_helpers import (
    Client,
    assert_error,
    bearer,
    create_star,
    decide,
    open_checkout,
    order_detail,
    paid_order,
    place_order,
    register,
)


@dataclasses.dataclass
class Switches:
    down: bool = False
    skew: bool = False


class FakeUnreliableGateway:
    """The sandbox, which can be switched off (`down`) or made to answer for another amount (`skew`)."""

    def __init__(self, sandbox: SandboxPaymentGateway, switches: Switches) -> None:
        self._sandbox = sandbox
        self._switches = switches

    async def create(self, payment: NewPayment, idempotence_key: str) -> PaymentReport:
        self._check()
        return self._skewed(await self._sandbox.create(payment, idempotence_key))

    async def get(self, payment_id: str) -> PaymentReport | None:
        self._check()
        report = await self._sandbox.get(payment_id)
        return None if report is None else self._skewed(report)

    async def capture(self, payment_id: str, amount: Money, idempotence_key: str) -> PaymentReport:
        self._check()
        return await self._sandbox.capture(payment_id, amount, idempotence_key)

    async def cancel(self, payment_id: str, idempotence_key: str) -> PaymentReport:
        self._check()
        return await self._sandbox.cancel(payment_id, idempotence_key)

    def _check(self) -> None:
        if self._switches.down:
            raise PaymentProviderUnavailableError

    def _skewed(self, report: PaymentReport) -> PaymentReport:
        return dataclasses.replace(report, amount=Money.parse("1.00")) if self._switches.skew else report


class Faults(Provider):
    def __init__(self, clock: FakeClock, switches: Switches) -> None:
        super().__init__()
        self._clock = clock
        self._switches = switches

    @provide(scope=Scope.APP)
    def gateway(self, sandbox: SandboxPaymentGateway) -> PaymentGateway:
        return FakeUnreliableGateway(sandbox, self._switches)

    @provide(scope=Scope.APP)
    def clock(self) -> Clock:
        return self._clock


@dataclasses.dataclass
class World:
    client: Client
    settings: Settings
    gateway: Switches
    clock: FakeClock
    cast: Cast

    async def sweep(self) -> None:
        """A round of the sweeper, as another worker runs it (the test client's app lives on another loop)."""
        overrides = [Notifications(FakeNotifier()), Faults(self.clock, self.gateway)]
        container = build_container(self.settings, overrides=overrides)
        try:
            async with container() as request:
                await (await request.get(ExpireStaleOrders)).execute()
        finally:
            await container.close()


@pytest.fixture
async def world(settings: Settings, engine: AsyncEngine, category_ids: list[int]) -> AsyncIterator[World]:
    clock, switches = FakeClock(), Switches()
    app = create_app(settings, overrides=[FastHashing(), Notifications(FakeNotifier()), Faults(clock, switches)])
    async with AsyncTestClient(app) as client:
        cast = Cast(
            customer=await register(client, "masha"),
            star=await create_star(client, "zemfira", category_ids[0], price="15000.00"),
            other_customer=await register(client, "petya"),
            other_star=await create_star(client, "niletto", category_ids[0], price="9000.00"),
        )
        yield World(client, settings, switches, clock, cast)


async def state(world: World, order_id: int) -> tuple[int, str]:
    detail = (await order_detail(world.client, world.cast.customer, order_id)).json()
    return detail["status_order"], detail["payment_status"]


async def test_provider_down_when_the_payment_is_created_answers_503_and_changes_nothing(world: World) -> None:
    order_id = await place_order(world.client, world.cast.customer, world.cast.star)
    world.gateway.down = True

    answer = await world.client.get(f"/payments/?order_id={order_id}", headers=bearer(world.cast.customer["token"]))

    assert_error(answer, 503, "payment_provider_unavailable")
    assert answer.headers["retry-after"]
    assert await state(world, order_id) == (0, "none")
    world.gateway.down = False
    assert (await open_checkout(world.client, world.cast.customer, order_id)).startswith("/payments/sandbox/")


async def test_provider_down_at_the_capture_leaves_the_order_new_and_held(world: World) -> None:
    order_id = await paid_order(world.client, world.cast.customer, world.cast.star)
    world.gateway.down = True

    assert_error(await decide(world.client, world.cast.star, order_id, "accept"), 503, "payment_provider_unavailable")
    assert await state(world, order_id) == (0, "held")
    world.gateway.down = False
    assert (await decide(world.client, world.cast.star, order_id, "accept")).status_code == 201
    assert await state(world, order_id) == (1, "captured")


@pytest.mark.parametrize("closer", ["decline", "cancel"])
async def test_provider_down_at_the_release_leaves_the_order_new_and_held(world: World, closer: str) -> None:
    order_id = await paid_order(world.client, world.cast.customer, world.cast.star)
    world.gateway.down = True

    if closer == "decline":
        answer = await decide(world.client, world.cast.star, order_id, "decline")
    else:
        token = bearer(world.cast.customer["token"])
        answer = await world.client.post("/api/order/cancel/", json={"order_id": order_id}, headers=token)

    assert_error(answer, 503, "payment_provider_unavailable")
    assert await state(world, order_id) == (0, "held")


async def test_a_payment_whose_amount_differs_from_the_order_is_refused(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    order_id = await place_order(world.client, world.cast.customer, world.cast.star)
    world.gateway.skew = True

    answer = await world.client.get(f"/payments/?order_id={order_id}", headers=bearer(world.cast.customer["token"]))

    assert_error(answer, 502, "payment_mismatch")
    assert await state(world, order_id) == (0, "none")
    assert any("payment_mismatch" in record.getMessage() for record in caplog.records)


async def test_an_order_unanswered_until_its_hold_nearly_lapses_is_expired_and_released(world: World) -> None:
    order_id = await paid_order(world.client, world.cast.customer, world.cast.star)

    world.clock.shift = timedelta(days=6, hours=11)
    await world.sweep()
    assert await state(world, order_id) == (0, "held")
    world.clock.shift = timedelta(days=6, hours=12, minutes=1)
    await world.sweep()

    assert await state(world, order_id) == (-1, "canceled")
    orders = await world.client.get("/api/order/list/", headers=bearer(world.cast.customer["token"]))
    assert orders.json()[0]["decline_reason"] == "expired"
    assert_error(await decide(world.client, world.cast.star, order_id, "accept"), 409, "order_not_new")


async def test_a_payment_whose_notification_never_came_is_found_by_the_sweeper(world: World) -> None:
    order_id = await place_order(world.client, world.cast.customer, world.cast.star)
    checkout = await open_checkout(world.client, world.cast.customer, order_id)
    await world.client.post(f"{checkout}pay/")  # notifications are recorded, never delivered

    world.clock.shift = timedelta(minutes=6)
    await world.sweep()

    assert await state(world, order_id) == (0, "held")


@pytest.fixture
def narrow_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"payment_notify_allow": "10.1.2.0/24"})


async def test_notifications_from_outside_the_allowed_networks_are_refused(
    narrow_settings: Settings, engine: AsyncEngine, tmp_path: Path
) -> None:
    app = create_app(narrow_settings, overrides=[FastHashing(), Notifications(FakeNotifier())])
    async with AsyncTestClient(app) as client:
        body = {"type": "notification", "event": "payment.succeeded", "object": {"id": "anything"}}
        answer = await client.post("/payments/notifications/", json=body)

    assert_error(answer, 403, "forbidden")


async def test_two_sweepers_never_take_the_same_order(engine: AsyncEngine, world: World) -> None:
    order_id = await paid_order(world.client, world.cast.customer, world.cast.star)
    factory = create_session_factory(engine)
    due = PaymentDue(lapse_before=datetime.now(UTC) + timedelta(days=8), recheck_before=datetime.now(UTC))

    async with factory() as first, factory() as second:
        holder = SqlaOrderRepository(first)
        assert await holder.needing_payment_work(due, 10) == [order_id]
        await SqlaUnitOfWork(first).begin_write()
        assert await holder.lock_unless_busy(order_id) is not None
        if engine.dialect.name == "postgresql":
            # The second worker skips the row the first one holds instead of waiting for it.
            assert await SqlaOrderRepository(second).lock_unless_busy(order_id) is None
        await first.rollback()
        assert await SqlaOrderRepository(second).lock_unless_busy(order_id) is not None
        await second.rollback()

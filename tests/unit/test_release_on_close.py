"""Whoever closes a new order (its star declining, its customer cancelling), the customer's money goes back."""

from collections.abc import Awaitable, Callable

import pytest

from application.cancel_order import CancelOrder
from application.decline_order import DeclineOrder
from application.errors import PaymentChangedError, PaymentProviderUnavailableError
from application.identity import Caller
from domain.order import Order, OrderStatus, PaymentStatus
from tests.unit.factories import Fakes, People, a_paid_order, some_people, stored_order

Close = Callable[[Fakes, People, Order], Awaitable[None]]


async def star_declines(fakes: Fakes, people: People, order: Order) -> None:
    await DeclineOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow).execute(
        Caller(people.star), order.id
    )


async def customer_cancels(fakes: Fakes, people: People, order: Order) -> None:
    await CancelOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow).execute(
        Caller(people.customer), order.id
    )


CLOSERS = [pytest.param(star_declines, id="declined"), pytest.param(customer_cancels, id="cancelled")]


@pytest.mark.parametrize("close", CLOSERS)
async def test_held_money_is_released(close: Close) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)

    await close(fakes, people, order)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.DECLINED, PaymentStatus.CANCELED)
    assert fakes.gateway.calls == [f"cancel {order.payment_id} cancel-{order.payment_id}"]
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED


@pytest.mark.parametrize("close", CLOSERS)
async def test_a_payment_not_paid_yet_is_left_to_lapse_and_stays_to_watch(close: Close) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)

    await close(fakes, people, order)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.DECLINED, PaymentStatus.PENDING)
    assert stored.holds_money_to_release
    assert fakes.gateway.calls == [f"get {order.payment_id}"]


@pytest.mark.parametrize("close", CLOSERS)
async def test_a_payment_paid_a_moment_ago_is_released_though_its_notification_has_not_come(close: Close) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)

    await close(fakes, people, order)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.DECLINED, PaymentStatus.CANCELED)
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED


@pytest.mark.parametrize("close", CLOSERS)
async def test_when_the_provider_is_down_nothing_changes(close: Close) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.down = True

    with pytest.raises(PaymentProviderUnavailableError):
        await close(fakes, people, order)

    assert stored_order(fakes, order.id) == order
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.HELD


@pytest.mark.parametrize("close", CLOSERS)
async def test_a_hold_already_released_at_the_provider_is_followed(close: Close) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CANCELED)

    await close(fakes, people, order)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.DECLINED, PaymentStatus.CANCELED)


@pytest.mark.parametrize("close", CLOSERS)
async def test_money_captured_by_an_accept_whose_answer_was_lost_is_not_released_the_order_is_accepted(
    close: Close,
) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)  # the star's accept, lost

    with pytest.raises(PaymentChangedError):
        await close(fakes, people, order)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CAPTURED

import pytest

from application.accept_order import AcceptOrder
from application.errors import PaymentChangedError, PaymentProviderUnavailableError
from application.identity import Caller
from domain.errors import NotYourOrderError, OrderNotFoundError, OrderNotNewError, PaymentNotHeldError
from domain.order import OrderStatus, PaymentStatus
from tests.unit.factories import STRANGERS, Fakes, a_paid_order, a_stored_order, some_people, stored_order


def accept_order(fakes: Fakes) -> AcceptOrder:
    return AcceptOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow)


async def test_the_star_accepts_a_paid_order_and_its_money_is_captured() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)

    await accept_order(fakes).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)
    assert fakes.gateway.calls == [f"capture {order.payment_id} capture-{order.payment_id}"]
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CAPTURED


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_to_a_stranger_the_order_does_not_exist(stranger: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await accept_order(fakes).execute(Caller(people.stranger(stranger)), order.id)

    assert fakes.orders.stored() == [order]
    assert fakes.gateway.calls == []


async def test_an_unknown_order_is_not_found() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(OrderNotFoundError) as refused:
        await accept_order(fakes).execute(Caller(people.star), 42)

    assert refused.value.code == "order_not_found"


async def test_the_customer_cannot_accept_the_own_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(NotYourOrderError):
        await accept_order(fakes).execute(Caller(people.customer), order.id)

    assert fakes.orders.stored() == [order]
    assert fakes.gateway.calls == []


@pytest.mark.parametrize("status", [OrderStatus.ACCEPTED, OrderStatus.DECLINED])
async def test_an_order_that_is_no_longer_new_cannot_be_accepted(status: OrderStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, status=status)

    with pytest.raises(OrderNotNewError):
        await accept_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("payment", [PaymentStatus.NONE, PaymentStatus.PENDING, PaymentStatus.CANCELED])
async def test_an_order_whose_money_is_not_held_cannot_be_accepted(payment: PaymentStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, payment_status=payment)

    with pytest.raises(PaymentNotHeldError):
        await accept_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]
    assert fakes.gateway.calls == []


async def test_when_the_provider_is_down_nothing_changes() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.down = True

    with pytest.raises(PaymentProviderUnavailableError):
        await accept_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.HELD


async def test_a_hold_the_provider_let_go_leaves_the_order_new_with_its_payment_cancelled() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CANCELED)  # the hold lapsed

    with pytest.raises(PaymentChangedError):
        await accept_order(fakes).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.NEW, PaymentStatus.CANCELED)


async def test_a_capture_whose_answer_was_lost_is_repeated_with_the_same_key_and_taken_once() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)  # captured; the answer lost

    await accept_order(fakes).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)
    assert fakes.gateway.calls == [f"capture {order.payment_id} capture-{order.payment_id}"]

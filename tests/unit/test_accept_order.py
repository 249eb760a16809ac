import pytest

from application.accept_order import AcceptOrder
from application.identity import Caller
from application.orders import OrderPolicy
from domain.errors import NotYourOrderError, OrderNotFoundError, OrderNotNewError, PaymentNotHeldError
from domain.order import OrderStatus, PaymentStatus
from tests.unit.factories import STRANGERS, Fakes, a_stored_order, some_people, stored_order


def accept_order(fakes: Fakes, *, payment_required: bool = False) -> AcceptOrder:
    return AcceptOrder(fakes.orders, OrderPolicy(payment_required=payment_required), fakes.uow)


async def test_the_star_accepts_a_new_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    await accept_order(fakes).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.decline_reason) == (OrderStatus.ACCEPTED, None)


def test_payments_are_not_required_until_there_is_a_way_to_pay() -> None:
    assert OrderPolicy().payment_required is False


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_to_a_stranger_the_order_does_not_exist(stranger: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await accept_order(fakes).execute(Caller(people.stranger(stranger)), order.id)

    assert fakes.orders.stored() == [order]


async def test_an_unknown_order_is_not_found() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(OrderNotFoundError) as refused:
        await accept_order(fakes).execute(Caller(people.star), 42)

    assert refused.value.code == "order_not_found"


async def test_the_customer_cannot_accept_the_own_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(NotYourOrderError):
        await accept_order(fakes).execute(Caller(people.customer), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("status", [OrderStatus.ACCEPTED, OrderStatus.DECLINED])
async def test_an_order_that_is_no_longer_new_cannot_be_accepted(status: OrderStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, status=status)

    with pytest.raises(OrderNotNewError):
        await accept_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("payment", [PaymentStatus.NONE, PaymentStatus.PENDING, PaymentStatus.CANCELED])
async def test_with_payments_required_an_order_whose_money_is_not_held_cannot_be_accepted(
    payment: PaymentStatus,
) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, payment_status=payment)

    with pytest.raises(PaymentNotHeldError):
        await accept_order(fakes, payment_required=True).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]


async def test_with_payments_required_an_order_whose_money_is_held_is_accepted() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, payment_status=PaymentStatus.HELD)

    await accept_order(fakes, payment_required=True).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.HELD)

import pytest

from application.cancel_order import CancelOrder
from application.identity import Caller
from domain.errors import NotYourOrderError, OrderNotFoundError, OrderNotNewError
from domain.order import DeclineReason, OrderStatus
from tests.unit.factories import STRANGERS, Fakes, a_stored_order, some_people, stored_order


def cancel_order(fakes: Fakes) -> CancelOrder:
    return CancelOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow)


async def test_the_customer_cancels_a_new_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    await cancel_order(fakes).execute(Caller(people.customer), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.decline_reason) == (OrderStatus.DECLINED, DeclineReason.CANCELLED)


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_to_a_stranger_the_order_does_not_exist(stranger: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await cancel_order(fakes).execute(Caller(people.stranger(stranger)), order.id)

    assert fakes.orders.stored() == [order]


async def test_the_star_cannot_cancel_an_order_it_received() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(NotYourOrderError):
        await cancel_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("status", [OrderStatus.ACCEPTED, OrderStatus.DECLINED])
async def test_an_order_the_star_decided_on_cannot_be_cancelled(status: OrderStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, status=status)

    with pytest.raises(OrderNotNewError):
        await cancel_order(fakes).execute(Caller(people.customer), order.id)

    assert fakes.orders.stored() == [order]

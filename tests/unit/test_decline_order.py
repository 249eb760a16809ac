import pytest

from application.decline_order import DeclineOrder
from application.identity import Caller
from domain.errors import InvalidValueError, NotYourOrderError, OrderNotFoundError, OrderNotNewError
from domain.order import DeclineReason, OrderStatus
from tests.unit.factories import STRANGERS, Fakes, a_stored_order, some_people, stored_order


def decline_order(fakes: Fakes) -> DeclineOrder:
    return DeclineOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow)


async def test_the_star_declines_a_new_order_saying_why() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    await decline_order(fakes).execute(Caller(people.star), order.id, " Я в отпуске ")

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.decline_reason, stored.decline_comment) == (
        OrderStatus.DECLINED,
        DeclineReason.DECLINED,
        "Я в отпуске",
    )


async def test_the_star_declines_without_a_reason() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    await decline_order(fakes).execute(Caller(people.star), order.id)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.decline_comment) == (OrderStatus.DECLINED, "")


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_to_a_stranger_the_order_does_not_exist(stranger: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await decline_order(fakes).execute(Caller(people.stranger(stranger)), order.id)

    assert fakes.orders.stored() == [order]


async def test_the_customer_cannot_decline_the_own_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(NotYourOrderError):
        await decline_order(fakes).execute(Caller(people.customer), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("status", [OrderStatus.ACCEPTED, OrderStatus.DECLINED])
async def test_an_order_that_is_no_longer_new_cannot_be_declined(status: OrderStatus) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, status=status)

    with pytest.raises(OrderNotNewError):
        await decline_order(fakes).execute(Caller(people.star), order.id)

    assert fakes.orders.stored() == [order]


@pytest.mark.parametrize("reason", ["я" * 501, "Болею\x00"])
async def test_a_reason_too_long_or_with_control_characters_is_refused_and_the_order_stays_new(reason: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(InvalidValueError) as refused:
        await decline_order(fakes).execute(Caller(people.star), order.id, reason)

    assert (refused.value.field, fakes.orders.stored()) == ("reason", [order])

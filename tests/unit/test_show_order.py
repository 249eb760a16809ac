import pytest

from application.identity import Caller
from application.show_order import ShowOrder
from domain.errors import OrderNotFoundError
from tests.unit.factories import STRANGERS, Fakes, a_stored_order, some_people


def show_order(fakes: Fakes) -> ShowOrder:
    return ShowOrder(fakes.order_queries)


@pytest.mark.parametrize("participant", ["customer", "star"])
async def test_each_participant_sees_the_order_with_the_stars_name(participant: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, price="15000")
    caller = people.customer if participant == "customer" else people.star

    view = await show_order(fakes).execute(Caller(caller), order.id)

    assert (view.order, view.star_username, view.customer_username, view.profession) == (
        order,
        "alla",
        "ivan",
        "Певица",
    )


async def test_star_id_naming_the_orders_star_is_accepted() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    view = await show_order(fakes).execute(Caller(people.customer), order.id, star_id=people.star.id)

    assert view.order.id == order.id


async def test_star_id_of_another_star_makes_the_order_not_found() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await show_order(fakes).execute(Caller(people.customer), order.id, star_id=people.other_star.id)


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_to_a_stranger_the_order_does_not_exist(stranger: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotFoundError):
        await show_order(fakes).execute(Caller(people.stranger(stranger)), order.id)


async def test_an_unknown_order_is_not_found() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(OrderNotFoundError):
        await show_order(fakes).execute(Caller(people.customer), 42)

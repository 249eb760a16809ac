import pytest

from application.identity import Caller
from application.list_orders import ListOrders
from application.views import PageRequest
from domain.errors import AccessDeniedError, NotYourselfError
from tests.unit.factories import Fakes, a_stored_order, some_people


def list_orders(fakes: Fakes) -> ListOrders:
    return ListOrders(fakes.order_queries)


async def test_a_customer_lists_the_orders_placed_newest_first_and_nobody_elses() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    first = await a_stored_order(fakes, customer=people.customer, star=people.star)
    await a_stored_order(fakes, customer=people.other_customer, star=people.star)
    second = await a_stored_order(fakes, customer=people.customer, star=people.other_star)

    page = await list_orders(fakes).execute(Caller(people.customer), PageRequest())

    assert ([view.order.id for view in page.items], page.total) == ([second.id, first.id], 2)


async def test_a_star_lists_the_orders_received_newest_first_and_nobody_elses() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    first = await a_stored_order(fakes, customer=people.customer, star=people.star)
    await a_stored_order(fakes, customer=people.customer, star=people.other_star)
    second = await a_stored_order(fakes, customer=people.other_customer, star=people.star)

    page = await list_orders(fakes).execute(Caller(people.star), PageRequest())

    assert [(view.order.id, view.customer_username) for view in page.items] == [
        (second.id, "petr"),
        (first.id, "ivan"),
    ]


async def test_orders_come_in_pages_counting_them_all() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    orders = [await a_stored_order(fakes, customer=people.customer, star=people.star) for _ in range(4)]

    page = await list_orders(fakes).execute(Caller(people.customer), PageRequest(limit=2, offset=2))

    assert ([view.order.id for view in page.items], page.total) == ([orders[1].id, orders[0].id], 4)


async def test_user_id_and_is_star_describing_the_caller_are_accepted() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    page = await list_orders(fakes).execute(Caller(people.star), PageRequest(), user_id=people.star.id, is_star=True)

    assert [view.order.id for view in page.items] == [order.id]


async def test_user_id_of_someone_else_is_refused() -> None:
    fakes = Fakes()
    people = await some_people(fakes)

    with pytest.raises(NotYourselfError) as refused:
        await list_orders(fakes).execute(Caller(people.customer), PageRequest(), user_id=people.star.id)

    assert refused.value.field == "user_id"


@pytest.mark.parametrize(("who", "is_star"), [("customer", True), ("star", False)])
async def test_is_star_that_does_not_describe_the_caller_is_refused(who: str, is_star: bool) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    caller = people.customer if who == "customer" else people.star

    with pytest.raises(AccessDeniedError) as refused:
        await list_orders(fakes).execute(Caller(caller), PageRequest(), is_star=is_star)

    assert refused.value.code == "forbidden"

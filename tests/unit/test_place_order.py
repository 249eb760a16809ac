from datetime import timedelta
from decimal import Decimal

import pytest

from application.identity import Caller
from application.place_order import PlaceOrder
from domain.errors import (
    InvalidValueError,
    NotYourselfError,
    OrderTypeUnavailableError,
    OwnStarError,
    PriceMismatchError,
    StarNotFoundError,
)
from domain.order import OrderStatus, OrderType, PaymentStatus
from domain.user import User
from domain.values import MoneyInput
from tests.unit.factories import Fakes, a_stored_customer, a_stored_star, new_order
from tests.unit.fakes import NOW

TODAY = NOW.date()
INVITATION = OrderType.INVITATION


def place_order(fakes: Fakes) -> PlaceOrder:
    return PlaceOrder(fakes.orders, fakes.stars, fakes.uow, fakes.clock)


async def a_customer_and_a_star(fakes: Fakes, *, price_another: str | None = "50000") -> tuple[User, User]:
    customer = await a_stored_customer(fakes, username="ivan")
    star = await a_stored_star(fakes, username="alla", price="15000", price_another=price_another)
    return customer, star


async def test_a_greeting_is_stored_new_at_the_stars_price_for_the_caller() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    order = await place_order(fakes).execute(
        Caller(customer), new_order(star_id=star.id, for_whom="  Маме ", comment="С юбилеем!\nОбнимаю")
    )

    assert fakes.orders.stored() == [order]
    assert (order.customer_id, order.star_id, order.order_type, str(order.price)) == (
        customer.id,
        star.id,
        OrderType.GREETING,
        "15000.00",
    )
    assert (order.for_whom, order.comment, order.ordered_at) == ("Маме", "С юбилеем!\nОбнимаю", NOW)
    assert (order.status, order.payment_status, order.video, order.decline_reason) == (
        OrderStatus.NEW,
        PaymentStatus.NONE,
        None,
        None,
    )


async def test_an_invitation_costs_the_stars_other_price() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes, price_another="50000")

    order = await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_type=INVITATION))

    [stored] = fakes.orders.stored()
    assert (stored.id, stored.order_type, str(stored.price)) == (order.id, OrderType.INVITATION, "50000.00")


async def test_an_invitation_from_a_star_without_another_price_is_unavailable_and_nothing_is_stored() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes, price_another=None)

    with pytest.raises(OrderTypeUnavailableError):
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_type=INVITATION))

    assert fakes.orders.stored() == []


@pytest.mark.parametrize("order_price", ["14999.99", 16000, "0"])
async def test_a_client_naming_another_price_gets_a_conflict_with_the_current_one_and_nothing_is_stored(
    order_price: MoneyInput,
) -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    with pytest.raises(PriceMismatchError) as refused:
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_price=order_price))

    assert (refused.value.code, refused.value.price) == ("price_mismatch", "15000.00")
    assert fakes.orders.stored() == []


async def test_a_price_named_for_a_greeting_is_compared_with_the_greeting_price_not_the_other_one() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes, price_another="50000")

    with pytest.raises(PriceMismatchError) as refused:
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_price="50000"))

    assert refused.value.price == "15000.00"


@pytest.mark.parametrize("order_price", ["15000", "15000.00", "15000.0", 15000, 15000.00, Decimal("15000.00")])
async def test_a_price_equal_to_the_stars_however_written_is_accepted(order_price: MoneyInput) -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    order = await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_price=order_price))

    assert (fakes.orders.stored(), str(order.price)) == ([order], "15000.00")


async def test_a_malformed_price_is_refused_naming_order_price() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, order_price="дёшево"))

    assert (refused.value.field, fakes.orders.stored()) == ("order_price", [])


async def test_customer_id_naming_the_caller_is_accepted() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    order = await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, customer_id=customer.id))

    assert order.customer_id == customer.id


async def test_customer_id_of_someone_else_is_refused_and_nothing_is_stored() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(NotYourselfError) as refused:
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, customer_id=other.id))

    assert (refused.value.field, fakes.orders.stored()) == ("customer_id", [])


async def test_status_order_zero_is_accepted() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    order = await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, status_order=0))

    assert order.status is OrderStatus.NEW


@pytest.mark.parametrize("status_order", [1, -1, 2])
async def test_status_order_other_than_zero_is_refused(status_order: int) -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, status_order=status_order))

    assert (refused.value.field, fakes.orders.stored()) == ("status_order", [])


@pytest.mark.parametrize("days_ahead", [0, 1, 365])
async def test_by_date_today_or_later_is_kept(days_ahead: int) -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)
    by_date = TODAY + timedelta(days=days_ahead)

    order = await place_order(fakes).execute(Caller(customer), new_order(star_id=star.id, by_date=by_date))

    assert order.by_date == by_date


async def test_by_date_in_the_past_is_refused() -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)

    with pytest.raises(InvalidValueError) as refused:
        await place_order(fakes).execute(
            Caller(customer), new_order(star_id=star.id, by_date=TODAY - timedelta(days=1))
        )

    assert (refused.value.field, fakes.orders.stored()) == ("by_date", [])


async def test_a_star_cannot_order_from_itself() -> None:
    fakes = Fakes()
    _, star = await a_customer_and_a_star(fakes)

    with pytest.raises(OwnStarError) as refused:
        await place_order(fakes).execute(Caller(star), new_order(star_id=star.id))

    assert (refused.value.code, fakes.orders.stored()) == ("own_star", [])


async def test_a_star_orders_from_another_star_as_a_customer() -> None:
    fakes = Fakes()
    _, alla = await a_customer_and_a_star(fakes)
    filipp = await a_stored_star(fakes, username="filipp", price="20000")

    order = await place_order(fakes).execute(Caller(alla), new_order(star_id=filipp.id))

    assert (order.customer_id, order.star_id, str(order.price)) == (alla.id, filipp.id, "20000.00")


async def test_an_unknown_star_is_not_found() -> None:
    fakes = Fakes()
    customer, _ = await a_customer_and_a_star(fakes)

    with pytest.raises(StarNotFoundError):
        await place_order(fakes).execute(Caller(customer), new_order(star_id=99))

    assert fakes.orders.stored() == []


async def test_a_customer_is_no_star_to_order_from() -> None:
    fakes = Fakes()
    customer, _ = await a_customer_and_a_star(fakes)
    other = await a_stored_customer(fakes, username="petr")

    with pytest.raises(StarNotFoundError):
        await place_order(fakes).execute(Caller(customer), new_order(star_id=other.id))


@pytest.mark.parametrize(
    ("for_whom", "comment", "field"),
    [
        ("", "", "for_whom"),
        ("   ", "", "for_whom"),
        ("я" * 129, "", "for_whom"),
        ("Маме\nи папе", "", "for_whom"),
        ("Маме", "я" * 2001, "comment"),
        ("Маме", "С юбилеем\x00", "comment"),
    ],
    ids=[
        "empty for_whom",
        "blank for_whom",
        "long for_whom",
        "for_whom on two lines",
        "long comment",
        "comment with NUL",
    ],
)
async def test_an_invalid_value_is_refused_naming_its_field_and_nothing_is_stored(
    for_whom: str, comment: str, field: str
) -> None:
    fakes = Fakes()
    customer, star = await a_customer_and_a_star(fakes)
    order = new_order(star_id=star.id, for_whom=for_whom, comment=comment)

    with pytest.raises(InvalidValueError) as refused:
        await place_order(fakes).execute(Caller(customer), order)

    assert (refused.value.field, fakes.orders.stored()) == (field, [])

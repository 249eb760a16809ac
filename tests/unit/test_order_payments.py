"""How an order follows what the provider reports about its payment (`Order.settle` and its neighbours)."""

import dataclasses
from datetime import timedelta

import pytest

from domain.errors import (
    AlreadyPaidError,
    IllegalPaymentTransitionError,
    NotYourOrderError,
    OrderNotNewError,
    PaymentMismatchError,
)
from domain.order import DEFAULT_HOLD_LIFETIME, Order, OrderStatus, PaymentReport, PaymentStatus
from domain.values import Money
from tests.unit.factories import an_order
from tests.unit.fakes import NOW

CUSTOMER, STAR = 1, 2
ORDER_ID = 7


def an_order_paying(payment: PaymentStatus = PaymentStatus.PENDING, status: OrderStatus = OrderStatus.NEW) -> Order:
    """Order 7 of 15000.00 whose current payment `pay-1` is in `payment`."""
    order = an_order(customer_id=CUSTOMER, star_id=STAR, status=status, payment_status=payment)
    order.id, order.payment_id, order.payment_key = ORDER_ID, "pay-1", "key-1"
    return order


def report(
    status: PaymentStatus, payment_id: str = "pay-1", amount: str = "15000.00", order_id: int | None = ORDER_ID
) -> PaymentReport:
    return PaymentReport(payment_id, status, Money.parse(amount), order_id, expires_at=NOW + timedelta(days=6))


def test_held_money_of_a_new_order_is_recorded_with_the_time_the_hold_lapses() -> None:
    order = an_order_paying()

    release = order.settle(report(PaymentStatus.HELD), NOW)

    assert (release, order.payment_status, order.hold_expires_at) == (
        False,
        PaymentStatus.HELD,
        NOW + timedelta(days=6),
    )
    assert order.payment_checked_at == NOW


def test_a_hold_without_a_lapse_time_lasts_the_usual_seven_days() -> None:
    order = an_order_paying()

    order.settle(dataclasses.replace(report(PaymentStatus.HELD), expires_at=None), NOW)

    assert order.hold_expires_at == NOW + DEFAULT_HOLD_LIFETIME


@pytest.mark.parametrize("reason", ["decline", "cancel", "expire"])
def test_money_held_after_the_order_closed_is_to_be_released(reason: str) -> None:
    order = an_order_paying()
    {"decline": lambda: order.decline(STAR), "cancel": lambda: order.cancel(CUSTOMER), "expire": order.expire}[reason]()

    release = order.settle(report(PaymentStatus.HELD), NOW)

    assert (release, order.payment_status) == (True, PaymentStatus.PENDING)


def test_money_held_by_an_earlier_attempt_is_to_be_released_and_the_order_left_alone() -> None:
    order = an_order_paying(PaymentStatus.PENDING)
    before = dataclasses.replace(order)

    release = order.settle(report(PaymentStatus.HELD, payment_id="pay-0"), NOW)

    assert release is True
    assert dataclasses.replace(order, payment_checked_at=None) == before


@pytest.mark.parametrize("status", [PaymentStatus.PENDING, PaymentStatus.CANCELED, PaymentStatus.CAPTURED])
def test_another_payment_that_holds_no_money_changes_nothing(status: PaymentStatus) -> None:
    order = an_order_paying(PaymentStatus.HELD)

    assert order.settle(report(status, payment_id="pay-0"), NOW) is False
    assert order.payment_status is PaymentStatus.HELD


def test_a_report_older_than_what_the_order_knows_changes_nothing() -> None:
    order = an_order_paying(PaymentStatus.CAPTURED, status=OrderStatus.ACCEPTED)

    for older in (PaymentStatus.PENDING, PaymentStatus.HELD):
        assert order.settle(report(older), NOW) is False

    assert (order.status, order.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)


def test_a_repeated_report_changes_nothing_twice() -> None:
    order = an_order_paying()
    order.settle(report(PaymentStatus.HELD), NOW)
    first = dataclasses.replace(order)

    assert order.settle(report(PaymentStatus.HELD), NOW + timedelta(minutes=1)) is False
    assert dataclasses.replace(order, payment_checked_at=NOW) == first


def test_a_capture_the_order_missed_means_its_star_accepted_it() -> None:
    order = an_order_paying(PaymentStatus.HELD)

    order.settle(report(PaymentStatus.CAPTURED), NOW)

    assert (order.status, order.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)


def test_a_hold_the_provider_let_go_leaves_a_new_order_to_be_paid_again() -> None:
    order = an_order_paying(PaymentStatus.HELD)

    order.settle(report(PaymentStatus.CANCELED), NOW)

    assert (order.status, order.payment_status) == (OrderStatus.NEW, PaymentStatus.CANCELED)
    assert order.begin_payment(CUSTOMER, "key-2") is True
    assert (order.payment_key, order.payment_id, order.payment_status) == ("key-2", "", PaymentStatus.CANCELED)


@pytest.mark.parametrize(
    ("payment", "status", "reported"),
    [
        (PaymentStatus.HELD, OrderStatus.DECLINED, PaymentStatus.CAPTURED),
        (PaymentStatus.CAPTURED, OrderStatus.ACCEPTED, PaymentStatus.CANCELED),
    ],
    ids=["captured-for-a-declined-order", "released-for-an-accepted-order"],
)
def test_a_report_that_contradicts_the_orders_money_is_refused(
    payment: PaymentStatus, status: OrderStatus, reported: PaymentStatus
) -> None:
    order = an_order_paying(payment, status=status)
    before = dataclasses.replace(order)

    with pytest.raises(IllegalPaymentTransitionError):
        order.settle(report(reported), NOW)

    assert order == before


@pytest.mark.parametrize(
    "mismatch", [{"amount": "1.00"}, {"order_id": 8}, {"order_id": None}], ids=["amount", "order", "no-order"]
)
def test_a_payment_for_another_amount_or_order_is_refused(mismatch: dict[str, object]) -> None:
    order = an_order_paying()
    before = dataclasses.replace(order)

    with pytest.raises(PaymentMismatchError):
        order.settle(report(PaymentStatus.HELD, **mismatch), NOW)  # type: ignore[arg-type]

    assert order == before


def test_only_the_customer_pays_for_a_new_order_not_paid_yet() -> None:
    with pytest.raises(NotYourOrderError):
        an_order_paying().begin_payment(STAR, "key-2")
    with pytest.raises(OrderNotNewError):
        an_order_paying(status=OrderStatus.DECLINED).begin_payment(CUSTOMER, "key-2")
    for paid in (PaymentStatus.HELD, PaymentStatus.CAPTURED):
        with pytest.raises(AlreadyPaidError):
            an_order_paying(paid).begin_payment(CUSTOMER, "key-2")


def test_a_payment_under_way_or_a_key_not_used_yet_is_kept() -> None:
    pending = an_order_paying()
    unused = an_order(customer_id=CUSTOMER)
    unused.payment_key = "key-1"

    assert pending.begin_payment(CUSTOMER, "key-2") is False
    assert unused.begin_payment(CUSTOMER, "key-2") is False
    assert (pending.payment_key, unused.payment_key) == ("key-1", "key-1")


def test_an_order_lapses_only_while_new_with_money_held() -> None:
    lapse = NOW + timedelta(days=1)
    held = an_order_paying(PaymentStatus.HELD)
    held.hold_expires_at = lapse
    accepted = dataclasses.replace(held, status=OrderStatus.ACCEPTED)

    assert held.hold_lapses_before(lapse) is True
    assert held.hold_lapses_before(lapse - timedelta(seconds=1)) is False
    assert accepted.hold_lapses_before(lapse) is False

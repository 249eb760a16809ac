import dataclasses
import itertools
from datetime import UTC, datetime

import pytest

from domain.errors import (
    AlreadyDeliveredError,
    IllegalPaymentTransitionError,
    InvalidValueError,
    NotYourOrderError,
    OrderNotAcceptedError,
    OrderNotNewError,
    PaymentNotHeldError,
)
from domain.order import (
    COMMENT_MAX_LENGTH,
    DECLINE_COMMENT_MAX_LENGTH,
    FOR_WHOM_MAX_LENGTH,
    DeclineReason,
    OrderStatus,
    PaymentStatus,
    comment,
    for_whom,
)
from tests.unit.factories import an_order

CUSTOMER, STAR, STRANGER = 1, 2, 3
DELIVERED_AT = datetime(2025, 6, 3, 18, 30, tzinfo=UTC)
CLOSED = [OrderStatus.ACCEPTED, OrderStatus.DECLINED]
NOT_ACCEPTED = [OrderStatus.NEW, OrderStatus.DECLINED]
Move = tuple[PaymentStatus, PaymentStatus]


def move_name(move: Move) -> str:
    return f"{move[0].value}->{move[1].value}"


LEGAL_PAYMENT_MOVES: set[Move] = {
    (PaymentStatus.NONE, PaymentStatus.PENDING),
    (PaymentStatus.PENDING, PaymentStatus.HELD),
    (PaymentStatus.PENDING, PaymentStatus.CANCELED),
    (PaymentStatus.HELD, PaymentStatus.CAPTURED),
    (PaymentStatus.HELD, PaymentStatus.CANCELED),
    (PaymentStatus.CANCELED, PaymentStatus.PENDING),
}
LEGAL_IN_ORDER: list[Move] = sorted(LEGAL_PAYMENT_MOVES, key=move_name)
ILLEGAL_PAYMENT_MOVES: list[Move] = sorted(
    (
        (current, wanted)
        for current, wanted in itertools.product(PaymentStatus, repeat=2)
        if current is not wanted and (current, wanted) not in LEGAL_PAYMENT_MOVES
    ),
    key=move_name,
)


# Accept


def test_the_star_accepts_a_new_order_whose_money_is_held_and_leaves_the_capture_to_the_provider() -> None:
    order = an_order(customer_id=CUSTOMER, star_id=STAR, payment_status=PaymentStatus.HELD)

    order.accept(STAR)

    assert (order.status, order.decline_reason, order.payment_status) == (
        OrderStatus.ACCEPTED,
        None,
        PaymentStatus.HELD,
    )


@pytest.mark.parametrize("payment", [PaymentStatus.NONE, PaymentStatus.PENDING, PaymentStatus.CANCELED])
def test_an_order_whose_money_is_not_held_cannot_be_accepted(payment: PaymentStatus) -> None:
    order = an_order(star_id=STAR, payment_status=payment)
    before = dataclasses.replace(order)

    with pytest.raises(PaymentNotHeldError) as refused:
        order.accept(STAR)

    assert (refused.value.code, order) == ("payment_not_held", before)


@pytest.mark.parametrize("actor", [CUSTOMER, STRANGER])
def test_nobody_but_the_orders_star_accepts_it(actor: int) -> None:
    order = an_order(customer_id=CUSTOMER, star_id=STAR, payment_status=PaymentStatus.HELD)
    before = dataclasses.replace(order)

    with pytest.raises(NotYourOrderError):
        order.accept(actor)

    assert order == before


@pytest.mark.parametrize("status", CLOSED)
def test_an_order_that_is_no_longer_new_cannot_be_accepted(status: OrderStatus) -> None:
    order = an_order(star_id=STAR, status=status, payment_status=PaymentStatus.HELD)
    before = dataclasses.replace(order)

    with pytest.raises(OrderNotNewError):
        order.accept(STAR)

    assert order == before


# Decline


def test_the_star_declines_a_new_order_saying_why() -> None:
    order = an_order(star_id=STAR)

    order.decline(STAR, "  Болею,\nизвините  ")

    assert (order.status, order.decline_reason, order.decline_comment) == (
        OrderStatus.DECLINED,
        DeclineReason.DECLINED,
        "Болею,\nизвините",
    )


def test_the_star_declines_a_new_order_without_a_reason() -> None:
    order = an_order(star_id=STAR)

    order.decline(STAR)

    assert (order.status, order.decline_reason, order.decline_comment) == (
        OrderStatus.DECLINED,
        DeclineReason.DECLINED,
        "",
    )


def test_a_decline_reason_of_the_maximum_length_is_accepted() -> None:
    order = an_order(star_id=STAR)

    order.decline(STAR, "я" * DECLINE_COMMENT_MAX_LENGTH)

    assert len(order.decline_comment) == DECLINE_COMMENT_MAX_LENGTH == 500


@pytest.mark.parametrize("reason", ["я" * (DECLINE_COMMENT_MAX_LENGTH + 1), "Болею\x00", "\x1b[2J"])
def test_a_decline_reason_too_long_or_with_control_characters_is_refused_and_the_order_stays_new(reason: str) -> None:
    order = an_order(star_id=STAR)
    before = dataclasses.replace(order)

    with pytest.raises(InvalidValueError) as refused:
        order.decline(STAR, reason)

    assert (refused.value.field, order) == ("reason", before)


@pytest.mark.parametrize("actor", [CUSTOMER, STRANGER])
def test_nobody_but_the_orders_star_declines_it(actor: int) -> None:
    order = an_order(customer_id=CUSTOMER, star_id=STAR)
    before = dataclasses.replace(order)

    with pytest.raises(NotYourOrderError):
        order.decline(actor, "Не хочу")

    assert order == before


@pytest.mark.parametrize("status", CLOSED)
def test_an_order_that_is_no_longer_new_cannot_be_declined(status: OrderStatus) -> None:
    order = an_order(star_id=STAR, status=status)
    before = dataclasses.replace(order)

    with pytest.raises(OrderNotNewError):
        order.decline(STAR)

    assert order == before


# Cancel


def test_the_customer_cancels_a_new_order() -> None:
    order = an_order(customer_id=CUSTOMER)

    order.cancel(CUSTOMER)

    assert (order.status, order.decline_reason) == (OrderStatus.DECLINED, DeclineReason.CANCELLED)


@pytest.mark.parametrize("actor", [STAR, STRANGER])
def test_nobody_but_the_orders_customer_cancels_it(actor: int) -> None:
    order = an_order(customer_id=CUSTOMER, star_id=STAR)
    before = dataclasses.replace(order)

    with pytest.raises(NotYourOrderError):
        order.cancel(actor)

    assert order == before


@pytest.mark.parametrize("status", CLOSED)
def test_an_order_the_star_decided_on_cannot_be_cancelled(status: OrderStatus) -> None:
    order = an_order(customer_id=CUSTOMER, status=status)
    before = dataclasses.replace(order)

    with pytest.raises(OrderNotNewError):
        order.cancel(CUSTOMER)

    assert order == before


# Expire


def test_a_new_order_nobody_decided_on_expires_as_declined() -> None:
    order = an_order()

    order.expire()

    assert (order.status, order.decline_reason) == (OrderStatus.DECLINED, DeclineReason.EXPIRED)


@pytest.mark.parametrize("status", CLOSED)
def test_an_order_that_is_no_longer_new_does_not_expire(status: OrderStatus) -> None:
    order = an_order(status=status)
    before = dataclasses.replace(order)

    with pytest.raises(OrderNotNewError):
        order.expire()

    assert order == before


# Deliver


def test_the_star_delivers_an_accepted_order() -> None:
    order = an_order(star_id=STAR, status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.CAPTURED)

    order.deliver(STAR, "videos/greeting.mp4", DELIVERED_AT)

    assert (order.video, order.delivered_at, order.is_delivered) == ("videos/greeting.mp4", DELIVERED_AT, True)


def test_an_order_is_not_delivered_before_its_video() -> None:
    order = an_order(status=OrderStatus.ACCEPTED)

    assert (order.is_delivered, order.video, order.delivered_at) == (False, None, None)


def test_an_order_is_delivered_once() -> None:
    order = an_order(star_id=STAR, status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.CAPTURED)
    order.deliver(STAR, "videos/first.mp4", DELIVERED_AT)

    with pytest.raises(AlreadyDeliveredError):
        order.deliver(STAR, "videos/second.mp4", datetime(2025, 6, 4, tzinfo=UTC))

    assert (order.video, order.delivered_at) == ("videos/first.mp4", DELIVERED_AT)


@pytest.mark.parametrize("actor", [CUSTOMER, STRANGER])
def test_nobody_but_the_orders_star_delivers_it(actor: int) -> None:
    order = an_order(
        customer_id=CUSTOMER, star_id=STAR, status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.CAPTURED
    )
    before = dataclasses.replace(order)

    with pytest.raises(NotYourOrderError):
        order.deliver(actor, "videos/greeting.mp4", DELIVERED_AT)

    assert order == before


@pytest.mark.parametrize("status", NOT_ACCEPTED)
def test_an_order_that_is_not_accepted_cannot_be_delivered(status: OrderStatus) -> None:
    order = an_order(star_id=STAR, status=status)
    before = dataclasses.replace(order)

    with pytest.raises(OrderNotAcceptedError):
        order.deliver(STAR, "videos/greeting.mp4", DELIVERED_AT)

    assert order == before


# Payment


def test_the_held_money_of_an_accepted_order_is_captured() -> None:
    order = an_order(status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.HELD)

    moved = order.move_payment(PaymentStatus.CAPTURED)

    assert (moved, order.payment_status) == (True, PaymentStatus.CAPTURED)


ACCEPTED_REFUSES = [move for move in LEGAL_IN_ORDER if move != (PaymentStatus.HELD, PaymentStatus.CAPTURED)]


@pytest.mark.parametrize(("current", "wanted"), ACCEPTED_REFUSES, ids=list(map(move_name, ACCEPTED_REFUSES)))
def test_the_money_of_an_accepted_order_is_never_released_nor_held_anew(
    current: PaymentStatus, wanted: PaymentStatus
) -> None:
    order = an_order(status=OrderStatus.ACCEPTED, payment_status=current)
    before = dataclasses.replace(order)

    with pytest.raises(IllegalPaymentTransitionError):
        order.move_payment(wanted)

    assert order == before


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (PaymentStatus.NONE, PaymentStatus.PENDING),
        (PaymentStatus.PENDING, PaymentStatus.HELD),
        (PaymentStatus.PENDING, PaymentStatus.CANCELED),
        (PaymentStatus.HELD, PaymentStatus.CANCELED),
        (PaymentStatus.CANCELED, PaymentStatus.PENDING),
    ],
)
def test_the_payment_of_a_new_order_moves_along_every_legal_edge_but_capture(
    current: PaymentStatus, wanted: PaymentStatus
) -> None:
    order = an_order(payment_status=current)

    moved = order.move_payment(wanted)

    assert (moved, order.payment_status, order.status) == (True, wanted, OrderStatus.NEW)


@pytest.mark.parametrize(("current", "wanted"), ILLEGAL_PAYMENT_MOVES, ids=list(map(move_name, ILLEGAL_PAYMENT_MOVES)))
def test_the_payment_refuses_every_move_off_the_legal_edges(current: PaymentStatus, wanted: PaymentStatus) -> None:
    order = an_order(status=OrderStatus.ACCEPTED, payment_status=current)
    before = dataclasses.replace(order)

    with pytest.raises(IllegalPaymentTransitionError) as refused:
        order.move_payment(wanted, "pay-1")

    assert (refused.value.code, order) == ("illegal_payment_transition", before)


@pytest.mark.parametrize("status", NOT_ACCEPTED)
def test_money_is_captured_for_an_accepted_order_only(status: OrderStatus) -> None:
    order = an_order(status=status, payment_status=PaymentStatus.HELD)
    before = dataclasses.replace(order)

    with pytest.raises(IllegalPaymentTransitionError):
        order.move_payment(PaymentStatus.CAPTURED)

    assert order == before


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(PaymentStatus.NONE, PaymentStatus.PENDING), (PaymentStatus.PENDING, PaymentStatus.HELD)],
)
def test_no_payment_starts_or_is_held_on_a_declined_order(current: PaymentStatus, wanted: PaymentStatus) -> None:
    order = an_order(status=OrderStatus.DECLINED, payment_status=current)
    before = dataclasses.replace(order)

    with pytest.raises(IllegalPaymentTransitionError):
        order.move_payment(wanted)

    assert order == before


@pytest.mark.parametrize("current", [PaymentStatus.PENDING, PaymentStatus.HELD])
def test_the_money_of_a_declined_order_is_released(current: PaymentStatus) -> None:
    order = an_order(status=OrderStatus.DECLINED, payment_status=current)

    moved = order.move_payment(PaymentStatus.CANCELED)

    assert (moved, order.payment_status) == (True, PaymentStatus.CANCELED)


@pytest.mark.parametrize("payment", list(PaymentStatus))
def test_a_payment_already_in_the_state_reported_is_not_moved(payment: PaymentStatus) -> None:
    order = an_order(status=OrderStatus.ACCEPTED, payment_status=payment)
    before = dataclasses.replace(order)

    moved = order.move_payment(payment, "pay-2")

    assert (moved, order) == (False, before)


def test_a_payment_move_keeps_the_payment_id_given() -> None:
    order = an_order()

    order.move_payment(PaymentStatus.PENDING, "pay-1")

    assert (order.payment_status, order.payment_id) == (PaymentStatus.PENDING, "pay-1")


def test_a_payment_move_without_a_payment_id_keeps_the_one_there() -> None:
    order = an_order(payment_status=PaymentStatus.PENDING)
    order.payment_id = "pay-1"

    order.move_payment(PaymentStatus.HELD)

    assert (order.payment_status, order.payment_id) == (PaymentStatus.HELD, "pay-1")


@pytest.mark.parametrize(
    ("status", "payment", "expected"),
    [
        (OrderStatus.DECLINED, PaymentStatus.PENDING, True),
        (OrderStatus.DECLINED, PaymentStatus.HELD, True),
        (OrderStatus.DECLINED, PaymentStatus.NONE, False),
        (OrderStatus.DECLINED, PaymentStatus.CANCELED, False),
        (OrderStatus.NEW, PaymentStatus.HELD, False),
        (OrderStatus.NEW, PaymentStatus.PENDING, False),
        (OrderStatus.ACCEPTED, PaymentStatus.HELD, False),
        (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED, False),
    ],
)
def test_only_a_declined_order_with_money_pending_or_held_has_money_to_release(
    status: OrderStatus, payment: PaymentStatus, expected: bool
) -> None:
    order = an_order(status=status, payment_status=payment)

    assert order.holds_money_to_release is expected


@pytest.mark.parametrize("closing", ["decline", "cancel", "expire"])
def test_closing_an_order_with_held_money_leaves_it_to_release(closing: str) -> None:
    order = an_order(customer_id=CUSTOMER, star_id=STAR, payment_status=PaymentStatus.HELD)

    match closing:
        case "decline":
            order.decline(STAR)
        case "cancel":
            order.cancel(CUSTOMER)
        case _:
            order.expire()

    assert (order.holds_money_to_release, order.payment_status) == (True, PaymentStatus.HELD)


# Participants and texts


@pytest.mark.parametrize(("user_id", "expected"), [(CUSTOMER, True), (STAR, True), (STRANGER, False)])
def test_an_order_involves_its_customer_and_its_star_only(user_id: int, expected: bool) -> None:
    assert an_order(customer_id=CUSTOMER, star_id=STAR).involves(user_id) is expected


def test_for_whom_is_trimmed_and_at_most_128_characters() -> None:
    assert for_whom("  " + "я" * FOR_WHOM_MAX_LENGTH + " ") == "я" * 128


@pytest.mark.parametrize("raw", ["я" * (FOR_WHOM_MAX_LENGTH + 1), "Маме\nи папе", "Маме\x00"])
def test_for_whom_refuses_long_multi_line_or_control_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        for_whom(raw)

    assert refused.value.field == "for_whom"


def test_a_comment_may_span_lines_up_to_2000_characters() -> None:
    text = "С юбилеем!\n" + "я" * (COMMENT_MAX_LENGTH - 11)

    assert (comment(text), len(text)) == (text, 2000)


@pytest.mark.parametrize("raw", ["я" * (COMMENT_MAX_LENGTH + 1), "С юбилеем\x07"])
def test_a_comment_refuses_long_or_control_text(raw: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        comment(raw)

    assert refused.value.field == "comment"


def test_a_greeting_is_delivered_only_once_its_money_is_captured() -> None:
    held = an_order(status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.HELD)
    captured = an_order(status=OrderStatus.ACCEPTED, payment_status=PaymentStatus.CAPTURED)

    with pytest.raises(PaymentNotHeldError):
        held.deliver(STAR, "videos/greeting.mp4", DELIVERED_AT)
    captured.deliver(STAR, "videos/greeting.mp4", DELIVERED_AT)

    assert (held.video, captured.video) == (None, "videos/greeting.mp4")

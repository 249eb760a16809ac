import pytest

from application.handle_payment_notification import HandlePaymentNotification, NotificationOutcome
from application.ports import NewPayment
from domain.order import OrderStatus, PaymentStatus
from domain.values import Money
from tests.unit.factories import CLIENT, Fakes, a_paid_order, some_people, stored_order


def handle(fakes: Fakes) -> HandlePaymentNotification:
    return HandlePaymentNotification(
        fakes.orders, fakes.gateway, fakes.settlement(), fakes.limiter, fakes.limits(), fakes.uow
    )


async def test_a_payment_the_provider_holds_is_recorded_as_held() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)

    outcome = await handle(fakes).execute(order.payment_id, CLIENT)

    assert outcome is NotificationOutcome.APPLIED
    assert stored_order(fakes, order.id).payment_status is PaymentStatus.HELD


async def test_a_notification_for_a_payment_not_paid_yet_leaves_it_pending() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)

    outcome = await handle(fakes).execute(order.payment_id, CLIENT)

    assert outcome is NotificationOutcome.APPLIED
    assert stored_order(fakes, order.id).payment_status is PaymentStatus.PENDING
    assert fakes.gateway.calls == [f"get {order.payment_id}"]


async def test_duplicates_change_nothing_twice() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)

    for _ in range(3):
        await handle(fakes).execute(order.payment_id, CLIENT)

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.NEW, PaymentStatus.HELD)
    assert [call for call in fakes.gateway.calls if not call.startswith("get")] == []


async def test_a_late_notification_after_the_capture_changes_nothing() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    order.accept(people.star.id)
    order.settle(fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED), fakes.clock.now())
    await fakes.orders.update(order)
    await fakes.uow.commit()

    await handle(fakes).execute(order.payment_id, CLIENT)  # the "waiting_for_capture" that came last

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)


async def test_money_paid_for_a_cancelled_order_is_released() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    order.cancel(people.customer.id)
    await fakes.orders.update(order)
    await fakes.uow.commit()
    fakes.gateway.pay(order.payment_id)  # the customer paid on a page left open

    await handle(fakes).execute(order.payment_id, CLIENT)

    assert stored_order(fakes, order.id).payment_status is PaymentStatus.CANCELED
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED


async def test_an_unknown_payment_is_ignored() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)

    assert await handle(fakes).execute("pay-404", CLIENT) is NotificationOutcome.UNKNOWN_PAYMENT
    assert stored_order(fakes, order.id) == order


@pytest.mark.parametrize("mismatch", ["amount", "order"])
async def test_a_payment_whose_amount_or_order_does_not_match_is_refused(mismatch: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    other = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    amount = Money.parse("1.00") if mismatch == "amount" else order.price
    order_id = order.id if mismatch == "amount" else other.id
    odd = await fakes.gateway.create(NewPayment(order_id, amount, "", ""), "odd-key")
    fakes.gateway.pay(odd.payment_id)
    order.payment_id = odd.payment_id  # as if the order had recorded that payment
    await fakes.orders.update(order)
    await fakes.uow.commit()

    outcome = await handle(fakes).execute(odd.payment_id, CLIENT)

    assert outcome is NotificationOutcome.REFUSED
    assert stored_order(fakes, order.id).payment_status is PaymentStatus.PENDING
    assert fakes.gateway.payments[odd.payment_id].status is PaymentStatus.HELD


async def test_a_state_the_order_cannot_follow_is_refused_and_answered_not_retried() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)  # never seen held here

    outcome = await handle(fakes).execute(order.payment_id, CLIENT)

    assert outcome is NotificationOutcome.REFUSED
    assert stored_order(fakes, order.id) == order

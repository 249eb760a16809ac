import dataclasses
from datetime import timedelta

from application.expire_stale_orders import ExpireStaleOrders, SweepTimings
from domain.order import DeclineReason, OrderStatus, PaymentStatus
from tests.unit.factories import Fakes, a_paid_order, some_people, stored_order
from tests.unit.fakes import NOW, StubClock

TIMINGS = SweepTimings(expiry_margin=timedelta(hours=12), recheck_after=timedelta(minutes=5))


def sweeper(fakes: Fakes, now: timedelta = timedelta(0)) -> ExpireStaleOrders:
    """The sweeper as it runs `now` after the orders were paid."""
    clock = StubClock(NOW + now)
    return ExpireStaleOrders(fakes.orders, fakes.settlement(clock), fakes.order_mail(), fakes.uow, clock, TIMINGS)


async def test_an_order_unanswered_until_shortly_before_its_hold_lapses_is_declined_and_its_money_released() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    assert order.hold_expires_at == NOW + timedelta(days=7)

    early = await sweeper(fakes, timedelta(days=6, hours=11)).execute()
    late = await sweeper(fakes, timedelta(days=6, hours=12)).execute()

    stored = stored_order(fakes, order.id)
    assert (early.expired, late.expired) == (0, 1)
    assert (stored.status, stored.decline_reason, stored.payment_status) == (
        OrderStatus.DECLINED,
        DeclineReason.EXPIRED,
        PaymentStatus.CANCELED,
    )
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED
    mails = fakes.outbox.mails()
    assert {mail.subject for mail in mails} == {f"Заказ №{order.id} закрыт без ответа"}
    assert [mail.to for mail in mails] == [people.customer.email.value, people.star.email.value]


async def test_a_pending_payment_whose_notification_was_lost_is_found_held() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)

    too_soon = await sweeper(fakes, timedelta(minutes=4)).execute()
    report = await sweeper(fakes, timedelta(minutes=5)).execute()

    assert (too_soon.checked, report.checked) == (0, 1)
    assert stored_order(fakes, order.id).payment_status is PaymentStatus.HELD


async def test_a_payment_asked_about_is_not_asked_about_again_until_the_recheck_time() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)

    first = await sweeper(fakes, timedelta(minutes=10)).execute()
    second = await sweeper(fakes, timedelta(minutes=11)).execute()
    third = await sweeper(fakes, timedelta(minutes=15)).execute()

    assert (first.checked, second.checked, third.checked) == (1, 0, 1)


async def test_money_of_a_closed_order_that_could_not_be_released_is_released_later() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    order.decline(people.star.id)
    order.payment_checked_at = NOW
    await fakes.orders.update(order)
    await fakes.uow.commit()
    fakes.gateway.pay(order.payment_id)

    await sweeper(fakes, timedelta(minutes=5)).execute()

    assert stored_order(fakes, order.id).payment_status is PaymentStatus.CANCELED
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED


async def test_when_the_provider_is_down_the_order_waits_for_the_next_round_unchanged() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.down = True

    report = await sweeper(fakes, timedelta(days=7)).execute()

    stored = stored_order(fakes, order.id)
    assert (report.expired, report.failed) == (0, 1)
    assert (stored.status, stored.payment_status) == (OrderStatus.NEW, PaymentStatus.HELD)
    fakes.gateway.down = False
    assert (await sweeper(fakes, timedelta(days=7, minutes=4)).execute()).expired == 0
    assert (await sweeper(fakes, timedelta(days=7, minutes=5)).execute()).expired == 1


async def test_settled_orders_are_left_alone() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    await a_paid_order(fakes, customer=people.customer, star=people.star)

    report = await sweeper(fakes, timedelta(days=1)).execute()

    assert (report.expired, report.checked, report.failed) == (0, 0, 0)
    assert fakes.gateway.calls == []


async def test_lapsing_holds_come_first_and_orders_that_keep_failing_go_to_the_back() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    abandoned = [await a_paid_order(fakes, customer=people.customer, star=people.star, held=False) for _ in range(3)]
    lapsing = await a_paid_order(fakes, customer=people.customer, star=people.star)
    later = NOW + timedelta(days=6, hours=13)
    clock = StubClock(later)
    timings = dataclasses.replace(TIMINGS, batch=2)
    small = ExpireStaleOrders(fakes.orders, fakes.settlement(clock), fakes.order_mail(), fakes.uow, clock, timings)

    first = await small.execute()

    assert (first.expired, first.checked) == (1, 1)
    assert stored_order(fakes, lapsing.id).status is OrderStatus.DECLINED
    checked = [order.id for order in abandoned if stored_order(fakes, order.id).payment_checked_at == later]
    assert checked == [abandoned[0].id]


async def test_an_order_whose_money_was_captured_unbeknown_is_accepted_not_expired() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.move(order.payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)  # the star's accept, lost

    await sweeper(fakes, timedelta(days=6, hours=13)).execute()

    stored = stored_order(fakes, order.id)
    assert (stored.status, stored.payment_status) == (OrderStatus.ACCEPTED, PaymentStatus.CAPTURED)

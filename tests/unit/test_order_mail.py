"""Order e-mails: queued in the order's own transaction, to the right person's address, once."""

import pytest

from application.accept_order import AcceptOrder
from application.cancel_order import CancelOrder
from application.decline_order import DeclineOrder
from application.deliver_congratulation import DeliverCongratulation
from application.errors import PaymentProviderUnavailableError
from application.handle_payment_notification import HandlePaymentNotification
from application.identity import Caller
from domain.order import OrderType
from tests.unit.factories import (
    CLIENT,
    SERVICE_URL,
    Fakes,
    a_paid_order,
    a_stored_order,
    an_accepted_paid_order,
    some_people,
)
from tests.unit.fakes import chunks


async def test_the_star_hears_of_a_new_paid_order_once_however_often_the_provider_says_so() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)
    handle = HandlePaymentNotification(
        fakes.orders, fakes.gateway, fakes.settlement(), fakes.limiter, fakes.limits(), fakes.uow
    )

    for _ in range(3):
        await handle.execute(order.payment_id, CLIENT)

    [mail] = fakes.outbox.mails()
    assert mail.to == people.star.email.value
    assert f"№{order.id}" in mail.subject
    assert SERVICE_URL in mail.body


@pytest.mark.parametrize(
    ("order_type", "ordered"),
    [(OrderType.GREETING, "видео-поздравление"), (OrderType.INVITATION, "приглашение на праздник")],
)
async def test_the_star_is_told_what_was_ordered(order_type: OrderType, ordered: str) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, order_type=order_type)

    await fakes.order_mail().paid(order)
    await fakes.uow.commit()

    [mail] = fakes.outbox.mails()
    assert f"Вам заказали {ordered} «{order.for_whom}»" in mail.body


async def test_the_customer_hears_that_the_order_was_accepted_declined_or_cancelled() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    accepted, declined, cancelled = [
        await a_paid_order(fakes, customer=people.customer, star=people.star) for _ in range(3)
    ]
    mail = fakes.order_mail()

    await AcceptOrder(fakes.orders, fakes.settlement(), mail, fakes.uow).execute(Caller(people.star), accepted.id)
    await DeclineOrder(fakes.orders, fakes.settlement(), mail, fakes.uow).execute(Caller(people.star), declined.id)
    await CancelOrder(fakes.orders, fakes.settlement(), mail, fakes.uow).execute(Caller(people.customer), cancelled.id)

    customer_mails = [m.subject for m in fakes.outbox.mails() if m.to == people.customer.email.value]
    assert customer_mails == [
        f"Заказ №{accepted.id} принят",
        f"Заказ №{declined.id} отклонён",
        f"Заказ №{cancelled.id} отменён",
    ]


async def test_the_star_hears_that_a_paid_order_was_cancelled_but_not_of_one_never_paid() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    paid = await a_paid_order(fakes, customer=people.customer, star=people.star)
    unpaid = await a_stored_order(fakes, customer=people.customer, star=people.star)
    cancel = CancelOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow)

    await cancel.execute(Caller(people.customer), paid.id)
    await cancel.execute(Caller(people.customer), unpaid.id)

    star_mails = [m.subject for m in fakes.outbox.mails() if m.to == people.star.email.value]
    assert star_mails == [f"Заказ №{paid.id} отменён покупателем"]


async def test_the_customer_hears_that_the_video_is_ready() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await an_accepted_paid_order(fakes, people)
    deliver = DeliverCongratulation(fakes.orders, fakes.intake(), fakes.order_mail(), fakes.uow, fakes.clock)

    await deliver.execute(Caller(people.star), order.id, chunks(b"MP4:greeting"))

    [mail] = fakes.outbox.mails()
    assert mail.to == people.customer.email.value
    assert mail.subject == f"Ваше видео-поздравление готово (заказ №{order.id})"


async def test_no_mail_tells_of_a_change_that_did_not_happen() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.down = True

    with pytest.raises(PaymentProviderUnavailableError):
        await AcceptOrder(fakes.orders, fakes.settlement(), fakes.order_mail(), fakes.uow).execute(
            Caller(people.star), order.id
        )

    assert fakes.outbox.mails() == []

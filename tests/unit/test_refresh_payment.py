import pytest

from application.errors import InvalidPaymentLinkError
from application.payments import PAYMENT_LINK
from application.refresh_payment import RefreshPayment
from domain.errors import OrderNotFoundError
from domain.order import PaymentStatus
from tests.unit.factories import Fakes, a_paid_order, some_people, stored_order


def refresh(fakes: Fakes) -> RefreshPayment:
    return RefreshPayment(fakes.orders, fakes.settlement(), fakes.signer, fakes.uow)


async def test_back_from_the_providers_page_the_order_knows_it_is_paid_before_the_notification() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    fakes.gateway.pay(order.payment_id)

    shown = await refresh(fakes).execute(order.id, fakes.signer.sign(PAYMENT_LINK, str(order.id)))

    assert shown.payment_status is PaymentStatus.HELD
    assert stored_order(fakes, order.id).payment_status is PaymentStatus.HELD


async def test_the_page_needs_the_links_signature_for_that_order() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)

    with pytest.raises(InvalidPaymentLinkError):
        await refresh(fakes).execute(order.id, fakes.signer.sign(PAYMENT_LINK, str(order.id + 1)))
    with pytest.raises(OrderNotFoundError):
        await refresh(fakes).execute(404, fakes.signer.sign(PAYMENT_LINK, "404"))


async def test_money_still_held_for_a_closed_order_is_released_when_the_customer_looks() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star)
    order.decline(people.star.id)  # declined while the provider was down: the money stayed held
    await fakes.orders.update(order)
    await fakes.uow.commit()

    shown = await refresh(fakes).execute(order.id, fakes.signer.sign(PAYMENT_LINK, str(order.id)))

    assert shown.payment_status is PaymentStatus.CANCELED
    assert fakes.gateway.payments[order.payment_id].status is PaymentStatus.CANCELED

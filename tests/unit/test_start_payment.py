import pytest

from application.errors import InvalidPaymentLinkError, PaymentProviderUnavailableError
from application.identity import Caller
from application.payments import PAYMENT_LINK
from application.show_payment_link import ShowPaymentLink
from application.start_payment import StartPayment
from domain.errors import AlreadyPaidError, NotYourOrderError, OrderNotFoundError, OrderNotNewError
from domain.order import OrderStatus, PaymentStatus
from tests.unit.factories import Fakes, a_paid_order, a_stored_order, some_people, stored_order


def start_payment(fakes: Fakes) -> StartPayment:
    return StartPayment(fakes.orders, fakes.gateway, fakes.settlement(), fakes.signer, fakes.uow, fakes.clock)


def back(signature: str) -> str:
    return f"https://mystar.example/payments/done/?sig={signature}"


async def test_the_customer_is_sent_to_the_providers_page_of_a_held_payment_for_the_orders_price() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star, price="15000.00")

    target = await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)

    stored = stored_order(fakes, order.id)
    payment = fakes.gateway.payments[stored.payment_id]
    assert target == payment.confirmation_url == stored.payment_url
    assert (stored.payment_status, payment.status, payment.amount) == (
        PaymentStatus.PENDING,
        PaymentStatus.PENDING,
        order.price,
    )
    assert fakes.gateway.calls == [f"create {order.id} {stored.payment_key}"]


async def test_the_idempotence_key_is_stored_before_the_provider_is_asked() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)
    fakes.gateway.down = True

    with pytest.raises(PaymentProviderUnavailableError):
        await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)
    key = stored_order(fakes, order.id).payment_key
    fakes.gateway.down = False
    await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)

    stored = stored_order(fakes, order.id)
    assert key
    assert (stored.payment_key, stored.payment_status) == (key, PaymentStatus.PENDING)
    assert fakes.gateway.calls == [f"create {order.id} {key}"]


async def test_a_repeated_visit_goes_to_the_same_payment() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    first = await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)
    second = await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)

    assert first == second
    assert len(fakes.gateway.payments) == 1
    assert len(fakes.gateway.calls) == 1


async def test_a_cancelled_payment_is_followed_by_a_new_one_under_a_new_key() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_paid_order(fakes, customer=people.customer, star=people.star, held=False)
    order.settle(fakes.gateway.refuse(order.payment_id), fakes.clock.now())
    await fakes.orders.update(order)
    await fakes.uow.commit()

    target = await start_payment(fakes).execute(order.id, Caller(people.customer), None, back)

    stored = stored_order(fakes, order.id)
    assert stored.payment_key != order.payment_key
    assert stored.payment_id != order.payment_id
    assert (target, stored.payment_status) == (stored.payment_url, PaymentStatus.PENDING)


async def test_a_signed_link_stands_in_for_the_customers_login() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)
    signature = await ShowPaymentLink(fakes.orders, fakes.signer).execute(Caller(people.customer), order.id)

    await start_payment(fakes).execute(order.id, None, signature, back)

    assert stored_order(fakes, order.id).payment_status is PaymentStatus.PENDING
    assert fakes.gateway.payments[stored_order(fakes, order.id).payment_id].order_id == order.id


@pytest.mark.parametrize("signature", [None, "", "signed:payment-link:999", "forged"])
async def test_without_a_login_a_missing_or_wrong_signature_opens_nothing(signature: str | None) -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(InvalidPaymentLinkError):
        await start_payment(fakes).execute(order.id, None, signature, back)

    assert fakes.gateway.calls == []


async def test_an_expired_signature_opens_nothing() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)
    signature = fakes.signer.sign(PAYMENT_LINK, str(order.id))
    fakes.signer.expired = True

    with pytest.raises(InvalidPaymentLinkError):
        await start_payment(fakes).execute(order.id, None, signature, back)


async def test_the_star_does_not_pay_and_a_stranger_finds_nothing() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    order = await a_stored_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(NotYourOrderError):
        await start_payment(fakes).execute(order.id, Caller(people.star), None, back)
    with pytest.raises(OrderNotFoundError):
        await start_payment(fakes).execute(order.id, Caller(people.other_customer), None, back)

    assert fakes.gateway.calls == []


async def test_a_closed_or_paid_order_is_not_paid_again() -> None:
    fakes = Fakes()
    people = await some_people(fakes)
    closed = await a_stored_order(fakes, customer=people.customer, star=people.star, status=OrderStatus.DECLINED)
    paid = await a_paid_order(fakes, customer=people.customer, star=people.star)

    with pytest.raises(OrderNotNewError):
        await start_payment(fakes).execute(closed.id, Caller(people.customer), None, back)
    with pytest.raises(AlreadyPaidError):
        await start_payment(fakes).execute(paid.id, Caller(people.customer), None, back)
    with pytest.raises(AlreadyPaidError):
        await ShowPaymentLink(fakes.orders, fakes.signer).execute(Caller(people.customer), paid.id)

    assert fakes.gateway.calls == []

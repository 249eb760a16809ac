"""What the payment use cases share: the idempotence key of each provider operation, and how an order
follows its payment at the provider.

Every provider call is made while the order's row is held by the caller's transaction, so that the
star's accept, the customer's cancel, a notification and the sweeper act on one order one after the
other; when the provider fails the transaction rolls back and the order is as it was.
"""

from datetime import timedelta
from typing import NoReturn

from application.errors import PaymentChangedError, PaymentProviderError, PaymentRefusedError
from application.order_mail import OrderMail
from application.ports import Clock, OrderRepository, PaymentGateway, UnitOfWork
from domain.order import Order, PaymentReport, PaymentStatus

PAYMENT_LINK = "payment-link"
PAYMENT_LINK_LIFETIME = timedelta(days=2)


def capture_key(payment_id: str) -> str:
    """Capture and cancel keys come from the payment's id: stable across retries, unique per payment."""
    return f"capture-{payment_id}"


def cancel_key(payment_id: str) -> str:
    return f"cancel-{payment_id}"


class PaymentSettlement:
    """Keeps an order, whose row the caller holds, in line with its payment at the provider."""

    def __init__(self, gateway: PaymentGateway, clock: Clock, mail: OrderMail) -> None:
        self._gateway = gateway
        self._clock = clock
        self._mail = mail

    async def record(self, order: Order, report: PaymentReport) -> None:
        """Keeps the payment the provider has just made for the order's current attempt."""
        was = order.payment_status
        await self._release_if(order.record_payment(report, self._clock.now()), order, report)
        await self._tell_star_if_paid(order, was)

    async def capture(self, order: Order) -> None:
        """Takes the held money of an order its star has just accepted."""
        report = await self._gateway.capture(order.payment_id, order.price, capture_key(order.payment_id))
        order.settle(report, self._clock.now())

    async def release(self, order: Order) -> None:
        """Releases the money of a closed order. A payment the customer has not paid yet cannot be
        cancelled at the provider; it lapses there, and is released here if it is paid after all.
        Raises PaymentRefusedError when the money turns out to be captured already."""
        if order.payment_status is PaymentStatus.HELD:
            order.settle(await self._cancel(order.payment_id), self._clock.now())
        elif order.payment_status is PaymentStatus.PENDING:
            await self.refresh(order)

    async def report(self, payment_id: str) -> PaymentReport:
        """The payment as the provider knows it now."""
        report = await self._gateway.get(payment_id)
        if report is None:
            raise PaymentProviderError(f"Платёжный сервис не знает платёж {payment_id}")
        return report

    async def refresh(self, order: Order) -> None:
        """Asks the provider about the order's current payment and follows its answer."""
        await self.follow(order, await self.report(order.payment_id))

    async def follow(self, order: Order, report: PaymentReport) -> None:
        """Applies the provider's report to the order, and releases money the order must not keep."""
        was = order.payment_status
        await self._release_if(order.settle(report, self._clock.now()), order, report)
        await self._tell_star_if_paid(order, was)

    async def _tell_star_if_paid(self, order: Order, was: PaymentStatus) -> None:
        if was is not PaymentStatus.HELD and order.payment_status is PaymentStatus.HELD:
            await self._mail.paid(order)

    async def _release_if(self, release: bool, order: Order, report: PaymentReport) -> None:
        if release:
            order.settle(await self._cancel(report.payment_id), self._clock.now())

    async def _cancel(self, payment_id: str) -> PaymentReport:
        try:
            return await self._gateway.cancel(payment_id, cancel_key(payment_id))
        except PaymentRefusedError:
            # Released already (the hold lapsed), which is what we wanted; or captured after all.
            report = await self._gateway.get(payment_id)
            if report is None or report.status is not PaymentStatus.CANCELED:
                raise
            return report


async def refresh_order_payment(
    orders: OrderRepository, uow: UnitOfWork, settlement: PaymentSettlement, order_id: int
) -> Order | None:
    """The order brought in line with its payment (unchanged when it has none yet), or None when there
    is no such order. The provider is asked before the order's row is taken, and the row only when
    there is something to change: a page that polls this holds no lock while the provider answers."""
    order = await orders.get(order_id)
    if order is None or not order.payment_id:
        return order
    report = await settlement.report(order.payment_id)
    if order.agrees_with(report):
        return order
    await uow.begin_write()
    order = await orders.get(order_id, for_update=True)
    if order is None:
        return None
    await settlement.follow(order, report)  # a report older than the order by now changes nothing
    await orders.update(order)
    await uow.commit()
    return order


async def follow_refused_payment(
    orders: OrderRepository, uow: UnitOfWork, settlement: PaymentSettlement, order_id: int
) -> NoReturn:
    """The provider refused to move the money as the order expected: what the order was about to do is
    dropped, the order follows the payment's real state instead, and the caller is told it changed."""
    await uow.rollback()
    await refresh_order_payment(orders, uow, settlement, order_id)
    raise PaymentChangedError

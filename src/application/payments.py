"""What the payment use cases share: the idempotence key of each provider operation, and how an order
follows its payment at the provider.

Every provider call is made while the order's row is held by the caller's transaction, so that the
star's accept, the customer's cancel, a notification and the sweeper act on one order one after the
other; when the provider fails the transaction rolls back and the order is as it was.
"""

from datetime import timedelta

from application.errors import PaymentProviderError, PaymentRefusedError
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

    def __init__(self, gateway: PaymentGateway, clock: Clock) -> None:
        self._gateway = gateway
        self._clock = clock

    async def record(self, order: Order, report: PaymentReport) -> None:
        """Keeps the payment the provider has just made for the order's current attempt."""
        if order.record_payment(report, self._clock.now()):
            order.settle(await self._cancel(report.payment_id), self._clock.now())

    async def capture(self, order: Order) -> None:
        """Takes the held money of an order its star has just accepted."""
        report = await self._gateway.capture(order.payment_id, order.price, capture_key(order.payment_id))
        order.settle(report, self._clock.now())

    async def release(self, order: Order) -> None:
        """Releases the money of a closed order. A payment the customer has not paid yet cannot be
        cancelled at the provider; it lapses there, and is released here if it is paid after all."""
        if order.payment_status is PaymentStatus.HELD:
            order.settle(await self._cancel(order.payment_id), self._clock.now())
        elif order.payment_status is PaymentStatus.PENDING:
            await self.refresh(order)

    async def refresh(self, order: Order) -> None:
        """Asks the provider about the order's current payment and follows its answer."""
        report = await self._gateway.get(order.payment_id)
        if report is None:
            raise PaymentProviderError(f"Платёжный сервис не знает платёж {order.payment_id}")
        await self.follow(order, report)

    async def follow(self, order: Order, report: PaymentReport) -> None:
        """Applies the provider's report to the order, and releases money the order must not keep."""
        if order.settle(report, self._clock.now()):
            order.settle(await self._cancel(report.payment_id), self._clock.now())

    async def _cancel(self, payment_id: str) -> PaymentReport:
        try:
            return await self._gateway.cancel(payment_id, cancel_key(payment_id))
        except PaymentRefusedError:
            # Already released, or captured after all: the provider's state says which.
            report = await self._gateway.get(payment_id)
            if report is None:
                raise
            return report


async def refresh_order_payment(
    orders: OrderRepository, uow: UnitOfWork, settlement: PaymentSettlement, order_id: int
) -> Order | None:
    """In a transaction of its own: the order brought in line with its payment (unchanged when it has
    none yet), or None when there is no such order."""
    await uow.begin_write()
    order = await orders.get(order_id, for_update=True)
    if order is None or not order.payment_id:
        await uow.rollback()
        return order
    await settlement.refresh(order)
    await orders.update(order)
    await uow.commit()
    return order

import logging

from application.errors import PaymentRefusedError
from application.identity import Caller
from application.order_mail import OrderMail
from application.orders import find_order_of
from application.payments import PaymentSettlement, follow_refused_payment
from application.ports import OrderRepository, UnitOfWork
from domain.order import PaymentStatus

logger = logging.getLogger(__name__)


class CancelOrder:
    """The order's customer withdraws an order the star has not decided on yet; the money is released,
    and a star who was told of the paid order is told it is off. When the provider cannot release it,
    nothing changes and the customer may try again."""

    def __init__(
        self, orders: OrderRepository, settlement: PaymentSettlement, mail: OrderMail, uow: UnitOfWork
    ) -> None:
        self._orders = orders
        self._settlement = settlement
        self._mail = mail
        self._uow = uow

    async def execute(self, caller: Caller, order_id: int) -> None:
        await self._uow.begin_write()
        order = await find_order_of(self._orders, caller, order_id, for_update=True)

        star_was_told = order.payment_status is PaymentStatus.HELD  # the star hears of paid orders only
        order.cancel(caller.id)
        try:
            await self._settlement.release(order)
        except PaymentRefusedError:
            await follow_refused_payment(self._orders, self._uow, self._settlement, order_id)
        await self._mail.cancelled(order)
        if star_was_told:
            await self._mail.withdrawn(order)
        await self._orders.update(order)
        await self._uow.commit()

        logger.info("order %s cancelled by customer %s, payment %s", order.id, caller.id, order.payment_status.value)

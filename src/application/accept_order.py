import logging

from application.errors import PaymentRefusedError
from application.identity import Caller
from application.order_mail import OrderMail
from application.orders import find_order_of
from application.payments import PaymentSettlement, follow_refused_payment
from application.ports import OrderRepository, UnitOfWork

logger = logging.getLogger(__name__)


class AcceptOrder:
    """The order's star takes a new, paid order, and its held money is captured. Two decisions on one
    order are made one after the other: the first wins, the second finds the order no longer new.
    When the provider cannot capture, nothing changes; when it refuses (the hold is gone), the order
    follows the payment's real state and the star is told the payment changed."""

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

        order.accept(caller.id)
        try:
            await self._settlement.capture(order)
        except PaymentRefusedError:
            await follow_refused_payment(self._orders, self._uow, self._settlement, order_id)
        await self._mail.accepted(order)
        await self._orders.update(order)
        await self._uow.commit()

        logger.info("order %s accepted by star %s, payment %s captured", order.id, caller.id, order.payment_id)

import logging

from application.errors import PaymentRefusedError
from application.identity import Caller
from application.order_mail import OrderMail
from application.orders import find_order_of
from application.payments import PaymentSettlement, follow_refused_payment
from application.ports import OrderRepository, UnitOfWork

logger = logging.getLogger(__name__)


class DeclineOrder:
    """The order's star refuses a new order, optionally saying why; the customer's money is released.
    When the provider cannot release it, nothing changes and the star may try again."""

    def __init__(
        self, orders: OrderRepository, settlement: PaymentSettlement, mail: OrderMail, uow: UnitOfWork
    ) -> None:
        self._orders = orders
        self._settlement = settlement
        self._mail = mail
        self._uow = uow

    async def execute(self, caller: Caller, order_id: int, reason: str | None = None) -> None:
        await self._uow.begin_write()
        order = await find_order_of(self._orders, caller, order_id, for_update=True)

        order.decline(caller.id, reason)
        try:
            await self._settlement.release(order)
        except PaymentRefusedError:
            await follow_refused_payment(self._orders, self._uow, self._settlement, order_id)
        await self._mail.declined(order)
        await self._orders.update(order)
        await self._uow.commit()

        logger.info("order %s declined by star %s, payment %s", order.id, caller.id, order.payment_status.value)

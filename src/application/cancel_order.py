import logging

from application.identity import Caller
from application.orders import find_order_of
from application.ports import OrderRepository, UnitOfWork

logger = logging.getLogger(__name__)


class CancelOrder:
    """The order's customer withdraws an order the star has not decided on yet."""

    def __init__(self, orders: OrderRepository, uow: UnitOfWork) -> None:
        self._orders = orders
        self._uow = uow

    async def execute(self, caller: Caller, order_id: int) -> None:
        await self._uow.begin_write()
        order = await find_order_of(self._orders, caller, order_id, for_update=True)

        # TODO(#4): a held payment is released here.
        order.cancel(caller.id)
        await self._orders.update(order)
        await self._uow.commit()

        logger.info("order %s cancelled by customer %s", order.id, caller.id)

import logging

from application.identity import Caller
from application.orders import OrderPolicy, find_order_of
from application.ports import OrderRepository, UnitOfWork

logger = logging.getLogger(__name__)


class AcceptOrder:
    """The order's star takes a new order. Two decisions on one order are made one after the other:
    the first wins, the second finds the order no longer new."""

    def __init__(self, orders: OrderRepository, policy: OrderPolicy, uow: UnitOfWork) -> None:
        self._orders = orders
        self._policy = policy
        self._uow = uow

    async def execute(self, caller: Caller, order_id: int) -> None:
        await self._uow.begin_write()
        order = await find_order_of(self._orders, caller, order_id, for_update=True)

        order.accept(caller.id, payment_required=self._policy.payment_required)
        await self._orders.update(order)
        await self._uow.commit()

        logger.info("order %s accepted by star %s", order.id, caller.id)

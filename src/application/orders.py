"""How a caller finds an order."""

from application.identity import Caller
from application.ports import OrderRepository
from domain.errors import OrderNotFoundError
from domain.order import Order


async def find_order_of(orders: OrderRepository, caller: Caller, order_id: int, *, for_update: bool = False) -> Order:
    """The order, if the caller takes part in it. To anybody else it does not exist (404, not 403)."""
    order = await orders.get(order_id, for_update=for_update)
    if order is None or not order.involves(caller.id):
        raise OrderNotFoundError
    return order

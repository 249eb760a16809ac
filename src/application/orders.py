"""What the order use cases share: the payment policy and how a caller finds an order."""

from dataclasses import dataclass

from application.identity import Caller
from application.ports import OrderRepository
from domain.errors import OrderNotFoundError
from domain.order import Order


@dataclass(frozen=True, slots=True)
class OrderPolicy:
    """`payment_required`: a star may accept an order only once its money is held."""

    # TODO(#4): payments switch this on; until then there is no way to pay, so accepting needs no hold.
    payment_required: bool = False


async def find_order_of(orders: OrderRepository, caller: Caller, order_id: int, *, for_update: bool = False) -> Order:
    """The order, if the caller takes part in it. To anybody else it does not exist (404, not 403)."""
    order = await orders.get(order_id, for_update=for_update)
    if order is None or not order.involves(caller.id):
        raise OrderNotFoundError
    return order

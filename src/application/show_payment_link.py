from application.identity import Caller
from application.orders import find_order_of
from application.payments import PAYMENT_LINK
from application.ports import LinkSigner, OrderRepository


class ShowPaymentLink:
    """The signature of the link on which the order's customer pays (and which works without a login,
    say when opened in another browser). Only for a new order not paid yet."""

    def __init__(self, orders: OrderRepository, signer: LinkSigner) -> None:
        self._orders = orders
        self._signer = signer

    async def execute(self, caller: Caller, order_id: int) -> str:
        order = await find_order_of(self._orders, caller, order_id)
        order.ensure_payable_by(caller.id)
        return self._signer.sign(PAYMENT_LINK, str(order.id))

import logging

from application.errors import InvalidPaymentLinkError
from application.payments import PAYMENT_LINK, PAYMENT_LINK_LIFETIME, PaymentSettlement, refresh_order_payment
from application.ports import LinkSigner, OrderRepository, UnitOfWork
from domain.errors import ConflictError, OrderNotFoundError, PaymentMismatchError
from domain.order import Order

logger = logging.getLogger(__name__)


class RefreshPayment:
    """The customer is back from the provider's page (through the signed link's return address): the
    order asks the provider how its payment stands instead of waiting for the notification."""

    def __init__(
        self, orders: OrderRepository, settlement: PaymentSettlement, signer: LinkSigner, uow: UnitOfWork
    ) -> None:
        self._orders = orders
        self._settlement = settlement
        self._signer = signer
        self._uow = uow

    async def execute(self, order_id: int, signature: str) -> Order:
        if not self._signer.verify(PAYMENT_LINK, str(order_id), signature, PAYMENT_LINK_LIFETIME):
            raise InvalidPaymentLinkError
        try:
            order = await refresh_order_payment(self._orders, self._uow, self._settlement, order_id)
        except (PaymentMismatchError, ConflictError) as error:
            await self._uow.rollback()
            logger.error("order %s: its payment could not be followed: %s", order_id, error.message)
            order = await self._orders.get(order_id)
        if order is None:
            raise OrderNotFoundError
        return order

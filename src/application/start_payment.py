import logging
import secrets
from collections.abc import Callable

from application.errors import InvalidPaymentLinkError
from application.identity import Caller
from application.payments import PAYMENT_LINK, PAYMENT_LINK_LIFETIME, PaymentSettlement
from application.ports import Clock, LinkSigner, NewPayment, OrderRepository, PaymentGateway, UnitOfWork
from domain.errors import OrderNotFoundError
from domain.order import Order, PaymentStatus

logger = logging.getLogger(__name__)
DESCRIPTION_MAX_LENGTH = 128  # YooKassa's limit


class StartPayment:
    """Sends the customer to the provider's payment page: the payment is created once per attempt (a
    repeated visit goes to the same page), held rather than captured, and under an idempotence key
    stored before the provider is asked, so that a retry after a crash finds the payment made then.

    The payer is the order's customer by login (`payer`) or by a signed link (`signature`). The
    provider sends the payer back to `return_url(<a fresh signature>)`, which shows how the payment
    went; the answer is where to send the payer now: the provider's page, or back there when the order
    turned out to be paid already.
    """

    def __init__(
        self,
        orders: OrderRepository,
        gateway: PaymentGateway,
        settlement: PaymentSettlement,
        signer: LinkSigner,
        uow: UnitOfWork,
        clock: Clock,
    ) -> None:
        self._orders = orders
        self._gateway = gateway
        self._settlement = settlement
        self._signer = signer
        self._uow = uow
        self._clock = clock

    async def execute(
        self, order_id: int, payer: Caller | None, signature: str | None, return_url: Callable[[str], str]
    ) -> str:
        self._authorise(order_id, payer, signature)
        await self._uow.begin_write()
        order = await self._locked(order_id, payer)
        customer_id = payer.id if payer else order.customer_id
        if order.begin_payment(customer_id, secrets.token_hex(16)):
            order = await self._keep_new_key(order, payer)
        back = return_url(self._signer.sign(PAYMENT_LINK, str(order.id)))

        if order.payment_status is not PaymentStatus.PENDING:
            description = f"My Star, заказ №{order.id}: {order.for_whom}"[:DESCRIPTION_MAX_LENGTH]
            report = await self._gateway.create(NewPayment(order.id, order.price, description, back), order.payment_key)
            await self._settlement.record(order, report)
            await self._orders.update(order)
            logger.info("order %s: payment %s created", order.id, order.payment_id)
        await self._uow.commit()
        return order.payment_url if order.payment_status is PaymentStatus.PENDING else back

    def _authorise(self, order_id: int, payer: Caller | None, signature: str | None) -> None:
        """A login is checked against the order later; without one, the link's signature must hold."""
        if payer is not None:
            return
        if not signature or not self._signer.verify(PAYMENT_LINK, str(order_id), signature, PAYMENT_LINK_LIFETIME):
            raise InvalidPaymentLinkError

    async def _keep_new_key(self, order: Order, payer: Caller | None) -> Order:
        """Commits the attempt's idempotence key before the provider hears of it, so that whatever
        happens next a retry reuses it; answers the order locked again, still payable."""
        await self._orders.update(order)
        await self._uow.commit()
        await self._uow.begin_write()
        order = await self._locked(order.id, payer)
        order.ensure_payable_by(order.customer_id)
        return order

    async def _locked(self, order_id: int, payer: Caller | None) -> Order:
        order = await self._orders.get(order_id, for_update=True)
        if order is None or (payer is not None and not order.involves(payer.id)):
            raise OrderNotFoundError
        return order

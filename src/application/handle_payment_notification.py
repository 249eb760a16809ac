import logging
from enum import Enum

from application.payments import PaymentSettlement
from application.ports import OrderRepository, PaymentGateway, RateLimiter, UnitOfWork
from application.rate_limits import AbuseLimits, spend
from domain.errors import ConflictError, PaymentMismatchError

logger = logging.getLogger(__name__)


class NotificationOutcome(Enum):
    APPLIED = "applied"
    UNKNOWN_PAYMENT = "unknown_payment"
    REFUSED = "refused"


class HandlePaymentNotification:
    """The provider says something happened to a payment. What it says is not believed: the payment is
    read back from the provider by its id, and only that state is applied to the order, and only as
    far as the order's rules allow. A repeated or late notification therefore changes nothing twice,
    and a forged one can at most make us ask the provider about a payment (which is why the notifications
    of a `source` are limited in number; None: the provider's own networks, never held back)."""

    def __init__(
        self,
        orders: OrderRepository,
        gateway: PaymentGateway,
        settlement: PaymentSettlement,
        limiter: RateLimiter,
        limits: AbuseLimits,
        uow: UnitOfWork,
    ) -> None:
        self._orders = orders
        self._gateway = gateway
        self._settlement = settlement
        self._limiter = limiter
        self._limits = limits
        self._uow = uow

    async def execute(self, payment_id: str, source: str | None) -> NotificationOutcome:
        if source is not None:
            await spend(self._limiter, self._limits.notifications_per_client, f"notification-client:{source}")
        report = await self._gateway.get(payment_id)
        if report is None:
            logger.warning("payment notification for %r, which the provider does not know: ignored", payment_id)
            return NotificationOutcome.UNKNOWN_PAYMENT

        await self._uow.begin_write()
        order = await self._orders.find_by_payment(payment_id)
        if order is None and report.order_id is not None:
            # Not the current payment of any order: an earlier attempt, whose money must not stay held.
            order = await self._orders.get(report.order_id, for_update=True)
        if order is None:
            await self._uow.rollback()
            logger.warning("payment %s names no order of ours (%s): ignored", payment_id, report.order_id)
            return NotificationOutcome.UNKNOWN_PAYMENT
        try:
            await self._settlement.follow(order, report)
        except (PaymentMismatchError, ConflictError) as error:
            await self._uow.rollback()
            logger.error("payment %s of order %s refused: %s", payment_id, order.id, error.message)
            return NotificationOutcome.REFUSED
        await self._orders.update(order)
        await self._uow.commit()
        logger.info("payment %s of order %s: %s", payment_id, order.id, report.status.value)
        return NotificationOutcome.APPLIED

import logging
from dataclasses import dataclass
from datetime import timedelta

from application.errors import PaymentProviderUnavailableError, PaymentRefusedError
from application.order_mail import OrderMail
from application.payments import PaymentSettlement, refresh_order_payment
from application.ports import Clock, OrderRepository, PaymentDue, UnitOfWork
from domain.errors import DomainError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SweepTimings:
    """`expiry_margin`: how long before its hold lapses a new order is declined as expired;
    `recheck_after`: how long a payment that is not settled waits before the provider is asked again."""

    expiry_margin: timedelta = timedelta(hours=12)
    recheck_after: timedelta = timedelta(minutes=5)
    batch: int = 100


@dataclass(slots=True)
class SweepReport:
    expired: int = 0
    checked: int = 0
    failed: int = 0


class ExpireStaleOrders:
    """The payment sweeper's round: declines (reason `expired`) the new orders whose held money the
    provider would let go soon, releasing it; and asks the provider about payments that are not
    settled — a new order's payment still pending, a closed order's money not yet released — in case
    a notification was lost. Lapsing holds come first, then the orders the provider was asked about
    longest ago, so that orders that keep failing do not crowd out the rest. Each order is handled in a
    transaction of its own that holds its row and skips a row another worker holds, so several
    workers never handle one order twice."""

    def __init__(
        self,
        orders: OrderRepository,
        settlement: PaymentSettlement,
        mail: OrderMail,
        uow: UnitOfWork,
        clock: Clock,
        timings: SweepTimings,
    ) -> None:
        self._orders = orders
        self._settlement = settlement
        self._mail = mail
        self._uow = uow
        self._clock = clock
        self._timings = timings

    async def execute(self) -> SweepReport:
        report = SweepReport()
        order_ids = await self._orders.needing_payment_work(self._due(), self._timings.batch)
        await self._uow.rollback()
        for order_id in order_ids:
            try:
                await self._sweep(order_id, report)
            except PaymentRefusedError:
                # The provider would not release money it has captured: the order follows it instead.
                await self._uow.rollback()
                await refresh_order_payment(self._orders, self._uow, self._settlement, order_id)
                report.checked += 1
            except DomainError as error:
                await self._uow.rollback()
                report.failed += 1
                if isinstance(error, PaymentProviderUnavailableError):
                    logger.warning("payment sweeper: order %s: %s", order_id, error.message)
                else:
                    logger.exception("payment sweeper: order %s could not be settled", order_id)
                await self._put_off(order_id)
        if order_ids:
            logger.info(
                "payment sweeper: %s expired, %s checked, %s failed", report.expired, report.checked, report.failed
            )
        return report

    async def _sweep(self, order_id: int, report: SweepReport) -> None:
        await self._uow.begin_write()
        order = await self._orders.lock_unless_busy(order_id)
        due = self._due()
        if order is None or not order.needs_payment_check(due.lapse_before, due.recheck_before):
            await self._uow.rollback()  # gone, or another worker got there first
            return
        if order.hold_lapses_before(due.lapse_before):
            order.expire()
            await self._settlement.release(order)
            await self._mail.expired(order)
            report.expired += 1
            logger.info("order %s expired unanswered; payment %s", order.id, order.payment_status.value)
        else:
            await self._settlement.refresh(order)
            report.checked += 1
        await self._orders.update(order)
        await self._uow.commit()

    async def _put_off(self, order_id: int) -> None:
        """An order the provider could not settle now goes to the back of the queue, and is looked at
        again after `recheck_after`."""
        await self._uow.begin_write()
        order = await self._orders.lock_unless_busy(order_id)
        if order is not None:
            order.payment_checked_at = self._clock.now()
            await self._orders.update(order)
        await self._uow.commit()

    def _due(self) -> PaymentDue:
        now = self._clock.now()
        return PaymentDue(
            lapse_before=now + self._timings.expiry_margin, recheck_before=now - self._timings.recheck_after
        )

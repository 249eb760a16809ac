"""The order and its three states side by side: the decision (status), the money (payment), the video (delivery)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum, IntEnum

from domain.errors import (
    AlreadyDeliveredError,
    AlreadyPaidError,
    IllegalPaymentTransitionError,
    NotYourOrderError,
    OrderNotAcceptedError,
    OrderNotNewError,
    PaymentMismatchError,
    PaymentNotHeldError,
)
from domain.values import Money, bounded_text

FOR_WHOM_MAX_LENGTH = 128
COMMENT_MAX_LENGTH = 2000
DECLINE_COMMENT_MAX_LENGTH = 500
# How long a card hold lasts when the provider does not say (YooKassa: about seven days).
DEFAULT_HOLD_LIFETIME = timedelta(days=7)


class OrderStatus(IntEnum):
    DECLINED = -1
    NEW = 0
    ACCEPTED = 1


class DeclineReason(Enum):
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class PaymentStatus(Enum):
    NONE = "none"
    PENDING = "pending"
    HELD = "held"
    CAPTURED = "captured"
    CANCELED = "canceled"


class OrderType(Enum):
    GREETING = "greeting"
    INVITATION = "invitation"


# Where the money may go from each state; every other move is refused. A cancelled payment of a new
# order may be followed by a new one (the customer tries again).
_PAYMENT_MOVES: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.NONE: frozenset({PaymentStatus.PENDING}),
    PaymentStatus.PENDING: frozenset({PaymentStatus.HELD, PaymentStatus.CANCELED}),
    PaymentStatus.HELD: frozenset({PaymentStatus.CAPTURED, PaymentStatus.CANCELED}),
    PaymentStatus.CAPTURED: frozenset(),
    PaymentStatus.CANCELED: frozenset({PaymentStatus.PENDING}),
}


@dataclass(frozen=True, slots=True)
class PaymentReport:
    """A payment as the payment provider reports it when asked (never as a notification claims it)."""

    payment_id: str
    status: PaymentStatus
    amount: Money
    order_id: int | None
    confirmation_url: str = ""
    expires_at: datetime | None = None


def for_whom(raw: str | None) -> str:
    return bounded_text(raw, "for_whom", FOR_WHOM_MAX_LENGTH)


def comment(raw: str | None) -> str:
    return bounded_text(raw, "comment", COMMENT_MAX_LENGTH, multiline=True)


@dataclass(slots=True)
class Order:
    """A greeting ordered by a customer from a star.

    The status moves once: new → accepted (the star, once the money is held) or new → declined (the
    star declines, the customer cancels, or nobody answers before the hold lapses). The money is held
    before the star decides, captured on accept, released on any decline; the money of an accepted
    order is never released. Only the star of an accepted, paid order delivers the video, once.

    Payment bookkeeping: `payment_key` is the idempotence key of the current payment attempt, stored
    before the provider is asked to create the payment, so that a retry after a crash finds the same
    payment instead of making a second one; `payment_id` and `payment_url` are that payment and its
    checkout page; `hold_expires_at` is when the provider lets the hold lapse; `payment_checked_at` is
    when the provider was last asked about it.
    """

    customer_id: int
    star_id: int
    order_type: OrderType
    price: Money
    for_whom: str
    comment: str
    ordered_at: datetime
    by_date: date | None = None
    status: OrderStatus = OrderStatus.NEW
    decline_reason: DeclineReason | None = None
    decline_comment: str = ""
    payment_status: PaymentStatus = PaymentStatus.NONE
    payment_id: str = ""
    payment_key: str = ""
    payment_url: str = ""
    hold_expires_at: datetime | None = None
    payment_checked_at: datetime | None = None
    video: str | None = None
    delivered_at: datetime | None = None
    id: int = field(default=0)

    def involves(self, user_id: int) -> bool:
        return user_id in (self.customer_id, self.star_id)

    @property
    def is_delivered(self) -> bool:
        return self.video is not None

    def accept(self, actor_id: int) -> None:
        """The order's star takes the order while it is new and its money is held."""
        self._ensure_star(actor_id)
        self._ensure_new()
        if self.payment_status is not PaymentStatus.HELD:
            raise PaymentNotHeldError
        self.status = OrderStatus.ACCEPTED

    def decline(self, actor_id: int, reason_text: str | None = None) -> None:
        """The order's star refuses the order while it is new."""
        self._ensure_star(actor_id)
        self._ensure_new()
        self.decline_comment = bounded_text(reason_text, "reason", DECLINE_COMMENT_MAX_LENGTH, multiline=True)
        self._close(DeclineReason.DECLINED)

    def cancel(self, actor_id: int) -> None:
        """The order's customer withdraws the order while the star has not decided."""
        if actor_id != self.customer_id:
            raise NotYourOrderError("Отменить заказ может только заказчик")
        self._ensure_new()
        self._close(DeclineReason.CANCELLED)

    def expire(self) -> None:
        """Nobody decided in time: the order closes as if declined."""
        self._ensure_new()
        self._close(DeclineReason.EXPIRED)

    def deliver(self, actor_id: int, video: str, now: datetime) -> None:
        """The star of an accepted order whose money is captured hands over the video, once."""
        self.ensure_deliverable_by(actor_id)
        self.video = video
        self.delivered_at = now

    def ensure_deliverable_by(self, actor_id: int) -> None:
        self._ensure_star(actor_id)
        if self.status is not OrderStatus.ACCEPTED:
            raise OrderNotAcceptedError
        if self.payment_status is not PaymentStatus.CAPTURED:
            raise PaymentNotHeldError
        if self.is_delivered:
            raise AlreadyDeliveredError

    def ensure_payable_by(self, actor_id: int) -> None:
        """Only the customer pays, only for a new order, and only once."""
        if actor_id != self.customer_id:
            raise NotYourOrderError("Оплатить заказ может только заказчик")
        self._ensure_new()
        if self.payment_status in (PaymentStatus.HELD, PaymentStatus.CAPTURED):
            raise AlreadyPaidError

    def begin_payment(self, actor_id: int, new_key: str) -> bool:
        """Prepares the customer's payment attempt; answers True when it took `new_key` (which must then
        be stored before the provider is asked). A payment under way, or a key not yet used, is kept."""
        self.ensure_payable_by(actor_id)
        if self.payment_status is PaymentStatus.PENDING or (self.payment_key and not self.payment_id):
            return False
        self.payment_key = new_key
        self.payment_id = ""
        self.payment_url = ""
        self.hold_expires_at = None
        return True

    def record_payment(self, report: PaymentReport, now: datetime) -> bool:
        """The provider made the payment of the current attempt; answers whether money must be released."""
        self._ensure_report_is_ours(report)
        if not self.payment_id:
            self.move_payment(PaymentStatus.PENDING, report.payment_id)
            self.payment_url = report.confirmation_url
        return self.settle(report, now)

    def settle(self, report: PaymentReport, now: datetime) -> bool:
        """Brings the order's payment in line with what the provider reports, and answers whether money
        is held that this order must not keep (its hold is then to be cancelled at the provider).

        The provider's state only moves forward, so a report older than what the order knows changes
        nothing. Money held for a closed order, or for an attempt that is not the order's current one,
        is to be released. A capture the order does not know of can only come from its star's accept
        whose answer was lost before the order was saved: the order is accepted then. A report that
        contradicts the order's money (captured for a declined order, released for an accepted one)
        raises a ConflictError and changes nothing.
        """
        self._ensure_report_is_ours(report)
        release = self.must_release(report)
        if report.payment_id == self.payment_id and not self.agrees_with(report):
            self._follow(report, now)
        self.payment_checked_at = now
        return release

    def must_release(self, report: PaymentReport) -> bool:
        """Whether the money this report says is held must go back: the order is closed, or the payment
        is not the order's current one."""
        if report.status is not PaymentStatus.HELD:
            return False
        return report.payment_id != self.payment_id or self.status is OrderStatus.DECLINED

    def agrees_with(self, report: PaymentReport) -> bool:
        """Nothing to do about this report: the order already knows it, and keeps no money it must not."""
        known = report.payment_id != self.payment_id or report.status is self.payment_status
        return known and not self.must_release(report)

    def _follow(self, report: PaymentReport, now: datetime) -> None:
        reported = report.status
        if reported is PaymentStatus.PENDING:
            return  # the order is at least there already
        if reported is PaymentStatus.HELD:
            if self.status is OrderStatus.NEW and self.payment_status is PaymentStatus.PENDING:
                self.move_payment(PaymentStatus.HELD)
                self.hold_expires_at = report.expires_at or now + DEFAULT_HOLD_LIFETIME
            return
        if reported is PaymentStatus.CAPTURED and self.status is OrderStatus.NEW:
            self.accept(self.star_id)
        self.move_payment(reported)

    def hold_lapses_before(self, moment: datetime) -> bool:
        """A new order whose held money the provider lets go before `moment`."""
        return (
            self.status is OrderStatus.NEW
            and self.payment_status is PaymentStatus.HELD
            and self.hold_expires_at is not None
            and self.hold_expires_at <= moment
        )

    @property
    def holds_money_to_release(self) -> bool:
        """Declined with money still reserved (or about to be): the hold must be cancelled at the provider."""
        return self.status is OrderStatus.DECLINED and self.payment_status in (
            PaymentStatus.PENDING,
            PaymentStatus.HELD,
        )

    @property
    def payment_unsettled(self) -> bool:
        """Waiting for news of its payment: a new order's payment not paid yet, or money to release."""
        pending_for_new = self.status is OrderStatus.NEW and self.payment_status is PaymentStatus.PENDING
        return pending_for_new or self.holds_money_to_release

    def needs_payment_check(self, lapse_before: datetime, recheck_before: datetime) -> bool:
        """The payment sweeper's business: a hold that lapses before `lapse_before`, or a payment not
        settled; either only when the provider was last asked before `recheck_before`."""
        due = self.hold_lapses_before(lapse_before) or self.payment_unsettled
        return due and (self.payment_checked_at is None or self.payment_checked_at <= recheck_before)

    def move_payment(self, wanted: PaymentStatus, payment_id: str | None = None) -> bool:
        """Applies a payment state the provider reported; answers False when it is already there.

        Captured money belongs to an accepted order only, and an accepted order's money is never
        released; a hold never starts on a closed order.
        """
        if wanted is self.payment_status:
            return False
        refused = (
            wanted not in _PAYMENT_MOVES[self.payment_status]
            or (wanted is PaymentStatus.CAPTURED and self.status is not OrderStatus.ACCEPTED)
            or (wanted is PaymentStatus.CANCELED and self.status is OrderStatus.ACCEPTED)
            or (wanted in (PaymentStatus.PENDING, PaymentStatus.HELD) and self.status is not OrderStatus.NEW)
        )
        if refused:
            raise IllegalPaymentTransitionError(self.payment_status.value, wanted.value)
        if payment_id is not None:
            self.payment_id = payment_id
        self.payment_status = wanted
        return True

    def _ensure_report_is_ours(self, report: PaymentReport) -> None:
        if report.order_id != self.id or report.amount != self.price:
            raise PaymentMismatchError(report.payment_id)

    def _ensure_star(self, actor_id: int) -> None:
        if actor_id != self.star_id:
            raise NotYourOrderError("Принять, отклонить заказ или загрузить видео может только звезда этого заказа")

    def _ensure_new(self) -> None:
        if self.status is not OrderStatus.NEW:
            raise OrderNotNewError

    def _close(self, reason: DeclineReason) -> None:
        self.status = OrderStatus.DECLINED
        self.decline_reason = reason

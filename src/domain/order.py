"""The order and its three states side by side: the decision (status), the money (payment), the video (delivery)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, IntEnum

from domain.errors import (
    AlreadyDeliveredError,
    IllegalPaymentTransitionError,
    NotYourOrderError,
    OrderNotAcceptedError,
    OrderNotNewError,
    PaymentNotHeldError,
)
from domain.values import Money, bounded_text

FOR_WHOM_MAX_LENGTH = 128
COMMENT_MAX_LENGTH = 2000
DECLINE_COMMENT_MAX_LENGTH = 500


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


def for_whom(raw: str | None) -> str:
    return bounded_text(raw, "for_whom", FOR_WHOM_MAX_LENGTH)


def comment(raw: str | None) -> str:
    return bounded_text(raw, "comment", COMMENT_MAX_LENGTH, multiline=True)


@dataclass(slots=True)
class Order:
    """A greeting ordered by a customer from a star.

    The status moves once: new → accepted (the star, with the money held when payments are on) or
    new → declined (the star declines, the customer cancels, or nobody answers in time). The money
    is held before the star decides, captured on accept, released on any decline; the money of an
    accepted order is never released. Only the star of an accepted order delivers the video, once,
    and with payments on only once the money is captured.
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
    video: str | None = None
    delivered_at: datetime | None = None
    id: int = field(default=0)

    def involves(self, user_id: int) -> bool:
        return user_id in (self.customer_id, self.star_id)

    @property
    def is_delivered(self) -> bool:
        return self.video is not None

    def accept(self, actor_id: int, *, payment_required: bool) -> None:
        """The order's star takes the order while it is new (and, with payments on, paid and held)."""
        self._ensure_star(actor_id)
        self._ensure_new()
        if payment_required and self.payment_status is not PaymentStatus.HELD:
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

    def deliver(self, actor_id: int, video: str, now: datetime, *, payment_required: bool) -> None:
        """The star of an accepted (and, with payments on, paid) order hands over the video, once."""
        self._ensure_star(actor_id)
        if self.status is not OrderStatus.ACCEPTED:
            raise OrderNotAcceptedError
        if payment_required and self.payment_status is not PaymentStatus.CAPTURED:
            raise PaymentNotHeldError
        if self.is_delivered:
            raise AlreadyDeliveredError
        self.video = video
        self.delivered_at = now

    @property
    def holds_money_to_release(self) -> bool:
        """Declined with money still reserved: the hold must be cancelled at the provider."""
        return self.status is OrderStatus.DECLINED and self.payment_status in (
            PaymentStatus.PENDING,
            PaymentStatus.HELD,
        )

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

    def _ensure_star(self, actor_id: int) -> None:
        if actor_id != self.star_id:
            raise NotYourOrderError("Принять, отклонить заказ или загрузить видео может только звезда этого заказа")

    def _ensure_new(self) -> None:
        if self.status is not OrderStatus.NEW:
            raise OrderNotNewError

    def _close(self, reason: DeclineReason) -> None:
        self.status = OrderStatus.DECLINED
        self.decline_reason = reason

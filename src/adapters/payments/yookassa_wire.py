"""The payment object of the YooKassa v3 API, as the provider sends it and as the sandbox imitates it."""

from datetime import datetime

import msgspec

from application.errors import PaymentProviderError
from domain.errors import InvalidValueError
from domain.order import PaymentReport, PaymentStatus
from domain.values import Money

CURRENCY = "RUB"
STATUS_OF_WIRE = {
    "pending": PaymentStatus.PENDING,
    "waiting_for_capture": PaymentStatus.HELD,
    "succeeded": PaymentStatus.CAPTURED,
    "canceled": PaymentStatus.CANCELED,
}
WIRE_OF_STATUS = {status: wire for wire, status in STATUS_OF_WIRE.items()}
# The event a notification names when a payment reaches each state.
EVENT_OF_STATUS = {
    PaymentStatus.HELD: "payment.waiting_for_capture",
    PaymentStatus.CAPTURED: "payment.succeeded",
    PaymentStatus.CANCELED: "payment.canceled",
}


class Amount(msgspec.Struct):
    value: str
    currency: str = CURRENCY


class Confirmation(msgspec.Struct, omit_defaults=True):
    type: str
    confirmation_url: str = ""
    return_url: str = ""


class Payment(msgspec.Struct, omit_defaults=True):
    id: str
    status: str
    amount: Amount
    paid: bool = False
    description: str = ""
    metadata: dict[str, str] = msgspec.field(default_factory=dict)
    confirmation: Confirmation | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None
    test: bool = False


class Notification(msgspec.Struct):
    event: str
    object: Payment
    type: str = "notification"


def amount_of(money: Money) -> Amount:
    return Amount(value=str(money))


def to_report(payment: Payment) -> PaymentReport:
    """Our reading of the provider's payment; anything we cannot read is the provider's error."""
    status = STATUS_OF_WIRE.get(payment.status)
    if status is None or payment.amount.currency != CURRENCY:
        raise PaymentProviderError(f"Платёж {payment.id}: непонятный статус или валюта")
    try:
        amount = Money.parse(payment.amount.value, "amount")
        order_id = int(payment.metadata["order_id"]) if "order_id" in payment.metadata else None
    except (InvalidValueError, ValueError) as error:
        raise PaymentProviderError(f"Платёж {payment.id}: непонятная сумма или номер заказа") from error
    return PaymentReport(
        payment_id=payment.id,
        status=status,
        amount=amount,
        order_id=order_id,
        confirmation_url=payment.confirmation.confirmation_url if payment.confirmation else "",
        expires_at=payment.expires_at,
    )


def decode_report(body: bytes) -> PaymentReport:
    try:
        payment = msgspec.json.decode(body, type=Payment)
    except msgspec.DecodeError as error:
        raise PaymentProviderError("Платёжный сервис прислал непонятный ответ") from error
    return to_report(payment)

"""Errors of the outside world as the use cases see them; the HTTP layer maps each to a status."""

import math
from datetime import timedelta

from domain.errors import DomainError


class PaymentProviderUnavailableError(DomainError):
    """The provider did not answer (down, timed out, overloaded): nothing was changed, try again later."""

    code = "payment_provider_unavailable"

    def __init__(self, message: str = "Платёжный сервис недоступен, попробуйте позже") -> None:
        super().__init__(message)


class PaymentProviderError(DomainError):
    """The provider answered something we cannot use (an error of ours or of theirs): nothing was changed."""

    code = "payment_provider_error"

    def __init__(self, message: str = "Платёжный сервис ответил ошибкой") -> None:
        super().__init__(message)


class PaymentRefusedError(PaymentProviderError):
    """The provider refused the operation for this payment's state (say, capturing a cancelled hold)."""

    code = "payment_refused"

    def __init__(self, message: str = "Платёжный сервис отказал в операции") -> None:
        super().__init__(message)


class PaymentChangedError(DomainError):
    """The payment turned out to be in another state than the order knew; the order now follows it."""

    code = "payment_changed"

    def __init__(self) -> None:
        super().__init__("Состояние платежа изменилось, обновите заказ")


class InvalidPaymentLinkError(DomainError):
    code = "invalid_payment_link"

    def __init__(self) -> None:
        super().__init__("Ссылка на оплату недействительна или устарела")


class MailDeliveryError(DomainError):
    """The mail server (or whatever stands for it) did not take the mail; the outbox tries again later,
    unless the refusal is `permanent` (the server will never take it: an address it does not know)."""

    code = "mail_delivery_failed"

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class TooManyRequestsError(DomainError):
    """A rate limit is spent: the client may try again after `retry_after`."""

    code = "too_many_requests"

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__("Слишком много запросов, повторите позже")
        self.retry_after = retry_after

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds()))

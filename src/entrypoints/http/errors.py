"""One table from core errors to HTTP statuses, and the handlers that give every error the same shape."""

import logging
import re
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from adapters.persistence.database import DatabaseUnreachableError
from application.errors import (
    InvalidPaymentLinkError,
    PaymentChangedError,
    PaymentProviderError,
    PaymentProviderUnavailableError,
    TooManyRequestsError,
)
from domain.errors import (
    AccessDeniedError,
    AlreadyDeliveredError,
    AlreadyLikedError,
    AuthenticationError,
    ConflictError,
    DomainError,
    InvalidValueError,
    NotFoundError,
    PaymentMismatchError,
    ResetTokenError,
    ResetTokenExpiredError,
    TooLargeError,
    UnsupportedMediaError,
)
from entrypoints.http.schemas import ErrorField, ErrorOut, PasswordErrorsOut, StatusOut

logger = logging.getLogger(__name__)
PROVIDER_RETRY_AFTER = "30"
# A database that is busy or restarting is worth asking again in a moment.
RETRY_SOON = {"Retry-After": "1"}
DATABASE_UNAVAILABLE = ErrorOut(
    detail="База данных недоступна, повторите запрос чуть позже", code="database_unavailable"
)
# Litestar 2 refuses a form of too many parts with a 400 and this detail (its _multipart.py: "FIXME (3.0):
# This should raise a 413"); the words are all there is to know it by.
_MULTIPART_TOO_LARGE = "Request Entity Too Large"

STATUS_OF: dict[type[DomainError], int] = {
    InvalidValueError: 400,
    AuthenticationError: 401,
    AccessDeniedError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    TooLargeError: 413,
    UnsupportedMediaError: 415,
    PaymentChangedError: 409,
    InvalidPaymentLinkError: 403,
    PaymentProviderError: 502,
    PaymentMismatchError: 502,
    PaymentProviderUnavailableError: 503,
    TooManyRequestsError: 429,
}

# Kept from the original API: these refusals answer with their message in a one-element array.
ARRAY_ANSWERS: tuple[type[DomainError], ...] = (AlreadyLikedError, AlreadyDeliveredError)

_HTTP_CODES = {
    400: "malformed_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    503: "service_unavailable",
}


# Litestar's own refusals speak English; these say the same to our clients in Russian.
_HTTP_DETAILS = {
    404: "Не найдено",
    405: "Этот метод здесь не поддерживается",
    413: "Тело запроса больше, чем принимает этот адрес",
}


def status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400


def error_response(
    status: int, body: ErrorOut, headers: dict[str, str] | None = None
) -> Response[ErrorOut | list[str]]:
    return Response(body, status_code=status, headers=headers)


def retry_after(error: TooManyRequestsError) -> dict[str, str]:
    return {"Retry-After": str(error.retry_after_seconds)}


def reset_link_status(error: ResetTokenError) -> str:
    """What the original answered of a dead reset link: `expired`, or `notfound` for anything else."""
    return "expired" if isinstance(error, ResetTokenExpiredError) else "notfound"


def handle_dead_reset_link(_: Request[Any, Any, Any], error: ResetTokenError) -> Response[StatusOut]:
    """The reset routes answer a dead link with `{"status": "notfound" | "expired"}`, as the original did."""
    return Response(StatusOut(status=reset_link_status(error)), status_code=status_of(error))


def handle_weak_password(request: Request[Any, Any, Any], error: InvalidValueError) -> Response[Any]:
    """The reset confirmation answers a password its rules refuse with `{"password": ["..."]}`."""
    if error.field != "password":
        return handle_domain_error(request, error)
    return Response(PasswordErrorsOut(password=[error.message]), status_code=status_of(error))


def _auth_headers(status: int) -> dict[str, str] | None:
    return {"WWW-Authenticate": "Bearer"} if status == 401 else None


def handle_domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[ErrorOut | list[str]]:
    status = status_of(error)
    if isinstance(error, ARRAY_ANSWERS):
        return Response([error.message], status_code=status)
    body = ErrorOut(detail=error.message, code=error.code)
    if isinstance(error, InvalidValueError):
        body.errors = [ErrorField(field=error.field, message=error.message)]
    headers = _auth_headers(status)
    if isinstance(error, TooManyRequestsError):
        headers = retry_after(error)
    if status >= 500:
        # Not the client's fault: somebody has to know (the provider is down or answers nonsense).
        logger.error("%s %r: %s (%s)", request.method, request.url.path, error.message, error.code)
        headers = {"Retry-After": PROVIDER_RETRY_AFTER} if status == 503 else None
    return error_response(status, body, headers)


# msgspec names the place of a wrong value at the end of its message: "Expected `str`, got `int` - at `$.token`".
_MSGSPEC_PATH = re.compile(r" - at `\$\.?([^`]*)`$")
# The name Litestar gives the body as a whole.
_BODY = "data"


def error_field(key: str, message: str) -> ErrorField:
    """The field a decoding error is about: the one msgspec names in a body, else the parameter's key."""
    if key in (_BODY, "body"):
        if not message or message == f"'{_BODY}'":
            return ErrorField(field="body", message="Нужно тело запроса: JSON-объект")
        path = _MSGSPEC_PATH.search(message)
        if path is not None:
            return ErrorField(field=path.group(1) or "body", message=message[: path.start()])
        return ErrorField(field="body", message=message)
    return ErrorField(field=key or "request", message=message)


def handle_validation_error(_: Request[Any, Any, Any], error: ValidationException) -> Response[ErrorOut | list[str]]:
    """Litestar's own checks: a wrong type, a missing or malformed parameter or field."""
    items = error.extra if isinstance(error.extra, list) else [{"message": str(error.detail)}]
    fields = [
        error_field(str(item.get("key") or item.get("source") or "request"), str(item.get("message", "")))
        for item in items
        if isinstance(item, dict)
    ]
    return error_response(400, ErrorOut(detail="Неверные данные запроса", code="validation_error", errors=fields))


def handle_http_exception(_: Request[Any, Any, Any], error: HTTPException) -> Response[ErrorOut | list[str]]:
    status = error.status_code
    if status == 400 and error.detail == _MULTIPART_TOO_LARGE:
        status = 413
    # Litestar's own words (the status's phrase) are said in Russian; a detail a route chose stays.
    own_words = error.detail in (HTTPStatus(status).phrase, _MULTIPART_TOO_LARGE)
    detail = _HTTP_DETAILS.get(status, str(error.detail)) if own_words else str(error.detail)
    body = ErrorOut(detail=detail, code=_HTTP_CODES.get(status, "http_error"))
    headers = dict(error.headers or {}) | (_auth_headers(status) or {})
    if status == 413:
        # The rest of the body is never read, so the connection cannot carry another request: say so.
        headers["Connection"] = "close"
    return error_response(status, body, headers or None)


def handle_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[ErrorOut | list[str]]:
    logger.error("unhandled error on %s %r", request.method, request.url.path, exc_info=error)
    return error_response(
        HTTP_500_INTERNAL_SERVER_ERROR, ErrorOut(detail="Внутренняя ошибка сервера", code="internal_error")
    )


def _database_away(error: DBAPIError) -> bool:
    """A lost connection, or SQLite's writer lock held too long: not a fault of the request or the code."""
    return error.connection_invalidated or (
        isinstance(error, OperationalError) and "database is locked" in str(error.orig)
    )


def handle_database_unavailable(request: Request[Any, Any, Any], error: Exception) -> Response[ErrorOut | list[str]]:
    """The database is busy (no connection free in time, SQLite's writer lock held too long) or away (a
    connection lost or refused): the transaction did not commit, nothing was changed, and the client may
    try again shortly; the pool makes new connections by itself once the database answers. Any other
    database error (a missing table, a wrong statement) is a fault of ours, answered and logged as one."""
    if isinstance(error, DBAPIError) and not _database_away(error):
        return handle_unexpected(request, error)
    logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(error).__name__)
    return error_response(503, DATABASE_UNAVAILABLE, RETRY_SOON)


EXCEPTION_HANDLERS = {
    PoolTimeoutError: handle_database_unavailable,
    DatabaseUnreachableError: handle_database_unavailable,
    DBAPIError: handle_database_unavailable,
    DomainError: handle_domain_error,
    ValidationException: handle_validation_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}

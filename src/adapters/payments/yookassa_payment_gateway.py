"""YooKassa's v3 API over httpx: two-stage payments (`capture: false`), Basic auth, idempotence keys."""

import logging
import re
from typing import Any

import httpx
import msgspec

from adapters.payments.yookassa_wire import Confirmation, amount_of, decode_report
from application.errors import PaymentProviderError, PaymentProviderUnavailableError, PaymentRefusedError
from application.ports import NewPayment
from domain.order import PaymentReport
from domain.values import Money

logger = logging.getLogger(__name__)

YOOKASSA_API_URL = "https://api.yookassa.ru/v3"
# Connecting should be quick; an answer may take a while under load, but never long enough to hold an
# order's row (and a database connection) for more than a few seconds.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
_PAYMENT_ID = re.compile(r"[0-9A-Za-z-]{1,64}")
# Answers after which repeating the request with the same idempotence key is the right thing to do.
_TRY_AGAIN = frozenset({202, 429, 500, 502, 503, 504})


def yookassa_client(
    shop_id: str, secret_key: str, api_url: str = YOOKASSA_API_URL, timeout: httpx.Timeout = DEFAULT_TIMEOUT
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=api_url.rstrip("/") + "/", auth=httpx.BasicAuth(shop_id, secret_key), timeout=timeout
    )


class YooKassaPaymentGateway:
    """The PaymentGateway of a real shop. Its `client` carries the shop's credentials and base URL."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def create(self, payment: NewPayment, idempotence_key: str) -> PaymentReport:
        body = {
            "amount": amount_of(payment.amount),
            "capture": False,
            "confirmation": Confirmation(type="redirect", return_url=payment.return_url),
            "description": payment.description,
            "metadata": {"order_id": str(payment.order_id)},
        }
        return await self._send("POST", "payments", body, idempotence_key)

    async def get(self, payment_id: str) -> PaymentReport | None:
        if _PAYMENT_ID.fullmatch(payment_id) is None:
            return None  # no payment of theirs looks like that: not worth a request
        try:
            return await self._send("GET", f"payments/{payment_id}")
        except _NotFoundError:
            return None

    async def capture(self, payment_id: str, amount: Money, idempotence_key: str) -> PaymentReport:
        path = f"payments/{payment_id}/capture"
        return await self._send("POST", path, {"amount": amount_of(amount)}, idempotence_key)

    async def cancel(self, payment_id: str, idempotence_key: str) -> PaymentReport:
        return await self._send("POST", f"payments/{payment_id}/cancel", {}, idempotence_key)

    async def _send(
        self, method: str, path: str, body: dict[str, Any] | None = None, idempotence_key: str | None = None
    ) -> PaymentReport:
        headers = {"Idempotence-Key": idempotence_key} if idempotence_key else {}
        content = msgspec.json.encode(body) if body is not None else None
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = await self._client.request(method, path, content=content, headers=headers)
        except httpx.HTTPError as error:
            logger.warning("YooKassa %s %s: %r", method, path, error)
            raise PaymentProviderUnavailableError from error
        if response.status_code == 200:
            return decode_report(response.content)
        logger.warning("YooKassa %s %s answered %s: %s", method, path, response.status_code, response.text[:500])
        if response.status_code in _TRY_AGAIN:
            raise PaymentProviderUnavailableError
        if response.status_code == 404 and method == "GET":
            raise _NotFoundError
        if response.status_code == 400 and path.endswith(("/capture", "/cancel")) and not _blames_a_field(response):
            raise PaymentRefusedError  # the payment's state does not allow it
        raise PaymentProviderError


class _NotFoundError(Exception):
    pass


def _blames_a_field(response: httpx.Response) -> bool:
    """A 400 naming a `parameter` is a malformed request of ours, not a refusal for the payment's state."""
    try:
        return bool(response.json().get("parameter"))
    except (ValueError, AttributeError):
        return False

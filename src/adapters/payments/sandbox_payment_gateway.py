"""The built-in payment provider: YooKassa's two-stage payments, in this process, with no account.

It keeps its payments in a database of its own (not the service's: it stands for another company's
system), serves the payer a checkout page with Pay and Cancel buttons (`/payments/sandbox/<id>/`),
and sends the same notifications YooKassa sends to the service's notification address, retrying a
few times when nobody answers. Capturing or cancelling a payment in the wrong state is refused, as
the real provider refuses it; a repeated create with the same idempotence key finds the same payment.
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import httpx
import msgspec
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.payments.yookassa_wire import (
    CURRENCY,
    EVENT_OF_STATUS,
    STATUS_OF_WIRE,
    WIRE_OF_STATUS,
    Amount,
    Confirmation,
    Notification,
    Payment,
    to_report,
)
from adapters.persistence.database import WRITE_TRANSACTION
from application.errors import PaymentRefusedError
from application.ports import Clock, NewPayment
from domain.order import DEFAULT_HOLD_LIFETIME, PaymentReport, PaymentStatus
from domain.values import Money

logger = logging.getLogger(__name__)
# A payment nobody pays is cancelled by the provider after a while, as YooKassa does.
PENDING_LIFETIME = timedelta(hours=1)

SANDBOX_METADATA = MetaData()
sandbox_payment = Table(
    "sandbox_payment",
    SANDBOX_METADATA,
    Column("id", String(36), primary_key=True),
    Column("create_key", String(64), nullable=False, unique=True),
    Column("order_id", String(20), nullable=False),
    Column("amount", String(20), nullable=False),
    Column("description", String(128), nullable=False),
    Column("return_url", Text, nullable=False),
    Column("status", String(24), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
)


class Notifier(Protocol):
    async def send(self, notification: bytes) -> None:
        """Deliver one notification (JSON) to the shop; raise when it was not accepted."""


class HttpNotifier:
    """Posts notifications to the shop's notification address, as YooKassa does."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self._url = url
        self._client = client

    async def send(self, notification: bytes) -> None:
        response = await self._client.post(
            self._url, content=notification, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()


@dataclass(frozen=True, slots=True)
class Checkout:
    """What the payer sees on the checkout page."""

    payment_id: str
    amount: str
    description: str
    status: PaymentStatus
    return_url: str


class SandboxPaymentGateway:
    """The PaymentGateway of the sandbox, and the payer's side of it (`checkout`, `pay`, `refuse`)."""

    def __init__(
        self,
        engine: AsyncEngine,
        checkout_url: str,
        notifier: Notifier,
        clock: Clock,
        *,
        hold_lifetime: timedelta = DEFAULT_HOLD_LIFETIME,
        pending_lifetime: timedelta = PENDING_LIFETIME,
        retry_delays: Sequence[float] = (1.0, 5.0, 30.0),
    ) -> None:
        self._engine = engine
        self._checkout_url = checkout_url.rstrip("/")
        self._notifier = notifier
        self._clock = clock
        self._hold_lifetime = hold_lifetime
        self._pending_lifetime = pending_lifetime
        self._retry_delays = tuple(retry_delays)
        self._deliveries: set[asyncio.Task[None]] = set()

    async def prepare(self) -> None:
        async with self._engine.begin() as connection:
            await connection.run_sync(SANDBOX_METADATA.create_all)

    async def close(self) -> None:
        """Stops notifications still being retried, and lets the database go."""
        for task in self._deliveries:
            task.cancel()
        await asyncio.gather(*self._deliveries, return_exceptions=True)
        await self._engine.dispose()

    # The provider's API.

    async def create(self, payment: NewPayment, idempotence_key: str) -> PaymentReport:
        row = {
            "id": str(uuid.uuid4()),
            "create_key": idempotence_key,
            "order_id": str(payment.order_id),
            "amount": str(payment.amount),
            "description": payment.description,
            "return_url": payment.return_url,
            "status": WIRE_OF_STATUS[PaymentStatus.PENDING],
            "created_at": self._clock.now(),
        }
        try:
            async with self._writing() as connection:
                await connection.execute(insert(sandbox_payment).values(row))
        except IntegrityError:
            pass  # the same key again: the same payment, as the real provider answers
        async with self._engine.connect() as connection:
            found = await connection.execute(
                select(sandbox_payment).where(sandbox_payment.c.create_key == idempotence_key)
            )
            return to_report(self._payment(found.one()._asdict()))

    async def get(self, payment_id: str) -> PaymentReport | None:
        payment = await self._find(payment_id)
        return None if payment is None else to_report(payment)

    async def capture(self, payment_id: str, amount: Money, idempotence_key: str) -> PaymentReport:
        payment = await self._find(payment_id)
        if payment is not None and payment.amount.value != str(amount):
            raise PaymentRefusedError("Сумма списания не совпадает с суммой платежа")
        return await self._move(payment_id, PaymentStatus.HELD, PaymentStatus.CAPTURED)

    async def cancel(self, payment_id: str, idempotence_key: str) -> PaymentReport:
        return await self._move(payment_id, PaymentStatus.HELD, PaymentStatus.CANCELED)

    # The payer's side.

    async def checkout(self, payment_id: str) -> Checkout | None:
        payment = await self._find(payment_id)
        if payment is None:
            return None
        return Checkout(
            payment_id=payment.id,
            amount=payment.amount.value,
            description=payment.description,
            status=to_report(payment).status,
            return_url=payment.confirmation.return_url if payment.confirmation else "",
        )

    async def pay(self, payment_id: str) -> PaymentReport:
        """The payer confirms: the money is held for `hold_lifetime`."""
        return await self._move(payment_id, PaymentStatus.PENDING, PaymentStatus.HELD)

    async def refuse(self, payment_id: str) -> PaymentReport:
        """The payer gives up: the payment is cancelled."""
        return await self._move(payment_id, PaymentStatus.PENDING, PaymentStatus.CANCELED)

    async def _move(self, payment_id: str, source: PaymentStatus, target: PaymentStatus) -> PaymentReport:
        """Moves the payment from `source` to `target`; one already in `target` stays (a repeated call)."""
        changes: dict[str, object] = {"status": WIRE_OF_STATUS[target]}
        if target is PaymentStatus.HELD:
            changes["expires_at"] = self._clock.now() + self._hold_lifetime
        async with self._writing() as connection:
            moved = await connection.execute(
                update(sandbox_payment)
                .where(sandbox_payment.c.id == payment_id, sandbox_payment.c.status == WIRE_OF_STATUS[source])
                .values(changes)
            )
        payment = await self._find(payment_id)
        if payment is None or (moved.rowcount == 0 and payment.status != WIRE_OF_STATUS[target]):
            raise PaymentRefusedError(f"Платёж {payment_id} в состоянии {payment.status if payment else 'нет'}")
        if moved.rowcount:
            self._notify(payment, target)
        return to_report(payment)

    def _notify(self, payment: Payment, status: PaymentStatus) -> None:
        body = msgspec.json.encode(Notification(event=EVENT_OF_STATUS[status], object=payment))
        task = asyncio.create_task(self._deliver(payment.id, body))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    async def _deliver(self, payment_id: str, body: bytes) -> None:
        for delay in (0.0, *self._retry_delays):
            await asyncio.sleep(delay)
            try:
                await self._notifier.send(body)
            except Exception as error:
                logger.warning("sandbox: notification of payment %s not delivered: %r", payment_id, error)
            else:
                return
        logger.error("sandbox: notification of payment %s given up", payment_id)

    async def _find(self, payment_id: str) -> Payment | None:
        """The payment as it stands now: one left unpaid for `pending_lifetime` is cancelled first."""
        async with self._engine.connect() as connection:
            found = await connection.execute(select(sandbox_payment).where(sandbox_payment.c.id == payment_id))
            row = found.one_or_none()
        if row is None:
            return None
        payment = self._payment(row._asdict())
        lapsed = payment.created_at is not None and payment.created_at <= self._clock.now() - self._pending_lifetime
        if payment.status != WIRE_OF_STATUS[PaymentStatus.PENDING] or not lapsed:
            return payment
        async with self._writing() as connection:
            moved = await connection.execute(
                update(sandbox_payment)
                .where(sandbox_payment.c.id == payment_id, sandbox_payment.c.status == payment.status)
                .values(status=WIRE_OF_STATUS[PaymentStatus.CANCELED])
            )
        if moved.rowcount:
            payment = msgspec.structs.replace(payment, status=WIRE_OF_STATUS[PaymentStatus.CANCELED])
            self._notify(payment, PaymentStatus.CANCELED)
            return payment
        return await self._find(payment_id)  # moved meanwhile by someone else: read what it is now

    def _payment(self, row: dict[str, object]) -> Payment:
        payment_id = str(row["id"])
        status = str(row["status"])
        return Payment(
            id=payment_id,
            status=status,
            amount=Amount(value=str(row["amount"]), currency=CURRENCY),
            paid=STATUS_OF_WIRE[status] in (PaymentStatus.HELD, PaymentStatus.CAPTURED),
            description=str(row["description"]),
            metadata={"order_id": str(row["order_id"])},
            confirmation=Confirmation(
                type="redirect",
                confirmation_url=f"{self._checkout_url}/{payment_id}/",
                return_url=str(row["return_url"]),
            ),
            created_at=_aware(row["created_at"]),
            expires_at=_aware(row["expires_at"]),
            test=True,
        )

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncConnection]:
        async with self._engine.connect() as connection:
            connection = await connection.execution_options(**{WRITE_TRANSACTION: True})
            async with connection.begin():
                yield connection


def _aware(value: object) -> datetime | None:
    """SQLite gives back naive datetimes; the sandbox stores UTC only."""
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)

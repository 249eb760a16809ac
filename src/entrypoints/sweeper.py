"""The payment sweeper running beside the HTTP server: one round every MYSTAR_PAYMENT_SWEEP_SECONDS.

Every worker runs one; they share the work through row locks (see ExpireStaleOrders), so more workers
mean no double work, only more hands.
"""

import asyncio
import contextlib
import logging
import random

from dishka import AsyncContainer

from application.expire_stale_orders import ExpireStaleOrders

logger = logging.getLogger(__name__)


class PaymentSweeper:
    def __init__(self, container: AsyncContainer, interval: float) -> None:
        self._container = container
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._interval > 0:
            self._task = asyncio.create_task(self._run(), name="payment-sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def sweep_once(self) -> None:
        async with self._container() as request:
            report = await (await request.get(ExpireStaleOrders)).execute()
        if report.expired or report.checked or report.failed:
            logger.info(
                "payment sweeper: %s expired, %s checked, %s failed", report.expired, report.checked, report.failed
            )

    async def _run(self) -> None:
        # Workers started together should not all sweep at the same moment.
        await asyncio.sleep(random.uniform(0, self._interval))  # noqa: S311 - spreading load, not a secret
        while True:
            try:
                await self.sweep_once()
            except Exception:
                logger.exception("payment sweeper round failed")
            await asyncio.sleep(self._interval)

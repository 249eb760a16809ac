"""Duties that run beside the HTTP server in every worker, each on its own interval: the payment
sweeper (MYSTAR_PAYMENT_SWEEP_SECONDS) and the mail outbox (MYSTAR_MAIL_SEND_SECONDS). Workers share
the work through row locks and leases, so more workers mean no double work, only more hands."""

import asyncio
import contextlib
import logging
import random
from typing import Protocol

from dishka import AsyncContainer

logger = logging.getLogger(__name__)


class Duty(Protocol):
    async def execute(self) -> object: ...


class Periodic:
    """Runs `duty` (resolved afresh from the container each round) every `interval` seconds; 0: never."""

    def __init__(self, container: AsyncContainer, duty: type[Duty], interval: float) -> None:
        self._container = container
        self._duty = duty
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._interval > 0:
            self._task = asyncio.create_task(self._run(), name=self._duty.__name__)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run_once(self) -> object:
        async with self._container() as request:
            return await (await request.get(self._duty)).execute()

    async def _run(self) -> None:
        # Workers started together should not all run their rounds at the same moment.
        await asyncio.sleep(random.uniform(0, self._interval))  # noqa: S311 - spreading load, not a secret
        while True:
            try:
                await self.run_once()
            except Exception:
                logger.exception("%s: the round failed", self._duty.__name__)
            await asyncio.sleep(self._interval)

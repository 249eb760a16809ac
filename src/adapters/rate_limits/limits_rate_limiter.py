import hashlib
import logging
import time
from datetime import timedelta

import coredis
from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.errors import StorageError

from application.ports import Rate

logger = logging.getLogger(__name__)
# A store that is down fails every request: it is logged once in this long, not every time.
FAULT_LOG_SECONDS = 60.0


class LimitsRateLimiter:
    """Fixed-window counters kept by the `limits` library: in this process's memory, or in Redis when a
    Redis URL is given, so that every worker and machine counts against the same limit.

    A key's window opens with its first hit and lasts the rate's period: one number a key (a moving window
    keeps every hit, and the memory storage trimmed those lists with a thread hop a key after every hit,
    which cost a fifth of the logins a second the benchmark measured), and the wait it tells is exact: the
    window's end. The price: hits bunched at the end of one window and the start of the next may pass up to
    twice the count within one period, once.

    Keys are hashed before they are stored (they hold e-mail addresses and client addresses). When Redis
    cannot be reached the limit is not applied and the fault is logged: a rate limit must not take the
    service down with it."""

    def __init__(self, redis_url: str = "", namespace: str = "mystar") -> None:
        # Deployments (or test runs) that share one Redis database keep apart by their namespaces.
        self._namespace = namespace
        self._pool: coredis.ConnectionPool | None = None
        storage: Storage = MemoryStorage(wrap_exceptions=True)
        if redis_url:
            # The connections are ours, so that `close` can end them (the library would leave them open).
            self._pool = coredis.ConnectionPool.from_url(redis_url)
            storage = RedisStorage(
                f"async+{redis_url}",
                wrap_exceptions=True,
                connection_pool=self._pool,  # type: ignore[arg-type]  # handed on to coredis as it is
            )
        self._strategy = FixedWindowRateLimiter(storage)
        self._fault_logged_at = -FAULT_LOG_SECONDS

    def close(self) -> None:
        if self._pool is not None:
            self._pool.disconnect()

    async def hit(self, rate: Rate, key: str) -> timedelta | None:
        item, name = self._item(rate), _stored_name(key)
        try:
            if await self._strategy.hit(item, name):
                return None
            stats = await self._strategy.get_window_stats(item, name)
        except StorageError as error:
            self._log_fault(key, error)
            return None
        return timedelta(seconds=max(1.0, stats.reset_time - time.time()))

    async def forget(self, rate: Rate, key: str) -> None:
        try:
            await self._strategy.clear(self._item(rate), _stored_name(key))
        except StorageError as error:
            self._log_fault(key, error)

    def _item(self, rate: Rate) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(rate.count, max(1, round(rate.period.total_seconds())), namespace=self._namespace)

    def _log_fault(self, key: str, error: StorageError) -> None:
        now = time.monotonic()
        if now - self._fault_logged_at < FAULT_LOG_SECONDS:
            logger.debug("rate limit %s not applied: %s", key.partition(":")[0], error)
            return
        self._fault_logged_at = now
        logger.error(
            "rate limits not applied: the counters' store failed (logged once a minute while it lasts)",
            exc_info=error,
        )


def _stored_name(key: str) -> str:
    """Keys hold e-mail and client addresses: Redis sees only their hashes."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

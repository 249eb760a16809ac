import logging
import secrets
import time

import coredis
from coredis.retry import NoRetryPolicy

logger = logging.getLogger(__name__)
# A catalogue read waits at most this long for Redis before it answers from the database.
TIMEOUT_SECONDS = 1.0
# An unreadable version is told to the log at most this often (every read finds it so).
WARN_EVERY_SECONDS = 30.0


class RedisCatalogueVersion:
    """The catalogue's version in Redis, for workers on several machines. When Redis cannot be reached
    (or answers too slowly), the version reads as new every time (nothing kept is served, every answer
    comes from the database) and the fault is logged: a cache must not serve what it cannot check. A
    bump that cannot be made is logged and lets the answers kept elsewhere live out their age."""

    def __init__(self, redis_url: str, namespace: str) -> None:
        self._pool = coredis.ConnectionPool.from_url(
            redis_url, connect_timeout=TIMEOUT_SECONDS, stream_timeout=TIMEOUT_SECONDS
        )
        # No retries: a read that Redis cannot answer at once is answered from the database instead.
        self._redis: coredis.Redis[bytes] = coredis.Redis(connection_pool=self._pool, retry_policy=NoRetryPolicy())
        self._key = f"{namespace}:catalogue-version"
        self._warned_at = float("-inf")

    async def current(self) -> bytes:
        try:
            return await self._redis.get(self._key) or b""
        except Exception as error:  # whatever Redis's client raises, the database answers
            now = time.monotonic()
            if now - self._warned_at >= WARN_EVERY_SECONDS:
                self._warned_at = now
                logger.warning("catalogue version unreadable, nothing kept is served: %r", error)
            return secrets.token_bytes(16)

    async def bump(self) -> None:
        try:
            await self._redis.set(self._key, secrets.token_hex(16))
        except Exception as error:  # the change is committed: its request must not fail for this
            logger.error("catalogue version not bumped, kept answers may be a minute old: %r", error)

    def close(self) -> None:
        self._pool.disconnect()

import logging
import secrets
import time
from collections.abc import Callable

import coredis
from coredis.retry import NoRetryPolicy

logger = logging.getLogger(__name__)
# A catalogue read waits at most this long for Redis before it answers from the database.
TIMEOUT_SECONDS = 1.0
# After Redis failed to answer, it is not asked again for this long: every read and write meanwhile goes on
# without it at once, instead of waiting out the timeout each time.
AWAY_SECONDS = 5.0
# An unreadable version is told to the log at most this often (every read finds it so).
WARN_EVERY_SECONDS = 30.0
# A star's likes token outlives every answer kept under it (a minute) many times over, then goes.
STAR_TOKEN_SECONDS = 3600


class RedisCatalogueVersion:
    """The catalogue's version in Redis, for workers on several machines. When Redis cannot be reached
    (or answers too slowly), the version is unknown for a few seconds (nothing kept is served or kept,
    every answer comes from the database) and the fault is logged: a cache must not serve what it cannot
    check. A bump that cannot be made is logged and lets the answers kept elsewhere live out their age."""

    def __init__(self, redis_url: str, namespace: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._pool = coredis.ConnectionPool.from_url(
            redis_url, connect_timeout=TIMEOUT_SECONDS, stream_timeout=TIMEOUT_SECONDS
        )
        # No retries: a read that Redis cannot answer at once is answered from the database instead.
        self._redis: coredis.Redis[bytes] = coredis.Redis(connection_pool=self._pool, retry_policy=NoRetryPolicy())
        self._key = f"{namespace}:catalogue-version"
        self._clock = clock
        self._away_until = float("-inf")
        self._warned_at = float("-inf")

    async def current(self, star_id: int | None = None) -> bytes | None:
        if self._clock() < self._away_until:
            return None
        try:
            if star_id is None:
                return await self._redis.get(self._key) or b""
            catalogue, star = await self._redis.mget([self._key, self._star_key(star_id)])
            return (catalogue or b"") + b"/" + (star or b"")
        except Exception as error:  # whatever Redis's client raises, the database answers
            self._went_away(error)
            return None

    async def bump(self) -> None:
        await self._set(self._key, None)

    async def bump_star(self, star_id: int) -> None:
        await self._set(self._star_key(star_id), STAR_TOKEN_SECONDS)

    def _star_key(self, star_id: int) -> str:
        return f"{self._key}:star:{star_id}"

    async def _set(self, key: str, seconds: int | None) -> None:
        if self._clock() < self._away_until:
            logger.debug("catalogue version not bumped: Redis is away")
            return
        try:
            await self._redis.set(key, secrets.token_hex(16), ex=seconds)
        except Exception as error:  # the change is committed: its request must not fail for this
            self._went_away(error)

    def _went_away(self, error: Exception) -> None:
        now = self._clock()
        self._away_until = now + AWAY_SECONDS
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning("Redis away: the catalogue answers from the database, kept answers age out: %r", error)

    def close(self) -> None:
        self._pool.disconnect()
